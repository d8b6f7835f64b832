"""Dataset search with CKAN package_search semantics over the catalogue DB.

Text matching is a portable substring match on pre-lowered text, which finds Chinese words of any
length without a segmenter; a full-text index per dialect can replace `_text_match` alone.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Select, and_, case, func, literal, not_, or_, select, true
from sqlalchemy.orm import Session

from portal.errors import SearchQueryError, ValidationError
from portal.models import DatasetRow, ResourceRow, TagRow

FACETS = ("organization", "groups", "tags", "res_format", "license_id", "open")
ALWAYS_TRUE = {
    ("dataset_type", "dataset"),
    ("state", "active"),
    ("capacity", "public"),
    ("private", "false"),
}
TERM = re.compile(r'([+-]?)([a-z_]+):(\[([^\]]*)\]|"([^"]*)"|\S+)|(\S+)', re.IGNORECASE)
RANGE_FIELDS = {
    "metadata_modified": DatasetRow.metadata_modified,
    "metadata_created": DatasetRow.metadata_created,
}
FILTER_FIELDS = (*FACETS, "name", "title", "text", "id", *RANGE_FIELDS)
SORTS = {
    "score": None,
    "metadata_modified": DatasetRow.metadata_modified,
    "metadata_created": DatasetRow.metadata_created,
    "name": DatasetRow.name,
    "title_string": DatasetRow.title,
    "title": DatasetRow.title,
    "id": DatasetRow.id,
}
DEFAULT_SORT = "score desc, metadata_modified desc"


@dataclass
class DatasetQuery:
    q: str = ""
    fq: str = ""
    sort: str = DEFAULT_SORT
    rows: int = 10
    start: int = 0
    facet_fields: tuple[str, ...] = ()
    facet_limit: int = 50


@dataclass
class DatasetHits:
    count: int
    names: list[str]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def search_datasets(session: Session, query: DatasetQuery) -> DatasetHits:
    groups, filters = parse_terms(query.q, "q")
    _, fq_filters = parse_terms(query.fq, "fq", free_text=False)
    conditions = [*_text_match(groups), *(_filter(k, v, neg) for k, v, neg in filters + fq_filters)]
    where = and_(true(), *conditions)
    count = session.scalar(select(func.count()).select_from(DatasetRow).where(where))
    words = [w for group in groups for w in group]
    statement = select(DatasetRow.name).where(where).order_by(*_order(query.sort, words))
    names = list(session.scalars(statement.limit(query.rows).offset(query.start)))
    facets = {f: _facet_counts(session, f, where, query.facet_limit) for f in query.facet_fields}
    return DatasetHits(count=count or 0, names=names, facets=facets)


def parse_terms(text: str, param: str, free_text: bool = True):
    """Split q or fq into word groups and (field, value, negated) filters.

    Every group must match; a group matches when any of its words does (`医院 OR 诊所`).
    """
    groups: list[list[str]] = []
    filters = []
    text = (text or "").strip()
    if text in ("*:*", "*"):
        return groups, filters
    join_next = False
    for match in TERM.finditer(text):
        sign, key, raw, range_body, quoted, word = match.groups()
        if word in ("AND", "&&"):
            continue
        if word in ("OR", "||"):
            join_next = bool(groups)
            continue
        if key and key.lower() not in FILTER_FIELDS and free_text:
            word = match.group(0)  # "http://..." or "时间:2024" is text, not a field
        if word is not None:
            if not free_text:
                raise SearchQueryError(f"{param}: expected field:value, got {word!r}")
            if join_next:
                groups[-1].append(word.lower())
            else:
                groups.append([word.lower()])
            join_next = False
            continue
        key = key.lower()
        value = quoted if quoted is not None else raw
        if (key, value.lower()) in ALWAYS_TRUE:
            continue
        if key not in FILTER_FIELDS:
            raise SearchQueryError(f"{param}: cannot search on field {key!r}")
        if key in RANGE_FIELDS:
            value = _time_range(param, key, range_body if range_body is not None else raw)
        elif range_body is not None:
            raise SearchQueryError(f"{param}: {key} cannot take a range")
        if key == "text":
            groups.append([value.lower()])
        else:
            filters.append((key, value, sign == "-"))
    return groups, filters


def _time_range(param: str, key: str, body: str) -> tuple[datetime | None, datetime | None]:
    """`[2024-01-01T00:00:00Z TO *]` as used by CKAN's harvester for incremental runs."""
    parts = body.split(" TO ")
    if len(parts) != 2:
        raise SearchQueryError(f"{param}: {key} needs a range like [2024-01-01T00:00:00Z TO *]")
    try:
        low, high = (None if p.strip() == "*" else _timestamp(p.strip()) for p in parts)
    except ValueError:
        raise SearchQueryError(f"{param}: {key} range {body!r} is not ISO 8601 times") from None
    return low, high


