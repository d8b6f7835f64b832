"""Alembic migrations of the catalogue DB, on SQLite and PostgreSQL: from empty to the models'
schema, a pre-Alembic database upgraded in place with its rows, `portal db` commands, and
several processes upgrading one database at once."""

import os
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from click.testing import CliRunner
from helpers import PORTAL_BIN, portal_env
from sqlalchemy import MetaData, create_engine, func, insert, inspect, select, text

from portal import migrate
from portal.cli import main
from portal.db import Database
from portal.models import DatasetRow, FeedbackRow, HarvestItemRow
from portal.search_keys import SearchKeyRow, facet_key_of

# Columns added after the first release; the tables it lacked are those not in BASELINE_TABLES.
LATER_COLUMNS = {"harvest_items": {"source", "detail", "reason"}}
WHEN = datetime(2026, 1, 5, 9, 30)
CHANGED_WITHOUT_REVISION = (
    "the models differ from what the migrations build: add a revision under "
    "portal/migrations/versions (docs/serving.md, Upgrading the database)"
)
FAILING_REVISION = '''"""A revision that fails halfway."""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"


def upgrade() -> None:
    op.create_table("halfway", sa.Column("id", sa.Integer(), primary_key=True))
    op.add_column("areas", sa.Column("halfway", sa.Text(), nullable=True))
    raise RuntimeError("fails halfway")
'''


@pytest.fixture
def new_database_url(tmp_path, database_kind, request):
    """Makes empty databases of the kind under test."""
    made = iter(range(100))

    def make() -> str:
        if database_kind == "postgresql":
            return request.getfixturevalue("postgres_cluster").create_database()
        return f"sqlite:///{tmp_path / f'portal-{next(made)}.db'}"

    return make


def schema_of(url: str) -> dict:
    """Tables, columns, keys and indexes as the database reports them (defaults aside)."""
    engine = create_engine(url)
    inspector = inspect(engine)
    schema = {}
    for name in sorted(inspector.get_table_names()):
        if not migrate.is_migrated_table(name) or name == migrate.VERSION_TABLE:
            continue
        schema[name] = {
            "columns": [
                (c["name"], str(c["type"].compile(engine.dialect)), c["nullable"])
                for c in inspector.get_columns(name)
            ],
            "primary_key": inspector.get_pk_constraint(name)["constrained_columns"],
            "foreign_keys": sorted(
                (
                    tuple(f["constrained_columns"]),
                    f["referred_table"],
                    tuple(f["referred_columns"]),
                    (f.get("options") or {}).get("ondelete"),
                )
                for f in inspector.get_foreign_keys(name)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(name)
            ),
            "unique": sorted(
                tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)
            ),
        }
    engine.dispose()
    return schema


def models_schema(url: str) -> dict:
    engine = create_engine(url)
    migrate.target_metadata().create_all(engine)
    engine.dispose()
    return schema_of(url)


def create_first_release_tables(engine) -> None:
    """The tables as the first release's `create_all` made them: today's, minus what came later."""
    old = MetaData()
    for table in migrate.target_metadata().sorted_tables:
        if table.name in migrate.BASELINE_TABLES:
            table.to_metadata(old)
    old.create_all(engine)
    with engine.begin() as connection:
        for table, columns in LATER_COLUMNS.items():
            for column in sorted(columns):
                connection.execute(text(f"alter table {table} drop column {column}"))


def test_upgrade_from_empty_gives_the_models_schema(new_database_url):
    url = new_database_url()
    database = Database(url)
    assert database.create_schema() == [r for r, _ in migrate.history()]
    assert migrate.current(database.engine) == migrate.head()
    assert migrate.differences(database.engine) == [], CHANGED_WITHOUT_REVISION
    assert schema_of(url) == models_schema(new_database_url())
    assert inspect(database.engine).has_table(migrate.SEARCH_TABLE)  # made by its search module
    assert database.create_schema() == []
    database.dispose()


def _dataset_row(version: int) -> dict:
    """A catalogue row of the hospitals dataset, in the columns every revision has."""
    return {
        "name": "hospitals",
        "id": "0b5c1c9e-0000-4000-8000-000000000001",
        "title": "医疗机构名录",
        "department_id": "health",
        "area_id": "livelihood",
        "open": "open",
        "license_id": "cc-by-4.0",
        "version": version,
        "metadata_created": WHEN,
        "metadata_modified": WHEN,
        "descriptor": {"name": "hospitals", "resources": []},
    }


