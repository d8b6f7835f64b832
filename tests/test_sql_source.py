"""Source kind `sql` against real SQLite files and the real PostgreSQL test cluster."""

import sqlite3
import threading
import time

import psycopg
import pytest
from helpers import dataset_entry, hospital_fields, hospital_rows
from source_servers import make_site
from sqlalchemy import create_engine, text

from directory import DirectoryError
from harvesters import harvest
from harvesters.context import HarvestContext
from harvesters.errors import HarvestError, SourceNotFoundError

COLUMNS = ["org_code", "name", "city", "beds", "opened"]


def sql_entry(**source) -> dict:
    fields = [{**f, "source": f["name"]} for f in hospital_fields()]
    return dataset_entry(
        "hospitals", "", fields=fields, source={"kind": "sql", "url_env": "HEALTH_DB", **source}
    )


def sqlite_database(path, count: int = 30) -> str:
    with sqlite3.connect(path) as db:
        db.execute(
            "create table hospitals (org_code text, name text, city text, beds integer, "
            "opened text, contact_id text)"
        )
        db.executemany(
            "insert into hospitals values (?, ?, ?, ?, ?, '230103199001011234')",
            [(r[0], r[1], r[2], int(r[3]), "2019-01-01") for r in hospital_rows(count)],
        )
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_url(tmp_path, monkeypatch):
    url = sqlite_database(tmp_path / "health.db")
    monkeypatch.setenv("HEALTH_DB", url)
    return url


def test_sql_sqlite_table_is_published(tmp_path, sqlite_url):
    site = make_site(tmp_path)
    directory = site.write_directory([sql_entry(table="hospitals", batch_size=7)])
    outcome = site.harvest(directory, "hospitals")
    assert (outcome.status, outcome.version, outcome.rows) == ("published", "1", 30)
    assert outcome.source == "sql: HEALTH_DB"
    assert site.harvest(directory, "hospitals").status == "unchanged"


def test_sql_sqlite_query_streams_to_csv_without_unselected_columns(tmp_path, sqlite_url):
    entry = (
        make_site(tmp_path)
        .write_directory(
            [
                sql_entry(
                    query="select org_code, name, city, beds, opened from hospitals "
                    "where beds > 200"
                )
            ]
        )
        .dataset("hospitals")
    )
    (table,) = harvest(entry, HarvestContext(tmp_path / "work"))
    lines = table.path.read_text("utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) - 1 == sum(1 for r in hospital_rows(30) if int(r[3]) > 200)
    assert "230103199001011234" not in table.path.read_text("utf-8")


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("delete from hospitals", "must be a SELECT, not DELETE"),
        ("select * from hospitals; drop table hospitals", "exactly one statement"),
        ("select * into copy from hospitals", "contains INTO"),
        ("pragma query_only = 0", "must be a SELECT"),
        ("select * from", "cannot be parsed"),
    ],
)
def test_sql_query_that_is_not_one_select_is_refused(tmp_path, sqlite_url, query, reason):
    entry = make_site(tmp_path).write_directory([sql_entry(query=query)]).dataset("hospitals")
    with pytest.raises(HarvestError, match=reason):
        harvest(entry, HarvestContext(tmp_path / "work"))
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as db:
        assert db.execute("select count(*) from hospitals").fetchone() == (30,)


def test_sql_missing_environment_or_table_is_named(tmp_path, sqlite_url, monkeypatch):
    directory = make_site(tmp_path).write_directory([sql_entry(table="clinics")])
    with pytest.raises(SourceNotFoundError, match="table clinics does not exist"):
        harvest(directory.dataset("hospitals"), HarvestContext(tmp_path / "work"))
    monkeypatch.delenv("HEALTH_DB")
    with pytest.raises(HarvestError, match=r"HEALTH_DB \(source.url_env\) is not set"):
        harvest(directory.dataset("hospitals"), HarvestContext(tmp_path / "work"))
    monkeypatch.setenv("HEALTH_DB", f"sqlite:///{tmp_path / 'nowhere.db'}")
    with pytest.raises(SourceNotFoundError, match="does not exist"):
        harvest(directory.dataset("hospitals"), HarvestContext(tmp_path / "work"))
    assert not (tmp_path / "nowhere.db").exists()


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (
            {"table": "hospitals", "query": "select 1"},
            "source: needs exactly one of table or query",
        ),
        ({"table": "hospitals; drop"}, "source.table: must be a table name"),
        (
            {"table": "t", "url_env": "postgres://u:p@h/db"},
            "source.url_env: is required: the name of an environment",
        ),
        ({"table": "t", "url": "postgresql://h/db"}, "source.url: must not be written here"),
        ({"table": "t", "batch_size": 0}, "source.batch_size: must be a whole number"),
    ],
)
def test_sql_source_options_are_checked(tmp_path, source, problem):
    with pytest.raises(DirectoryError) as raised:
        make_site(tmp_path).write_directory([sql_entry(**source)])
    assert problem in str(raised.value)


