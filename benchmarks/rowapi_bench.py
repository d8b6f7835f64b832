"""Row API benchmark: our datastore_search beside datasette, same 1,000,000 rows, same run.

    .venv/bin/python benchmarks/rowapi_bench.py [--seconds 5] [--clients 4]
    BENCH_ROWS=200000 .venv/bin/python benchmarks/rowapi_bench.py     # a quicker look

Publishes (once, cached under var/bench/rowapi/) the 行政许可 CSV of benchmarks/government_csv.py
through our whole packaging step, which writes our SQLite row file (indexed on the primary key
decision_no and on holder_code, declared `index: true`; its 13 text fields declared
`full_text: true`, so the file has an FTS5 trigram index over them). Builds datasette's own SQLite
file from the same published package CSV with sqlite3: the same columns, `_id INTEGER PRIMARY
KEY`, an index on holder_code and an FTS5 trigram index over the text columns. Serves ours with
`portal serve --workers 2` (gunicorn) and datasette (one process: it has no worker option), each on
a free loopback port, and drives each query with the same load generator (benchmarks/loadgen.py)
for a bounded time, with and without the total count. Prints a Markdown table with the ratio.
Before that, the full-text query cold: freshly started servers (each process's kept totals and
connections empty; ours with one worker), as the first request and after a page without q, with
and without the count, a few times.
"""

import argparse
import csv
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

import loadgen  # noqa: E402
from government_csv import FIELDS, write_csv  # noqa: E402
from packaging_bench import catalogue_for  # noqa: E402
from servers import HOST, free_port, load_average, running  # noqa: E402

# Our gunicorn workers for the warm phase; BENCH_WORKERS=1 compares one worker with datasette's one
# process (which runs its SQL on 3 threads).
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))  # BENCH_THREADS=3: datasette's SQL threads
TEXT_FIELDS = [name for name, kind in FIELDS if kind == "string"]
SQL_TYPES = {"number": "REAL", "integer": "INTEGER"}
COLD_RUNS = 3


def published(rows: int, folder: Path) -> Path:
    """The data dir holding our published package and row store (built once)."""
    data_dir = folder / "data"
    if (data_dir / "portal.db").exists():
        return data_dir
    source = REPO / "var" / "bench" / f"gov_{rows}.csv"
    if not source.exists():
        print(f"generating {rows:,} rows -> {source}", flush=True)
        write_csv(source, rows)
    catalogue = declare_full_text(catalogue_for(source, folder))
    started = time.perf_counter()
    step = [sys.executable, str(HERE / "packaging_step.py"), str(catalogue), str(data_dir)]
    subprocess.run([*step, "licences"], check=True, stdout=subprocess.DEVNULL)
    print(f"published with our pipeline in {time.perf_counter() - started:.0f} s", flush=True)
    return data_dir


def declare_full_text(catalogue: Path) -> Path:
    """The text fields datasette's FTS index covers, declared `full_text` as a department would."""
    doc = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    for field in doc["datasets"][0]["fields"]:
        if field["name"] in TEXT_FIELDS:
            field["full_text"] = True
    catalogue.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    return catalogue


def our_resource(data_dir: Path) -> tuple[str, Path]:
    with sqlite3.connect(data_dir / "portal.db") as db:
        resource_id, path = db.execute(
            "SELECT id, path FROM resources WHERE row_table IS NOT NULL"
        ).fetchone()
    package_csv = next((data_dir / "packages" / "licences").glob("*/data/licences.csv"))
    return resource_id, package_csv


