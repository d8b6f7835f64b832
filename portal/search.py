"""Dataset search with CKAN package_search semantics over the catalogue DB.

Free text goes to the full-text index (portal/search_index.py: FTS5 on SQLite, tsvector + GIN on
PostgreSQL) over folded, segmented text (portal/search_text.py); field terms and fq are SQL
filters. Counts, facets and sorts read the slim key rows (portal/search_keys.py), not the wide
`datasets` rows. Results carry snippets (portal/search_snippets.py).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

from markupsafe import Markup
from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    Select,
    and_,
    bindparam,
    func,
    literal,
    not_,
    select,
    true,
)
from sqlalchemy.orm import Session

from portal import search_index
from portal.errors import SearchQueryError, ValidationError
from portal.models import DatasetRow, TagRow
from portal.search_facets import combinations_statement, facet_lists
from portal.search_keys import SearchKeyRow as Keys
from portal.search_snippets import snippet
from portal.search_text import DEFAULT_SEGMENTER, Term, fold, highlight_words, query_terms

FACETS = ("organization", "groups", "tags", "res_format", "license_id", "open")
ALWAYS_TRUE = {
    ("dataset_type", "dataset"),
    ("state", "active"),
    ("capacity", "public"),
    ("private", "false"),
}
TERM = re.compile(r'([+-]?)([a-z_]+):(\[([^\]]*)\]|"([^"]*)"|\S+)|(\S+)', re.IGNORECASE)
RANGE_FIELDS = {
    "metadata_modified": Keys.metadata_modified,
    "metadata_created": Keys.metadata_created,
}
FILTER_FIELDS = (*FACETS, "name", "title", "text", "id", *RANGE_FIELDS)
SORTS = {
    "score": None,
    "metadata_modified": Keys.metadata_modified,
    "metadata_created": Keys.metadata_created,
    "name": Keys.name,
    "title_string": Keys.title,
    "title": Keys.title,
    "id": Keys.id,
}
DEFAULT_SORT = "score desc, metadata_modified desc"
MAX_QUERY_TERMS = 32  # a bound on the work one request can ask of the full-text index


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
    # Per returned name when q had text (see portal/search_snippets.py): the snippet as markup
    # with every source character escaped and matches in <mark> (safe to show as it is) ...
    snippets: dict[str, Markup] = field(default_factory=dict)
    # ... and as {"field", "text", "matches", "html"}: plain text and [start, end) offsets.
    snippet_details: dict[str, dict] = field(default_factory=dict)


def search_datasets(
    session: Session, query: DatasetQuery, segmenter: str = DEFAULT_SEGMENTER
) -> DatasetHits:
    groups, filters = parse_terms(query.q, "q")
    _, fq_filters = parse_terms(query.fq, "fq", free_text=False)
    requirements = text_requirements(groups, segmenter)
    dialect = session.get_bind().dialect.name
    shape = (dialect, bool(requirements), tuple(query.facet_fields), query.sort)
    # Filters carry values, so statements with them are built per search; without, one set of
    # statements per shape serves every search of that shape, with the words bound.
    plan = (
        _statements(*shape, tuple(filters + fq_filters)) if filters + fq_filters else _plan(*shape)
    )
    places = query.start + query.rows
    params = {"page_rows": query.rows, "page_start": query.start, "page_places": places}
    if requirements:
        params |= search_index.match_parameters(dialect, requirements)
    combinations = [tuple(row) for row in session.execute(plan.combinations, params)]
    count = sum(row[-1] for row in combinations)
    facets = facet_lists(session, plan.source, plan.where, query, combinations, params)
    names = list(session.scalars(plan.page, params))
    details = _snippets(session, names, requirements) if requirements else {}
    return DatasetHits(
        count=count,
        names=names,
        facets=facets,
        snippets={name: Markup(d["html"]) for name, d in details.items()},
        snippet_details=details,
    )


@dataclass(frozen=True)
class _Statements:
    source: FromClause  # key rows, joined with the matches when q has text
    where: ColumnElement
    combinations: Select  # see portal/search_facets.py
    page: Select  # names of one page of results


def _statements(
    dialect: str, has_text: bool, facet_fields: tuple[str, ...], sort: str, filters: tuple
) -> _Statements:
    """The statements of a search; its words, page and place bound as parameters."""
    source, score = Keys.__table__, literal(0)
    if has_text:
        matched = search_index.matches(dialect)
        source = source.join(matched, matched.c.key == Keys.key)
        score = matched.c.score
    where = and_(true(), *(_filter(k, v, neg) for k, v, neg in filters))
    combinations = combinations_statement(source, where, facet_fields)
    page_source = source
    if has_text and not filters and _score_first(sort):
        candidates = _page_candidates(matched)
        page_source = Keys.__table__.join(candidates, candidates.c.key == Keys.key)
        score = candidates.c.score
    page = select(Keys.name).select_from(page_source).where(where).order_by(*_order(sort, score))
    page = page.limit(bindparam("page_rows", type_=Integer))
    page = page.offset(bindparam("page_start", type_=Integer))
    return _Statements(source, where, combinations, page)


@lru_cache(maxsize=256)
def _plan(dialect: str, has_text: bool, facet_fields: tuple[str, ...], sort: str) -> _Statements:
    """The statements of every search of one shape without filters (an invalid sort raises
    before anything is kept)."""
    return _statements(dialect, has_text, facet_fields, sort, ())


def _score_first(sort: str) -> bool:
    return (sort or DEFAULT_SORT).split(",")[0].split() == ["score", "desc"]


def _page_candidates(matched):
    """The matches that can take one of the first `page_places` places of a score-first order.

    Ranked by score alone (no key row read), then cut: rank() counts only strictly better
    scores, so every tie at the last place stays for the tie-breaks to order. At 100k a common
    word matches thousands of datasets; the tie-breaks then read a few hundred key rows.
    """
    place = func.rank().over(order_by=matched.c.score.desc()).label("place")
    ranked = select(matched.c.key, matched.c.score, place).subquery("ranked")
    places = bindparam("page_places", type_=Integer)
    return select(ranked.c.key, ranked.c.score).where(ranked.c.place <= places).subquery("page")


def text_requirements(groups: list[list[str]], segmenter: str) -> list[list[list[Term]]]:
    """Each group becomes the words' terms; words and groups without letters or digits go."""
    requirements = []
    for group in groups:
        words = [terms for terms in (query_terms(w, segmenter) for w in group) if terms]
        if words:
            requirements.append(words)
    if sum(len(terms) for group in requirements for terms in group) > MAX_QUERY_TERMS:
        raise SearchQueryError(f"q: too many words (at most {MAX_QUERY_TERMS})")
    return requirements


