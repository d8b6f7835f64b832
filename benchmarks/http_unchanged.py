"""Harvest time of an unchanged HTTP source: one conditional request (HTTP 304) against a full
download that packages and hashes the same content again. Ratios, measured in the same run.

    PATH=$PWD/.venv/bin:$PATH .venv/bin/python benchmarks/http_unchanged.py [rows] [repeats]
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from helpers import dataset_entry, hospital_rows  # noqa: E402
from source_servers import SourceServer, csv_bytes, make_site, static_file  # noqa: E402

HEADER = ["机构代码", "机构名称", "所在城市", "床位数", "开业日期"]


def timed(site, directory, dataset_id: str, expected: str) -> float:
    started = time.perf_counter()
    outcome = site.harvest(directory, dataset_id)
    seconds = time.perf_counter() - started
    assert outcome.status == expected, outcome
    return seconds


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    body = csv_bytes(HEADER, hospital_rows(rows))
    with tempfile.TemporaryDirectory() as folder, SourceServer() as server:
        server.routes["/etag.csv"] = static_file(body, etag='"v1"')
        server.routes["/plain.csv"] = static_file(body)
        site = make_site(Path(folder))
        directory = site.write_directory(
            [
                dataset_entry(
                    "with-etag", "", source={"kind": "http", "url": server.url + "/etag.csv"}
                ),
                dataset_entry(
                    "no-etag", "", source={"kind": "http", "url": server.url + "/plain.csv"}
                ),
            ]
        )
        first = timed(site, directory, "with-etag", "published")
        timed(site, directory, "no-etag", "published")
        before = server.hits["/etag.csv"]
        conditional = statistics.median(
            timed(site, directory, "with-etag", "unchanged") for _ in range(repeats)
        )
        requests_per_run = (server.hits["/etag.csv"] - before) / repeats
        rehashed = statistics.median(
            timed(site, directory, "no-etag", "unchanged") for _ in range(repeats)
        )
        site.database.dispose()
    print(f"source: {len(body):,} bytes, {rows:,} rows; median of {repeats}")
    print(f"first harvest (publish)             {first:8.3f}s")
    print(f"unchanged, no validators (re-hash)  {rehashed:8.3f}s")
    print(
        f"unchanged, conditional (HTTP 304)   {conditional:8.3f}s  "
        f"{requests_per_run:g} request(s) per run"
    )
    print(
        f"ratio conditional / re-hash: {conditional / rehashed:.3f} "
        f"({rehashed / conditional:.0f}x faster)"
    )


if __name__ == "__main__":
    main()