def test_first_release_database_upgrades_in_place_with_its_rows(new_database_url):
    url = new_database_url()
    engine = create_engine(url)
    create_first_release_tables(engine)
    old = MetaData()
    old.reflect(engine)
    dataset = {
        **_dataset_row(version=3),
        "rows": 120,
        "search_title": "医疗 机构",
        "search_body": "",
    }
    item = {
        "id": 7,
        "run_id": 1,
        "dataset_id": "hospitals",
        "status": "failed",
        "version": None,
        "rows": 0,
        "seconds": 0.5,
        "error": "来源无法访问",
    }
    with engine.begin() as connection:
        connection.execute(insert(old.tables["datasets"]), [dataset])
        connection.execute(
            insert(old.tables["harvest_runs"]),
            [
                {
                    "id": 1,
                    "started": WHEN,
                    "scope": "all",
                    "published": 0,
                    "unchanged": 0,
                    "failed": 1,
                }
            ],
        )
        connection.execute(insert(old.tables["harvest_items"]), [item])
    engine.dispose()

    upgraded = CliRunner().invoke(main, ["db", "upgrade"], env={"DATABASE_URL": url})
    assert upgraded.exit_code == 0, upgraded.output
    # stamped at the baseline first
    assert "upgraded to 0003 (applied 0002, 0003)" in upgraded.output
    assert "1 dataset(s) are not in the search index: run `portal reindex`" in upgraded.output
    database = Database(url)
    assert migrate.current(database.engine) == migrate.head()
    assert migrate.differences(database.engine) == []
    with database.engine.connect() as connection:
        kept = connection.execute(select(old.tables["datasets"])).mappings().one()
        old_item = connection.execute(text("select * from harvest_items")).mappings().one()
    assert dict(kept) == dataset
    assert dict(old_item) == {**item, "source": "", "detail": "", "reason": ""}
    with database.session() as session:  # today's code writes to the upgraded tables
        session.add(HarvestItemRow(run_id=1, dataset_id="hospitals", status="published", rows=9))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(HarvestItemRow)) == 2
    database.dispose()
    assert schema_of(url) == models_schema(new_database_url())


def test_pre_alembic_database_with_todays_tables_is_stamped_not_recreated(new_database_url):
    url = new_database_url()
    engine = create_engine(url)
    migrate.target_metadata().create_all(engine)  # create_all as the last release before Alembic
    row = {
        "kind": "correction",
        "dataset_name": "hospitals",
        "department_id": "health",
        "subject": "床位数有误",
        "body": "第3行床位数应为120",
        "status": "received",
        "created": WHEN,
        "due": WHEN,
        "answer": "",
    }
    with engine.begin() as connection:
        connection.execute(insert(FeedbackRow.__table__), [row])
    engine.dispose()

    database = Database(url)
    assert database.create_schema() == ["0002", "0003"]
    assert migrate.differences(database.engine) == []
    with database.session() as session:
        kept = session.scalars(select(FeedbackRow)).one()
    assert (kept.subject, kept.body, kept.created) == (row["subject"], row["body"], WHEN)
    database.dispose()


def test_search_key_rows_get_their_facet_key_on_upgrade(new_database_url):
    url = new_database_url()
    with create_engine(url).begin() as connection:
        command.upgrade(migrate.config(connection), "0002")
    dataset = _dataset_row(version=1)
    keys = {
        **{k: dataset[k] for k in ("name", "id", "title", "department_id", "area_id", "open")},
        **{k: dataset[k] for k in ("license_id", "metadata_created", "metadata_modified")},
        "key": 7,
        "search_title": "医疗机构名录",
        "formats": " CSV XLSX ",
    }
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(insert(DatasetRow.__table__), [dataset])
        # The row as 0002's table holds it: every column but facet_key.
        connection.execute(insert(SearchKeyRow.__table__), [keys])
    assert database.create_schema() == ["0003"]
    with database.engine.connect() as connection:
        stored = connection.execute(select(SearchKeyRow.facet_key)).scalar_one()
    assert stored == facet_key_of(keys) != facet_key_of({**keys, "formats": " CSV "})
    database.dispose()


def test_a_database_that_is_not_a_catalogue_is_refused_and_left_alone(new_database_url):
    url = new_database_url()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("create table harvest_items (id integer primary key, note text)"))
    engine.dispose()
    database = Database(url)
    with pytest.raises(migrate.MigrationError, match="lacks areas, dataset_tags, datasets"):
        database.create_schema()
    assert set(inspect(database.engine).get_table_names()) == {"harvest_items"}
    database.dispose()


def test_a_database_from_a_newer_release_is_refused(new_database_url):
    database = Database(new_database_url())
    database.create_schema()
    with database.engine.begin() as connection:
        connection.execute(text("update alembic_version set version_num = 'f00d'"))
    with pytest.raises(migrate.MigrationError, match="at revision f00d, which this version"):
        database.create_schema()
    assert migrate.current(database.engine) == "f00d"
    database.dispose()


@pytest.fixture
def failing_revision(tmp_path, monkeypatch):
    """The real revisions plus one that fails after changing the schema."""
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    text_ = FAILING_REVISION.format(head=migrate.head())
    (migrations / "versions" / "9999_fails_halfway.py").write_text(text_)
    monkeypatch.setattr(migrate, "MIGRATIONS", migrations)
    migrate.scripts.cache_clear()
    yield
    migrate.scripts.cache_clear()


