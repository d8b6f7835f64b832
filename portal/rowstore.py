"""The row store: each published tabular resource's rows in a typed table, for datastore_search.

With a SQLite catalogue each version's rows are a read-only file of their own (portal.rowfiles);
with PostgreSQL, a table per version in the catalogue database. A new version is loaded beside
the old one and swapped in by the caller's transaction, so readers see either the old rows or
the new ones, never a half-loaded table.
"""

import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    and_,
    create_engine,
    event,
    func,
    inspect,
    or_,
    select,
    true,
)
from sqlalchemy.pool import NullPool

from directory import Dataset
from portal import rowfile_query, rowfiles, rowtable_fts
from portal.rowquery import (
    RowQuery,
    chosen_columns,
    field_info,
    filter_values,
    json_value,
    sort_terms,
    text_terms,
)
from portal.rowstore_load import bulk_load

__all__ = ["RowQuery", "search_rows", "load_rows", "drop_table", "has_rows", "row_table_name"]

COLUMN_TYPES = {
    "string": Text,
    "integer": BigInteger,
    "number": Float,
    "date": Date,
    "datetime": DateTime,
    "boolean": Boolean,
    "year": Integer,
}


def row_table_name(resource_id: str, version: int) -> str:
    return f"rows_{resource_id.replace('-', '')[:16]}_v{version}"


def indexed_fields(entry: Dataset) -> list[str]:
    """The published fields the row store indexes: the primary key, `unique` and `index` ones."""
    published = {f.name for f in entry.published_fields}
    wanted = list(entry.primary_key)
    wanted += [f.name for f in entry.fields if f.index or f.constraints.get("unique")]
    return [name for name in dict.fromkeys(wanted) if name in published]


def full_text_fields(entry: Dataset) -> list[str]:
    """The published text fields the directory declares `full_text`: what a row q searches."""
    published = {f.name for f in entry.published_fields}
    return [f.name for f in entry.fields if f.full_text and f.name in published]


def table_for(name: str, fields: list[dict]) -> Table:
    return _table(name, tuple((f["name"], f["type"]) for f in fields))


@functools.lru_cache(maxsize=256)
def _table(name: str, columns: tuple[tuple[str, str], ...]) -> Table:
    # Kept per process: a row table never changes (its name carries the version), and reusing
    # the Table object lets SQLAlchemy reuse its compiled statements.
    return Table(
        name,
        MetaData(),
        Column("_id", Integer, primary_key=True, autoincrement=False),
        *(Column(column, COLUMN_TYPES[kind]()) for column, kind in columns),
    )


def load_rows(
    conn: Connection,
    name: str,
    fields: list[dict],
    csv_path: Path,
    indexed: Iterable[str] = (),
    full_text: Iterable[str] = (),
) -> int:
    """Fill row table `name` from a published CSV (the caller's transaction, on PostgreSQL).

    A SQLite row file already sealed under this name (written while the package was built) is
    taken as it is.
    """
    folder = rowfiles.rows_dir(conn)
    if folder is not None:
        _drop_inside(conn, name)  # a catalogue from before row files kept its row tables inside
        target = rowfiles.file_for(folder, name)
        sealed = rowfiles.sealed_rows(target)
        if sealed is not None:
            return sealed
        return rowfiles.load_csv(target, fields, csv_path, indexed, full_text)
    # A Table of its own, not the shared one: the indexes below attach to it.
    table = _table.__wrapped__(name, tuple((f["name"], f["type"]) for f in fields))
    table.drop(conn, checkfirst=True)
    table.create(conn)
    count = bulk_load(conn, table, fields, csv_path)
    for position, column in enumerate(c for c in indexed if c in table.columns):
        Index(f"ix_{name}_{position}", table.columns[column]).create(conn)
    text_columns = {f["name"] for f in fields if f["type"] == "string"}
    rowtable_fts.declare(conn, name, [c for c in full_text if c in text_columns])
    return count


def has_rows(conn: Connection, name: str) -> bool:
    folder = rowfiles.rows_dir(conn)
    if folder is not None:
        return rowfiles.sealed_rows(rowfiles.file_for(folder, name)) is not None
    return bool(name) and inspect(conn).has_table(name)


def drop_table(conn: Connection, name: str) -> None:
    if not name:
        return
    folder = rowfiles.rows_dir(conn)
    if folder is not None:
        _remove_after_commit(conn, rowfiles.file_for(folder, name))
    _drop_inside(conn, name)


# A row file is removed when the transaction that stopped pointing to it commits, not before: a
# rollback (of the transaction or of the savepoint that dropped it) keeps the catalogue pointing
# to the file, so the file must stay.
_PENDING = "row_files_to_remove"


