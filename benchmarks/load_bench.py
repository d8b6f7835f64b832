"""Load benchmark: the portal under gunicorn (2 workers) on the demo directory, mixed traffic.

    .venv/bin/python benchmarks/load_bench.py [--seconds 20] [--clients 4]

Harvests catalogue.yaml into a temporary data dir (`portal harvest --all`), serves it with
`portal serve --workers 2` on a free loopback port and drives, with benchmarks/loadgen.py, a
bounded run of mixed traffic in turn: the home page, the search page, a dataset page,
package_search and datastore_search (100 rows). Baseline in the same run: the tiny
`status_show` action alone, same clients and duration. Prints requests/s, p50/p99 per kind and
the error count (anything but 200 is an error).
"""

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

import loadgen  # noqa: E402
from servers import HOST, free_port, load_average, running  # noqa: E402

WORKERS = 2
DATASET = "hospitals"
BASELINE = "/api/3/action/status_show"


def harvested(data_dir: Path, env: dict) -> None:
    subprocess.run(
        [str(BIN / "portal"), "harvest", "--all"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )


def datastore_resource(data_dir: Path) -> str:
    with sqlite3.connect(data_dir / "portal.db") as db:
        found = db.execute(
            "SELECT id FROM resources WHERE dataset_name = ? AND row_table IS NOT NULL",
            (DATASET,),
        ).fetchone()
    if not found:
        raise SystemExit(f"{DATASET} has no row store table after the harvest")
    return found[0]


def traffic(resource_id: str) -> list[tuple[str, str]]:
    word = urllib.parse.quote("医院")
    rows = urllib.parse.urlencode({"resource_id": resource_id, "limit": 100})
    return [
        ("home /", "/"),
        ("search page /dataset?q=医院", f"/dataset?q={word}"),
        (f"dataset page /dataset/{DATASET}", f"/dataset/{DATASET}"),
        ("package_search q=医院", f"/api/3/action/package_search?q={word}"),
        ("datastore_search limit=100", f"/api/3/action/datastore_search?{rows}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="load-bench-") as scratch:
        data_dir = Path(scratch)
        env = {"PORTAL_CATALOGUE": str(REPO / "catalogue.yaml"), "PORTAL_DATA_DIR": str(data_dir)}
        harvested(data_dir, env)
        paths = traffic(datastore_resource(data_dir))
        port = free_port()
        serve = [str(BIN / "portal"), "serve", "--host", HOST, "--port", str(port)]
        print(f"load average before: {load_average()}", flush=True)
        with running([*serve, "--workers", str(WORKERS)], port, BASELINE, env):
            loadgen.run(HOST, port, paths, seconds=1, clients=args.clients)  # warm both workers
            base = loadgen.run(HOST, port, [("status_show", BASELINE)], args.seconds, args.clients)
            mixed = loadgen.run(HOST, port, paths, args.seconds, args.clients)
        print(f"load average after: {load_average()}")
    print(
        f"\n{WORKERS} gunicorn workers, {args.clients} clients, {args.seconds:g} s each; "
        f"mixed: {mixed.requests:,} requests, {mixed.rate():,.1f}/s, "
        f"{mixed.error_count} errors{(': ' + mixed.first_error) if mixed.first_error else ''}; "
        f"baseline status_show alone: {base.rate():,.1f}/s, {base.error_count} errors\n"
    )
    print("| kind | requests | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for kind, _ in paths:
        count = len(mixed.latencies.get(kind, []))
        print(
            f"| {kind} | {count:,} | {mixed.rate(kind):,.1f} | {mixed.percentile(kind, 0.5):,.1f} "
            f"| {mixed.percentile(kind, 0.99):,.1f} | {mixed.errors.get(kind, 0)} |"
        )
    print(
        f"| all mixed | {mixed.requests:,} | {mixed.rate():,.1f} | | | {mixed.error_count} |\n"
        f"| baseline status_show alone | {base.requests:,} | {base.rate():,.1f} "
        f"| {base.percentile('status_show', 0.5):,.1f} "
        f"| {base.percentile('status_show', 0.99):,.1f} | {base.error_count} |"
    )
    if mixed.error_count or base.error_count:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
