"""The CKAN actions this portal answers: an explicit table, read-only."""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from portal import harvest_queries, queries
from portal.access import token_allows
from portal.ckan import dicts
from portal.ckan.params import Params
from portal.ckan.spec import help_text
from portal.errors import Forbidden, NotFound, ValidationError
from portal.rowstore import RowQuery, search_rows
from portal.search import DEFAULT_SORT, FACETS, DatasetQuery, search_datasets

CKAN_VERSION = "2.10.4"
PACKAGE_SEARCH_ROWS_MAX = 1000
DATASTORE_ROWS_MAX = 32000
LIST_LIMIT_MAX = 1000
RECORDS_FORMATS = ("objects", "lists", "csv", "tsv")


@dataclass
class ActionContext:
    session: Session
    base_url: str
    settings: dict
    token: str = ""  # an approved applicant's token, sent as a CKAN API key


def site_read(ctx: ActionContext, params: Params) -> bool:
    return True


def status_show(ctx: ActionContext, params: Params) -> dict:
    return {
        "site_title": ctx.settings["SITE_TITLE"],
        "site_description": "政务数据共享开放目录中的开放数据",
        "site_url": ctx.base_url,
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": "zh_Hans_CN",
        "extensions": ["datastore"],
    }


def package_list(ctx: ActionContext, params: Params) -> list[str]:
    limit = params.integer("limit", None, minimum=0)
    offset = params.integer("offset", 0)
    return queries.dataset_names(ctx.session, limit, offset)


def package_show(ctx: ActionContext, params: Params) -> dict:
    key = params.required_text("id", "name")
    detail = queries.dataset_detail(ctx.session, key)
    if detail is None:
        raise NotFound("Not found")
    if detail["open"] != "open" and _unlocked(ctx, detail["name"], detail["open"]):
        detail = {**detail, "resources": detail["all_resources"]}
    return dicts.package_dict(ctx.base_url, detail)


def package_search(ctx: ActionContext, params: Params) -> dict:
    facet_fields = params.json_value("facet.field", [])
    if not isinstance(facet_fields, list) or not all(isinstance(f, str) for f in facet_fields):
        raise ValidationError({"facet.field": ["must be a JSON list of field names"]})
    unknown = [f for f in facet_fields if f not in FACETS]
    if unknown:
        raise ValidationError({"facet.field": [f"cannot facet on {', '.join(unknown)}"]})
    query = DatasetQuery(
        q=params.text("q"),
        fq=params.text("fq"),
        sort=params.text("sort") or DEFAULT_SORT,
        rows=params.integer("rows", 10, maximum=PACKAGE_SEARCH_ROWS_MAX, clamp=True),
        start=params.integer("start", 0),
        facet_fields=tuple(facet_fields),
        facet_limit=params.integer("facet.limit", 50, minimum=-1),
    )
    hits = search_datasets(ctx.session, query)
    details = queries.dataset_details(ctx.session, hits.names)
    labels = _facet_labels(ctx.session, hits.facets)
    return {
        "count": hits.count,
        "sort": query.sort,
        "results": [_with_snippet(dicts.package_dict(ctx.base_url, d), hits) for d in details],
        "facets": {f: dict(counts) for f, counts in hits.facets.items()},
        "search_facets": {
            f: {
                "title": f,
                "items": [
                    {"name": v, "display_name": labels.get(f, {}).get(v, v), "count": n}
                    for v, n in counts
                ],
            }
            for f, counts in hits.facets.items()
        },
    }


def _with_snippet(package: dict, hits) -> dict:
    """`search_snippet`: where q matched, as plain text + offsets and as escaped HTML."""
    if package["name"] in hits.snippet_details:
        package["search_snippet"] = hits.snippet_details[package["name"]]
    return package


def _facet_labels(session: Session, facets: dict) -> dict[str, dict[str, str]]:
    """Display names of the departments and areas in these facets."""
    departments = {v for v, _ in facets.get("organization", [])}
    areas = {v for v, _ in facets.get("groups", [])}
    return queries.owner_names(session, departments, areas)


def current_package_list_with_resources(ctx: ActionContext, params: Params) -> list[dict]:
    limit = params.integer("limit", None, minimum=0, maximum=LIST_LIMIT_MAX, clamp=True)
    offset = params.integer("offset", 0)
    page = params.integer("page", None, minimum=1)
    if page is not None and limit:
        offset = (page - 1) * limit
    names = queries.recent_dataset_names(ctx.session, limit, offset)
    return [
        dicts.package_dict(ctx.base_url, d) for d in queries.dataset_details(ctx.session, names)
    ]


