"""The search results page: facets, sorts and pages over the search backend's package_search.

Two things the backend does not know are added here: the update frequency facet (from the
directory entries) and the sort by downloads (from the download counters). Both work on the
backend's full list of matching names, which is small for a provincial catalogue.
"""

from collections import Counter

from flask import request
from markupsafe import Markup, escape
from sqlalchemy import select

from directory.model import UPDATE_FREQUENCIES
from portal import queries
from portal.context import db_session
from portal.models import EntryRow
from portal.search import DatasetHits, DatasetQuery, search_datasets
from portal.web.counts import download_counts
from portal.web.i18n import localized, translate

PAGE_SIZE = 20
ALL_MATCHES = 10_000
MAX_EXCLUSIONS = 500  # beyond this many datasets the frequency filter is not offered
BACKEND_FACETS = ("groups", "organization", "res_format", "open", "tags")
SEARCH_FACETS = (*BACKEND_FACETS[:4], "update", "tags")
FACET_TITLES = {
    "groups": "领域",
    "organization": "部门",
    "tags": "标签",
    "res_format": "格式",
    "open": "开放属性",
    "update": "更新周期",
}
SORT_CHOICES = {
    "relevance": ("相关度", "score desc, metadata_modified desc"),
    "modified": ("最近更新", "metadata_modified desc"),
    "name": ("名称", "title_string asc"),
    "downloads": ("下载量", "score desc, metadata_modified desc"),
}


def link_args(**changes) -> dict:
    """The current query string with some arguments changed (None removes one)."""
    args = {k: v for k, v in request.args.items() if k not in changes}
    args.update({k: v for k, v in changes.items() if v is not None})
    return args


def safe_snippet(text: str) -> Markup:
    """A search backend's snippet: everything escaped except its <mark> highlights."""
    escaped = str(escape(text))
    return Markup(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


def page_number() -> int:
    raw = request.args.get("page", "1")
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return int(raw) if raw.isdecimal() and 0 < int(raw) < 10_000 else 1


def _update_of() -> dict[str, str]:
    return dict(db_session().execute(select(EntryRow.id, EntryRow.update)).all())


def _filter_query(chosen: dict[str, str], updates: dict[str, str]) -> str:
    terms = [
        f'{key}:"{value.replace(chr(34), "")}"'
        for key, value in chosen.items()
        if key in BACKEND_FACETS
    ]
    if "update" in chosen:  # the backend has no such field: exclude the other datasets
        others = [name for name, update in updates.items() if update != chosen["update"]]
        terms += [f'-name:"{name}"' for name in others[:MAX_EXCLUSIONS]]
    return " ".join(terms)


def _labels() -> dict[str, dict[str, str]]:
    session = db_session()
    return {
        "groups": {a["id"]: localized(a) for a in queries.areas_with_counts(session)},
        "organization": {d["id"]: localized(d) for d in queries.departments_with_counts(session)},
        "open": {"open": translate("无条件开放"), "conditional": translate("有条件开放")},
        "update": {key: translate(label) for key, (label, _) in UPDATE_FREQUENCIES.items()},
    }


def _facets(hits: DatasetHits, all_names: list[str], updates: dict, fixed: dict, labels: dict):
    counts = dict(hits.facets)
    if len(updates) <= MAX_EXCLUSIONS:
        frequency = Counter(updates[n] for n in all_names if n in updates)
        counts["update"] = sorted(frequency.items(), key=lambda item: (-item[1], item[0]))
    return [
        (f, FACET_TITLES[f], [(v, labels.get(f, {}).get(v, v), n) for v, n in counts.get(f, [])])
        for f in SEARCH_FACETS
        if f not in fixed
    ]


def run_search(fixed: dict[str, str] | None = None) -> dict:
    """Search from the query string; `fixed` pins a filter (an area or department page)."""
    fixed = fixed or {}
    session = db_session()
    chosen = {f: request.args.get(f, "") for f in SEARCH_FACETS if request.args.get(f)}
    chosen.update(fixed)
    q = request.args.get("q", "").strip()[:200]
    sort_key = request.args.get("sort", "relevance" if q else "modified")
    sort_key = sort_key if sort_key in SORT_CHOICES else "relevance"
    page = page_number()
    updates = _update_of()
    hits = search_datasets(
        session,
        DatasetQuery(
            q=q.replace(":", " "),
            fq=_filter_query(chosen, updates),
            sort=SORT_CHOICES[sort_key][1],
            rows=ALL_MATCHES,
            facet_fields=BACKEND_FACETS,
            facet_limit=20,
        ),
    )
    names = hits.names
    if sort_key == "downloads":  # stable: equal counts keep the backend's relevance order
        downloads = download_counts(session, names)
        names = sorted(names, key=lambda n: -downloads.get(n, 0))
    labels = _labels()
    snippets = getattr(hits, "snippets", None) or {}
    return {
        "q": q,
        "chosen": chosen,
        "chosen_labels": {f: labels.get(f, {}).get(v, v) for f, v in chosen.items()},
        "link": link_args,
        "page_args": lambda number: link_args(page=number),
        "snippets": {n: safe_snippet(text) for n, text in snippets.items()},
        "fixed": fixed,
        "sort": sort_key,
        "sort_choices": SORT_CHOICES,
        "count": hits.count,
        "results": queries.dataset_details(session, names[(page - 1) * PAGE_SIZE :][:PAGE_SIZE]),
        "facets": _facets(hits, hits.names, updates, fixed, labels),
        "page": page,
        "pages": max(1, -(-hits.count // PAGE_SIZE)),
    }
