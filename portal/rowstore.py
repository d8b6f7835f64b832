"""The row store: each published tabular resource's rows in a typed table, for datastore_search.

A new version is loaded into a new table and swapped in by the caller's transaction, so readers
see either the old rows or the new ones, never a half-loaded table.
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    Table,
    Text,
    and_,
    func,
    inspect,
    or_,
    select,
    true,
)

from portal.errors import ValidationError
from portal.rowstore_load import bulk_load

COLUMN_TYPES = {
    "string": Text,
    "integer": BigInteger,
    "number": Float,
    "date": Date,
    "datetime": DateTime,
    "boolean": Boolean,
    "year": Integer,
}
CKAN_TYPES = {
    "string": "text",
    "integer": "int",
    "number": "numeric",
    "date": "date",
    "datetime": "timestamp",
    "boolean": "bool",
    "year": "int",
}
SORT_TERM = re.compile(r"^\s*\"?([a-z_][a-z0-9_]*)\"?(?:\s+(asc|desc))?\s*$", re.IGNORECASE)


def row_table_name(resource_id: str, version: int) -> str:
    return f"rows_{resource_id.replace('-', '')[:16]}_v{version}"


def table_for(name: str, fields: list[dict]) -> Table:
    columns = [Column("_id", Integer, primary_key=True, autoincrement=False)]
    columns += [Column(f["name"], COLUMN_TYPES[f["type"]]()) for f in fields]
    return Table(name, MetaData(), *columns)


def load_rows(conn: Connection, name: str, fields: list[dict], csv_path: Path) -> int:
    """Create table `name` and fill it from a published CSV, in the caller's transaction."""
    table = table_for(name, fields)
    table.drop(conn, checkfirst=True)
    table.create(conn)
    return bulk_load(conn, table, fields, csv_path)


def drop_table(conn: Connection, name: str) -> None:
    if name and inspect(conn).has_table(name):
        Table(name, MetaData()).drop(conn)


def _converter(field_type: str):
    return {
        "integer": int,
        "year": int,
        "number": float,
        "boolean": lambda v: v == "true",
        "date": date.fromisoformat,
        "datetime": datetime.fromisoformat,
    }.get(field_type, str)


@dataclass(frozen=True)
class RowQuery:
    filters: dict
    q: str | dict
    sort: str
    limit: int
    offset: int
    fields: list[str] | None
    include_total: bool
    distinct: bool = False


def search_rows(conn: Connection, name: str, fields: list[dict], query: RowQuery) -> dict:
    """Rows of one resource, as CKAN's datastore_search; a bad parameter raises ValidationError."""
    table = table_for(name, fields)
    types = {f["name"]: f["type"] for f in fields}
    by_name = {f["name"]: f for f in fields}
    chosen = _chosen_columns(table, query.fields)
    where = and_(
        true(), *_filter_clauses(table, types, query.filters), *_text_clauses(table, types, query.q)
    )
    statement = (
        select(*chosen).where(where).order_by(*_order(table, query.sort, chosen, query.distinct))
    )
    if query.distinct:
        statement = statement.distinct()
    statement = statement.limit(query.limit).offset(query.offset)
    records = [dict(row._mapping) for row in conn.execute(statement)]
    total = None
    if query.include_total:
        total = conn.execute(select(func.count()).select_from(table).where(where)).scalar_one()
    return {
        "fields": [_field_info(c.name, by_name) for c in chosen],
        "records": [{k: _json_value(v) for k, v in r.items()} for r in records],
        "total": total,
    }


def _field_info(name: str, by_name: dict) -> dict:
    """A datastore field; `info` is CKAN's data dictionary (ckanapi turns it into titles)."""
    if name == "_id":
        return {"id": "_id", "type": "int"}
    field = by_name[name]
    info = {"label": field.get("title", ""), "notes": field.get("description", "")}
    return {"id": name, "type": CKAN_TYPES[field["type"]], "info": info}


def _chosen_columns(table: Table, wanted: list[str] | None) -> list[Column]:
    if not wanted:
        return list(table.columns)
    unknown = [w for w in wanted if w not in table.columns]
    if unknown:
        raise ValidationError({"fields": [f"field {', '.join(unknown)} does not exist"]})
    return [table.columns[w] for w in wanted]


def _filter_clauses(table: Table, types: dict, filters: dict) -> Iterable:
    """Each key matches any of its values (a list), CKAN-style; null matches an empty cell."""
    for key, value in filters.items():
        if key != "_id" and key not in types:
            raise ValidationError({"filters": [f"field {key!r} does not exist"]})
        field_type = types.get(key, "integer")
        values = value if isinstance(value, list) else [value]
        try:
            converted = [_filter_value(field_type, v) for v in values if v is not None]
        except (ValueError, TypeError, OverflowError):
            raise ValidationError({"filters": [f"invalid value for field {key!r}"]}) from None
        column = table.columns[key]
        clause = column.in_(converted)
        yield or_(clause, column.is_(None)) if None in values else clause


def _filter_value(field_type: str, value: Any) -> Any:
    if isinstance(value, dict | list):
        raise TypeError("a filter value is a single value")
    if field_type == "boolean":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word not in ("true", "false"):
            raise ValueError(f"not a boolean: {value!r}")
        return word == "true"
    if isinstance(value, bool):
        raise TypeError("not a boolean field")
    if field_type in ("integer", "year"):
        number = int(str(value).strip())
        if not -(2**63) <= number < 2**63:
            raise OverflowError("integer out of range")
        return number
    if field_type == "number":
        number = float(str(value))
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        return number
    return _converter(field_type)(str(value))


def _text_clauses(table: Table, types: dict, q: str | dict) -> Iterable:
    # Substring match over text columns: finds Chinese words without a segmenter.
    if isinstance(q, dict):
        for name, text in q.items():
            if types.get(name) != "string":
                raise ValidationError(
                    {"q": [f"field {name!r} is not a text field of this resource"]}
                )
            for term in text.split():
                yield table.columns[name].contains(term, autoescape=True)
        return
    text_columns = [table.columns[n] for n, t in types.items() if t == "string"]
    for term in q.split():
        if text_columns:
            yield or_(*(c.contains(term, autoescape=True) for c in text_columns))


def _order(table: Table, sort: str, chosen: list[Column], distinct: bool) -> list:
    clauses = []
    for part in filter(str.strip, sort.split(",")):
        match = SORT_TERM.match(part)
        if not match or match.group(1) not in table.columns:
            raise ValidationError({"sort": [f"cannot sort by {part.strip()!r}"]})
        column = table.columns[match.group(1)]
        if distinct and column.name not in {c.name for c in chosen}:
            raise ValidationError(
                {"sort": [f"with distinct, sort only by returned fields: {part!r}"]}
            )
        clauses.append(column.desc() if (match.group(2) or "").lower() == "desc" else column.asc())
    # A stable order makes pages a partition; with distinct only the chosen columns may order.
    tiebreak = chosen if distinct else [table.columns["_id"]]
    return clauses + [c.asc() for c in tiebreak]


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
