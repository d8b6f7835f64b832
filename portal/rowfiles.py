"""SQLite row files: each published table's rows in a file of its own, written once, then read-only.

With a SQLite catalogue, a row table is the file `rows/<table>.sqlite` beside the catalogue
database, one per resource version. It is written in one go by ADBC's bulk ingest (rows bound
in C from Arrow batches, no Python object per cell, and the GIL released, so it can run beside
the packaging step), then gets its indexes and its row count, and is never changed again: readers
open it `immutable`, taking no locks, and a new version is a new file. Python's sqlite3 module
must not open a file while ADBC's own SQLite library has it open (two SQLite libraries in one
process do not share POSIX locks), so a file is written and closed by ADBC before sqlite3 reads it.
"""

import contextlib
import functools
import os
import sqlite3
import uuid
from collections.abc import Iterable
from pathlib import Path

import adbc_driver_sqlite.dbapi as adbc
import polars as pl
from sqlalchemy import Connection, Engine

ROWS_TABLE = "rows"
META_TABLE = "row_file"
# A narrow copy of the sortable columns: sorting a million rows by an unindexed number or date
# reads this table (tens of bytes a row) instead of the whole rows (hundreds).
KEYS_TABLE = "sort_keys"
SORT_KEY_TYPES = ("integer", "number", "date", "datetime", "year")
INGEST_ROWS = 10000  # rows bound per ingest call: fewer calls, memory of one such batch
PAGE_SIZE = 16384
CACHE_KIB = 16384
SORT_CACHE_KIB = 4096
_STORED = {
    "string": ("TEXT", None),
    "integer": ("INTEGER", pl.Int64),
    "year": ("INTEGER", pl.Int64),
    "number": ("REAL", pl.Float64),
    "date": ("TEXT", None),  # ISO text sorts and compares as the dates do
    "datetime": ("TEXT", None),
    "boolean": ("INTEGER", None),  # 1 or 0, written by _typed
}


def rows_dir(bind: Connection | Engine) -> Path | None:
    """Where row files live for this catalogue, or None when row tables live in the database."""
    url = bind.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return _folder_beside(url.database)


@functools.lru_cache(maxsize=16)
def _folder_beside(database: str) -> Path:
    return Path(database).resolve().parent / "rows"


def file_for(folder: Path, table: str) -> Path:
    return folder / f"{table}.sqlite"


def quoted(identifier: str) -> str:
    # Names come from the directory's checked field names and our own table names.
    return '"' + identifier.replace('"', '""') + '"'