@pytest.fixture
def postgres_url(postgres_cluster, monkeypatch):
    url = postgres_cluster.create_database()
    engine = create_engine(url)
    with engine.begin() as db:
        db.execute(
            text(
                "create table hospitals (org_code text, name text, city text, "
                "beds integer, opened date)"
            )
        )
        db.execute(
            text(
                "insert into hospitals select 'H' || lpad(i::text, 5, '0'), '第' || i || '医院', "
                "'哈尔滨市', 100 + i, date '2019-01-01' + i from generate_series(1, 3000) i"
            )
        )
        db.execute(text("create sequence visits"))
        # A view that yields rows slowly, so the test can cut the connection mid-read.
        db.execute(
            text(
                "create view slow_hospitals as select * from hospitals "
                "where pg_sleep(0.002)::text = ''"
            )
        )
    engine.dispose()
    monkeypatch.setenv("HEALTH_DB", url)
    return url


def test_sql_postgresql_table_and_read_only_query(tmp_path, postgres_url):
    site = make_site(tmp_path)
    directory = site.write_directory([sql_entry(table="public.hospitals", batch_size=500)])
    outcome = site.harvest(directory, "hospitals")
    assert (outcome.status, outcome.rows) == ("published", 3000)
    # A query the parser accepts still runs in a read-only transaction.
    entry = site.write_directory(
        [sql_entry(query="select org_code, nextval('visits') from hospitals")]
    ).dataset("hospitals")
    with pytest.raises(HarvestError, match="read-only transaction"):
        harvest(entry, HarvestContext(tmp_path / "work"))


def test_sql_database_gone_mid_read_keeps_last_good_version(tmp_path, postgres_url):
    site = make_site(tmp_path)
    directory = site.write_directory([sql_entry(table="hospitals")])
    assert site.harvest(directory, "hospitals").status == "published"

    directory = site.write_directory([sql_entry(table="slow_hospitals", batch_size=50)])
    killed = threading.Event()
    killer = threading.Thread(target=_terminate_reader, args=(postgres_url, killed), daemon=True)
    killer.start()
    outcome = site.harvest(directory, "hospitals")
    killer.join(timeout=30)

    assert killed.is_set()
    assert outcome.status == "failed"
    # libpq words it either way, depending on whether the notice arrives before the socket closes.
    assert "database error" in outcome.error
    assert "terminat" in outcome.error or "closed the connection" in outcome.error
    assert site.recorded("hospitals")[-1].error == outcome.error
    assert site.store.versions("hospitals") == ["1"]
    with site.database.session() as session:
        from portal.models import DatasetRow

        assert session.get(DatasetRow, "hospitals").rows == 3000


def _terminate_reader(url: str, killed: threading.Event) -> None:
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    deadline = time.monotonic() + 20
    with psycopg.connect(dsn, autocommit=True) as admin:
        while time.monotonic() < deadline:
            found = admin.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity "
                "where pid <> pg_backend_pid() and datname = current_database() "
                "and (query ilike '%slow_hospitals%' or query ilike 'fetch%') "
                "and backend_type = 'client backend'"
            ).fetchall()
            if found:
                killed.set()
                return
            time.sleep(0.05)


def test_sql_error_text_from_the_database_is_made_printable(tmp_path, sqlite_url):
    query = 'select * from "a\x1b[2Jb"'  # the driver's message quotes the unknown table
    entry = make_site(tmp_path).write_directory([sql_entry(query=query)]).dataset("hospitals")
    with pytest.raises(HarvestError) as raised:
        harvest(entry, HarvestContext(tmp_path / "work"))
    message = str(raised.value)
    assert "no such table" in message and "\x1b" not in message and "a\ufffd[2Jb" in message
