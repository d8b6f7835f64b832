"""Conditional datasets through the row API: the token of an application approved for a dataset
unlocks its datastore_search (and its resource in package_show / resource_show) and its page
preview; every public surface stays as closed as it is without a token."""

import csv
import io
import re
from datetime import datetime
from types import SimpleNamespace

import ckanapi
import pytest
import requests
from citizen_site import HEADER, first_rows
from helpers import dataset_entry, portal_env, run_portal, serve, write_catalogue
from helpers import write_csv as write_source
from test_citizen_access import conditional

from portal import access, create_app
from portal.db import Database
from portal.settings import load_settings

NOW = datetime(2026, 11, 30, 1, 0)


def application(site, name: str) -> int:
    """A pending application, filed through portal.access (the form is tested, and rate-limited,
    in test_citizen_access)."""
    database = Database(load_settings(site.env)["DATABASE_URL"])
    try:
        with database.sessions() as session:
            return access.apply(
                session, name, "某大学社会保障研究中心", "研究全省低保覆盖率的区域差异。", NOW
            )
    finally:
        database.dispose()


def approve(site, name: str) -> str:
    approved = run_portal(["access", "approve", str(application(site, name))], site.env)
    assert approved.returncode == 0, approved.stderr
    return approved.stdout.strip().splitlines()[-1]


def assert_forbidden(call) -> None:
    with pytest.raises(ckanapi.NotAuthorized) as raised:
        call()
    assert "conditional dataset" in str(raised.value)


def package_csv(site, name: str, token: str) -> tuple[list[dict], list[list[str]]]:
    descriptor = requests.get(
        f"{site.url}/dataset/{name}/datapackage.json", headers={"Authorization": token}, timeout=20
    ).json()
    resource = descriptor["resources"][0]
    filename = resource["path"].split("/")[-1]
    raw = requests.get(f"{site.url}/dataset/{name}/data/{filename}?token={token}", timeout=20)
    assert raw.status_code == 200
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig"))))
    return resource["schema"]["fields"], rows[1:]


def test_conditional_rows_need_a_token_approved_for_that_dataset(demo_site):
    name, other = conditional(demo_site)[:2]
    token, other_token = approve(demo_site, name), approve(demo_site, other)
    with ckanapi.RemoteCKAN(demo_site.url) as anonymous:
        shown = anonymous.action.package_show(id=name)
        assert shown["resources"] == [] and shown["num_resources"] == 0
        listed = anonymous.action.current_package_list_with_resources(limit=1000)
        found = anonymous.action.package_search(q=name, rows=1000)["results"]
        for package in [p for p in listed + found if p["name"] in (name, other)]:
            assert package["resources"] == [], package["name"]
    with ckanapi.RemoteCKAN(demo_site.url, apikey=token) as applicant:
        (resource,) = applicant.action.package_show(id=name)["resources"]
        assert resource["datastore_active"] is True
        assert applicant.action.resource_show(id=resource["id"])["url"] == resource["url"]
        page = applicant.action.datastore_search(resource_id=resource["id"], limit=5)
        # the unlocked listing is package_show's only: searches show the public catalogue
        searched = applicant.action.package_search(q=name, rows=1000)["results"]
        assert all(p["resources"] == [] for p in searched if p["name"] == name)
        other_id = ckanapi.RemoteCKAN(demo_site.url, apikey=other_token).action.package_show(
            id=other
        )["resources"][0]["id"]
        assert_forbidden(lambda: applicant.action.datastore_search(resource_id=other_id))
        assert_forbidden(lambda: applicant.action.resource_show(id=other_id))
        assert applicant.action.package_show(id=other)["resources"] == []
    url = resource["url"]  # the resource's download, as locked as the other downloads
    assert requests.get(url, headers={"Authorization": token}, timeout=20).status_code == 200
    assert requests.get(url, headers={"Authorization": other_token}, timeout=20).status_code == 403
    fields, rows = package_csv(demo_site, name, token)
    assert page["total"] == len(rows) > 0
    comparable = [f["name"] for f in fields if f["type"] in ("string", "integer")]
    assert comparable
    expected = [{f["name"]: cell for f, cell in zip(fields, row, strict=True)} for row in rows[:5]]
    got = [{k: "" if r[k] is None else str(r[k]) for k in comparable} for r in page["records"]]
    assert got == [{k: e[k] for k in comparable} for e in expected]

    rid = resource["id"]
    with ckanapi.RemoteCKAN(demo_site.url) as anonymous:
        assert_forbidden(lambda: anonymous.action.datastore_search(resource_id=rid))
        assert_forbidden(lambda: anonymous.action.resource_show(id=rid))
    refused = application(demo_site, name)
    refusal = run_portal(["access", "refuse", str(refused), "--reason", "不符"], demo_site.env)
    assert refusal.returncode == 0, refusal.stderr
    api = f"{demo_site.url}/api/3/action/datastore_search"
    for header in ({"X-CKAN-API-Key": token}, {"Authorization": f"Bearer {token}"}):
        sent = requests.get(
            api, params={"resource_id": rid, "limit": 1}, headers=header, timeout=20
        )
        assert sent.status_code == 200 and sent.json()["result"]["records"], header
    # a refused (or pending) application has no token: whatever its applicant sends is refused
    for bad in ("", token[:-2] + "xx", "x" * 500, other_token):
        answer = requests.get(
            api,
            params={"resource_id": rid},
            headers={"Authorization": bad},
            timeout=20,
        )
        assert answer.status_code == 403, bad
        assert answer.json()["success"] is False
        assert answer.json()["error"]["__type"] == "Authorization Error"


