"""`portal db`: upgrade the catalogue database's schema and see where it stands.

Every start upgrades by itself (portal/migrate.py); these commands let an operator do it as a
separate step, before a deploy, and check the result.
"""

import sys
from collections.abc import Callable
from functools import wraps

import click
from sqlalchemy import func, make_url, select
from sqlalchemy.exc import OperationalError

from portal import migrate
from portal.db import Database
from portal.models import DatasetRow
from portal.search_keys import SearchKeyRow
from portal.settings import load_settings


def _database() -> Database:
    return Database(load_settings()["DATABASE_URL"])


def _where(database: Database | None = None) -> str:
    url = database.engine.url if database else make_url(load_settings()["DATABASE_URL"])
    return url.render_as_string(hide_password=True)


def _reports_failure(command: Callable) -> Callable:
    """One line naming the database instead of a stack trace."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (migrate.MigrationError, OperationalError) as problem:
            reason = getattr(problem, "orig", None) or problem
            click.echo(f"{_where()}: {reason}", err=True)
            sys.exit(1)

    return run


def _unsearchable(database: Database) -> int:
    """Datasets without search rows: a database from before search existed has them all so."""
    keys = select(SearchKeyRow.name).where(SearchKeyRow.name == DatasetRow.name)
    with database.session() as session:
        return session.scalar(select(func.count()).where(~keys.exists()))


@click.group(help="The catalogue database's schema (Alembic migrations).")
def db() -> None:
    pass


@db.command(help="Upgrade the schema to the newest revision (starts do this by themselves).")
@_reports_failure
def upgrade() -> None:
    database = _database()
    applied = database.create_schema()
    if applied:
        click.echo(f"{_where(database)}: upgraded to {applied[-1]} (applied {', '.join(applied)})")
        missing = _unsearchable(database)
        if missing:
            click.echo(f"{missing} dataset(s) are not in the search index: run `portal reindex`")
    else:
        click.echo(f"{_where(database)}: already at {migrate.head()} (head), nothing to do")
    database.dispose()


@db.command(help="The revision the database is at.")
@_reports_failure
def current() -> None:
    database = _database()
    revision = migrate.current(database.engine)
    head = migrate.head()
    if revision == head:
        click.echo(f"{revision} (head)")
    elif revision is None:
        click.echo(f"none (head is {head}: run `portal db upgrade`)")
    else:
        click.echo(f"{revision} (head is {head}: run `portal db upgrade`)")
    database.dispose()


@db.command(help="Every revision, oldest first; the current one is marked.")
@_reports_failure
def history() -> None:
    database = _database()
    revision = migrate.current(database.engine)
    for number, description in migrate.history():
        mark = "  <- current" if number == revision else ""
        click.echo(f"{number}  {description}{mark}")
    database.dispose()


@db.command(help="Compare the schema with the models; exits 1 if they differ.")
@_reports_failure
def check() -> None:
    database = _database()
    differences = migrate.differences(database.engine)
    for difference in differences:
        click.echo(str(difference))
    click.echo(f"{len(differences)} difference(s)" if differences else "schema matches the models")
    database.dispose()
    sys.exit(1 if differences else 0)
