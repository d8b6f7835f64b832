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
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Boolean, Column, Float, Integer, MetaData, Table, Text

from portal import rowfile_fts
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
    connection, tables, indexed = _connection(path)
    where, params, match = _where(query, types, indexed)
    terms = sort_terms(query.sort, ["_id", *types], names, query.distinct)
    # A stable order makes pages a partition; with distinct only the chosen columns may order.
    terms += [(c, False) for c in (names if query.distinct else ["_id"])]
    columns = ", ".join(_column(n) for n in names)
    narrow = set(sort_keys(fields))
    if (
        len(terms) > 1
        and not where
        and not query.distinct
        and KEYS_TABLE in tables
        and ({c for c, _ in terms[:-1]} <= narrow)
    ):
        # Find the page's ids in the narrow sort table, then read just those rows.
        ordered = _ordered(terms, quoted)
        statement = (
            f"SELECT {columns} FROM {ROWS_TABLE} WHERE _id IN (SELECT _id FROM {KEYS_TABLE} "
            f"ORDER BY {ordered} LIMIT ? OFFSET ?) ORDER BY {_ordered(terms, _column)}"
        )
    else:
        ordered = _ordered(terms, _column)
        if match is not None and not query.distinct:
            # The text index yields its matches in id order: a page stops after its rows.
            ordered = _ordered(terms[:-1], _column, f"{rowfile_fts.TEXT_TABLE}.rowid ASC")
        distinct = "DISTINCT " if query.distinct else ""
        statement = (
            f"SELECT {distinct}{columns} FROM {_source(match)}{where} "
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
    total = _total(connection, path, where, params, match) if query.include_total else None
    return {
        "fields": [field_info(n, by_name) for n in names],
        "records": records,
        "total": total,
    }


def _total(
    connection: sqlite3.Connection, path: Path, where: str, params: list, match: str | None
) -> int:
    if not where:  # the file records its row count when it is sealed
        return connection.execute(f"SELECT rows FROM {META_TABLE}").fetchone()[0]
    key = (path, where, tuple(params))
    with _totals_lock:
        if key in _totals:
            _totals.move_to_end(key)
            return _totals[key]
    if match is not None and params == [match]:  # the index counts its matches without the rows
        total = connection.execute(rowfile_fts.count_statement(), params).fetchone()[0]
    else:
        count = f"SELECT count(*) FROM {_source(match)}{where}"
        total = connection.execute(count, params).fetchone()[0]
    with _totals_lock:
        _totals[key] = total
        while len(_totals) > KEPT_TOTALS:
            _totals.popitem(last=False)
    return total


def _where(query: RowQuery, types: dict, indexed: frozenset[str]) -> tuple[str, list, str | None]:
    """The WHERE clause and its parameters, and the text index's MATCH expression if any.

    With a MATCH, the clause is over the text index joined to the rows (`_source`).
    """
    clauses, params = [], []
    words = text_terms(query.q, types, indexed)
    matched = [w for w in words if rowfile_fts.can_match(*w, indexed)]
    match = rowfile_fts.match_expression(matched, indexed) if matched else None
    if match is not None:
        clauses.append(rowfile_fts.match_clause())
        params.append(match)
    for key, value in query.filters.items():
        converted, with_empty = filter_values(key, value, types)
        stored = [_stored(types.get(key, "integer"), v) for v in converted]
        parts = []
        if stored:
            parts.append(f"{_column(key)} IN ({', '.join('?' * len(stored))})")
            params += stored
        if with_empty:
            parts.append(f"{_column(key)} IS NULL")
        clauses.append(f"({' OR '.join(parts)})" if parts else "0")
    for columns, spellings in words:
        if (columns, spellings) in matched:
            continue
        likes = []
        for term in spellings:
            likes += [f"{_column(c)} LIKE ? ESCAPE '{LIKE_ESCAPE}'" for c in columns]
            params += ["%" + _like_escaped(term) + "%"] * len(columns)
        clauses.append(f"({' OR '.join(likes)})")
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    return where, params, match


def _ordered(terms: list[tuple[str, bool]], name: Callable[[str], str], *more: str) -> str:
    rendered = [f"{name(c)} DESC" if descending else f"{name(c)} ASC" for c, descending in terms]
    return ", ".join([*rendered, *more])


def _source(match: str | None) -> str:
    return rowfile_fts.joined_rows() if match is not None else ROWS_TABLE


def _column(name: str) -> str:
    # Qualified: the text index, when joined, has columns of the same names.
    return f"{ROWS_TABLE}.{quoted(name)}"


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


def _connection(path: Path) -> tuple[sqlite3.Connection, frozenset[str], frozenset[str]]:
    """A kept read-only connection to the file, its tables' names and its full-text columns."""
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
    found = (connection, tables, rowfile_fts.indexed_columns(connection, tables))
    kept[path] = found
    while len(kept) > KEPT_FILES:
        _, (oldest, _, _) = kept.popitem(last=False)
        oldest.close()
    return found


def table_in_file(fields: list[dict]) -> Table:
    """The row file's table for SQLAlchemy statements (dates are ISO text in a file)."""
    columns = [Column("_id", Integer, primary_key=True)]
    columns += [Column(f["name"], _FILE_TYPES.get(f["type"], Text)()) for f in fields]
    return Table(ROWS_TABLE, MetaData(), *columns)
