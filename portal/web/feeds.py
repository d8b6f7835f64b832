"""Machine-readable catalogue feeds: DCAT for the catalogue and for each dataset."""

from datetime import datetime
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request

from portal import dcat, queries
from portal.context import base_url, db_session
from portal.errors import BadRequest, NotFound
from portal.search import DatasetQuery, search_datasets

feeds = Blueprint("feeds", __name__)
FEED_FORMATS = "any(ttl, jsonld, rdf, xml)"
CATALOG_PAGE_SIZE = 100


@feeds.route(f"/dataset/<name>.<{FEED_FORMATS}:fmt>")
def dataset_dcat(name: str, fmt: str):
    detail = queries.dataset_detail(db_session(), name)
    if detail is None or detail["name"] != name:
        raise NotFound(f"数据集 {name} 不存在或未发布")
    return _rdf_response(dcat.dataset_graph(base_url(), detail), fmt)


@feeds.route(f"/catalog.<{FEED_FORMATS}:fmt>")
def catalog_dcat(fmt: str):
    """The whole catalogue, newest first, 100 datasets a page; `modified_since` for increments."""
    page = _page()
    fq = ""
    since = request.args.get("modified_since", "").strip()
    if since:
        try:
            datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError:
            raise BadRequest("modified_since 须为 ISO 8601 时间，如 2024-01-01T00:00:00Z") from None
        fq = f"metadata_modified:[{since} TO *]"
    session = db_session()
    hits = search_datasets(
        session,
        DatasetQuery(
            fq=fq,
            sort="metadata_modified desc",
            rows=CATALOG_PAGE_SIZE,
            start=(page - 1) * CATALOG_PAGE_SIZE,
        ),
    )
    details = queries.dataset_details(session, hits.names)
    title = current_app.config["PORTAL"]["SITE_TITLE"]
    graph = dcat.catalog_graph(base_url(), title, details, _page_links(fmt, page, hits.count))
    return _rdf_response(graph, fmt)


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdecimal() or not 0 < int(raw) < 1_000_000:
        raise BadRequest("page 须为正整数")
    return int(raw)


def _page_links(fmt: str, page: int, count: int) -> dict:
    def link(number: int) -> str:
        args = {**request.args, "page": str(number)}
        return f"{base_url()}/catalog.{fmt}?{urlencode(args)}"

    links = {"first": link(1)}
    if page * CATALOG_PAGE_SIZE < count:
        links["next"] = link(page + 1)
    if page > 1:
        links["previous"] = link(page - 1)
    return links


def _rdf_response(graph, fmt: str) -> Response:
    data, mimetype = dcat.serialize(graph, fmt)
    return Response(data, mimetype=mimetype, headers={"X-Content-Type-Options": "nosniff"})
