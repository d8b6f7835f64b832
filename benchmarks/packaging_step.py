"""One run of our packaging step on one directory entry, timed by stage; prints JSON.

    python benchmarks/packaging_step.py CATALOGUE DATA_DIR DATASET_ID

Run as its own process by packaging_bench.py so that its peak memory is measured alone.
"""

import json
import resource
import sys
import time
from pathlib import Path

from datapackages import PackageStore, build_package
from directory import load_directory
from harvesters import harvest
from portal.db import Database
from portal.indexer import index_dataset, sync_directory


def main(catalogue: str, data_dir: str, dataset_id: str) -> dict:
    directory = load_directory(catalogue)
    entry = directory.dataset(dataset_id)
    store = PackageStore(Path(data_dir) / "packages")
    database = Database(f"sqlite:///{Path(data_dir) / 'portal.db'}")
    database.create_schema()
    with database.session() as session:
        sync_directory(session, directory)
    started = time.perf_counter()
    result = build_package(entry, directory, harvest(entry), store)
    built = time.perf_counter()
    package_peak = _peak_mb()
    with database.session() as session:
        index_dataset(session, store, directory, dataset_id)
    loaded = time.perf_counter()
    return {
        "status": result.status,
        "rows": result.rows,
        "package_seconds": built - started,
        "row_store_seconds": loaded - built,
        "total_seconds": loaded - started,
        "package_peak_mb": package_peak,
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