def organization_list(ctx: ActionContext, params: Params) -> list:
    return _owner_list(
        ctx,
        params,
        queries.departments_with_counts(ctx.session),
        dicts.organization_dict,
        "organizations",
    )


def group_list(ctx: ActionContext, params: Params) -> list:
    return _owner_list(
        ctx, params, queries.areas_with_counts(ctx.session), dicts.group_dict, "groups"
    )


def _owner_list(
    ctx: ActionContext, params: Params, items: list[dict], to_dict, filter_key: str
) -> list:
    wanted = params.text_list(filter_key)
    if wanted is not None:
        items = [i for i in items if i["id"] in wanted]
    sort = params.text("sort", "title asc").strip().lower() or "title asc"
    keys = {
        "name": lambda i: i["id"],
        "title": lambda i: i["name"],
        "package_count": lambda i: i["package_count"],
    }
    field, _, direction = sort.partition(" ")
    if field not in keys or direction.strip() not in ("", "asc", "desc"):
        raise ValidationError({"sort": [f"cannot sort by {sort!r}"]})
    items = sorted(items, key=keys[field], reverse=direction.strip() == "desc")
    offset = params.integer("offset", 0)
    limit = params.integer("limit", None, maximum=LIST_LIMIT_MAX, clamp=True)
    items = items[offset : None if limit is None else offset + limit]
    if params.boolean("all_fields", False):
        return [to_dict(i) for i in items]
    return [i["id"] for i in items]


def organization_show(ctx: ActionContext, params: Params) -> dict:
    return _owner_show(
        ctx,
        params,
        queries.departments_with_counts(ctx.session),
        dicts.organization_dict,
        "organization",
    )


def group_show(ctx: ActionContext, params: Params) -> dict:
    return _owner_show(
        ctx, params, queries.areas_with_counts(ctx.session), dicts.group_dict, "groups"
    )


def _owner_show(
    ctx: ActionContext, params: Params, items: list[dict], to_dict, fq_key: str
) -> dict:
    key = params.required_text("id")
    item = queries.find_by_name_or_uuid(items, key)
    if item is None:
        raise NotFound(f"{fq_key.rstrip('s').capitalize()} not found")
    result = to_dict(item)
    result.update(users=[], extras=[], groups=[], tags=[])
    if params.boolean("include_datasets", False):
        hits = search_datasets(
            ctx.session,
            DatasetQuery(fq=f'{fq_key}:"{item["id"]}"', sort="name asc", rows=LIST_LIMIT_MAX),
        )
        details = queries.dataset_details(ctx.session, hits.names)
        result["packages"] = [dicts.package_dict(ctx.base_url, d) for d in details]
    return result


def tag_list(ctx: ActionContext, params: Params) -> list:
    names = queries.tag_names(ctx.session, params.text("query"))
    if params.boolean("all_fields", False):
        return [{"id": None, "name": n, "display_name": n, "vocabulary_id": None} for n in names]
    return names


def license_list(ctx: ActionContext, params: Params) -> list[dict]:
    return dicts.license_dicts()


def resource_show(ctx: ActionContext, params: Params) -> dict:
    resource = _served_resource(ctx, params.required_text("id"))
    detail = queries.dataset_detail(ctx.session, resource["dataset_name"])
    return dicts.resource_dict(ctx.base_url, resource, detail["id"], detail["title"])


def _resource(ctx: ActionContext, resource_id: str) -> dict:
    resource = queries.resource_detail(ctx.session, resource_id)
    if resource is None:
        raise NotFound(f'Resource "{resource_id}" was not found.')
    return resource


def _unlocked(ctx: ActionContext, dataset_name: str, open_attribute: str) -> bool:
    return open_attribute == "open" or token_allows(ctx.session, dataset_name, ctx.token)


def _served_resource(ctx: ActionContext, resource_id: str) -> dict:
    """A resource the caller may read: a conditional dataset's needs a token approved for it."""
    resource = _resource(ctx, resource_id)
    if not _unlocked(ctx, resource["dataset_name"], resource["open"]):
        raise Forbidden(
            f"Access denied: {resource['dataset_name']} is a conditional dataset; send the token "
            "of an application approved for it in the Authorization header"
        )
    return resource


