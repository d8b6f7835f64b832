"""The citizen's pages. Each view gathers plain data, then renders one template."""

from datetime import timedelta

from flask import Blueprint, render_template, request

from directory.model import UPDATE_FREQUENCIES
from portal import queries
from portal.access import token_allows
from portal.context import base_url, db_session, package_store
from portal.errors import NotFound
from portal.schema_org import dataset_markup
from portal.search import DatasetQuery, search_datasets
from portal.web.changes import compare_versions
from portal.web.charts import choose_chart
from portal.web.counts import download_counts, most_downloaded
from portal.web.downloads import access_token
from portal.web.i18n import localized, translate
from portal.web.preview import load_preview, read_state
from portal.web.search_page import run_search

pages = Blueprint("pages", __name__)


@pages.route("/")
def home():
    session = db_session()
    areas = queries.areas_with_counts(session)
    priority = [a for a in areas if a["priority"]]
    newest = {
        a["id"]: search_datasets(
            session, DatasetQuery(fq=f'groups:"{a["id"]}"', sort="metadata_modified desc", rows=3)
        ).names
        for a in priority
    }
    recent = queries.recent_dataset_names(session, 6)
    popular = most_downloaded(session, 6)
    wanted = list(dict.fromkeys([*sum(newest.values(), []), *recent, *popular]))
    details = {d["name"]: d for d in queries.dataset_details(session, wanted)}  # one query set
    for area in priority:
        area["recent"] = [details[n] for n in newest[area["id"]] if n in details]
    return render_template(
        "home.html",
        priority_areas=priority,
        other_areas=[a for a in areas if not a["priority"]],
        departments=queries.departments_with_counts(session),
        recent=[details[n] for n in recent if n in details],
        popular=[details[n] for n in popular if n in details],
        total=sum(a["package_count"] for a in areas),
    )


@pages.route("/dataset")
def search_page():
    return render_template("search.html", heading=translate("数据集"), search=run_search())


@pages.route("/group")
def area_list():
    return render_template(
        "owners.html",
        heading=translate("领域"),
        kind="group",
        items=queries.areas_with_counts(db_session()),
    )


@pages.route("/group/<area_id>")
def area_page(area_id: str):
    area = queries.find_by_name_or_uuid(queries.areas_with_counts(db_session()), area_id)
    if area is None:
        raise NotFound(f"领域 {area_id} 不存在")
    return render_template(
        "search.html",
        heading=localized(area),
        owner=area,
        search=run_search({"groups": area["id"]}),
    )


@pages.route("/organization")
def department_list():
    items = queries.departments_with_counts(db_session())
    return render_template(
        "owners.html", heading=translate("部门"), kind="organization", items=items
    )


@pages.route("/organization/<department_id>")
def department_page(department_id: str):
    department = queries.find_by_name_or_uuid(
        queries.departments_with_counts(db_session()), department_id
    )
    if department is None:
        raise NotFound(f"部门 {department_id} 不存在")
    search = run_search({"organization": department["id"]})
    return render_template(
        "search.html", heading=localized(department), owner=department, search=search
    )


def _published(name: str) -> dict:
    detail = queries.dataset_detail(db_session(), name)
    if detail is None or detail["name"] != name:
        raise NotFound(f"数据集 {name} 不存在或未发布")
    return detail


def _next_due(detail: dict):
    days = UPDATE_FREQUENCIES.get(detail["update"], ("", None))[1]
    return detail["modified"] + timedelta(days=days) if days else None


@pages.route("/dataset/<name>")
def dataset_page(name: str):
    session = db_session()
    detail = _published(name)
    preview = chart = None
    token = access_token() if detail["open"] == "conditional" else ""
    unlocked = detail["open"] == "open" or token_allows(session, name, token)
    resources = detail["all_resources"] if unlocked else detail["resources"]
    resource = resources[0] if resources else None
    if resource and resource["datastore_active"] and unlocked:
        conn = session.connection()
        state = read_state(resource["fields"], token if unlocked else "")
        preview = load_preview(conn, resource, state)
        chart = choose_chart(conn, resource, detail["primary_key"])
    return render_template(
        "dataset.html",
        d=detail,
        resource=resource,
        preview=preview,
        chart=chart,
        next_due=_next_due(detail),
        unlocked=unlocked,
        token=token if unlocked and token else None,
        downloads=download_counts(session, [name]).get(name, 0),
        markup=dataset_markup(base_url(), detail),
        site=base_url(),
        preview_args=lambda number: preview["state"].link_args(page=number) if preview else {},
    )


def _version_arg(key: str, default: int, numbers: set[int]) -> int:
    raw = request.args.get(key, "")
    value = int(raw) if raw.isdecimal() and len(raw) < 9 else default
    if value not in numbers:
        raise NotFound(f"版本 {raw} 不存在")
    return value


@pages.route("/dataset/<name>/changes")
def dataset_changes(name: str):
    """What changed between two versions (default: the current one and the one before)."""
    detail = _published(name)
    numbers = {v["number"] for v in detail["versions"]}
    new = _version_arg("to", detail["version"], numbers)
    old = _version_arg("from", max([n for n in numbers if n < new] or [new]), numbers)
    changes = (
        compare_versions(package_store(), name, old, new)
        if old != new
        else {"old": old, "new": new}
    )
    locked = detail["open"] != "open" and not token_allows(db_session(), name, access_token())
    if locked and "rows" in changes:  # sample row keys are data: counts only without a token
        changes["rows"].update(sample_added=[], sample_removed=[], sample_changed=[])
    return render_template("changes.html", d=detail, changes=changes)


@pages.route("/directory")
def directory_page():
    entries = queries.directory_entries(db_session())
    counts = {
        k: sum(1 for e in entries if e["open"] == k) for k in ("open", "conditional", "closed")
    }
    return render_template("directory.html", entries=entries, counts=counts)