def datasette_db(package_csv: Path, folder: Path) -> Path:
    """datasette's own SQLite file with the same rows, built with sqlite3 (once)."""
    path = folder / "bench.db"  # datasette names the database after the file
    if path.exists():
        return path
    started = time.perf_counter()
    scratch = path.with_suffix(".part")
    scratch.unlink(missing_ok=True)
    db = sqlite3.connect(scratch)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    columns = ", ".join(f"{name} {SQL_TYPES.get(kind, 'TEXT')}" for name, kind in FIELDS)
    db.execute(f"CREATE TABLE licences (_id INTEGER PRIMARY KEY, {columns})")
    with package_csv.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        kinds = dict(FIELDS)
        number = [kinds.get(name) == "number" for name in header]

        def typed():
            for index, row in enumerate(reader, start=1):
                yield (
                    index,
                    *(
                        float(v) if n and v else (v or None)
                        for v, n in zip(row, number, strict=True)
                    ),
                )

        marks = ", ".join("?" * (len(header) + 1))
        db.executemany(f"INSERT INTO licences (_id, {', '.join(header)}) VALUES ({marks})", typed())
    db.execute("CREATE INDEX licences_holder_code ON licences (holder_code)")
    add_search(db)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    scratch.rename(path)
    print(f"built datasette's database in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def add_search(db: sqlite3.Connection) -> None:
    """An FTS5 index datasette's `_search` uses: it looks for content="licences" (double quotes).

    The trigram tokenizer matches substrings, as our LIKE does; the default one cannot split
    Chinese into words.
    """
    text = ", ".join(TEXT_FIELDS)
    db.execute("DROP TABLE IF EXISTS licences_fts")
    db.execute(
        f'CREATE VIRTUAL TABLE licences_fts USING fts5({text}, content="licences", '
        'content_rowid="_id", tokenize="trigram")'
    )
    db.execute(f"INSERT INTO licences_fts (rowid, {text}) SELECT _id, {text} FROM licences")


def sample(package_csv: Path, rows: int) -> dict:
    """Filter values taken from the data: the row in the middle of the table."""
    with package_csv.open(encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle), start=1):
            if index == rows // 2:
                return {"_id": index, **row}
    raise SystemExit("the table has too few rows")


def queries(resource_id: str, row: dict, term: str) -> list[tuple[str, str, str]]:
    """(label, our path, datasette path) without the count; the count variants are derived."""
    ours = "/api/3/action/datastore_search?" + urllib.parse.urlencode({"resource_id": resource_id})
    theirs = "/bench/licences.json?_shape=objects"

    def our(**params) -> str:
        extra = {
            k: json.dumps(v, ensure_ascii=False) if k == "filters" else v for k, v in params.items()
        }
        return ours + "&" + urllib.parse.urlencode({"limit": 100, **extra})

    def their(**params) -> str:
        return theirs + "&" + urllib.parse.urlencode({"_size": 100, **params})

    return [
        ("page of 100 rows", our(), their()),
        (
            "filter on _id (primary key, indexed on both)",
            our(filters={"_id": row["_id"]}),
            their(_id__exact=row["_id"]),
        ),
        (
            "filter on holder_code (indexed on both; ours by `index: true`)",
            our(filters={"holder_code": row["holder_code"]}),
            their(holder_code=row["holder_code"]),
        ),
        (
            "filter on an unindexed column (authority)",
            our(filters={"authority": row["authority"]}),
            their(authority=row["authority"]),
        ),
        ("sort by capital desc (unindexed)", our(sort="capital desc"), their(_sort_desc="capital")),
        (
            f"full text {term} (FTS5 trigram on both)",
            our(q=term),
            their(_search=term),
        ),
    ]


