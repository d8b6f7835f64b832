"""Source kind `http` against a real HTTP server on loopback: conditional requests, limits, the
address guard, and every fault leaving the last good version served whole."""

import csv
import gzip

import pytest
from helpers import HOSPITAL_HEADER, dataset_entry, hospital_rows
from source_servers import (
    SourceServer,
    closed_port,
    csv_bytes,
    dropped,
    gzipped,
    make_site,
    redirect,
    send,
    slow,
    static_file,
    status,
    truncated,
)

from directory import DirectoryError
from harvesters import harvest
from harvesters.context import HarvestContext
from harvesters.errors import AddressRefusedError, SourceTooLargeError
from portal.indexer import reindex

HEADER = HOSPITAL_HEADER
GOOD = csv_bytes(HEADER, hospital_rows(30))
FAST = {"connect_timeout": 2, "read_timeout": 0.5, "retries": 1, "backoff": 0}


@pytest.fixture
def server():
    with SourceServer() as running:
        yield running


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


def http_entry(url: str, **settings) -> dict:
    return dataset_entry("hospitals", "", source={"kind": "http", "url": url, **FAST, **settings})


def published_rows(site, version: str) -> int:
    folder = site.store.version_dir("hospitals", version)
    (data,) = (folder / "data").glob("*.csv")
    with data.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_http_unchanged_source_costs_one_conditional_request(server, site):
    server.routes["/h.csv"] = static_file(GOOD, etag='"v1"')
    directory = site.write_directory([http_entry(server.url + "/h.csv")])
    first = site.harvest(directory, "hospitals")
    assert (first.status, first.version, first.rows) == ("published", "1", 30)
    assert server.hits["/h.csv"] == 1

    again = site.harvest(directory, "hospitals")
    assert (again.status, again.version, again.rows) == ("unchanged", "1", 30)
    assert server.hits["/h.csv"] == 2
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert "HTTP 304" in site.recorded("hospitals")[-1].detail

    changed = csv_bytes(HEADER, hospital_rows(31))
    server.routes["/h.csv"] = static_file(changed, etag='"v2"')
    third = site.harvest(directory, "hospitals")
    assert (third.status, third.version, third.rows) == ("published", "2", 31)


def test_http_directory_change_rebuilds_even_when_the_source_is_unchanged(server, site):
    # A department that marks a column `drop` must see it gone at the next harvest, though
    # the file behind the address did not change (the server would answer 304).
    server.routes["/h.csv"] = static_file(GOOD, etag='"v1"')
    entry = http_entry(server.url + "/h.csv")
    directory = site.write_directory([entry])
    assert site.harvest(directory, "hospitals").status == "published"
    assert site.harvest(directory, "hospitals").status == "unchanged"

    fields = [dict(f, sensitive="drop") if f["name"] == "city" else f for f in entry["fields"]]
    changed = site.write_directory([{**entry, "fields": fields}])
    outcome = site.harvest(changed, "hospitals")
    assert (outcome.status, outcome.version, outcome.rows) == ("published", "2", 30)
    assert "If-None-Match" not in server.requests[-1][1]
    descriptor = site.store.read_descriptor("hospitals", "2")
    names = [f["name"] for f in descriptor["resources"][0]["schema"]["fields"]]
    assert "city" not in names and "name" in names
    # From then on, the new entry's validators are used again.
    assert site.harvest(changed, "hospitals").status == "unchanged"
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'


def test_http_failed_build_is_fetched_in_full_next_time(server, site):
    # The validators are remembered only after a successful publish: a source that was fixed
    # while its ETag stayed the same must not be answered "unchanged" forever.
    server.routes["/h.csv"] = static_file(GOOD, etag='"same"')
    directory = site.write_directory([http_entry(server.url + "/h.csv")])
    assert site.harvest(directory, "hospitals").status == "published"
    server.routes["/h.csv"] = static_file(b"<html><body>login</body></html>", etag='"new"')
    assert site.harvest(directory, "hospitals").status == "failed"
    server.routes["/h.csv"] = static_file(csv_bytes(HEADER, hospital_rows(5)), etag='"new"')
    outcome = site.harvest(directory, "hospitals")
    assert (outcome.status, outcome.version, outcome.rows) == ("published", "2", 5)
    assert server.requests[-1][1].get("If-None-Match") == '"same"'


