"""Source kind `datapackage`: a Frictionless package published by another portal (a second
instance of this one on loopback) or served by a plain HTTP server."""

import json

import pytest
from helpers import HOSPITAL_HEADER, dataset_entry, hospital_rows
from source_servers import SourceServer, city_portal, csv_bytes, make_site, send, static_file

from directory import DirectoryError
from harvesters import harvest
from harvesters.context import HarvestContext
from harvesters.errors import SourceContentError, SourceNotFoundError

HEADER = HOSPITAL_HEADER


def package_entry(url: str, **settings) -> dict:
    source = {"kind": "datapackage", "url": url, "retries": 0, **settings}
    return dataset_entry("city-clinics", "", source=source)


def test_datapackage_from_another_portal_is_published(tmp_path):
    with city_portal(tmp_path / "city", rows=9) as (_, city_url):
        site = make_site(tmp_path / "province")
        url = city_url + "/dataset/harbin-clinics/datapackage.json"
        directory = site.write_directory([package_entry(url)])
        outcome = site.harvest(directory, "city-clinics")
        assert (outcome.status, outcome.rows) == ("published", 9), outcome.error
        assert site.harvest(directory, "city-clinics").status == "unchanged"


@pytest.fixture
def server():
    with SourceServer() as running:
        yield running


def serve_descriptor(server, resources: list[dict]) -> str:
    body = json.dumps({"name": "p", "resources": resources}, ensure_ascii=False).encode()
    server.routes["/pkg/datapackage.json"] = lambda h: send(h, 200, body, "application/json")
    return server.url + "/pkg/datapackage.json"


def harvest_from(tmp_path, url: str, **settings):
    directory = make_site(tmp_path).write_directory([package_entry(url, **settings)])
    context = HarvestContext(tmp_path / "work", allow_private=("127.0.0.1",))
    return harvest(directory.dataset("city-clinics"), context)


def test_datapackage_named_resource_with_dialect(tmp_path, server):
    semicolons = csv_bytes(HEADER, hospital_rows(4)).replace(b",", b";")
    server.routes["/pkg/data/h.csv"] = static_file(semicolons)
    url = serve_descriptor(
        server,
        [
            {"name": "readme", "path": "README.md"},
            {"name": "clinics", "path": "data/h.csv", "dialect": {"delimiter": ";"}},
        ],
    )
    (table,) = harvest_from(tmp_path, url, resource="clinics")
    assert (table.format, table.options["delimiter"]) == ("csv", ";")
    assert table.origin == server.url + "/pkg/data/h.csv"
    with pytest.raises(SourceNotFoundError, match="no resource 'other'"):
        harvest_from(tmp_path, url, resource="other")


def test_datapackage_encoding_is_a_hint_only_text_codecs_are_taken(tmp_path, server):
    server.routes["/pkg/data/h.csv"] = static_file(csv_bytes(HEADER, hospital_rows(3)))
    resources = [
        {"name": "a", "path": "data/h.csv", "encoding": "hex"},
        {"name": "b", "path": "data/h.csv", "encoding": "no-such-codec"},
        {"name": "c", "path": "data/h.csv", "encoding": "gb18030"},
    ]
    url = serve_descriptor(server, resources)
    for name in ("a", "b"):
        (table,) = harvest_from(tmp_path, url, resource=name)
        assert "encoding" not in table.options
    (table,) = harvest_from(tmp_path, url, resource="c")
    assert table.options["encoding"] == "gb18030"


@pytest.mark.parametrize("path", ["../../secret.csv", "/etc/passwd", "data/../../x.csv"])
def test_datapackage_path_must_stay_relative(tmp_path, server, path):
    url = serve_descriptor(server, [{"name": "clinics", "path": path, "format": "csv"}])
    with pytest.raises(SourceContentError, match="not a plain relative path"):
        harvest_from(tmp_path, url)


def test_datapackage_inline_data_is_published(tmp_path, server):
    records = [dict(zip(HEADER, row, strict=True)) for row in hospital_rows(6)]
    url = serve_descriptor(server, [{"name": "clinics", "data": records}])
    site = make_site(tmp_path)
    directory = site.write_directory([package_entry(url)])
    outcome = site.harvest(directory, "city-clinics")
    assert (outcome.status, outcome.rows) == ("published", 6), outcome.error


def test_datapackage_source_options_are_checked(tmp_path):
    with pytest.raises(DirectoryError, match=r"source.resource: must be the name"):
        make_site(tmp_path).write_directory(
            [package_entry("https://data.example.org/p/datapackage.json", resource=["a"])]
        )
