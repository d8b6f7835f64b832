"""Harvest jobs: --due, --jobs, the run record, the harvest page and the harvest API actions."""

import os
import shutil
from datetime import datetime, timedelta

import ckanapi
import pytest
import requests
from helpers import (
    HOSPITAL_HEADER,
    dataset_entry,
    hospital_rows,
    portal_env,
    run_portal,
    serve,
    write_catalogue,
    write_csv,
)
from source_servers import SourceServer, csv_bytes, make_site, send, static_file
from sqlalchemy import select

from portal import create_app
from portal.db import Database
from portal.jobs import due_entries
from portal.models import HarvestItemRow, HarvestRunRow

HEADER = HOSPITAL_HEADER


def test_jobs_due_entries_follow_update_frequency():
    directory_entries = [
        _entry("daily-a", "daily"),
        _entry("monthly-b", "monthly"),
        _entry("never-c", "yearly"),
        _entry("irregular-d", "irregular"),
        _entry("realtime-e", "realtime"),
    ]
    now = datetime(2026, 6, 30, 2, 0)
    last = {
        "daily-a": now - timedelta(hours=23, minutes=59),  # a daily cron starting a bit late
        "monthly-b": now - timedelta(days=3),
        "irregular-d": now - timedelta(hours=2),
        "realtime-e": now - timedelta(minutes=1),
    }
    due = [e.id for e in due_entries(directory_entries, last, now)]
    assert due == ["daily-a", "never-c", "realtime-e"]
    last["monthly-b"] = now - timedelta(days=31)
    assert "monthly-b" in [e.id for e in due_entries(directory_entries, last, now)]


def _entry(dataset_id: str, update: str):
    from directory.model import Dataset

    return Dataset(dataset_id, "t", "health", "livelihood", "open", update)


@pytest.fixture
def four_datasets(tmp_path, database_kind, request):
    entries = []
    for index, frequency in enumerate(["daily", "monthly", "monthly", "yearly"]):
        write_csv(tmp_path / f"h{index}.csv", HEADER, hospital_rows(10 + index))
        entries.append(dataset_entry(f"hospitals-{index}", f"h{index}.csv", update=frequency))
    catalogue = write_catalogue(tmp_path, entries)
    url = f"sqlite:///{tmp_path / 'var' / 'portal.db'}"
    if database_kind == "postgresql":
        url = request.getfixturevalue("postgres_cluster").create_database()
    return portal_env(catalogue, tmp_path / "var", DATABASE_URL=url), url