FAULTS = {
    "refused": (None, "cannot connect", "unavailable"),
    "dropped": (dropped, "cannot connect", "unavailable"),
    "http-500": (status(500), "HTTP 500", "unavailable"),
    "slow": (slow(2.0, GOOD), "timed out", "unavailable"),
    "truncated": (truncated(GOOD[:500]), "broke off", "unavailable"),
    "html": (
        static_file(b"<!DOCTYPE html><title>login</title>", "text/html"),
        "HTML page",
        "bad-content",
    ),
    "other-schema": (static_file(csv_bytes(["编号", "名称"], [["1", "a"]])), "h.csv", "schema"),
    "not-found": (status(404, b"gone"), "not found", "not-found"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_http_fault_keeps_last_good_version(server, site, fault):
    responder, expected, reason = FAULTS[fault]
    server.routes["/h.csv"] = static_file(GOOD)
    url = server.url + "/h.csv"
    directory = site.write_directory([http_entry(url)])
    assert site.harvest(directory, "hospitals").status == "published"

    if responder is None:
        url = f"http://127.0.0.1:{closed_port()}/h.csv"
        directory = site.write_directory([http_entry(url)])
    else:
        server.routes["/h.csv"] = responder
    outcome = site.harvest(directory, "hospitals")

    assert outcome.status == "failed"
    assert expected in outcome.error
    record = site.recorded("hospitals")[-1]
    assert (record.status, record.error, record.reason) == ("failed", outcome.error, reason)
    assert record.source == f"http: {url}"
    assert site.store.versions("hospitals") == ["1"]
    assert published_rows(site, "1") == 30
    with site.database.session() as session:
        assert reindex(session, site.store, directory).repairs == []


def test_http_retries_a_transient_500_then_publishes(server, site):
    answers = [status(503), static_file(GOOD)]
    server.routes["/h.csv"] = lambda handler: answers.pop(0)(handler)
    directory = site.write_directory([http_entry(server.url + "/h.csv", retries=2)])
    assert site.harvest(directory, "hospitals").status == "published"
    assert server.hits["/h.csv"] == 2


def test_http_max_bytes_stops_the_download_early(server, tmp_path):
    big = csv_bytes(HEADER, hospital_rows(30) * 2000)
    server.routes["/big.csv"] = static_file(big)
    entry = load_entry(tmp_path, http_entry(server.url + "/big.csv", max_bytes=100_000))
    with pytest.raises(SourceTooLargeError, match="max_bytes"):
        harvest(entry, HarvestContext(tmp_path, allow_private=("127.0.0.1",)))
    assert (tmp_path / "hospitals.download").stat().st_size <= 100_000


def test_http_gzip_is_capped_by_its_unpacked_size(server, tmp_path):
    bomb = b"a," * 5_000_000  # 10 MB that packs into about 10 KB
    server.routes["/bomb.csv"] = gzipped(bomb)
    server.routes["/ok.csv"] = gzipped(GOOD)
    assert len(gzip.compress(bomb)) < 100_000
    context = HarvestContext(tmp_path, allow_private=("127.0.0.1",))
    entry = load_entry(tmp_path, http_entry(server.url + "/bomb.csv", max_bytes=1_000_000))
    with pytest.raises(SourceTooLargeError):
        harvest(entry, context)
    (table,) = harvest(load_entry(tmp_path, http_entry(server.url + "/ok.csv")), context)
    assert table.path.read_bytes() == GOOD


def test_http_xlsx_zip_bomb_is_refused_unopened(server, tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" * 5_000_000)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    server.routes["/b.xlsx"] = static_file(bomb.read_bytes(), xlsx)
    entry = load_entry(tmp_path, http_entry(server.url + "/b.xlsx", max_bytes=1_000_000))
    with pytest.raises(SourceTooLargeError, match="unpacks to 5,000,000 bytes"):
        harvest(entry, HarvestContext(tmp_path / "work", allow_private=("127.0.0.1",)))


def test_http_address_guard_refuses_loopback_unless_allow_listed(server, tmp_path):
    server.routes["/h.csv"] = static_file(GOOD)
    entry = load_entry(tmp_path, http_entry(server.url + "/h.csv"))
    with pytest.raises(AddressRefusedError, match="127.0.0.1"):
        harvest(entry, HarvestContext(tmp_path / "work"))
    allowed = load_entry(tmp_path, http_entry(server.url + "/h.csv", allow_private=True))
    assert harvest(allowed, HarvestContext(tmp_path / "work"))[0].path.read_bytes() == GOOD


def test_http_address_guard_checks_every_redirect(server, tmp_path):
    # localhost is allow-listed by name; the redirect leads to 127.0.0.1, which is not.
    port = server.httpd.server_port
    server.routes["/start.csv"] = redirect(f"http://127.0.0.1:{port}/h.csv")
    server.routes["/h.csv"] = static_file(GOOD)
    entry = load_entry(tmp_path, http_entry(f"http://localhost:{port}/start.csv"))
    with pytest.raises(AddressRefusedError, match="127.0.0.1"):
        harvest(entry, HarvestContext(tmp_path, allow_private=("localhost",)))
    assert server.hits["/start.csv"] == 1 and server.hits["/h.csv"] == 0


def test_http_json_answer_with_wrong_format_is_named(server, tmp_path):
    server.routes["/h.json"] = lambda h: send(h, 200, b"id,name\n1,a\n", "application/json")
    entry = load_entry(tmp_path, http_entry(server.url + "/h.json"))
    with pytest.raises(Exception, match="is not JSON"):
        harvest(entry, HarvestContext(tmp_path, allow_private=("127.0.0.1",)))


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"url": "ftp://example.org/a.csv"}, "source.url: 'ftp://example.org/a.csv' is not an"),
        ({"url": "https://u:p@example.org/a.csv"}, "source.url: must not hold a user name"),
        ({"url": "https://example.org/a.csv", "retries": 99}, "source.retries: 99 is outside"),
        ({"url": "https://example.org/a.csv", "max_bytes": "1MB"}, "source.max_bytes: must be"),
        ({"url": "https://example.org/a.csv", "allow_private": "yes"}, "source.allow_private"),
        ({}, "datasets[hospitals].source.url: is required"),
    ],
)
def test_http_source_options_are_checked(tmp_path, settings, problem):
    from source_servers import make_site as _make_site

    entry = dataset_entry("hospitals", "", source={"kind": "http", **settings})
    with pytest.raises(DirectoryError) as raised:
        _make_site(tmp_path).write_directory([entry])
    assert problem in str(raised.value)


