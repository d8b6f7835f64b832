"""`portal feedback`: departments list and answer the public's feedback items."""

import sys
from datetime import UTC, datetime

import click

from portal import feedback as store
from portal.db import Database
from portal.settings import load_settings


def open_database() -> Database:
    database = Database(load_settings()["DATABASE_URL"])
    database.create_schema()
    return database


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@click.group(help="Citizens' error reports and data requests.")
def feedback() -> None:
    pass


@feedback.command("list", help="List feedback items, newest first; overdue ones are marked.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
def list_items(limit: int) -> None:
    database = open_database()
    with database.session() as session:
        total, items = store.list_items(session, now(), limit)
    for item in items:
        flag = "  OVERDUE" if item["overdue"] else ""
        click.echo(
            f"#{item['id']:<5} {item['kind']:<10} {item['status']:<9} due {item['due']}  "
            f"{item['department_id'] or '-':<20} {item['subject']}{flag}"
        )
    click.echo(f"{total} item(s)")


@feedback.command("answer", help="Publish the department's answer to item ID.")
@click.argument("item_id", type=int)
@click.option("--text", required=True, help="The answer, shown publicly with the item.")
@click.option("--resolve", is_flag=True, help="Mark the item resolved, not just answered.")
def answer(item_id: int, text: str, resolve: bool) -> None:
    database = open_database()
    try:
        with database.session() as session:
            item = store.answer(session, item_id, text, resolve, now())
    except store.FeedbackError as error:
        click.echo(f"feedback #{item_id}: {error.field}: {error}", err=True)
        sys.exit(1)
    click.echo(f"feedback #{item['id']}: {item['status']}")
