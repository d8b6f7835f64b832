"""Which segmentation finds more of what people mean: the quality set under each segmenter.

Harvests the demo catalogue into a temporary SQLite catalogue, then for each segmenter rewrites
every search document and runs tests/search_quality.yaml through the same search_datasets.

    .venv/bin/python benchmarks/search_quality_bench.py
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select, text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from search_quality import evaluate, summary  # noqa: E402

from datapackages import PackageStore  # noqa: E402
from directory import load_directory  # noqa: E402
from portal.db import Database  # noqa: E402
from portal.models import DatasetRow  # noqa: E402
from portal.search import DatasetQuery, search_datasets  # noqa: E402
from portal.search_documents import build_document  # noqa: E402
from portal.search_index import write_documents  # noqa: E402
from portal.search_text import SEGMENTERS  # noqa: E402


def harvest_demo(data_dir: Path) -> None:
    env = {**os.environ, "PORTAL_CATALOGUE": str(REPO / "catalogue.yaml")}
    env.update(PORTAL_DATA_DIR=str(data_dir))
    env.pop("DATABASE_URL", None)
    portal = Path(sys.executable).parent / "portal"
    subprocess.run([str(portal), "harvest", "--all"], env=env, check=True, capture_output=True)


def reindex_with(database: Database, store: PackageStore, directory, segmenter: str) -> None:
    with database.session() as session:
        session.execute(text("DELETE FROM dataset_search"))
        documents = [
            build_document(row.descriptor, directory, store.version_dir(row.name, str(row.version)))
            for row in session.scalars(select(DatasetRow))
        ]
        write_documents(session.connection(), documents, segmenter)


def measure(database: Database, segmenter: str) -> list:
    def search(q: str) -> list[str]:
        with database.session() as session:
            return search_datasets(session, DatasetQuery(q=q, rows=1000), segmenter).names

    return evaluate(search)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        harvest_demo(data_dir)
        database = Database(f"sqlite:///{data_dir / 'portal.db'}")
        store = PackageStore(data_dir / "packages")
        directory = load_directory(REPO / "catalogue.yaml")
        print("## Search quality (demo catalogue, tests/search_quality.yaml)")
        print("| segmenter | queries | precision@5 | recall@5 | recall | all expected in top 5 |")
        print("|---|---|---|---|---|---|")
        misses = {}
        for segmenter in SEGMENTERS:
            reindex_with(database, store, directory, segmenter)
            outcomes = measure(database, segmenter)
            s = summary(outcomes)
            print(
                f"| {segmenter} | {s['queries']} | {s['precision@5']:.3f} | {s['recall@5']:.3f} "
                f"| {s['recall']:.3f} | {s['all expected in top 5']} |"
            )
            misses[segmenter] = [o.case.q for o in outcomes if o.missing_from_top]
        for segmenter, queries in misses.items():
            print(f"\n{segmenter} misses ({len(queries)}): {', '.join(queries) or 'none'}")
        database.dispose()


if __name__ == "__main__":
    main()
