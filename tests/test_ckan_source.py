"""Source kind `ckan`: the province harvests a city's portal (a second instance of this portal on
another loopback port) through ckanapi; remote deletions and hostile resource links."""

import json

import pytest
from helpers import HOSPITAL_HEADER, dataset_entry, hospital_rows
from source_servers import SourceServer, city_portal, csv_bytes, make_site, send, static_file

from harvesters import harvest
from harvesters.context import HarvestContext
from harvesters.errors import AddressRefusedError, SourceTooLargeError

HEADER = HOSPITAL_HEADER


@pytest.fixture
def city(tmp_path):
    with city_portal(tmp_path / "city") as running:
        yield running


def ckan_entry(url: str, **settings) -> dict:
    source = {"kind": "ckan", "url": url, "dataset": "harbin-clinics", "retries": 0, **settings}
    return dataset_entry("city-clinics", "", area="livelihood", source=source)


def test_ckan_city_portal_is_harvested_then_deletion_is_followed(tmp_path, city):
    city_site, city_url = city
    province = make_site(tmp_path / "province")
    directory = province.write_directory([ckan_entry(city_url)])

    first = province.harvest(directory, "city-clinics")
    assert (first.status, first.version, first.rows) == ("published", "1", 17), first.error
    descriptor = province.store.read_descriptor("city-clinics", "1")
    assert descriptor["portal"]["department"]["id"] == "health"
    assert descriptor["portal"]["area"]["id"] == "livelihood"
    assert province.harvest(directory, "city-clinics").status == "unchanged"

    # The city withdraws the dataset: its portal stops publishing it.
    from portal.jobs import prepare_catalogue

    prepare_catalogue(city_site.database, city_site.store, city_site.write_directory([]))
    gone = province.harvest(directory, "city-clinics")
    assert gone.status == "failed" and gone.reason == "withdrawn"
    assert "no longer has dataset 'harbin-clinics'" in gone.error
    assert province.store.versions("city-clinics") == ["1"]


@pytest.fixture
def fake_portal():
    with SourceServer() as server:
        yield server


def package(resource_url: str) -> bytes:
    result = {
        "name": "harbin-clinics",
        "state": "active",
        "resources": [{"id": "r1", "name": "诊所", "format": "CSV", "url": resource_url}],
    }
    return json.dumps({"success": True, "result": result, "help": ""}).encode()


def test_ckan_resource_link_into_our_network_is_refused(tmp_path, fake_portal):
    port = fake_portal.httpd.server_port
    secret = f"http://127.0.0.1:{port}/secret.csv"
    fake_portal.routes["/secret.csv"] = static_file(csv_bytes(HEADER, hospital_rows(3)))
    answer = package(secret)
    fake_portal.routes["/api/action/package_show"] = lambda h: send(
        h, 200, answer, "application/json"
    )
    # The portal itself is allow-listed by name; its resource link names another host.
    directory = make_site(tmp_path).write_directory(
        [ckan_entry(f"http://localhost:{port}")], allow_private=("localhost",)
    )
    with pytest.raises(AddressRefusedError, match="127.0.0.1"):
        harvest(directory.dataset("city-clinics"), HarvestContext(tmp_path / "work"))
    assert fake_portal.hits["/secret.csv"] == 0


def test_ckan_oversized_api_answer_is_cut_off(tmp_path, fake_portal):
    huge = json.dumps({"success": True, "result": {"notes": "字" * 200_000}}).encode()
    fake_portal.routes["/api/action/package_show"] = lambda h: send(
        h, 200, huge, "application/json"
    )
    directory = make_site(tmp_path).write_directory([ckan_entry(fake_portal.url, max_bytes=50_000)])
    context = HarvestContext(tmp_path / "work", allow_private=("127.0.0.1",))
    with pytest.raises(SourceTooLargeError, match="larger than 50,000 bytes"):
        harvest(directory.dataset("city-clinics"), context)