def measure(port: int, path: str, seconds: float, clients: int) -> loadgen.Result:
    loadgen.run(HOST, port, [("warm", path)], seconds=0.1, clients=1)
    result = loadgen.run(HOST, port, [("q", path)], seconds=seconds, clients=clients)
    if result.error_count:
        raise SystemExit(f"errors from port {port}: {result.first_error}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per query and server")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument(
        "--term", default="医药有限公司", help="the full-text query (3+ characters)"
    )
    args = parser.parse_args()
    rows = int(os.environ.get("BENCH_ROWS", "1000000"))
    folder = REPO / "var" / "bench" / ("rowapi" if rows == 1_000_000 else f"rowapi_{rows}")
    folder.mkdir(parents=True, exist_ok=True)
    data_dir = published(rows, folder)
    resource_id, package_csv = our_resource(data_dir)
    their_db = datasette_db(package_csv, folder)
    row = sample(package_csv, rows)
    env = {"PORTAL_DATA_DIR": str(data_dir), "PORTAL_CATALOGUE": str(folder / "catalogue.yaml")}
    text_query = queries(resource_id, row, args.term)[-1]
    print(
        f"{rows:,} rows; {args.clients} clients, {args.seconds:g} s per query; "
        f"load average {load_average()}"
    )
    cold_rows = cold_text(folder, their_db, env, text_query)
    table = []
    with both_servers(folder, their_db, env) as (our_port, their_port):
        for label, ours, theirs in queries(resource_id, row, args.term):
            for count in (False, True):
                our_path = ours if count else ours + "&include_total=false"
                their_path = theirs if count else theirs + "&_nocount=1"
                a = measure(our_port, our_path, args.seconds, args.clients)
                b = measure(their_port, their_path, args.seconds, args.clients)
                table.append((label, count, a, b))
                state = "on" if count else "off"
                print(
                    f"  {label}, count {state}: ours {a.rate():.1f}/s, "
                    f"datasette {b.rate():.1f}/s, load {load_average()}",
                    flush=True,
                )
    print()
    print(
        f"ours: portal serve --workers {WORKERS} --threads {THREADS} (gunicorn); "
        "datasette: one process; "
        f"load average after: {load_average()}"
    )
    print()
    print(
        "| query | count | ours req/s | ours p50 ms | ours p99 ms "
        "| datasette req/s | datasette p50 ms | datasette p99 ms | ours / datasette |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for label, count, a, b in table:
        print(f"| {label} | {'yes' if count else 'no'} | {cells(a)} | {cells(b)} | {ratio(a, b)} |")
    print()
    print(f"Cold: freshly started servers (ours one worker), {COLD_RUNS} starts each:")
    print()
    print("| query | count | ours ms (each start) | datasette ms (each start) | datasette / ours |")
    print("|---|---|---|---|---|")
    for label, count, ours, theirs in cold_rows:
        mine, other = (", ".join(f"{v:,.0f}" for v in runs) for runs in (ours, theirs))
        faster = statistics.median(theirs) / statistics.median(ours)
        print(f"| {label} | {'yes' if count else 'no'} | {mine} | {other} | {faster:.2f} |")


@contextmanager
def both_servers(folder: Path, their_db: Path, env: dict, workers: int = WORKERS):
    """Ours (`portal serve`, gunicorn) and datasette, each on a free loopback port."""
    our_port, their_port = free_port(), free_port()
    portal = [str(BIN / "portal"), "serve", "--host", HOST, "--port", str(our_port)]
    datasette = [
        str(BIN / "datasette"),
        "serve",
        str(their_db),
        "--host",
        HOST,
        "--port",
        str(their_port),
        # Let slow queries finish (the default 1 s limit turns them into errors) and skip the
        # facet suggestions, which our API does not compute either.
        "--setting",
        "sql_time_limit_ms",
        "120000",
        "--setting",
        "suggest_facets",
        "off",
    ]
    with ExitStack() as stack:
        stack.enter_context(
            running(
                [*portal, "--workers", str(workers), "--threads", str(THREADS)],
                our_port,
                "/api/3/action/status_show",
                env,
                folder / "portal.log",
            )
        )
        stack.enter_context(
            running(datasette, their_port, "/bench.json", log=folder / "datasette.log")
        )
        yield our_port, their_port


def cold_text(folder: Path, their_db: Path, env: dict, text_query: tuple) -> list[tuple]:
    """The full-text query's first answer from fresh server processes, without and with count.

    Ours runs one worker here (datasette is one process), so that a warm-up reaches the process
    that answers next. "first request": the query is the process's first request after its
    readiness check. "after a page": a page of 1 row without q went first, so the process has
    its code paths warm and the file open, and only the text query itself is cold.
    """
    label, ours, theirs = text_query
    warm_ours = ours.split("&limit=")[0] + "&limit=1&include_total=false"
    warm_theirs = theirs.split("&_size=")[0] + "&_size=1&_nocount=1"
    found = []
    for warm in (False, True):
        for count in (False, True):
            our_path = ours if count else ours + "&include_total=false"
            their_path = theirs if count else theirs + "&_nocount=1"
            our_ms, their_ms = [], []
            for _ in range(COLD_RUNS):
                with both_servers(folder, their_db, env, workers=1) as (our_port, their_port):
                    if warm:
                        first_answer_ms(our_port, warm_ours)
                        first_answer_ms(their_port, warm_theirs)
                    our_ms.append(first_answer_ms(our_port, our_path))
                    their_ms.append(first_answer_ms(their_port, their_path))
            kind = "after a page" if warm else "first request"
            found.append((f"{label}, {kind}", count, our_ms, their_ms))
            state = "on" if count else "off"
            print(f"  cold ({kind}), count {state}: ours {our_ms} ms, datasette {their_ms} ms")
    return found


def first_answer_ms(port: int, path: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=600) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{response.status} from port {port}")
    return (time.perf_counter() - started) * 1000


def cells(result: loadgen.Result) -> str:
    p50, p99 = result.percentile("q", 0.5), result.percentile("q", 0.99)
    return f"{result.rate():,.1f} | {p50:,.0f} | {p99:,.0f}"


def ratio(ours: loadgen.Result, theirs: loadgen.Result) -> str:
    return f"{ours.rate() / theirs.rate():.2f}" if theirs.rate() else "n/a"


if __name__ == "__main__":
    main()
