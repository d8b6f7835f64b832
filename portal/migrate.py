"""Schema migrations of the catalogue database: Alembic, configured in code.

`upgrade` is what every start runs (Database.create_schema, so `portal harvest`, `portal serve`
and `make run` need no manual step) and what `portal db upgrade` runs. It takes a lock first:
a transaction-scoped advisory lock on PostgreSQL, `BEGIN IMMEDIATE` on SQLite. A second
process (a gunicorn worker, a harvest started at the same time) waits, then finds the schema
at head and does nothing. The whole upgrade is one transaction on both (both have
transactional DDL), so a failed upgrade leaves the previous schema as it was.

A database made before migrations existed (tables from `create_all`, no `alembic_version`) is
stamped at the baseline, then upgraded; revision 0002 adds only what such a database lacks.
Nothing is recreated and no rows are touched except to fill new columns with their default.

What is migrated: the tables declared on `portal.models.Base` (the search key rows of
portal/search_keys.py included). What is not:
- Row tables (`rows_*`): the row store creates and drops one per resource version; they follow
  the published files, not the catalogue's schema.
- The full-text structures (`dataset_search`: an FTS5 virtual table with its shadow tables on
  SQLite, a tsvector table with a GIN index on PostgreSQL). Their DDL differs wholly between the
  dialects and stays in the one module per dialect that writes and queries them
  (portal/search_sqlite.py, portal/search_postgres.py); autogenerate cannot describe a virtual
  table; and they are a derived index that `portal reindex` rebuilds from the catalogue. They
  are created right after the migrations, under the same lock (`IF NOT EXISTS`).
Autogenerate and `differences` skip both kinds (`include_object`).
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, MetaData, create_engine, event, inspect, text
from sqlalchemy.pool import NullPool

from portal import search_index, search_sqlite

# Alembic (with Mako and Pygments, about 70 ms) is imported when a migration runs or is listed:
# a start on a database already at head checks its revision without it (_up_to_date).
if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"
BASELINE = "0001"
# The tables the first release's `create_all` made: their presence marks a pre-Alembic catalogue.
BASELINE_TABLES = frozenset(
    {
        "areas",
        "departments",
        "directory_entries",
        "datasets",
        "versions",
        "resources",
        "dataset_tags",
        "harvest_runs",
        "harvest_items",
    }
)
ROW_TABLE_PREFIX = "rows_"
SEARCH_TABLE = search_sqlite.TABLE  # search_postgres.TABLE has the same name
FTS5_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
# Any fixed 64-bit number: the key of the PostgreSQL advisory lock that serialises upgrades.
LOCK_KEY = 0x706F7274616C  # "portal"


class MigrationError(Exception):
    """The database cannot be brought to the current schema (the message says why)."""


def target_metadata() -> MetaData:
    """Every table the models declare (importing search_keys registers its table)."""
    from portal import search_keys  # noqa: F401
    from portal.models import Base

    return Base.metadata


def is_migrated_table(name: str) -> bool:
    search_tables = {SEARCH_TABLE, *(SEARCH_TABLE + s for s in FTS5_SHADOW_SUFFIXES)}
    return not name.startswith(ROW_TABLE_PREFIX) and name not in search_tables


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: leave row tables and the full-text structures (and their indexes) out."""
    if type_ == "table":
        return is_migrated_table(name)
    table = getattr(obj, "table", None)
    return table is None or is_migrated_table(table.name)


def config(connection: Connection | None = None) -> "Config":
    from alembic.config import Config

    settings = Config()
    settings.set_main_option("script_location", str(MIGRATIONS))
    settings.attributes["connection"] = connection
    return settings


@cache
def scripts() -> "ScriptDirectory":
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def head() -> str:
    return scripts().get_current_head()


def history() -> list[tuple[str, str]]:
    """Each revision, oldest first, with the first line of its description."""
    revisions = reversed(list(scripts().walk_revisions()))
    return [(r.revision, (r.doc or "").strip().splitlines()[0]) for r in revisions]


def current(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty or pre-Alembic database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> list[str]:
    """Bring the database to head; returns the revisions applied, oldest first ([]: at head)."""
    if _up_to_date(engine):
        return []
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with _locked(engine) as connection:
        settings = config(connection)
        if _is_pre_alembic(connection):
            command.stamp(settings, BASELINE)
        before = MigrationContext.configure(connection).get_current_revision()
        if before is not None and before not in {r.revision for r in scripts().walk_revisions()}:
            raise MigrationError(
                f"the database is at revision {before}, which this version of the portal does "
                "not know (a newer release upgraded it): run that release or a newer one"
            )
        command.upgrade(settings, "head")
        search_index.backend(connection.dialect.name).create(connection)
    return [r.revision for r in reversed(list(scripts().iterate_revisions("head", before)))]


def differences(engine: Engine) -> list:
    """What the models declare that the database lacks or has otherwise ([]: they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        return compare_metadata(context, target_metadata())


def _up_to_date(engine: Engine) -> bool:
    """True when the database is at the head revision and has its search index."""
    head_revision = newest_revision_file()
    if head_revision is None:
        return False  # not one newest file: Alembic decides, in `upgrade`
    with engine.connect() as connection:
        tables = inspect(connection)
        if not tables.has_table(VERSION_TABLE) or not tables.has_table(SEARCH_TABLE):
            return False
        stored = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
        return [row[0] for row in stored] == [head_revision]


# `revision = "0003"`, also annotated (`down_revision: str | None = "0002"`), as Alembic writes them
REVISION_LINE = re.compile(
    r"^(down_revision|revision)\s*(?::[^=\n]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE
)


def newest_revision_file() -> str | None:
    """The revision no other revision file names as its `down_revision`, or None if not one.

    Read from the files' assignment lines (a fraction of a millisecond, each time: a revision
    file may be added while the process runs), for the start-up check only: with one line of
    revisions this is Alembic's head (a test compares them); anything else (a merge, a branch,
    an unusual file) gives None, and the upgrade asks Alembic itself.
    """
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        if path.name.startswith("__"):
            continue
        found = REVISION_LINE.findall(path.read_text(encoding="utf-8"))
        own = [value for kind, value in found if kind == "revision"]
        down = [value for kind, value in found if kind == "down_revision"]
        if len(own) != 1 or len(down) > 1:
            return None  # a file these lines do not describe: Alembic reads it
        revisions.add(own[0])
        parents.update(down)
    newest = revisions - parents
    return newest.pop() if len(newest) == 1 else None


def _is_pre_alembic(connection: Connection) -> bool:
    tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE in tables or not tables & BASELINE_TABLES:
        return False
    missing = BASELINE_TABLES - tables
    if missing:
        raise MigrationError(
            f"the database has catalogue tables ({', '.join(sorted(tables & BASELINE_TABLES))}) "
            f"but lacks {', '.join(sorted(missing))}: it is not a portal catalogue; "
            "point DATABASE_URL at an empty database or at a catalogue the portal made"
        )
    return True


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other upgrade can enter until it commits."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        locking = _sqlite_immediate_engine(engine)
        try:
            with locking.begin() as connection:
                yield connection
        finally:
            locking.dispose()
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        yield connection


def _sqlite_immediate_engine(engine: Engine) -> Engine:
    # The sqlite3 module would begin a deferred transaction only before the first INSERT, and
    # none before DDL; SQLAlchemy's documented recipe: no implicit BEGIN, emit our own.
    locking = create_engine(engine.url, poolclass=NullPool, connect_args={"timeout": 120})

    @event.listens_for(locking, "connect")
    def _no_implicit_begin(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(locking, "begin")
    def _begin_immediate(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return locking
