import os
import random
import signal
import subprocess
import time

import requests
from helpers import (
    HOSPITAL_HEADER,
    PORTAL_BIN,
    dataset_entry,
    hospital_rows,
    portal_env,
    resident_id,
    run_portal,
    serve,
    write_catalogue,
    write_csv,
)

from datapackages import PackageStore
from portal import create_app

HEADER = HOSPITAL_HEADER
CLOSED = {
    "id": "secret-registry",
    "title": "涉密人员名册",
    "department": "health",
    "area": "livelihood",
    "open": "closed",
    "reason": "涉及个人隐私，依法不予开放",
    "update": "yearly",
}


def test_cli_check_reports_each_problem_with_entry_and_field(tmp_path):
    entry = dataset_entry("hospitals", "h.csv", update="sometimes")
    catalogue = write_catalogue(tmp_path, [entry, {**CLOSED, "reason": ""}])
    result = run_portal(["check"], portal_env(catalogue, tmp_path / "var"))
    assert result.returncode == 1
    assert "datasets[hospitals].update: 'sometimes' is not one of" in result.stderr
    assert "datasets[secret-registry].reason: is required when open is 'closed'" in result.stderr


def test_cli_check_accepts_a_good_directory(tmp_path):
    catalogue = write_catalogue(tmp_path, [dataset_entry("hospitals", "h.csv"), CLOSED])
    result = run_portal(["check"], portal_env(catalogue, tmp_path / "var"))
    assert result.returncode == 0, result.stderr
    assert "2 datasets (1 open, 0 conditional, 1 closed)" in result.stdout


def test_cli_harvest_failures_are_isolated_and_summarised(tmp_path):
    write_csv(tmp_path / "good.csv", HEADER, hospital_rows(12), encoding="gbk")
    leaky = hospital_rows(12)
    leaky[2][1] = "负责人" + resident_id("23010219850312123")
    write_csv(tmp_path / "leaky.csv", HEADER, leaky)
    (tmp_path / "garbled.csv").write_bytes(b"\x81\x30\xff\xff\xfe\n" * 50)
    catalogue = write_catalogue(
        tmp_path,
        [
            dataset_entry("good", "good.csv"),
            dataset_entry("missing", "nowhere.csv"),
            dataset_entry("leaky", "leaky.csv"),
            dataset_entry("garbled", "garbled.csv"),
            CLOSED,
        ],
    )
    result = run_portal(["harvest", "--all"], portal_env(catalogue, tmp_path / "var"))
    assert result.returncode == 1
    out = result.stdout
    assert "Harvesting 4 dataset(s)" in out, "closed entries are never harvested"
    assert "1 published, 0 unchanged, 3 failed" in out
    assert "dataset missing: source file nowhere.csv does not exist" in out
    assert "column name (机构名称): 1 row(s) with 居民身份证号码" in out
    assert "garbled.csv is not in UTF-8, UTF-16 or GBK/GB18030" in out
    store = PackageStore(tmp_path / "var" / "packages")
    assert store.versions("good") == ["1"]
    assert store.versions("leaky") == [] and store.versions("garbled") == []


def test_cli_harvest_failure_keeps_last_good_version_served(tmp_path):
    write_csv(tmp_path / "h.csv", HEADER, hospital_rows(20))
    catalogue = write_catalogue(tmp_path, [dataset_entry("hospitals", "h.csv")])
    env = portal_env(catalogue, tmp_path / "var")
    assert run_portal(["harvest", "--dataset", "hospitals"], env).returncode == 0
    write_csv(tmp_path / "h.csv", ["机构代码", "名称"], [["H1", "x"]])
    failed = run_portal(["harvest", "--dataset", "hospitals"], env)
    assert failed.returncode == 1 and "declared field(s) not found" in failed.stdout
    app = create_app(
        {"CATALOGUE": str(catalogue), "DATA_DIR": str(tmp_path / "var"), "DATABASE_URL": ""}
    )
    with serve(app) as url:
        shown = requests.get(
            f"{url}/api/3/action/package_show", params={"id": "hospitals"}, timeout=10
        ).json()
        assert shown["result"]["version"] == "1"
        csv_text = requests.get(shown["result"]["resources"][0]["url"], timeout=10).content.decode(
            "utf-8"
        )
        assert len(csv_text.splitlines()) == 21