def _remove_after_commit(conn: Connection, path: Path) -> None:
    if not conn.in_transaction():
        path.unlink(missing_ok=True)
        return
    engine = conn.engine
    for name, listener in _LISTENERS.items():
        if not event.contains(engine, name, listener):
            event.listen(engine, name, listener)
    conn.info.setdefault(_PENDING, []).append(("file", path))


def _on_commit(conn: Connection) -> None:
    for kind, item in conn.info.pop(_PENDING, []):
        if kind == "file":
            item.unlink(missing_ok=True)


def _on_rollback(conn: Connection) -> None:
    conn.info.pop(_PENDING, None)


def _on_savepoint(conn: Connection, name: str) -> None:
    conn.info.setdefault(_PENDING, []).append(("savepoint", name))


def _on_rollback_savepoint(conn: Connection, name: str, _context) -> None:
    pending = conn.info.get(_PENDING, [])
    while pending and pending.pop() != ("savepoint", name):
        pass


def _on_release_savepoint(conn: Connection, name: str, _context) -> None:
    pending = conn.info.get(_PENDING, [])
    if ("savepoint", name) in pending:
        pending.remove(("savepoint", name))


_LISTENERS = {
    "commit": _on_commit,
    "rollback": _on_rollback,
    "savepoint": _on_savepoint,
    "rollback_savepoint": _on_rollback_savepoint,
    "release_savepoint": _on_release_savepoint,
}


def _drop_inside(conn: Connection, name: str) -> None:
    if inspect(conn).has_table(name):
        Table(name, MetaData()).drop(conn)


@contextmanager
def row_table(
    conn: Connection, name: str, fields: list[dict]
) -> Iterator[tuple[Connection, Table]]:
    """A connection and table to run SQLAlchemy statements (aggregates) over one row table."""
    folder = rowfiles.rows_dir(conn)
    if folder is None:
        yield conn, table_for(name, fields)
        return
    path = rowfiles.file_for(folder, name)
    engine = create_engine(
        "sqlite://", creator=lambda: rowfiles.open_file(path), poolclass=NullPool
    )
    try:
        with engine.connect() as file_conn:
            yield file_conn, rowfile_query.table_in_file(fields)
    finally:
        engine.dispose()


def search_rows(conn: Connection, name: str, fields: list[dict], query: RowQuery) -> dict:
    """Rows of one resource, as CKAN's datastore_search; a bad parameter raises ValidationError."""
    folder = rowfiles.rows_dir(conn)
    if folder is not None:
        return rowfile_query.search_file(rowfiles.file_for(folder, name), fields, query)
    return _search_table(conn, table_for(name, fields), fields, query)


def _search_table(conn: Connection, table: Table, fields: list[dict], query: RowQuery) -> dict:
    types = {f["name"]: f["type"] for f in fields}
    by_name = {f["name"]: f for f in fields}
    names = chosen_columns([c.name for c in table.columns], query.fields)
    chosen = [table.columns[n] for n in names]
    clauses = []
    for key, value in query.filters.items():
        converted, with_empty = filter_values(key, value, types)
        column = table.columns[key]
        clause = column.in_(converted)
        clauses.append(or_(clause, column.is_(None)) if with_empty else clause)
    searched = rowtable_fts.declared_columns(conn, table.name) if query.q else ()
    for columns, spellings in text_terms(query.q, types, searched):
        clauses.append(
            or_(
                *(
                    table.columns[c].contains(term, autoescape=True)
                    for c in columns
                    for term in spellings
                )
            )
        )
    where = and_(true(), *clauses)
    order = [
        table.columns[c].desc() if descending else table.columns[c].asc()
        for c, descending in sort_terms(
            query.sort, [c.name for c in table.columns], names, query.distinct
        )
    ]
    # A stable order makes pages a partition; with distinct only the chosen columns may order.
    tiebreak = chosen if query.distinct else [table.columns["_id"]]
    statement = select(*chosen).where(where).order_by(*order, *(c.asc() for c in tiebreak))
    if query.distinct:
        statement = statement.distinct()
    statement = statement.limit(query.limit).offset(query.offset)
    records = [dict(row._mapping) for row in conn.execute(statement)]
    total = None
    if query.include_total:
        total = conn.execute(select(func.count()).select_from(table).where(where)).scalar_one()
    return {
        "fields": [field_info(n, by_name) for n in names],
        "records": [{k: json_value(v) for k, v in r.items()} for r in records],
        "total": total,
    }
