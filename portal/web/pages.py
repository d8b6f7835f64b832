"""The citizen's pages. Each view gathers plain data, then renders one template."""

from flask import Blueprint, render_template, request

from portal import queries
from portal.context import base_url, db_session
from portal.errors import NotFound
from portal.rowstore import RowQuery, search_rows
from portal.schema_org import dataset_markup
from portal.search import DatasetQuery, search_datasets

pages = Blueprint("pages", __name__)
PAGE_SIZE = 20
PREVIEW_ROWS = 20
SEARCH_FACETS = ("groups", "organization", "tags", "res_format", "open")
FACET_TITLES = {
    "groups": "领域",
    "organization": "部门",
    "tags": "标签",
    "res_format": "格式",
    "open": "开放属性",
}
SORT_CHOICES = {
    "relevance": ("相关度", "score desc, metadata_modified desc"),
    "modified": ("最近更新", "metadata_modified desc"),
    "name": ("名称", "title_string asc"),
}


@pages.route("/")
def home():
    session = db_session()
    areas = queries.areas_with_counts(session)
    for area in areas:
        hits = search_datasets(
            session,
            DatasetQuery(fq=f'groups:"{area["id"]}"', sort="metadata_modified desc", rows=3),
        )
        area["recent"] = queries.dataset_details(session, hits.names)
    return render_template(
        "home.html",
        priority_areas=[a for a in areas if a["priority"]],
        other_areas=[a for a in areas if not a["priority"]],
        departments=queries.departments_with_counts(session),
        recent=queries.dataset_details(session, queries.recent_dataset_names(session, 6)),
        total=sum(a["package_count"] for a in areas),
    )


def _page_number() -> int:
    raw = request.args.get("page", "1")
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return int(raw) if raw.isdecimal() and 0 < int(raw) < 10_000 else 1


def run_search(fixed: dict[str, str] | None = None) -> dict:
    """Search from the query string; `fixed` pins a filter (an area or department page)."""
    session = db_session()
    chosen = {f: request.args.get(f, "") for f in SEARCH_FACETS if request.args.get(f)}
    chosen.update(fixed or {})
    fq = " ".join(f'{key}:"{value.replace(chr(34), "")}"' for key, value in chosen.items())
    q = request.args.get("q", "").strip()[:200]
    sort_key = request.args.get("sort", "relevance" if q else "modified")
    sort_key = sort_key if sort_key in SORT_CHOICES else "relevance"
    page = _page_number()
    hits = search_datasets(
        session,
        DatasetQuery(
            q=q.replace(":", " "),
            fq=fq,
            sort=SORT_CHOICES[sort_key][1],
            rows=PAGE_SIZE,
            start=(page - 1) * PAGE_SIZE,
            facet_fields=SEARCH_FACETS,
            facet_limit=20,
        ),
    )
    labels = {
        "groups": {a["id"]: a["name"] for a in queries.areas_with_counts(session)},
        "organization": {d["id"]: d["name"] for d in queries.departments_with_counts(session)},
        "open": {"open": "无条件开放", "conditional": "有条件开放"},
    }
    return {
        "q": q,
        "chosen": chosen,
        "fixed": fixed or {},
        "sort": sort_key,
        "sort_choices": SORT_CHOICES,
        "count": hits.count,
        "results": queries.dataset_details(session, hits.names),
        "facets": [
            (f, FACET_TITLES[f], [(v, labels.get(f, {}).get(v, v), n) for v, n in hits.facets[f]])
            for f in SEARCH_FACETS
            if f not in (fixed or {})
        ],
        "page": page,
        "pages": max(1, -(-hits.count // PAGE_SIZE)),
    }


@pages.route("/dataset")
def search_page():
    return render_template("search.html", heading="数据集", search=run_search())


@pages.route("/group")
def area_list():
    return render_template(
        "owners.html", heading="领域", kind="group", items=queries.areas_with_counts(db_session())
    )


@pages.route("/group/<area_id>")
def area_page(area_id: str):
    area = queries.find_by_name_or_uuid(queries.areas_with_counts(db_session()), area_id)
    if area is None:
        raise NotFound(f"领域 {area_id} 不存在")
    return render_template(
        "search.html", heading=area["name"], owner=area, search=run_search({"groups": area["id"]})
    )


@pages.route("/organization")
def department_list():
    items = queries.departments_with_counts(db_session())
    return render_template("owners.html", heading="部门", kind="organization", items=items)


@pages.route("/organization/<department_id>")
def department_page(department_id: str):
    department = queries.find_by_name_or_uuid(
        queries.departments_with_counts(db_session()), department_id
    )
    if department is None:
        raise NotFound(f"部门 {department_id} 不存在")
    search = run_search({"organization": department["id"]})
    return render_template(
        "search.html", heading=department["name"], owner=department, search=search
    )


@pages.route("/dataset/<name>")
def dataset_page(name: str):
    session = db_session()
    detail = queries.dataset_detail(session, name)
    if detail is None or detail["name"] != name:
        raise NotFound(f"数据集 {name} 不存在或未发布")
    preview = None
    resource = detail["resources"][0] if detail["resources"] else None
    if resource and resource["datastore_active"]:
        query = RowQuery(
            filters={},
            q="",
            sort="",
            limit=PREVIEW_ROWS,
            offset=0,
            fields=None,
            include_total=False,
        )
        preview = search_rows(
            session.connection(), resource["row_table"], resource["fields"], query
        )
    markup = dataset_markup(base_url(), detail)
    return render_template(
        "dataset.html", d=detail, resource=resource, preview=preview, markup=markup
    )


@pages.route("/directory")
def directory_page():
    entries = queries.directory_entries(db_session())
    counts = {
        k: sum(1 for e in entries if e["open"] == k) for k in ("open", "conditional", "closed")
    }
    return render_template("directory.html", entries=entries, counts=counts)
