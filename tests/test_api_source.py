"""Source kind `api`: a paginated JSON API on a real loopback server, in each pagination style."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import dataset_entry, hospital_rows
from source_servers import SourceServer, make_site, send, status

from directory import DirectoryError
from harvesters import harvest
from harvesters.context import HarvestContext
from harvesters.errors import HarvestError

RECORDS = [
    {"机构代码": r[0], "机构名称": r[1], "所在城市": r[2], "床位数": int(r[3]), "开业日期": r[4]}
    for r in hospital_rows(23)
]
FAST = {"read_timeout": 2, "retries": 0}


def paged_api(handler) -> None:
    """page/page_size, offset/limit or cursor, as the query asks; records under data.items."""
    query = {k: v[0] for k, v in parse_qs(urlsplit(handler.path).query).items()}
    if "cursor" in query or query.get("style") == "cursor":
        start = int(query.get("cursor", "0"))
        size = 10
        following = start + size if start + size < len(RECORDS) else None
        body = {"data": {"items": RECORDS[start : start + size]}, "next": following}
    elif "offset" in query:
        start, size = int(query["offset"]), int(query["limit"])
        body = {"data": {"items": RECORDS[start : start + size]}}
    else:
        size = int(query.get("page_size", 5))
        start = (int(query.get("page", 1)) - 1) * size
        body = {"data": {"items": RECORDS[start : start + size]}}
    send(handler, 200, json.dumps(body, ensure_ascii=False).encode(), "application/json")


@pytest.fixture
def server():
    with SourceServer() as running:
        running.routes["/api/hospitals"] = paged_api
        yield running


def api_entry(url: str, **settings) -> dict:
    source = {"kind": "api", "url": url, "records": "data.items", **FAST, **settings}
    return dataset_entry("hospitals", "", source=source)


@pytest.mark.parametrize(
    ("settings", "requests"),
    [
        ({"pagination": "page", "page_size": 5}, 5),  # 5+5+5+5+3: the short page ends it
        ({"pagination": "offset", "page_size": 10}, 3),
        ({"pagination": "cursor", "cursor_path": "next", "params": {"style": "cursor"}}, 3),
    ],
)
def test_api_pages_are_followed_and_published(tmp_path, server, settings, requests):
    site = make_site(tmp_path)
    directory = site.write_directory([api_entry(server.url + "/api/hospitals", **settings)])
    outcome = site.harvest(directory, "hospitals")
    assert (outcome.status, outcome.rows) == ("published", 23), outcome.error
    assert server.hits["/api/hospitals"] == requests
    folder = site.store.version_dir("hospitals", "1")
    (data,) = (folder / "data").glob("*.csv")
    assert data.read_text("utf-8").splitlines()[-1].startswith(RECORDS[-1]["机构代码"])


def test_api_max_pages_fails_instead_of_publishing_a_part(tmp_path, server):
    site = make_site(tmp_path)
    entry = api_entry(server.url + "/api/hospitals", pagination="page", page_size=5, max_pages=2)
    outcome = site.harvest(site.write_directory([entry]), "hospitals")
    assert outcome.status == "failed"
    assert "more than max_pages (2) pages" in outcome.error
    assert site.store.versions("hospitals") == []


def test_api_error_page_and_wrong_shape_are_named(tmp_path, server):
    server.routes["/api/broken"] = status(500)
    server.routes["/api/flat"] = lambda h: send(h, 200, b'{"items": [1, 2]}', "application/json")
    context = HarvestContext(tmp_path / "work", allow_private=("127.0.0.1",))
    directory = make_site(tmp_path).write_directory([api_entry(server.url + "/api/broken")])
    with pytest.raises(HarvestError, match="HTTP 500"):
        harvest(directory.dataset("hospitals"), context)
    directory = make_site(tmp_path).write_directory(
        [api_entry(server.url + "/api/flat", records="items")]
    )
    with pytest.raises(HarvestError, match="record 1 is not an object"):
        harvest(directory.dataset("hospitals"), context)


def test_api_repeated_cursor_is_a_loop(tmp_path, server):
    loop = json.dumps({"data": {"items": RECORDS[:2]}, "next": "same"}).encode()
    server.routes["/api/loop"] = lambda h: send(h, 200, loop, "application/json")
    entry = api_entry(server.url + "/api/loop", pagination="cursor", cursor_path="next")
    directory = make_site(tmp_path).write_directory([entry])
    context = HarvestContext(tmp_path / "work", allow_private=("127.0.0.1",))
    with pytest.raises(HarvestError, match="cursor 'same' twice"):
        harvest(directory.dataset("hospitals"), context)
    assert server.hits["/api/loop"] == 2


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"pagination": "scroll"}, "source.pagination: 'scroll' is not one of"),
        ({"pagination": "cursor"}, "source.cursor_path: is required"),
        ({"pagination": "offset"}, "source.page_size: is required"),
        ({"max_pages": 0}, "source.max_pages: must be a whole number"),
        ({"params": ["a"]}, "source.params: must be a mapping"),
    ],
)
def test_api_source_options_are_checked(tmp_path, settings, problem):
    with pytest.raises(DirectoryError) as raised:
        make_site(tmp_path).write_directory([api_entry("https://api.example.org/h", **settings)])
    assert problem in str(raised.value)
