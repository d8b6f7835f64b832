"""What a datastore_search asks for, checked the same way whichever row store answers it."""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from portal.errors import ValidationError
from portal.search_text import fold

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


def field_info(name: str, by_name: dict) -> dict:
    """A datastore field; `info` is CKAN's data dictionary (ckanapi turns it into titles)."""
    if name == "_id":
        return {"id": "_id", "type": "int"}
    field = by_name[name]
    info = {"label": field.get("title", ""), "notes": field.get("description", "")}
    return {"id": name, "type": CKAN_TYPES[field["type"]], "info": info}


def filter_value(field_type: str, value: Any) -> Any:
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


def json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def filter_values(key: str, value: Any, types: dict) -> tuple[list, bool]:
    """A filter's values converted to its field's type, and whether it also matches empty cells.

    Each key matches any of its values (a list), CKAN-style; null matches an empty cell.
    """
    if key != "_id" and key not in types:
        raise ValidationError({"filters": [f"field {key!r} does not exist"]})
    field_type = types.get(key, "integer")
    values = value if isinstance(value, list) else [value]
    try:
        converted = [filter_value(field_type, v) for v in values if v is not None]
    except (ValueError, TypeError, OverflowError):
        raise ValidationError({"filters": [f"invalid value for field {key!r}"]}) from None
    return converted, None in values


def sort_terms(sort: str, columns: list[str], chosen: list[str], distinct: bool):
    """(column, descending) for each term of a CKAN sort; a bad term raises ValidationError."""
    terms = []
    for part in filter(str.strip, sort.split(",")):
        match = SORT_TERM.match(part)
        if not match or match.group(1) not in columns:
            raise ValidationError({"sort": [f"cannot sort by {part.strip()!r}"]})
        if distinct and match.group(1) not in chosen:
            raise ValidationError(
                {"sort": [f"with distinct, sort only by returned fields: {part!r}"]}
            )
        terms.append((match.group(1), (match.group(2) or "").lower() == "desc"))
    return terms


def text_terms(
    q: str | dict, types: dict, searched: Iterable[str] = ()
) -> list[tuple[list[str], list[str]]]:
    """(text columns, spellings) per term of a datastore q: each term must be in one of its columns.

    A term's spellings are as typed and folded (Simplified, half-width): 醫院 finds 医院. A plain
    q looks in the `searched` columns (those declared `full_text`), or in every text column.
    """
    if isinstance(q, dict):
        pairs = []
        for name, text in q.items():
            if types.get(name) != "string":
                raise ValidationError(
                    {"q": [f"field {name!r} is not a text field of this resource"]}
                )
            pairs += [([name], _spellings(term)) for term in text.split()]
        return pairs
    text_columns = [n for n, t in types.items() if t == "string"]
    declared = [n for n in searched if n in text_columns]
    text_columns = declared or text_columns
    return [(text_columns, _spellings(term)) for term in q.split()] if text_columns else []


def _spellings(term: str) -> list[str]:
    return list(dict.fromkeys([term, fold(term)]))


def chosen_columns(columns: list[str], wanted: list[str] | None) -> list[str]:
    if not wanted:
        return columns
    unknown = [w for w in wanted if w not in columns]
    if unknown:
        raise ValidationError({"fields": [f"field {', '.join(unknown)} does not exist"]})
    return wanted