def _snippets(session: Session, names: list[str], requirements) -> dict[str, dict]:
    words = highlight_words([t for group in requirements for word in group for t in word])
    found = session.execute(
        select(DatasetRow.name, DatasetRow.descriptor).where(DatasetRow.name.in_(names))
    )
    snippets = {name: snippet(descriptor, words) for name, descriptor in found}
    return {name: s for name, s in snippets.items() if s}


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


def _filter(key: str, value: str, negated: bool):
    column_filters = {
        "organization": Keys.department_id,
        "groups": Keys.area_id,
        "license_id": Keys.license_id,
        "open": Keys.open,
        "name": Keys.name,
        "id": Keys.id,
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
        clause = Keys.search_title.contains(fold(value), autoescape=True)
    elif key == "tags":
        clause = Keys.name.in_(select(TagRow.dataset_name).where(TagRow.tag == value))
    else:  # res_format: formats hold " CSV XLSX "
        clause = Keys.formats.contains(f" {value.strip().upper()} ", autoescape=True)
    return not_(clause) if negated else clause


def _order(sort: str, score) -> list:
    clauses = []
    for part in filter(str.strip, (sort or DEFAULT_SORT).split(",")):
        pieces = part.split()
        key = pieces[0]
        direction = pieces[1].lower() if len(pieces) > 1 else "asc"
        if key not in SORTS or direction not in ("asc", "desc") or len(pieces) > 2:
            raise ValidationError({"sort": [f"cannot sort by {part.strip()!r}"]})
        column = SORTS[key] if key != "score" else score
        clauses.append(column.desc() if direction == "desc" else column.asc())
    return clauses + [Keys.name.asc()]