def test_a_failing_revision_leaves_the_schema_as_it_was(new_database_url, failing_revision):
    failing = migrate.MIGRATIONS / "versions" / "9999_fails_halfway.py"
    database = Database(new_database_url())
    with pytest.raises(RuntimeError, match="fails halfway"):
        database.create_schema()
    assert inspect(database.engine).get_table_names() == []  # not even the revisions before it

    revision_text = failing.read_text()
    failing.unlink()
    migrate.scripts.cache_clear()
    database.create_schema()
    at, before = migrate.current(database.engine), schema_of(database.url)
    failing.write_text(revision_text)
    migrate.scripts.cache_clear()
    with pytest.raises(RuntimeError, match="fails halfway"):
        database.create_schema()
    assert migrate.current(database.engine) == at
    assert schema_of(database.url) == before
    database.dispose()


def test_db_commands_and_concurrent_upgrades(new_database_url, tmp_path, database_kind):
    url = new_database_url()
    env = portal_env(tmp_path / "catalogue.yaml", tmp_path / "data", DATABASE_URL=url)
    # Two processes upgrade the same empty database at once, as gunicorn workers would, while
    # a third holds the upgrade lock: neither may start migrating until it is released.
    holder = _LockHolder(url, database_kind)
    processes = [
        subprocess.Popen(
            [str(PORTAL_BIN), "db", "upgrade"], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    holder.wait_for_waiters(processes)
    assert [p.poll() for p in processes] == [None, None]
    holder.release()
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert sum("upgraded to" in o for o in outputs) == 1, outputs
    assert sum("nothing to do" in o for o in outputs) == 1, outputs
    schema = schema_of(url)

    runner = CliRunner()
    again = runner.invoke(main, ["db", "upgrade"], env={"DATABASE_URL": url})
    assert again.exit_code == 0 and "nothing to do" in again.output, again.output
    assert schema_of(url) == schema
    current = runner.invoke(main, ["db", "current"], env={"DATABASE_URL": url})
    assert current.output == f"{migrate.head()} (head)\n"
    history = runner.invoke(main, ["db", "history"], env={"DATABASE_URL": url})
    last = history.output.splitlines()[-1]
    assert last.startswith(f"{migrate.head()}  ") and last.endswith("  <- current")
    check = runner.invoke(main, ["db", "check"], env={"DATABASE_URL": url})
    assert check.exit_code == 0 and "schema matches the models" in check.output
    engine = create_engine(url)
    with engine.connect() as connection:
        versions = connection.execute(text("select version_num from alembic_version")).all()
    engine.dispose()
    assert versions == [(migrate.head(),)]


class _LockHolder:
    """Holds what portal/migrate.py locks: the advisory lock on PostgreSQL, the write lock of
    `BEGIN IMMEDIATE` on SQLite."""

    def __init__(self, url: str, kind: str):
        self.kind = kind
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.path = Path(self.engine.url.database or "").resolve()
        self.connection = self.engine.connect()
        if kind == "postgresql":
            self.connection.execute(text("select pg_advisory_lock(:k)"), {"k": migrate.LOCK_KEY})
        else:  # in WAL mode, as every portal connection leaves the file
            self.connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            self.connection.exec_driver_sql("BEGIN IMMEDIATE")

    def wait_for_waiters(self, processes: list[subprocess.Popen]) -> None:
        if self.kind == "sqlite":
            # SQLite shows no lock queue: wait until each process has the file open twice (the
            # check that found it empty, then the connection asking for the lock).
            deadline = time.monotonic() + 60
            while any(_opened(p.pid, self.path) < 2 for p in processes):
                assert time.monotonic() < deadline, "the upgrades never asked for the lock"
                time.sleep(0.1)
            time.sleep(0.5)
            return
        waiting = text("select count(*) from pg_locks where locktype = 'advisory' and not granted")
        deadline = time.monotonic() + 60
        while self.connection.scalar(waiting) < len(processes):
            assert time.monotonic() < deadline, "the upgrades never queued for the lock"
            assert all(p.poll() is None for p in processes), "an upgrade ran past the lock"
            time.sleep(0.1)

    def release(self) -> None:
        if self.kind == "postgresql":
            self.connection.execute(text("select pg_advisory_unlock(:k)"), {"k": migrate.LOCK_KEY})
        else:
            self.connection.exec_driver_sql("COMMIT")
        self.connection.close()
        self.engine.dispose()


def _opened(pid: int, path: Path) -> int:
    """How many of the process's file descriptors point at `path`."""
    count = 0
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        try:
            count += Path(os.readlink(descriptor)) == path
        except OSError:
            continue
    return count


def test_the_start_up_check_reads_alembics_head_from_the_revision_files(failing_revision):
    # the repository's revisions, plus one more on top (the fixture's): the check follows
    assert migrate.newest_revision_file() == migrate.head() == "9999"
    (migrate.MIGRATIONS / "versions" / "9999_fails_halfway.py").unlink()
    migrate.scripts.cache_clear()
    assert migrate.newest_revision_file() == migrate.head() != "9999"


def test_the_start_up_check_leaves_a_revision_file_it_cannot_read_to_alembic(tmp_path, monkeypatch):
    migrations = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS", migrations)
    assert migrate.newest_revision_file() == "0003"
    unusual = 'revision, down_revision = "0004", "0003"\n'
    (migrations / "versions" / "0004_unusual.py").write_text(unusual)
    assert migrate.newest_revision_file() is None