def test_http_top_level_allow_list_is_checked(tmp_path):
    with pytest.raises(DirectoryError, match="allow_private: '10.0.0.0/33' is not a network"):
        make_site(tmp_path).write_directory([], allow_private=["10.0.0.0/33"])


def load_entry(tmp_path, raw: dict):
    directory = make_site(tmp_path).write_directory([raw])
    return directory.dataset(raw["id"])


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("127.0.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # loopback dressed as IPv6
        ("224.0.0.1", False),
    ],
)
def test_http_guard_knows_private_addresses(address, public):
    import ipaddress

    from harvesters.guard import AddressPolicy

    assert AddressPolicy().permits("example.org", ipaddress.ip_address(address)) is public


def test_http_guard_allow_list_by_network_and_name():
    import ipaddress

    from harvesters.guard import AddressPolicy

    policy = AddressPolicy.from_allow_list(("10.20.0.0/16", "data.intranet.example"))
    assert policy.permits("db.example", ipaddress.ip_address("10.20.3.4"))
    assert not policy.permits("db.example", ipaddress.ip_address("10.21.3.4"))
    assert policy.permits("DATA.intranet.example.", ipaddress.ip_address("10.99.0.1"))


def test_http_guard_checks_the_resolved_address(server, tmp_path):
    server.routes["/h.csv"] = static_file(GOOD)
    url = f"http://localhost:{server.httpd.server_port}/h.csv"
    entry = load_entry(tmp_path, http_entry(url))
    with pytest.raises(AddressRefusedError, match=r"localhost resolves to (127\.0\.0\.1|::1)"):
        harvest(entry, HarvestContext(tmp_path / "work"))
    assert server.hits["/h.csv"] == 0
