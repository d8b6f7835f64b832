"""Push publishing: department-scoped tokens, `portal harvest --push`, and the publish endpoint
running the same screen and validation as a harvest."""

import hashlib

import pytest
import requests
from helpers import (
    HOSPITAL_HEADER,
    dataset_entry,
    hospital_rows,
    portal_env,
    resident_id,
    run_portal,
    serve,
    write_catalogue,
    write_csv,
)
from source_servers import csv_bytes
from sqlalchemy import select

from datapackages import PackageStore
from portal import create_app
from portal.db import Database
from portal.models import HarvestItemRow, TokenRow

HEADER = HOSPITAL_HEADER


@pytest.fixture
def portal_site(tmp_path):
    write_csv(tmp_path / "h.csv", HEADER, hospital_rows(8))
    catalogue = write_catalogue(
        tmp_path,
        [
            dataset_entry("hospitals", "h.csv"),
            dataset_entry("shops", "h.csv", department="market", title="市场主体名录"),
        ],
    )
    data_dir = tmp_path / "portal-var"
    env = portal_env(catalogue, data_dir)
    created = run_portal(["token", "create", "--department", "health", "--label", "卫健委"], env)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    app = create_app({"CATALOGUE": str(catalogue), "DATA_DIR": str(data_dir)})
    with serve(app) as url:
        yield url, token, data_dir, catalogue
    app.extensions["portal_db"].dispose()


def test_push_publishes_with_a_department_token(tmp_path, portal_site):
    url, token, data_dir, catalogue = portal_site
    department_machine = portal_env(catalogue, tmp_path / "department-var")
    pushed = run_portal(
        ["harvest", "--dataset", "hospitals", "--push", url, "--token", token], department_machine
    )
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert "hospitals: published" in pushed.stdout and "8 rows" in pushed.stdout
    assert PackageStore(data_dir / "packages").versions("hospitals") == ["1"]
    assert requests.get(f"{url}/dataset/hospitals", timeout=10).status_code == 200

    database = Database(f"sqlite:///{data_dir / 'portal.db'}")
    with database.session() as session:
        item = session.scalars(select(HarvestItemRow)).one()
        assert (item.dataset_id, item.status, item.source) == (
            "hospitals",
            "published",
            "push: health",
        )
        stored = session.scalars(select(TokenRow.token_hash)).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in (data_dir / "portal.db").read_bytes().decode("latin-1")
    database.dispose()


def upload(url: str, dataset: str, token: str, body: bytes):
    return requests.post(
        f"{url}/api/publish/{dataset}",
        headers={"Authorization": f"Bearer {token}"},
        data={"format": "csv", "options": '{"encoding": "utf-8"}'},
        files={"table": ("t.csv", body)},
        timeout=30,
    )


def test_push_token_cannot_publish_another_department(portal_site):
    url, token, data_dir, _ = portal_site
    body = csv_bytes(HEADER, hospital_rows(3))
    other = upload(url, "shops", token, body)
    assert other.status_code == 403
    assert other.json()["error"]["__type"] == "Authorization Error"
    assert upload(url, "hospitals", "odp_forged", body).status_code == 403
    assert upload(url, "no-such", token, body).status_code == 404
    assert PackageStore(data_dir / "packages").versions("shops") == []


def test_push_revoked_token_stops_working(portal_site):
    url, token, _, catalogue = portal_site
    env = portal_env(catalogue, portal_site[2])
    listed = run_portal(["token", "list"], env).stdout
    assert "health" in listed and "active" in listed and token not in listed
    assert run_portal(["token", "revoke", token], env).returncode == 0
    assert "revoked" in run_portal(["token", "list"], env).stdout
    assert upload(url, "hospitals", token, csv_bytes(HEADER, hospital_rows(2))).status_code == 403


def test_push_upload_passes_the_same_screen(portal_site):
    url, token, data_dir, _ = portal_site
    rows = hospital_rows(4)
    rows[2][1] = resident_id("23010219850312123")
    refused = upload(url, "hospitals", token, csv_bytes(HEADER, rows))
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["reason"] == "screen-blocked" and "居民身份证号码" in error["message"]
    assert resident_id("23010219850312123") not in refused.text
    assert PackageStore(data_dir / "packages").versions("hospitals") == []
    status = requests.get(f"{url}/api/3/action/harvest_status_show?id=hospitals", timeout=10)
    assert status.json()["result"][0]["last_error"]["reason"] == "screen-blocked"


def test_push_endpoint_is_in_the_openapi_description(portal_site):
    from openapi_spec_validator import validate

    url = portal_site[0]
    document = requests.get(f"{url}/api/openapi.json", timeout=10).json()
    validate(document)
    operation = document["paths"]["/api/publish/{dataset}"]["post"]
    assert operation["security"] == [{"publishToken": []}]