def _timestamp(text: str) -> datetime:
    stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return stamp.astimezone(UTC).replace(tzinfo=None) if stamp.tzinfo else stamp


def _text_match(groups: list[list[str]]):
    for group in groups:
        yield or_(
            *(
                DatasetRow.search_title.contains(word, autoescape=True)
                | DatasetRow.search_body.contains(word, autoescape=True)
                for word in group
            )
        )


def _filter(key: str, value: str, negated: bool):
    column_filters = {
        "organization": DatasetRow.department_id,
        "groups": DatasetRow.area_id,
        "license_id": DatasetRow.license_id,
        "open": DatasetRow.open,
        "name": DatasetRow.name,
        "id": DatasetRow.id,
    }
    if key in RANGE_FIELDS:
        low, high = value
        column = RANGE_FIELDS[key]
        clause = and_(
            true(), *([column >= low] if low else []), *([column <= high] if high else [])
        )
    elif key in column_filters:
        clause = column_filters[key] == value
    elif key == "title":
        clause = DatasetRow.search_title.contains(value.lower(), autoescape=True)
    elif key == "tags":
        clause = DatasetRow.name.in_(select(TagRow.dataset_name).where(TagRow.tag == value))
    else:  # res_format
        clause = DatasetRow.name.in_(
            select(ResourceRow.dataset_name).where(func.upper(ResourceRow.format) == value.upper())
        )
    return not_(clause) if negated else clause


def _order(sort: str, words: list[str]) -> list:
    clauses = []
    for part in filter(str.strip, (sort or DEFAULT_SORT).split(",")):
        pieces = part.split()
        key = pieces[0]
        direction = pieces[1].lower() if len(pieces) > 1 else "asc"
        if key not in SORTS or direction not in ("asc", "desc") or len(pieces) > 2:
            raise ValidationError({"sort": [f"cannot sort by {part.strip()!r}"]})
        column = SORTS[key] if key != "score" else _score(words)
        clauses.append(column.desc() if direction == "desc" else column.asc())
    return clauses + [DatasetRow.name.asc()]


def _score(words: list[str]):
    if not words:
        return literal(0)
    parts = [
        case((DatasetRow.search_title.contains(w, autoescape=True), 10), else_=0)
        + case((DatasetRow.search_body.contains(w, autoescape=True), 1), else_=0)
        for w in words
    ]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def _facet_counts(session: Session, facet: str, where, limit: int) -> list[tuple[str, int]]:
    matching = select(DatasetRow.name).where(where)
    if facet == "tags":
        statement: Select = select(TagRow.tag, func.count()).where(
            TagRow.dataset_name.in_(matching)
        )
        statement = statement.group_by(TagRow.tag)
    elif facet == "res_format":
        statement = select(
            func.upper(ResourceRow.format), func.count(func.distinct(ResourceRow.dataset_name))
        )
        statement = statement.where(ResourceRow.dataset_name.in_(matching)).group_by(
            func.upper(ResourceRow.format)
        )
    else:
        column = {
            "organization": DatasetRow.department_id,
            "groups": DatasetRow.area_id,
            "license_id": DatasetRow.license_id,
            "open": DatasetRow.open,
        }[facet]
        statement = select(column, func.count()).where(where).group_by(column)
    counts = [(str(value), int(n)) for value, n in session.execute(statement) if value]
    counts.sort(key=lambda item: (-item[1], item[0]))
    return counts[:limit] if limit >= 0 else counts