def test_jobs_parallel_run_then_due_runs_only_what_is_due(four_datasets):
    env, database_url = four_datasets
    first = run_portal(["harvest", "--all", "--jobs", "3"], env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "4 published, 0 unchanged, 0 failed" in first.stdout

    database = Database(database_url)
    with database.session() as session:
        items = list(session.scalars(select(HarvestItemRow)))
        assert sorted((i.dataset_id, i.status, i.rows) for i in items) == [
            (f"hospitals-{n}", "published", 10 + n) for n in range(4)
        ]
        assert all(i.source.startswith("file: h") and i.seconds > 0 for i in items)
        run = session.scalars(select(HarvestRunRow)).one()
        assert run.finished >= run.started and run.published == 4

    nothing_due = run_portal(["harvest", "--due"], env)
    assert "Harvesting 0 dataset(s) (all, due)" in nothing_due.stdout

    with database.session() as session:  # two days pass for the record
        for run in session.scalars(select(HarvestRunRow)):
            run.started -= timedelta(days=2)
    due = run_portal(["harvest", "--due", "--jobs", "2"], env)
    assert due.returncode == 0, due.stdout + due.stderr
    assert "Harvesting 1 dataset(s) (all, due)" in due.stdout
    assert "hospitals-0" in due.stdout and "hospitals-1" not in due.stdout
    database.dispose()


@pytest.fixture
def harvested_site(tmp_path, database_kind, request):
    """Two datasets of one department: one fine, one whose source answers hostile text."""
    url = ""
    if database_kind == "postgresql":
        url = request.getfixturevalue("postgres_cluster").create_database()
    site = make_site(tmp_path, url)
    with SourceServer() as server:
        server.routes["/good.csv"] = static_file(csv_bytes(HEADER, hospital_rows(12)))
        hostile = b"<script>alert('x')</script>"
        server.routes["/bad.json"] = lambda h: send(h, 200, hostile, "application/json")
        source = {"kind": "http", "retries": 0}
        directory = site.write_directory(
            [
                dataset_entry("clinics", "", source={**source, "url": server.url + "/good.csv"}),
                dataset_entry(
                    "pharmacies",
                    "",
                    title="药店<名录>",
                    source={**source, "url": server.url + "/bad.json"},
                ),
            ]
        )
        for dataset_id in ("clinics", "pharmacies"):
            site.harvest(directory, dataset_id)
    app = create_app(
        {
            "CATALOGUE": str(directory.path),
            "DATA_DIR": str(site.folder / "var"),
            "DATABASE_URL": url or f"sqlite:///{site.folder / 'portal.db'}",
        }
    )
    with serve(app) as base:
        yield base
    site.database.dispose()


def test_jobs_harvest_page_lists_outcomes_and_plain_errors(harvested_site):
    page = requests.get(harvested_site + "/harvest", timeout=10)
    assert page.status_code == 200
    text = page.text
    assert "黑龙江省卫生健康委员会" in text
    assert "已发布新版本（第 1 版，12 行）" in text
    assert "数据来源返回的不是数据文件（可能是登录页或错误页）。" in text
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(" in text
    assert "药店&lt;名录&gt;" in text
    other = requests.get(harvested_site + "/harvest?department=market", timeout=10)
    assert "药店" not in other.text


def test_jobs_harvest_api_actions(harvested_site):
    with ckanapi.RemoteCKAN(harvested_site) as remote:
        status = remote.action.harvest_status_show(department="health")
        by_id = {s["dataset"]: s for s in status}
        assert by_id["clinics"]["last_run"]["status"] == "published"
        assert by_id["clinics"]["last_error"] is None
        failed = by_id["pharmacies"]
        assert failed["last_run"]["status"] == "failed" and failed["last_success"] is None
        assert failed["last_error"]["reason"] == "bad-content"
        assert "is not JSON" in failed["last_error"]["error"]
        runs = remote.action.harvest_run_list(id="pharmacies")
        assert [len(r["items"]) for r in runs] == [1]
        assert runs[0]["failed"] == 1 and runs[0]["items"][0]["dataset"] == "pharmacies"
        with pytest.raises(ckanapi.NotFound):
            remote.action.harvest_status_show(id="no-such-dataset")
        with pytest.raises(ckanapi.ValidationError):
            remote.action.harvest_run_list(limit="many")
        assert remote.action.help_show(name="harvest_run_list").startswith("Harvest runs")


def test_jobs_harvest_page_of_the_demo_lists_every_department(demo_site):
    text = requests.get(demo_site.url + "/harvest", timeout=30).text
    harvested = [d for d in demo_site.directory.datasets if d.is_published]
    for department in {d.department for d in harvested}:
        assert f'id="department-{department}"' in text
    assert text.count("data-dataset=") == len(harvested)
    assert "目前没有采集失败的数据集" in text


def test_unchanged_file_source_is_hashed_not_rebuilt(tmp_path):
    site = make_site(tmp_path)
    source = write_csv(tmp_path / "h.csv", HEADER, hospital_rows(12))
    entry = dataset_entry("hospitals", str(source))
    directory = site.write_directory([entry])
    assert site.harvest(directory, "hospitals").status == "published"
    again = site.harvest(directory, "hospitals")
    assert (again.status, again.version, again.rows) == ("unchanged", "1", 12)
    assert "same content" in site.recorded("hospitals")[-1].detail

    # Other bytes of the same size under the same modification time are still seen.
    before = source.stat()
    source.write_bytes(source.read_bytes().replace(b"H0001", b"H0099"))
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_size == before.st_size
    changed = site.harvest(directory, "hospitals")
    assert (changed.status, changed.version, changed.rows) == ("published", "2", 12)

    # The same bytes with a newer modification time are read again (and found unchanged).
    os.utime(source)
    touched = site.harvest(directory, "hospitals")
    assert (touched.status, touched.version) == ("unchanged", "2")
    assert "same content" not in site.recorded("hospitals")[-1].detail

    # A changed directory entry rebuilds an unchanged file.
    renamed = site.write_directory([{**entry, "title": "全省医院名录（更新）"}])
    retitled = site.harvest(renamed, "hospitals")
    assert (retitled.status, retitled.version) == ("published", "3")
    assert site.store.read_descriptor("hospitals", "3")["title"] == "全省医院名录（更新）"


def test_unchanged_file_source_is_rebuilt_when_its_version_left_the_store(tmp_path):
    # The remembered hash belongs to the version it was published as: once that version is no
    # longer the latest (removed, a store restored from backup), the file is built again.
    site = make_site(tmp_path)
    source = write_csv(tmp_path / "h.csv", HEADER, hospital_rows(12))
    directory = site.write_directory([dataset_entry("hospitals", str(source))])
    assert site.harvest(directory, "hospitals").status == "published"
    write_csv(source, HEADER, hospital_rows(13))
    assert site.harvest(directory, "hospitals").version == "2"
    shutil.rmtree(site.store.version_dir("hospitals", "2"))
    again = site.harvest(directory, "hospitals")
    assert (again.status, again.version, again.rows) == ("published", "2", 13)
