"""`portal access`: departments decide applications to use conditional datasets."""

import sys

import click

from portal import access
from portal.feedback import FeedbackError
from portal.feedback_cli import now, open_database


@click.group(help="Applications to use conditional datasets.")
def access_commands() -> None:
    pass


@access_commands.command("list", help="List applications, newest first.")
def list_applications() -> None:
    with open_database().session() as session:
        for item in access.list_applications(session):
            click.echo(
                f"#{item['id']:<5} {item['status']:<9} {item['dataset_name']:<28} "
                f"{item['applicant']}: {item['purpose'][:60]}"
            )


@access_commands.command("approve", help="Approve application ID and print its token once.")
@click.argument("grant_id", type=int)
def approve(grant_id: int) -> None:
    try:
        with open_database().session() as session:
            token = access.approve(session, grant_id, now())
    except FeedbackError as error:
        click.echo(f"access #{grant_id}: {error}", err=True)
        sys.exit(1)
    click.echo(f"application #{grant_id} approved; give the applicant this token:")
    click.echo(token)


@access_commands.command("refuse", help="Refuse application ID with a reason.")
@click.argument("grant_id", type=int)
@click.option("--reason", required=True)
def refuse(grant_id: int, reason: str) -> None:
    try:
        with open_database().session() as session:
            access.refuse(session, grant_id, reason, now())
    except FeedbackError as error:
        click.echo(f"access #{grant_id}: {error}", err=True)
        sys.exit(1)
    click.echo(f"application #{grant_id} refused")