def datastore_search(ctx: ActionContext, params: Params) -> dict:
    resource_id = params.required_text("resource_id", "id")
    resource = _served_resource(ctx, resource_id)
    if not resource["datastore_active"]:
        raise NotFound(f'Resource "{resource_id}" was not found in the datastore.')
    filters = params.json_value("filters", {})
    if not isinstance(filters, dict):
        raise ValidationError({"filters": ["must be a JSON object"]})
    records_format = params.text("records_format", "objects") or "objects"
    if records_format not in RECORDS_FORMATS:
        raise ValidationError({"records_format": [f"must be one of {', '.join(RECORDS_FORMATS)}"]})
    query = RowQuery(
        filters=filters,
        q=_datastore_q(params),
        sort=_datastore_sort(params),
        limit=params.integer("limit", 100, maximum=DATASTORE_ROWS_MAX, clamp=True),
        offset=params.integer("offset", 0),
        fields=list(dict.fromkeys(params.text_list("fields") or [])) or None,
        include_total=params.boolean("include_total", True),
        distinct=params.boolean("distinct", False),
    )
    found = search_rows(ctx.session.connection(), resource["row_table"], resource["fields"], query)
    result = {
        "resource_id": resource_id,
        "fields": found["fields"],
        "records": _format_records(found["records"], records_format),
        "records_format": records_format,
        "limit": query.limit,
        "offset": query.offset,
        "include_total": query.include_total,
        "_links": _datastore_links(resource_id, query),
    }
    if query.include_total:
        result.update(total=found["total"], total_was_estimated=False)
    for key, value in (("filters", query.filters), ("q", query.q), ("sort", query.sort)):
        if value:
            result[key] = value
    return result


def _datastore_q(params: Params) -> str | dict:
    """Free text, or {field: text}; in a query string the object arrives as JSON."""
    q = params.data.get("q")
    if isinstance(q, str) and q.strip().startswith("{"):
        q = params.json_value("q", {})
    if isinstance(q, dict):
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in q.items()):
            raise ValidationError({"q": ["an object of q must map field names to text"]})
        return q
    return params.text("q")


def _datastore_sort(params: Params) -> str:
    sort = params.data.get("sort")
    if isinstance(sort, list):
        if not all(isinstance(s, str) for s in sort):
            raise ValidationError({"sort": ["must be text or a list of text"]})
        return ", ".join(sort)
    return params.text("sort")


def _format_records(records: list[dict], records_format: str) -> list | str:
    if records_format == "objects":
        return records
    if records_format == "lists":
        return [list(r.values()) for r in records]
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter="," if records_format == "csv" else "\t", lineterminator="\n"
    )
    writer.writerows([["" if v is None else v for v in r.values()] for r in records])
    return buffer.getvalue()


def _datastore_links(resource_id: str, query: RowQuery) -> dict:
    def link(offset: int) -> str:
        args = {"resource_id": resource_id, "limit": query.limit, "offset": offset}
        if query.filters:
            args["filters"] = json.dumps(query.filters, ensure_ascii=False)
        if query.q:
            args["q"] = (
                query.q if isinstance(query.q, str) else json.dumps(query.q, ensure_ascii=False)
            )
        if query.sort:
            args["sort"] = query.sort
        return f"/api/3/action/datastore_search?{urlencode(args)}"

    return {"start": link(0), "next": link(query.offset + query.limit)}


def help_show(ctx: ActionContext, params: Params) -> str:
    name = params.required_text("name")
    if name not in ACTIONS:
        raise NotFound(f"Action {name} not found")
    return help_text(name)


def harvest_status_show(ctx: ActionContext, params: Params) -> list[dict]:
    dataset = params.text("id").strip() or None
    found = harvest_queries.harvest_status(
        ctx.session, params.text("department").strip() or None, dataset
    )
    if dataset and not found:
        raise NotFound("Not found")
    return found


def harvest_run_list(ctx: ActionContext, params: Params) -> list[dict]:
    return harvest_queries.harvest_runs(
        ctx.session,
        department=params.text("department").strip() or None,
        dataset=params.text("id").strip() or None,
        limit=params.integer("limit", 20, maximum=LIST_LIMIT_MAX, clamp=True),
        offset=params.integer("offset", 0),
    )


ACTIONS: dict[str, Callable[[ActionContext, Params], Any]] = {
    "site_read": site_read,
    "status_show": status_show,
    "package_list": package_list,
    "package_show": package_show,
    "package_search": package_search,
    "current_package_list_with_resources": current_package_list_with_resources,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "group_list": group_list,
    "group_show": group_show,
    "tag_list": tag_list,
    "license_list": license_list,
    "resource_show": resource_show,
    "datastore_search": datastore_search,
    "help_show": help_show,
    "harvest_status_show": harvest_status_show,
    "harvest_run_list": harvest_run_list,
}
