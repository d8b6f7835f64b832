"""Search latency at 1k / 10k / 100k synthetic datasets on SQLite and PostgreSQL.

For each size and database: index build time (segment + write every search document, then
compact the index as `portal reindex` does), then p50/p95 of the CKAN package_search action
(ranking, 10 rows, facets organization, groups, res_format, package dicts and snippets; no
HTTP) over 20 Chinese queries, next to a plain
`LIKE '%word%'` count scan of the same queries in the same run (the baseline), and a count-only
full-text search for a like-for-like ratio.

    .venv/bin/python benchmarks/search_bench.py [--sizes 1000,10000,100000] [--rounds 5]
        [--databases sqlite,postgresql] [--per-query]

PostgreSQL runs on a throw-away cluster (tests/postgres.py); without PostgreSQL binaries it is
skipped with the reason printed.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import and_, func, or_, select

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from postgres import start_cluster  # noqa: E402
from synthetic_catalogue import write_catalogue  # noqa: E402

from portal.ckan.actions import ActionContext, package_search  # noqa: E402
from portal.ckan.params import Params  # noqa: E402
from portal.db import Database  # noqa: E402
from portal.models import DatasetRow  # noqa: E402
from portal.search import DatasetQuery, search_datasets  # noqa: E402
from portal.search_index import optimize, write_documents  # noqa: E402
from portal.search_keys import write_keys  # noqa: E402
from portal.search_text import fold  # noqa: E402

# Broad (医院 ~1/3 of the catalogue, 哈尔滨, 2024, 信息) and narrow; two are Traditional, two
# single characters.
QUERIES = [
    "医院",
    "哈尔滨",
    "2024",
    "幼儿园 保育教育费",
    "统计 公示",
    "醫院 床位",
    "养老院收费标准",
    "食品抽检",
    "行政处罚 2024",
    "公交线路 哈尔滨",
    "纳税信用",
    "税",
    "水",
    "狂犬疫苗",
    "施工许可",
    "空氣質量",
    "大庆 招聘会",
    "低保标准",
    "图书馆 免费开放",
    "地质灾害隐患点",
]
FACETS = '["organization", "groups", "res_format"]'
SETTINGS = {"SITE_TITLE": "bench"}


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(database: Database, rounds: int, run: Callable) -> list[float]:
    samples = []
    for round_number in range(rounds + 1):
        for q in QUERIES:
            with database.sessions() as session:
                started = time.perf_counter()
                run(session, q)
                if round_number:  # the first round warms caches
                    samples.append(time.perf_counter() - started)
    return samples


def full_search(session, q: str) -> None:
    params = Params({"q": q, "rows": "10", "facet.field": FACETS}, from_query=True)
    package_search(ActionContext(session, "http://bench", SETTINGS), params)


def fts_count(session, q: str) -> int:
    return search_datasets(session, DatasetQuery(q=q, rows=0)).count


def like_count(session, q: str) -> int:
    words = [fold(w) for w in q.split()]
    where = and_(
        *(
            or_(DatasetRow.search_title.like(f"%{w}%"), DatasetRow.search_body.like(f"%{w}%"))
            for w in words
        )
    )
    return session.scalar(select(func.count()).select_from(DatasetRow).where(where))


def build(database: Database, size: int) -> float:
    """Write the catalogue rows (untimed), then the search index (timed)."""
    database.create_schema()
    with database.session() as session:
        documents = write_catalogue(session, size)
    started = time.perf_counter()
    with database.session() as session:
        for start in range(0, len(documents), 2000):
            batch = documents[start : start + 2000]
            write_keys(session, [keys for keys, _ in batch])
            write_documents(session.connection(), [document for _, document in batch])
        optimize(session.connection())  # as `portal reindex` ends
    return time.perf_counter() - started


def measure(url: str, size: int, rounds: int) -> dict:
    database = Database(url)
    try:
        index_seconds = build(database, size)
        with database.sessions() as session:
            hits = fts_count(session, "医院")
        searches = timed(database, rounds, full_search)
        search = percentiles(searches)
        counts = percentiles(timed(database, rounds, fts_count))
        like = percentiles(timed(database, rounds, like_count))
    finally:
        database.dispose()
    return {
        "index": index_seconds,
        "hits": hits,
        "search": search,
        "fts": counts,
        "like": like,
        "per_query": per_query(searches),
    }


def per_query(samples: list[float]) -> dict[str, float]:
    """Median full search time of each query (timed() runs the queries in order, round by round)."""
    return {q: statistics.median(samples[i :: len(QUERIES)]) * 1000 for i, q in enumerate(QUERIES)}


def print_per_query(runs: list[tuple[str, dict[str, float]]]) -> None:
    print("\nSearch p50 of each query, ms:")
    print("| query | " + " | ".join(label for label, _ in runs) + " |")
    print("|---|" + "---|" * len(runs))
    for q in QUERIES:
        print(f"| {q} | " + " | ".join(f"{times[q]:.1f}" for _, times in runs) + " |")


def database_urls(kinds: list[str], folder: Path, cluster) -> Callable[[str, int], str]:
    def url(kind: str, size: int) -> str:
        if kind == "sqlite":
            return f"sqlite:///{folder / f'bench-{size}.db'}"
        return cluster.create_database()

    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--per-query", action="store_true", help="also print each query's search p50"
    )
    args = parser.parse_args()
    kinds = args.databases.split(",")
    cluster = None
    if "postgresql" in kinds:
        cluster, reason = start_cluster()
        if cluster is None:
            print(f"PostgreSQL skipped: {reason}")
            kinds.remove("postgresql")
    print("## Search benchmark (package_search: ranking, 10 rows, 3 facets)")
    print(f"{len(QUERIES)} queries x {args.rounds} rounds after one warm-up round; times in ms.")
    print(f"Load average (1 min) at the start: {os.getloadavg()[0]:.2f}")
    print(
        "| datasets | database | index build s | 医院 hits | search p50 | search p95 "
        "| FTS count p50 | LIKE count p50 | LIKE count p95 | search p50 / LIKE p50 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = database_urls(kinds, Path(folder), cluster)
            runs = []
            for size in map(int, args.sizes.split(",")):
                for kind in kinds:
                    r = measure(url(kind, size), size, args.rounds)
                    runs.append((f"{size:,} {kind}", r["per_query"]))
                    print(
                        f"| {size:,} | {kind} | {r['index']:.1f} | {r['hits']:,} "
                        f"| {r['search'][0]:.1f} | {r['search'][1]:.1f} | {r['fts'][0]:.1f} "
                        f"| {r['like'][0]:.1f} | {r['like'][1]:.1f} "
                        f"| {r['search'][0] / r['like'][0]:.2f} |",
                        flush=True,
                    )
            if args.per_query:
                print_per_query(runs)
        print(f"Load average (1 min) at the end: {os.getloadavg()[0]:.2f}")
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
