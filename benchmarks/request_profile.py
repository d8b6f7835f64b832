"""Where a datastore_search request spends its time outside the row query, in one process.

    .venv/bin/python benchmarks/request_profile.py DATA_DIR [--requests 1000] [--rounds 5]
        [--replay-rows] [--freeze] [--gc-threshold A,B,C] [--profile 30]

DATA_DIR is a published data dir (e.g. var/bench/rowapi/data, made by rowapi_bench.py). Calls the
WSGI app directly (no HTTP server, no test client) with the environ gunicorn would build, for a
page of 100 rows without the count and an `_id` lookup without and with the count. Prints, per
request, the CPU time of this process (the machine is shared: wall time is mostly noise) in the
best round: in total, inside `search_rows` (the row query), outside it (the request overhead) and
in the garbage collector. `--replay-rows` answers each query's search_rows from its first result,
so that the rest is measured alone; `--profile N` prints the N costliest functions.
"""

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import sqlite3
import time
import urllib.parse
from pathlib import Path

from werkzeug.test import EnvironBuilder


def resource_id(data_dir: Path) -> str:
    with sqlite3.connect(data_dir / "portal.db") as db:
        return db.execute("SELECT id FROM resources WHERE row_table IS NOT NULL").fetchone()[0]


def paths(rid: str) -> list[tuple[str, str]]:
    base = "/api/3/action/datastore_search?" + urllib.parse.urlencode(
        {"resource_id": rid, "limit": 100}
    )
    lookup = base + "&" + urllib.parse.urlencode({"filters": json.dumps({"_id": 500})})
    return [
        ("page, no count", base + "&include_total=false"),
        ("_id, no count", lookup + "&include_total=false"),
        ("_id, count", lookup),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--requests", type=int, default=1000, help="per query and round")
    parser.add_argument("--rounds", type=int, default=5, help="report the best round")
    parser.add_argument("--freeze", action="store_true", help="gc.freeze() after the app is built")
    parser.add_argument("--gc-threshold", default="", help="gc.set_threshold(a, b, c): 'a,b,c'")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument(
        "--replay-rows",
        action="store_true",
        help="answer each query's search_rows from its first result, to profile the rest alone",
    )
    args = parser.parse_args()
    os.environ["PORTAL_DATA_DIR"] = str(args.data_dir.resolve())
    from portal import create_app
    from portal.ckan import actions

    app = create_app()
    if args.freeze:
        gc.collect()
        gc.freeze()
    if args.gc_threshold:
        gc.set_threshold(*(int(n) for n in args.gc_threshold.split(",")))
    collecting = {"since": 0.0, "seconds": 0.0}

    def on_gc(phase, info):  # time spent in the cyclic garbage collector
        if phase == "start":
            collecting["since"] = time.process_time()
        else:
            collecting["seconds"] += time.process_time() - collecting["since"]

    gc.callbacks.append(on_gc)
    inside = [0.0]
    real_search_rows = actions.search_rows

    replayed = {}

    def timed_search_rows(conn, name, fields, query):
        started = time.process_time()
        try:
            if args.replay_rows:
                if repr(query) not in replayed:
                    replayed[repr(query)] = real_search_rows(conn, name, fields, query)
                return replayed[repr(query)]
            return real_search_rows(conn, name, fields, query)
        finally:
            inside[0] += time.process_time() - started

    actions.search_rows = timed_search_rows
    profiler = cProfile.Profile()
    for label, path in paths(resource_id(args.data_dir)):
        url, _, query = path.partition("?")
        environ = EnvironBuilder(path=url, query_string=query, base_url="http://127.0.0.1:8000")
        environ = environ.get_environ()

        def call(env=environ, label=label):
            status = []
            body = b"".join(app(dict(env), lambda s, h, e=None: status.append(s)))
            if not status[0].startswith("200"):
                raise SystemExit(f"{label}: {status[0]} {body[:300]!r}")

        for _ in range(50):  # warm the caches and the pool
            call()
        rounds = []  # the best of several rounds: the machine is shared, noise only adds
        for _ in range(args.rounds):
            inside[0] = collecting["seconds"] = 0.0
            started = time.process_time()
            for _ in range(args.requests):
                call()
            spent = time.process_time() - started
            rounds.append((spent - inside[0], inside[0], collecting["seconds"]))
        outside, rows, collector = (seconds / args.requests * 1000 for seconds in min(rounds))
        total = outside + rows
        print(
            f"{label}: {total:.3f} ms/request, search_rows {rows:.3f} ms, "
            f"outside {outside:.3f} ms; garbage collector (in either) {collector:.3f} ms",
            flush=True,
        )
        if args.profile:
            profiler.enable()
            for _ in range(min(args.requests, 500)):
                call()
            profiler.disable()
    if args.profile:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