class RowFileWriter:
    """Writes one row file from batches of canonical text, then indexes and seals it.

    The file is built under a temporary name and renamed into place by `close`, so a reader
    never sees a half-written file and a failed load leaves nothing behind.
    """

    def __init__(
        self,
        target: Path,
        fields: list[dict],
        indexed: Iterable[str] = (),
        full_text: Iterable[str] = (),
    ):
        self.target = target
        self.fields = fields
        self.indexed = [name for name in indexed if any(f["name"] == name for f in fields)]
        text = {f["name"] for f in fields if f["type"] == "string"}
        self.full_text = [name for name in full_text if name in text]
        self.rows = 0
        target.parent.mkdir(parents=True, exist_ok=True)
        self.partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}.partial")
        self._connection = adbc.connect(str(self.partial), autocommit=True)
        self._cursor = self._connection.cursor()
        for pragma in (
            f"page_size={PAGE_SIZE}",
            "journal_mode=OFF",  # a crash leaves a partial file, which is thrown away
            "synchronous=OFF",
            "locking_mode=EXCLUSIVE",
            f"cache_size=-{CACHE_KIB}",
        ):
            self._cursor.execute(f"PRAGMA {pragma}")
        columns = ", ".join(f"{quoted(f['name'])} {_STORED[f['type']][0]}" for f in fields)
        self._cursor.execute(f"CREATE TABLE {ROWS_TABLE} (_id INTEGER PRIMARY KEY, {columns})")
        self.keys = sort_keys(fields)
        if self.keys:
            narrow = ", ".join(
                f"{quoted(f['name'])} {_STORED[f['type']][0]}"
                for f in fields
                if f["name"] in self.keys
            )
            self._cursor.execute(f"CREATE TABLE {KEYS_TABLE} (_id INTEGER PRIMARY KEY, {narrow})")
        self._pending: list[pl.DataFrame] = []
        self._pending_rows = 0

    def add(self, batch: pl.DataFrame) -> None:
        """Append a batch of canonical text columns (one per field, in order)."""
        self._pending.append(batch)
        self._pending_rows += batch.height
        if self._pending_rows >= INGEST_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        frame = pl.concat(self._pending, rechunk=False)
        self._pending, self._pending_rows = [], 0
        # `_id` is not given: SQLite numbers the rows 1, 2, 3... in the order they arrive, the
        # same in both tables. A given `_id` would first be looked up, to refuse a duplicate.
        typed = frame.select(*[_typed(f) for f in self.fields])
        self._cursor.adbc_ingest(ROWS_TABLE, _arrow(typed), mode="append")
        if self.keys:
            self._cursor.adbc_ingest(KEYS_TABLE, _arrow(typed.select(self.keys)), mode="append")
        self.rows += frame.height

    def close(self) -> int:
        """Index and seal the file, move it into place; returns the number of rows."""
        try:
            self._flush()
            self._check_numbering()
            # The sorter that builds an index works in runs of the cache's size: runs that fit
            # the processor's caches sort a quarter faster than the 16 MB the ingest uses.
            self._cursor.execute(f"PRAGMA cache_size=-{SORT_CACHE_KIB}")
            for position, name in enumerate(self.indexed):
                self._cursor.execute(f"CREATE INDEX ix_{position} ON {ROWS_TABLE} ({quoted(name)})")
            self._cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            if self.full_text:
                from portal.rowfile_fts import create_statements  # it builds on this module

                for statement in create_statements(self.full_text):
                    self._cursor.execute(statement)
            self._cursor.execute(f"CREATE TABLE {META_TABLE} (rows INTEGER NOT NULL)")
            self._cursor.execute(f"INSERT INTO {META_TABLE} VALUES ({int(self.rows)})")
            # Statistics from a sample of each index (about a thousand rows): as good for the
            # planner's choice between indexes, a sixth of the time of reading them whole.
            self._cursor.execute("PRAGMA analysis_limit=1000")
            self._cursor.execute("ANALYZE")
        except BaseException:
            self.abort()
            raise
        self._cursor.close()
        self._connection.close()
        os.replace(self.partial, self.target)
        return self.rows

    def _check_numbering(self) -> None:
        # Rows are only ever appended, so the last number is the count (max reads one page).
        for table in (ROWS_TABLE, KEYS_TABLE) if self.keys else (ROWS_TABLE,):
            self._cursor.execute(f"SELECT coalesce(max(_id), 0) FROM {table}")
            last = self._cursor.fetchone()[0]
            if last != self.rows:
                raise RuntimeError(f"{table} numbers its rows to {last}, not {self.rows}")

    def abort(self) -> None:
        for closable in (self._cursor, self._connection):
            with contextlib.suppress(Exception):  # already closed or broken: the file goes anyway
                closable.close()
        self.partial.unlink(missing_ok=True)


def _arrow(frame: pl.DataFrame):
    # polars' own string views pass to the driver without a copy; the default conversion to
    # Arrow large strings copies every string and more than doubles the cost of a load.
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def sort_keys(fields: list[dict]) -> list[str]:
    """The columns a row file also keeps in its narrow sort table."""
    return [f["name"] for f in fields if f["type"] in SORT_KEY_TYPES]


def _typed(f: dict) -> pl.Expr:
    column = pl.col(f["name"])
    if f["type"] == "boolean":
        return pl.when(column == "true").then(1).when(column == "false").then(0).alias(f["name"])
    cast = _STORED[f["type"]][1]
    return column.cast(cast) if cast is not None else column


def load_csv(
    target: Path,
    fields: list[dict],
    csv_path: Path,
    indexed: Iterable[str],
    full_text: Iterable[str] = (),
) -> int:
    """A row file from a package's CSV (its canonical text, with a header row)."""
    writer = RowFileWriter(target, fields, indexed, full_text)
    try:
        schema = {f["name"]: pl.String for f in fields}
        batches = pl.scan_csv(csv_path, schema=schema, empty_string_is_null=True)
        for batch in batches.collect_batches(chunk_size=INGEST_ROWS):
            writer.add(batch)
    except BaseException:
        writer.abort()
        raise
    return writer.close()


def open_file(path: Path) -> sqlite3.Connection:
    """A read-only connection to a sealed row file (immutable: no locks, no change checks)."""
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def sealed_rows(path: Path) -> int | None:
    """The row count a sealed file records, or None when there is no readable file."""
    if not path.is_file():
        return None
    try:
        connection = open_file(path)
        try:
            return connection.execute(f"SELECT rows FROM {META_TABLE}").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None
