"""Facet counts of a search, from combinations of facet values with their counts.

Every facet but tags comes from one grouped pass over the slim key rows: group by the combination
of facet values (there are few; each has an integer facet_key, portal/search_keys.py), then add
the combinations up per facet.
"""

from collections import Counter

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from portal.models import TagRow
from portal.search_keys import SearchKeyRow as Keys

FACET_COLUMNS = {
    "organization": Keys.department_id,
    "groups": Keys.area_id,
    "license_id": Keys.license_id,
    "open": Keys.open,
    "res_format": Keys.formats,  # " CSV XLSX ": split when counted
}


def grouped_facets(facet_fields) -> list[str]:
    return [f for f in dict.fromkeys(facet_fields) if f in FACET_COLUMNS]


def combinations_statement(source, where, facet_fields) -> Select:
    """Rows of (value of each grouped facet..., count) when executed."""
    columns = [FACET_COLUMNS[f] for f in grouped_facets(facet_fields)]
    if not columns:
        return select(func.count()).select_from(source).where(where)
    # Group the matches by one integer (a hash of all the facet values), then read each group's
    # values from one of its rows: sorting thousands of rows by several text columns took longer.
    groups = (
        select(Keys.facet_key, func.count().label("n"), func.max(Keys.key).label("one"))
        .select_from(source)
        .where(where)
        .group_by(Keys.facet_key)
        .subquery("facet_groups")
    )
    one = Keys.__table__.alias("one_row")
    return select(*(one.c[c.key] for c in columns), groups.c.n).join_from(
        groups, one, one.c.key == groups.c.one
    )


def facet_lists(session: Session, source, where, query, combinations, params: dict) -> dict:
    """Each facet's values with counts; `params` are the search's bound parameters."""
    grouped = grouped_facets(query.facet_fields)
    facets = {}
    for facet in query.facet_fields:
        if facet == "tags":
            counts = _tag_counts(session, source, where, params)
        else:
            counts = Counter()
            position = grouped.index(facet)
            for row in combinations:
                values = row[position].split() if facet == "res_format" else [row[position]]
                for value in values:
                    counts[value] += row[-1]
        facets[facet] = _top(counts, query.facet_limit)
    return facets


def _tag_counts(session: Session, source, where, params: dict) -> Counter:
    matching = select(Keys.name).select_from(source).where(where)
    statement = select(TagRow.tag, func.count()).where(TagRow.dataset_name.in_(matching))
    return Counter(dict(session.execute(statement.group_by(TagRow.tag), params).all()))


def _top(counts: Counter, limit: int) -> list[tuple[str, int]]:
    ordered = sorted(
        ((str(v), int(n)) for v, n in counts.items() if v), key=lambda item: (-item[1], item[0])
    )
    return ordered[:limit] if limit >= 0 else ordered