def test_ckan_organization_is_harvested_and_remote_deletions_followed(tmp_path):
    with city_portal(tmp_path / "city", rows=7, districts=2) as (city_site, city_url):
        province = make_site(tmp_path / "province")
        source = {"kind": "ckan", "url": city_url, "organization": "health", "retries": 0}
        entry = dataset_entry("city-all-clinics", "", source=source)
        directory = province.write_directory([entry])

        first = province.harvest(directory, "city-all-clinics")
        assert (first.status, first.rows) == ("published", 7 + 6 + 7), first.error
        resources = province.store.read_descriptor("city-all-clinics", "1")["resources"]
        assert len(resources) == 3  # the market department's dataset is not in the organization
        assert all(r["name"].startswith("part-") for r in resources)
        assert province.harvest(directory, "city-all-clinics").status == "unchanged"

        # The city deletes one district's dataset: the next version no longer holds it.
        from portal.jobs import prepare_catalogue

        kept = [e for e in city_site.directory_entries if e["id"] != "district-2-clinics"]
        prepare_catalogue(city_site.database, city_site.store, city_site.write_directory(kept))
        second = province.harvest(directory, "city-all-clinics")
        assert (second.status, second.version, second.rows) == ("published", "2", 7 + 6)
        assert len(province.store.read_descriptor("city-all-clinics", "2")["resources"]) == 2


def test_ckan_search_larger_than_max_datasets_fails(tmp_path):
    with city_portal(tmp_path / "city", districts=2) as (_, city_url):
        source = {"kind": "ckan", "url": city_url, "q": "诊所", "max_datasets": 2, "retries": 0}
        province = make_site(tmp_path / "province")
        directory = province.write_directory([dataset_entry("all", "", source=source)])
        outcome = province.harvest(directory, "all")
        assert outcome.status == "failed" and "more than max_datasets (2)" in outcome.error


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({}, "source: needs dataset (one remote dataset) or organization"),
        ({"dataset": "a", "organization": "b"}, "takes either dataset or a search"),
        ({"organization": 'x" OR "y'}, "source.organization: must be a remote organization"),
        ({"q": "诊所", "resource": "r"}, "source.resource: must be the remote resource's name"),
        ({"q": "诊所", "max_datasets": 5000}, "source.max_datasets: must be a whole number"),
    ],
)
def test_ckan_source_options_are_checked(tmp_path, settings, problem):
    from directory import DirectoryError

    source = {"kind": "ckan", "url": "https://data.harbin.example", **settings}
    with pytest.raises(DirectoryError) as raised:
        make_site(tmp_path).write_directory([dataset_entry("c", "", source=source)])
    assert problem in str(raised.value)


def test_ckan_entries_drafts_the_directory_for_a_remote_organization(tmp_path):
    import yaml
    from helpers import portal_env, run_portal, write_catalogue

    with city_portal(tmp_path / "city", rows=7, districts=2) as (_, city_url):
        catalogue = write_catalogue(tmp_path, [])
        env = portal_env(catalogue, tmp_path / "var")
        args = ["ckan-entries", city_url, "--organization", "health", "--department", "health"]
        drafted = run_portal(
            [*args, "--area", "livelihood", "--prefix", "harbin", "--allow-private"], env
        )
        assert drafted.returncode == 0, drafted.stderr
        entries = yaml.safe_load(drafted.stdout)["datasets"]
        assert sorted(e["source"]["dataset"] for e in entries) == [
            "district-1-clinics",
            "district-2-clinics",
            "harbin-clinics",
        ]
        assert all(e["id"].startswith("harbin-") and "clinics" not in e["id"] for e in entries)
        assert {f["name"]: f["type"] for f in entries[0]["fields"]}["beds"] == "integer"

        # The operator adds the draft to the directory; the province harvests it as it is.
        province = make_site(tmp_path / "province")
        directory = province.write_directory(entries)
        outcomes = [province.harvest(directory, e["id"]) for e in entries]
        assert [o.status for o in outcomes] == ["published"] * 3, [o.error for o in outcomes]
        assert sorted(o.rows for o in outcomes) == [6, 7, 7]