def test_cli_harvest_refuses_closed_dataset_and_unknown_department(tmp_path):
    catalogue = write_catalogue(tmp_path, [dataset_entry("hospitals", "h.csv"), CLOSED])
    env = portal_env(catalogue, tmp_path / "var")
    closed = run_portal(["harvest", "--dataset", "secret-registry"], env)
    assert closed.returncode == 2 and "is closed: it is never harvested" in closed.stderr
    unknown = run_portal(["harvest", "--department", "nowhere"], env)
    assert unknown.returncode == 2 and "no department 'nowhere'" in unknown.stderr
    both = run_portal(["harvest", "--all", "--dataset", "hospitals"], env)
    assert both.returncode == 2


def test_cli_reindex_rebuilds_the_catalogue_from_files(tmp_path):
    write_csv(tmp_path / "h.csv", HEADER, hospital_rows(15))
    catalogue = write_catalogue(tmp_path, [dataset_entry("hospitals", "h.csv")])
    env = portal_env(catalogue, tmp_path / "var")
    assert run_portal(["harvest", "--all"], env).returncode == 0
    assert run_portal(["reindex"], env).stdout.strip() == "reindex: nothing to repair"
    (tmp_path / "var" / "portal.db").unlink()
    rebuilt = run_portal(["reindex"], env)
    assert "hospitals: indexed version 1" in rebuilt.stdout
    assert "hospitals: loaded rows of hospitals version 1" in rebuilt.stdout
    assert run_portal(["reindex"], env).stdout.strip() == "reindex: nothing to repair"


def test_cli_harvest_killed_mid_publish_leaves_store_whole(tmp_path):
    """SIGKILL the harvest at a random moment: every version on disk is whole, and after
    `portal reindex` the catalogue serves the last good one."""
    write_csv(tmp_path / "h.csv", HEADER, hospital_rows(20))
    catalogue = write_catalogue(tmp_path, [dataset_entry("hospitals", "h.csv")])
    env = portal_env(catalogue, tmp_path / "var")
    assert run_portal(["harvest", "--all"], env).returncode == 0
    rows = hospital_rows(40_000)
    write_csv(tmp_path / "h.csv", HEADER, rows)
    rng = random.Random(os.getpid())
    for _attempt in range(3):
        process = subprocess.Popen(
            [str(PORTAL_BIN), "harvest", "--all"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        store = PackageStore(tmp_path / "var" / "packages")
        for version in store.versions("hospitals"):
            descriptor = store.read_descriptor("hospitals", version)
            data = store.version_dir("hospitals", version) / descriptor["resources"][0]["path"]
            assert data.stat().st_size == descriptor["resources"][0]["bytes"]
        run_portal(["reindex"], env)
        assert run_portal(["reindex"], env).stdout.strip() == "reindex: nothing to repair"
    latest = PackageStore(tmp_path / "var" / "packages").latest("hospitals")
    app = create_app(
        {"CATALOGUE": str(catalogue), "DATA_DIR": str(tmp_path / "var"), "DATABASE_URL": ""}
    )
    with serve(app) as url:
        shown = requests.get(f"{url}/api/3/action/package_show?id=hospitals", timeout=10).json()[
            "result"
        ]
        assert shown["version"] == latest
        expected_rows = 20 if latest == "1" else 40_000
        total = requests.get(
            f"{url}/api/3/action/datastore_search",
            params={"resource_id": shown["resources"][0]["id"], "limit": 0},
            timeout=10,
        ).json()
        assert total["result"]["total"] == expected_rows


def test_cli_closing_an_entry_takes_it_off_the_portal(tmp_path):
    write_csv(tmp_path / "h.csv", HEADER, hospital_rows(10))
    entry = dataset_entry("hospitals", "h.csv")
    catalogue = write_catalogue(
        tmp_path, [entry, dataset_entry("clinics", "h.csv", title="诊所名录")]
    )
    env = portal_env(catalogue, tmp_path / "var")
    assert run_portal(["harvest", "--all"], env).returncode == 0
    closed = {**entry, "open": "closed", "reason": "经审查涉及敏感信息，暂停开放"}
    write_catalogue(tmp_path, [closed, dataset_entry("clinics", "h.csv", title="诊所名录")])
    assert run_portal(["harvest", "--all"], env).returncode == 0
    app = create_app(
        {"CATALOGUE": str(catalogue), "DATA_DIR": str(tmp_path / "var"), "DATABASE_URL": ""}
    )
    with serve(app) as url:
        names = requests.get(f"{url}/api/3/action/package_list", timeout=10).json()["result"]
        assert names == ["clinics"]
        assert requests.get(f"{url}/dataset/hospitals/package.zip", timeout=10).status_code == 404
        directory = requests.get(f"{url}/directory", timeout=10).text
        assert "经审查涉及敏感信息，暂停开放" in directory
