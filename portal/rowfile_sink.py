"""Load the row store while the package is being built: a row sink for build_package.

Each published batch goes, through a small bounded queue, to a thread that writes the
resource's row file (portal.rowfiles) while the packaging step goes on with the next batch; the
ingest runs in C without the GIL, so the two share the machine's cores. When the build publishes
version N, `publish` seals each file under the name the indexer would give version N's table,
and the indexer finds it there instead of loading the CSV again. On any other outcome the files
are thrown away. A writer that fails only costs time: the indexer then loads from the CSV.
"""

import contextlib
import logging
import queue
import threading
import time
import uuid
from pathlib import Path

import polars as pl

from datapackages import BuildResult, PackageStore, build_package
from directory import Dataset, Directory
from portal.identifiers import resource_uuid
from portal.rowfiles import RowFileWriter, file_for
from portal.rowstore import full_text_fields, indexed_fields, row_table_name
from portal.warmup import warm_up_in_background

log = logging.getLogger(__name__)
QUEUE_BATCHES = 2  # a few blocks in flight at most: memory stays bounded
STALE_SECONDS = 24 * 3600  # a staged file this old was left by a process that died
_END = object()


class _Writer(threading.Thread):
    def __init__(self, writer: RowFileWriter):
        super().__init__(daemon=True, name=f"row-file {writer.target.name}")
        self.writer = writer
        self.batches: queue.Queue = queue.Queue(maxsize=QUEUE_BATCHES)
        self.error: BaseException | None = None
        self.cancelled = False
        self.ended = False
        self.rows = 0

    def run(self) -> None:
        while (batch := self.batches.get()) is not _END:
            if self.error is None and not self.cancelled:
                try:
                    self.writer.add(batch)
                except Exception as error:  # keep draining so the producer never blocks
                    self.error = error
        if self.error is None and not self.cancelled:
            try:
                self.rows = self.writer.close()
            except Exception as error:
                self.error = error
        else:
            self.writer.abort()

    def put(self, batch: pl.DataFrame) -> None:
        self.batches.put(batch)

    def end(self) -> None:
        """No more rows: the thread goes on to index and seal the file on its own."""
        if not self.ended:
            self.ended = True
            self.batches.put(_END)

    def finish(self) -> bool:
        """Wait for the sealed file; False (and a log line) when it could not be written."""
        self.end()
        self.join()
        if self.error is not None:
            log.warning("row file %s not written: %s", self.writer.target.name, self.error)
        return self.error is None

    def cancel(self) -> None:
        self.cancelled = True
        self.end()
        self.join()
        self.writer.target.unlink(missing_ok=True)  # sealed before the cancel arrived


class RowFileSink:
    """A `datapackages.build.RowSink` writing one staged row file per resource of a dataset."""

    def __init__(
        self, folder: Path, dataset_id: str, indexed: list[str], full_text: list[str] | None = None
    ):
        self.folder = folder
        self.dataset_id = dataset_id
        self.indexed = indexed
        self.full_text = list(full_text or ())
        self._writers: dict[str, _Writer] = {}
        _remove_stale(folder / "staging", "*")
        _remove_stale(folder, ".*.partial")  # a load from a package CSV that died

    def begin(self, resource: str, fields: tuple) -> None:
        self._drop(resource)  # a restart (the column engine gave up) begins a new file
        schema = [{"name": f.name, "type": f.type} for f in fields]
        staged = self.folder / "staging" / f"{self.dataset_id}.{resource}.{uuid.uuid4().hex}.sqlite"
        try:
            writer = _Writer(RowFileWriter(staged, schema, self.indexed, self.full_text))
        except Exception as error:  # the package must not fail for its row store
            log.warning("row file for %s/%s not started: %s", self.dataset_id, resource, error)
            return
        writer.start()
        self._writers[resource] = writer

    def add(self, resource: str, batch: pl.DataFrame) -> None:
        if resource in self._writers:
            self._writers[resource].put(batch)

    def end(self, resource: str) -> None:
        # Indexing starts now, while the build hashes the package and writes its reports; the
        # libraries the end of a harvest needs load meanwhile, on what is left of the machine.
        if resource in self._writers:
            self._writers[resource].end()
        warm_up_in_background()

    def publish(self, version: str) -> None:
        """The build published `version`: seal each file under that version's table name."""
        for resource, writer in self._writers.items():
            if writer.finish():
                table = row_table_name(resource_uuid(self.dataset_id, resource), int(version))
                try:
                    writer.writer.target.replace(file_for(self.folder, table))
                except OSError as error:  # the indexer loads the rows from the package instead
                    log.warning("row file for %s not moved into place: %s", table, error)
                    writer.writer.target.unlink(missing_ok=True)
        self._writers.clear()

    def discard(self) -> None:
        for resource in list(self._writers):
            self._drop(resource)

    def _drop(self, resource: str) -> None:
        writer = self._writers.pop(resource, None)
        if writer is not None:
            writer.cancel()


class _WarmUpWhenRowsEnd:
    """A row sink that keeps no rows: it only starts the warm-up when a resource's rows end."""

    def begin(self, resource: str, fields: tuple) -> None:
        pass

    def add(self, resource: str, batch: pl.DataFrame) -> None:
        pass

    def end(self, resource: str) -> None:
        warm_up_in_background()


def build_loading_rows(
    entry: Dataset, directory: Directory, tables: list, store: PackageStore, rows: Path | None
) -> BuildResult:
    """build_package, writing the row files meanwhile when the catalogue keeps rows in files."""
    if rows is None:
        return build_package(entry, directory, tables, store, row_sink=_WarmUpWhenRowsEnd())
    sink = RowFileSink(rows, entry.id, indexed_fields(entry), full_text_fields(entry))
    try:
        result = build_package(entry, directory, tables, store, row_sink=sink)
        if result.status == "published":
            sink.publish(result.version)
        return result
    finally:
        sink.discard()  # whatever `publish` did not take


def _remove_stale(folder: Path, pattern: str) -> None:
    if not folder.is_dir():
        return
    cutoff = time.time() - STALE_SECONDS
    for path in folder.glob(pattern):
        with contextlib.suppress(OSError):  # another harvest may remove it first
            if path.stat().st_mtime < cutoff:
                path.unlink()
