"""Source kind `sql`: a table or a read-only query in a database reached through SQLAlchemy.

The connection URL comes from an environment variable named in the directory (`url_env`), never
from catalogue.yaml. Rows stream in batches (a server-side cursor where the driver has one) into
a UTF-8 CSV in the job's work folder, inside a read-only transaction where the dialect allows.
"""

import csv
import os
import time
from collections.abc import Iterator
from datetime import date, datetime
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, MetaData, Table, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchTableError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from directory import Dataset
from harvesters.context import HarvestContext
from harvesters.errors import (
    HarvestError,
    SourceNotFoundError,
    SourceTooLargeError,
    SourceUnavailableError,
)
from harvesters.fetch import FetchLimits
from harvesters.sql_query import QueryRefused, read_only_select
from harvesters.table import RawTable

DEFAULT_BATCH = 5000
CSV_OPTIONS = {"encoding": "utf-8", "delimiter": ",", "header_row": 1}


def harvest_sql(entry: Dataset, context: HarvestContext) -> list[RawTable]:
    source = entry.source
    limits = FetchLimits.from_settings(source.settings)
    target = context.work_file(f"{entry.id}.csv")
    engine = _engine(entry.id, str(source.get("url_env")), limits)
    try:
        with engine.connect() as connection:
            _read_only(connection, limits)
            statement = _statement(entry.id, source, connection)
            _write_csv(entry.id, connection, statement, target, source, limits)
    except OperationalError as problem:  # connection refused, lost or terminated mid-read
        raise SourceUnavailableError(entry.id, f"database error: {_reason(problem)}") from None
    except SQLAlchemyError as problem:
        raise HarvestError(entry.id, f"database error: {_reason(problem)}") from None
    finally:
        engine.dispose()
    origin = f"{source.get('url_env')}: {source.get('table') or 'query'}"
    return [RawTable(entry.id, origin, "csv", target, CSV_OPTIONS)]


def _engine(dataset_id: str, url_env: str, limits: FetchLimits):
    url = os.environ.get(url_env, "").strip()
    if not url:
        raise HarvestError(
            dataset_id, f"environment variable {url_env} (source.url_env) is not set"
        )
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise HarvestError(dataset_id, f"{url_env} does not hold a database URL") from None
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        # SQLite would quietly create an empty database where the department's file should be.
        raise SourceNotFoundError(dataset_id, f"{url_env} names an SQLite file that does not exist")
    connect_args = {}
    if parsed.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = max(1, int(limits.connect_timeout))
    try:
        return create_engine(parsed, poolclass=NullPool, connect_args=connect_args)
    except (ArgumentError, ImportError) as problem:
        raise HarvestError(dataset_id, f"{url_env}: cannot use this database: {problem}") from None


def _read_only(connection: Connection, limits: FetchLimits) -> None:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text("SET TRANSACTION READ ONLY"))
        timeout_ms = int(limits.max_seconds * 1000)
        connection.execute(text(f"SET LOCAL statement_timeout = {timeout_ms}"))
    elif dialect == "sqlite":
        connection.exec_driver_sql("PRAGMA query_only = ON")
    elif dialect == "mysql":
        connection.execute(text("SET TRANSACTION READ ONLY"))


def _statement(dataset_id: str, source, connection: Connection):
    table, query = source.get("table"), source.get("query")
    if query:
        try:
            return text(read_only_select(str(query), connection.dialect.name))
        except QueryRefused as refused:
            raise HarvestError(dataset_id, f"source.query {refused}") from None
    schema, _, name = str(table).rpartition(".")
    try:
        reflected = Table(name, MetaData(), schema=schema or None, autoload_with=connection)
    except NoSuchTableError:
        raise SourceNotFoundError(dataset_id, f"table {table} does not exist") from None
    return select(reflected)


def _write_csv(dataset_id, connection, statement, target, source, limits: FetchLimits) -> None:
    batch = int(source.get("batch_size") or DEFAULT_BATCH)
    deadline = time.monotonic() + limits.max_seconds
    result = connection.execution_options(stream_results=True, yield_per=batch).execute(statement)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(list(result.keys()))
        for rows in result.partitions(batch):
            writer.writerows(_cells(row) for row in rows)
            if handle.tell() > limits.max_bytes:
                raise SourceTooLargeError(
                    dataset_id, f"the rows are larger than max_bytes ({limits.max_bytes:,} bytes)"
                )
            if time.monotonic() > deadline:
                raise HarvestError(dataset_id, f"reading took longer than {limits.max_seconds:g}s")


def _cells(row) -> Iterator[str]:
    for value in row:
        yield _cell(value)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | clock):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


def _reason(problem: SQLAlchemyError) -> str:
    """The driver's own message in one line, without the statement SQLAlchemy appends."""
    original = getattr(problem, "orig", None) or problem
    return (str(original).strip().splitlines() or [type(original).__name__])[0][:300]
