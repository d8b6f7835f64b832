"""Row full text on PostgreSQL: q with and without pg_trgm indexes on the declared text fields.

    .venv/bin/python benchmarks/rowtext_pg_bench.py [--rows 200000]

Takes the first ROWS rows of the row API benchmark's published 行政许可 CSV (run
benchmarks/rowapi_bench.py once first), loads them twice with portal.rowstore.load_rows into a
database with a UTF-8 ctype on a throw-away cluster (tests/postgres.py): once with no field
declared `full_text` (q reads every text column), once with the 12 text fields declared (pg_trgm
GIN indexes). Prints the load times and the median of 3 datastore queries (search_rows, no HTTP)
for each q, without and with the total.
"""

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import create_engine

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from government_csv import FIELDS  # noqa: E402
from postgres import start_cluster  # noqa: E402

from portal.rowquery import RowQuery  # noqa: E402
from portal.rowstore import load_rows, search_rows  # noqa: E402

QUERIES = ("医药有限公司", "醫藥有限公司 哈尔")


def first_rows(rows: int) -> Path:
    packages = REPO / "var" / "bench" / "rowapi" / "data" / "packages" / "licences"
    source = next(packages.glob("*/data/licences.csv"), None)
    if source is None:
        raise SystemExit("run benchmarks/rowapi_bench.py first: it publishes the CSV used here")
    part = REPO / "var" / "bench" / f"rowtext_{rows}.csv"
    with source.open(encoding="utf-8") as handle, part.open("w", encoding="utf-8") as out:
        for index, line in enumerate(handle):
            if index > rows:  # the header, then ROWS rows
                break
            out.write(line)
    return part


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    part = first_rows(args.rows)
    fields = [{"name": name, "type": kind} for name, kind in FIELDS]
    text = [name for name, kind in FIELDS if kind == "string"]
    cluster, reason = start_cluster()
    if cluster is None:
        raise SystemExit(f"no PostgreSQL: {reason}")
    try:
        name = f"rowtext_{uuid.uuid4().hex[:8]}"
        admin = f"host=127.0.0.1 port={cluster.port} user=portal dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C'"
            )
        engine = create_engine(f"postgresql+psycopg://portal@127.0.0.1:{cluster.port}/{name}")
        tables = {
            "no full_text": ("rows_plain_v1", []),
            "12 fields full_text": ("rows_text_v1", text),
        }
        print(f"{args.rows:,} rows")
        for label, (table, declared) in tables.items():
            with engine.begin() as conn:
                started = time.perf_counter()
                load_rows(conn, table, fields, part, ["decision_no", "holder_code"], declared)
                print(f"load, {label}: {time.perf_counter() - started:.1f} s", flush=True)
            with engine.begin() as conn:
                conn.exec_driver_sql(f"ANALYZE {table}")
        print()
        print("| q | count | no full_text ms | full_text ms | total |")
        print("|---|---|---|---|---|")
        for q in QUERIES:
            for include_total in (False, True):
                query = RowQuery({}, q, "", 100, 0, None, include_total)
                cells = []
                for table, _ in tables.values():
                    times = []
                    for _ in range(3):
                        with engine.connect() as conn:
                            started = time.perf_counter()
                            found = search_rows(conn, table, fields, query)
                            times.append((time.perf_counter() - started) * 1000)
                    cells.append(f"{statistics.median(times):,.0f}")
                count = "yes" if include_total else "no"
                print(f"| {q} | {count} | {cells[0]} | {cells[1]} | {found['total']} |")
        engine.dispose()
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