def test_conditional_page_previews_rows_only_with_the_token(demo_site):
    name = conditional(demo_site)[0]
    locked = requests.get(f"{demo_site.url}/dataset/{name}", timeout=20).text
    assert 'id="preview"' not in locked and f'href="/dataset/{name}/apply"' in locked
    assert "datastore_search" not in locked
    token = approve(demo_site, name)
    wrong = requests.get(f"{demo_site.url}/dataset/{name}?token={token[:-2]}xx", timeout=20).text
    assert 'id="preview"' not in wrong
    unlocked = requests.get(f"{demo_site.url}/dataset/{name}?token={token}", timeout=20).text
    assert 'id="preview"' in unlocked and "datastore_search" in unlocked
    links = re.findall(r'href="\?([^"#]*)#preview"', unlocked)
    assert links and all(f"token={token}" in link for link in links)
    by_header = requests.get(
        f"{demo_site.url}/dataset/{name}", headers={"Authorization": token}, timeout=20
    ).text
    assert 'id="preview"' in by_header


def test_conditional_rows_reindex_finds_nothing_to_repair(demo_site):
    result = run_portal(["reindex"], demo_site.env)
    assert result.stdout.strip() == "reindex: nothing to repair", result.stdout + result.stderr


def test_conditional_changes_page_shows_row_keys_only_with_the_token(tmp_path):
    write_source(tmp_path / "h.csv", HEADER, first_rows())
    entry = dataset_entry("hospitals", "h.csv", open="conditional", reason="仅供研究使用。")
    catalogue = write_catalogue(tmp_path, [entry])
    env = portal_env(catalogue, tmp_path / "var")
    assert run_portal(["harvest", "--all"], env).returncode == 0
    rows = first_rows()
    rows[9][3] = "999"  # H0010 changed
    write_source(tmp_path / "h.csv", HEADER, rows)
    second = run_portal(["harvest", "--all"], env)
    assert "published" in second.stdout, second.stdout + second.stderr
    app = create_app({"CATALOGUE": str(catalogue), "DATA_DIR": str(tmp_path / "var")})
    with serve(app) as url:
        site = SimpleNamespace(url=url, env=env)
        locked = requests.get(f"{url}/dataset/hospitals/changes", timeout=20).text
        assert "H0010" not in locked and "修改行" in locked
        token = approve(site, "hospitals")
        unlocked = requests.get(f"{url}/dataset/hospitals/changes?token={token}", timeout=20)
        assert "H0010" in unlocked.text


def test_conditional_rows_openapi_names_the_403_and_the_token(demo_site):
    document = requests.get(f"{demo_site.url}/api/openapi.json", timeout=20).json()
    paths = document["paths"]
    assert "403" in paths["/api/3/action/datastore_search"]["get"]["responses"]
    assert "403" in paths["/api/3/action/resource_show"]["post"]["responses"]
    assert "403" not in paths["/api/3/action/package_show"]["get"]["responses"]
    scheme = document["components"]["securitySchemes"]["accessToken"]
    assert scheme == {"type": "apiKey", "in": "header", "name": "Authorization"}
