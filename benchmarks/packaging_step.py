"""One run of our packaging step on one directory entry, timed by stage; prints JSON.

    python benchmarks/packaging_step.py CATALOGUE DATA_DIR DATASET_ID [whole|package|prepare]

`whole` (the default) is what a harvest does: build the package while its SQLite row file is
written, then index it. `package` builds the package alone, no row store, for comparison.
Either opens the catalogue database in DATA_DIR, creating it first when there is none.
`prepare` only creates that database and records the directory in it, as a portal's first
harvest (or `make run`) does once: the packaging step of every later harvest finds it there.

Run as its own process by packaging_bench.py so that its peak memory is measured alone.
"""

import json
import resource
import sys
import time
from pathlib import Path

from datapackages import PackageStore
from directory import load_directory
from harvesters import harvest
from portal.db import Database
from portal.indexer import index_dataset, sync_directory
from portal.rowfile_sink import build_loading_rows
from portal.rowfiles import rows_dir


def main(catalogue: str, data_dir: str, dataset_id: str, mode: str = "whole") -> dict:
    directory = load_directory(catalogue)
    entry = directory.dataset(dataset_id)
    store = PackageStore(Path(data_dir) / "packages")
    database = Database(f"sqlite:///{Path(data_dir) / 'portal.db'}")
    database.create_schema()
    with database.session() as session:
        sync_directory(session, directory)
    if mode == "prepare":
        return {"status": "prepared"}
    started = time.perf_counter()
    rows = rows_dir(database.engine) if mode == "whole" else None
    result = build_loading_rows(entry, directory, harvest(entry), store, rows)
    built = time.perf_counter()
    package_peak = _peak_mb()
    if mode == "whole":
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
    print(json.dumps(main(*sys.argv[1:5])))
