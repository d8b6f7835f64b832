"""datastore_search over a SQLite row file, in plain SQL on a read-only connection.

The statement is built from checked parts only: column names that exist in the resource's
schema (quoted), and every value a bound parameter. A row file never changes, so what is kept
never goes stale: connections, per thread, a few files at a time; and the totals of filtered
queries, per process, so paging through a filter counts its matches once (a count over an
unindexed column reads the whole file).
"""

import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

from sqlalchemy import Boolean, Column, Float, Integer, MetaData, Table, Text

from portal.errors import NotFound
from portal.rowfiles import KEYS_TABLE, META_TABLE, ROWS_TABLE, open_file, quoted, sort_keys
from portal.rowquery import (
    RowQuery,
    chosen_columns,
    field_info,
    filter_values,
    sort_terms,
    text_terms,
)

KEPT_FILES = 8
KEPT_TOTALS = 512
LIKE_ESCAPE = "\\"
_local = threading.local()
_totals: OrderedDict = OrderedDict()
_totals_lock = threading.Lock()
_FILE_TYPES = {"integer": Integer, "year": Integer, "number": Float, "boolean": Boolean}


def search_file(path: Path, fields: list[dict], query: RowQuery) -> dict:
    types = {f["name"]: f["type"] for f in fields}
    by_name = {f["name"]: f for f in fields}
    names = chosen_columns(["_id", *types], query.fields)
    where, params = _where(query, types)
    terms = sort_terms(query.sort, ["_id", *types], names, query.distinct)
    order = [f"{quoted(c)} DESC" if descending else f"{quoted(c)} ASC" for c, descending in terms]
    # A stable order makes pages a partition; with distinct only the chosen columns may order.
    order += [f"{quoted(c)} ASC" for c in (names if query.distinct else ["_id"])]
    ordered = ", ".join(order)
    columns = ", ".join(quoted(n) for n in names)
    connection, tables = _connection(path)
    narrow = set(sort_keys(fields))
    if (
        terms
        and not where
        and not query.distinct
        and KEYS_TABLE in tables
        and ({c for c, _ in terms} <= narrow)
    ):
        # Find the page's ids in the narrow sort table, then read just those rows.
        statement = (
            f"SELECT {columns} FROM {ROWS_TABLE} WHERE _id IN (SELECT _id FROM {KEYS_TABLE} "
            f"ORDER BY {ordered} LIMIT ? OFFSET ?) ORDER BY {ordered}"
        )
    else:
        distinct = "DISTINCT " if query.distinct else ""
        statement = (
            f"SELECT {distinct}{columns} FROM {ROWS_TABLE}{where} "
            f"ORDER BY {ordered} LIMIT ? OFFSET ?"
        )
    rows = connection.execute(statement, [*params, query.limit, query.offset]).fetchall()
    booleans = [i for i, n in enumerate(names) if types.get(n) == "boolean"]
    records = []
    for row in rows:
        if booleans:
            row = list(row)
            for i in booleans:
                row[i] = None if row[i] is None else bool(row[i])
        records.append(dict(zip(names, row, strict=True)))
    total = _total(connection, path, where, params) if query.include_total else None
    return {
        "fields": [field_info(n, by_name) for n in names],
        "records": records,
        "total": total,
    }


def _total(connection: sqlite3.Connection, path: Path, where: str, params: list) -> int:
    if not where:  # the file records its row count when it is sealed
        return connection.execute(f"SELECT rows FROM {META_TABLE}").fetchone()[0]
    key = (path, where, tuple(params))
    with _totals_lock:
        if key in _totals:
            _totals.move_to_end(key)
            return _totals[key]
    total = connection.execute(f"SELECT count(*) FROM {ROWS_TABLE}{where}", params).fetchone()[0]
    with _totals_lock:
        _totals[key] = total
        while len(_totals) > KEPT_TOTALS:
            _totals.popitem(last=False)
    return total


def _where(query: RowQuery, types: dict) -> tuple[str, list]:
    clauses, params = [], []
    for key, value in query.filters.items():
        converted, with_empty = filter_values(key, value, types)
        stored = [_stored(types.get(key, "integer"), v) for v in converted]
        parts = []
        if stored:
            parts.append(f"{quoted(key)} IN ({', '.join('?' * len(stored))})")
            params += stored
        if with_empty:
            parts.append(f"{quoted(key)} IS NULL")
        clauses.append(f"({' OR '.join(parts)})" if parts else "0")
    for columns, spellings in text_terms(query.q, types):
        likes = []
        for term in spellings:
            likes += [f"{quoted(c)} LIKE ? ESCAPE '{LIKE_ESCAPE}'" for c in columns]
            params += ["%" + _like_escaped(term) + "%"] * len(columns)
        clauses.append(f"({' OR '.join(likes)})")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _stored(field_type: str, value):
    """A converted filter value as the file stores it: ISO text for dates, 0/1 for booleans."""
    if field_type == "datetime":  # stored without a zone, as the package has it
        return value.replace(tzinfo=None).isoformat()
    if field_type == "date":
        return value.isoformat()
    if field_type == "boolean":
        return int(value)
    return value


def _like_escaped(term: str) -> str:
    return (term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")).replace(
        "_", LIKE_ESCAPE + "_"
    )


def _connection(path: Path) -> tuple[sqlite3.Connection, frozenset[str]]:
    """A kept read-only connection to the file, and the names of the file's tables."""
    kept: OrderedDict = getattr(_local, "files", None) or OrderedDict()
    _local.files = kept
    found = kept.get(path)
    if found is not None:
        kept.move_to_end(path)
        return found
    if not path.is_file():
        raise NotFound("the rows of this resource are not loaded")
    connection = open_file(path)
    tables = frozenset(
        name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    )
    kept[path] = (connection, tables)
    while len(kept) > KEPT_FILES:
        _, (oldest, _) = kept.popitem(last=False)
        oldest.close()
    return connection, tables


def table_in_file(fields: list[dict]) -> Table:
    """The row file's table for SQLAlchemy statements (dates are ISO text in a file)."""
    columns = [Column("_id", Integer, primary_key=True)]
    columns += [Column(f["name"], _FILE_TYPES.get(f["type"], Text)()) for f in fields]
    return Table(ROWS_TABLE, MetaData(), *columns)
