"""The `portal` command: check the directory, harvest, rebuild the index, serve."""

import os
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click
import yaml

from datapackages import PackageStore
from directory import DirectoryError, load_directory
from directory.model import UPDATE_FREQUENCIES
from harvesters import HarvestError
from harvesters.ckan_catalogue import draft_entries
from harvesters.guard import AddressPolicy
from portal.access_cli import access_commands
from portal.db import Database
from portal.db_cli import db as db_commands
from portal.feedback_cli import feedback as feedback_commands
from portal.harvest_queries import last_successes
from portal.indexer import reindex as rebuild_index
from portal.jobs import ItemOutcome, RunSummary, due_entries, prepare_catalogue, run_harvest
from portal.push import PushError, push_dataset
from portal.settings import load_settings, packages_dir
from portal.tokens import create_token, revoke_token, token_list

STATUS_LABELS = {"published": "published", "unchanged": "unchanged", "failed": "FAILED"}


@click.group(help="Provincial open government data portal.")
def main() -> None:
    pass


def _directory(settings: dict):
    try:
        return load_directory(settings["CATALOGUE"])
    except DirectoryError as error:
        click.echo(str(error), err=True)
        sys.exit(1)


def _services(settings: dict) -> tuple[Database, PackageStore]:
    database = Database(settings["DATABASE_URL"])
    database.create_schema()
    return database, PackageStore(packages_dir(settings))


@main.command(help="Validate catalogue.yaml: schema, references, reasons.")
def check() -> None:
    settings = load_settings()
    directory = _directory(settings)
    by_open = {
        k: sum(1 for d in directory.datasets if d.open == k)
        for k in ("open", "conditional", "closed")
    }
    click.echo(
        f"{settings['CATALOGUE']}: OK: {len(directory.areas)} areas, "
        f"{len(directory.departments)} departments, {len(directory.datasets)} datasets "
        f"({by_open['open']} open, {by_open['conditional']} conditional, "
        f"{by_open['closed']} closed)"
    )


@main.command(help="Harvest datasets and publish new versions of those that changed.")
@click.option("--all", "all_", is_flag=True, help="Every dataset that is not closed.")
@click.option("--department", help="The datasets of one department (its id).")
@click.option("--dataset", help="One dataset (its id).")
@click.option(
    "--due", is_flag=True, help="Only datasets whose update frequency says they are due (cron)."
)
@click.option(
    "--jobs", type=click.IntRange(1, 32), default=1, show_default=True, help="Datasets at once."
)
@click.option(
    "--push", "push_url", help="Package here, then publish on this portal (with --token)."
)
@click.option("--token", help="The department's publish token, for --push.")
def harvest(
    all_: bool,
    department: str | None,
    dataset: str | None,
    due: bool,
    jobs: int,
    push_url: str | None,
    token: str | None,
) -> None:
    if push_url or token:
        _push(dataset, push_url, token)
        return
    chosen = sum(bool(x) for x in (all_, department, dataset))
    if chosen > 1 or (chosen == 0 and not due):  # --due alone means every dataset that is due
        raise click.UsageError("give exactly one of --all, --department ID, --dataset ID")
    if due and dataset:
        raise click.UsageError("--due chooses among several datasets; not with --dataset")
    settings = load_settings()
    directory = _directory(settings)
    entries, scope = _select(directory, department, dataset)
    database, store = _services(settings)
    prepare_catalogue(database, store, directory)
    if due:
        with database.session() as session:
            successes = last_successes(session)
        entries = due_entries(entries, successes, datetime.now(UTC).replace(tzinfo=None))
        scope += ", due"
    click.echo(f"Harvesting {len(entries)} dataset(s) ({scope})")
    started = time.monotonic()
    summary = run_harvest(
        database, store, directory, entries, scope, on_item=_print_progress, jobs=jobs
    )
    _print_summary(summary, time.monotonic() - started)
    sys.exit(1 if summary.count("failed") else 0)


def _push(dataset: str | None, push_url: str | None, token: str | None) -> None:
    if not (dataset and push_url and token):
        raise click.UsageError("--push needs --dataset ID, --push URL and --token T together")
    directory = _directory(load_settings())
    (entry,), _scope = _select(directory, None, dataset)
    try:
        result = push_dataset(entry, directory, push_url, token)
    except PushError as problem:
        click.echo(f"push failed: {problem}", err=True)
        sys.exit(1)
    click.echo(
        f"{entry.id}: {result['status']} on {push_url} "
        f"(version {result['version']}, {result['rows']:,} rows)"
    )


@main.group(help="Publish tokens for push publishing.")
def token() -> None:
    pass


@token.command("create", help="Create a token scoped to one department; it is shown only once.")
@click.option("--department", required=True, help="The department's id.")
@click.option("--label", default="", help="Who or what the token is for.")
def token_create(department: str, label: str) -> None:
    settings = load_settings()
    directory = _directory(settings)
    if directory.department(department) is None:
        raise click.BadParameter(
            f"no department {department!r} in the directory", param_hint="--department"
        )
    database, _store = _services(settings)
    with database.session() as session:
        plain = create_token(session, department, label)
    click.echo(plain)


@token.command("revoke", help="Revoke a token (give it in full); it stops working at once.")
@click.argument("value")
def token_revoke(value: str) -> None:
    database, _store = _services(load_settings())
    with database.session() as session:
        department = revoke_token(session, value.strip())
    if department is None:
        click.echo("no such token", err=True)
        sys.exit(1)
    click.echo(f"revoked a token of department {department}")


@token.command("list", help="Tokens by id, department and label (never their secrets).")
def token_list_command() -> None:
    database, _store = _services(load_settings())
    with database.session() as session:
        for row in token_list(session):
            state = "revoked" if row["revoked"] else "active"
            department = f"{row['department']:<20}"
            click.echo(f"{row['id']:>4}  {department} {state:<8} {row['created']}  {row['label']}")


@main.command(
    "ckan-entries",
    help="Draft directory entries (YAML) for another CKAN portal's organization or search.",
)
@click.argument("url")
@click.option("--organization", help="The remote organization's name.")
@click.option("--q", "words", help="Remote search words.")
@click.option("--department", required=True, help="Our department the datasets belong to.")
@click.option("--area", required=True, help="Our area the datasets belong to.")
@click.option("--prefix", required=True, help="Start of the new ids, e.g. harbin.")
@click.option(
    "--update",
    type=click.Choice(list(UPDATE_FREQUENCIES)),
    default="irregular",
    show_default=True,
    help="Update frequency where the remote dataset gives none we know.",
)
@click.option("--max-datasets", type=click.IntRange(1, 1000), default=100, show_default=True)
@click.option("--allow-private", is_flag=True, help="The portal is on our own network.")
def ckan_entries(
    url, organization, words, department, area, prefix, update, max_datasets, allow_private
):
    directory = _directory(load_settings())
    if directory.department(department) is None or directory.area(area) is None:
        raise click.BadParameter("--department and --area must be declared in the directory")
    if not (organization or words):
        raise click.UsageError("give --organization NAME and/or --q WORDS")
    if not re.match(r"^[a-z0-9][a-z0-9-]{0,80}$", prefix):
        raise click.BadParameter("lowercase letters, digits and -", param_hint="--prefix")
    mapping = {"prefix": prefix, "department": department, "area": area, "update": update}
    policy = AddressPolicy.from_allow_list(directory.allow_private, allow_all=allow_private)
    search = {"organization": organization, "q": words}
    try:
        entries, skipped = draft_entries(url, search, mapping, policy, max_datasets)
    except HarvestError as problem:
        click.echo(str(problem), err=True)
        sys.exit(1)
    click.echo(yaml.safe_dump({"datasets": entries}, allow_unicode=True, sort_keys=False))
    for note in skipped:
        click.echo(f"skipped {note}", err=True)


def _select(directory, department: str | None, dataset: str | None):
    if dataset:
        entry = directory.dataset(dataset)
        if entry is None:
            raise click.BadParameter(
                f"no dataset {dataset!r} in the directory", param_hint="--dataset"
            )
        if not entry.is_published:
            raise click.BadParameter(
                f"dataset {dataset!r} is closed: it is never harvested", param_hint="--dataset"
            )
        return [entry], f"dataset {dataset}"
    if department:
        if directory.department(department) is None:
            raise click.BadParameter(
                f"no department {department!r} in the directory", param_hint="--department"
            )
        return [
            d for d in directory.datasets if d.department == department and d.is_published
        ], f"department {department}"
    return [d for d in directory.datasets if d.is_published], "all"


def _print_progress(position: int, total: int, item: ItemOutcome) -> None:
    width = len(str(total))
    detail = f"v{item.version}  {item.rows:,} rows" if item.status != "failed" else item.error
    if item.detail:
        detail += f"  ({item.detail})"
    click.echo(
        f"[{position:>{width}}/{total}] {item.dataset_id:<28} {STATUS_LABELS[item.status]:<10} "
        f"{item.seconds:5.1f}s  {detail}"
    )


def _print_summary(summary: RunSummary, seconds: float) -> None:
    click.echo("")
    click.echo(f"{'dataset':<28} {'status':<10} {'version':>7} {'rows':>9}  reason")
    click.echo("-" * 78)
    for item in summary.items:
        click.echo(
            f"{item.dataset_id:<28} {STATUS_LABELS[item.status]:<10} {item.version:>7} "
            f"{item.rows:>9,}  {item.error}"
        )
    click.echo("-" * 78)
    click.echo(
        f"run {summary.run_id}: {summary.count('published')} published, "
        f"{summary.count('unchanged')} unchanged, {summary.count('failed')} failed "
        f"in {seconds:.1f}s"
    )


@main.command(help="Rebuild the catalogue DB from catalogue.yaml and the published files.")
def reindex() -> None:
    settings = load_settings()
    directory = _directory(settings)
    database, store = _services(settings)
    with database.session() as session:
        report = rebuild_index(session, store, directory)
    for repair in report.repairs:
        click.echo(repair)
    for failure in report.failures:
        click.echo(failure, err=True)
    click.echo(
        f"reindex: {len(report.repairs)} repair(s)"
        if report.repairs
        else "reindex: nothing to repair"
    )
    if report.failures:
        sys.exit(1)


@main.command(
    help="Screen a file for personal data before publishing it (all sheets, all columns)."
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx", "xls", "json"]), help="If not by suffix."
)
@click.option("--encoding", help="Text encoding, if detection guesses wrong.")
@click.option("--header-row", type=int, help="Row number of the header (default 1).")
@click.option("--records", help="For JSON: the key path of the list of records, e.g. data.items.")
def screen(
    file: Path, fmt: str | None, encoding: str | None, header_row: int | None, records: str | None
) -> None:
    from datapackages.errors import PackagingError
    from datapackages.screen_file import screen_file

    options = {"encoding": encoding, "header_row": header_row, "records": records}
    try:
        tables = screen_file(file, fmt, {k: v for k, v in options.items() if v is not None})
    except PackagingError as error:
        click.echo(error.message, err=True)
        sys.exit(2)
    found = 0
    for table in tables:
        state = "  (hidden sheet)" if table.hidden else ""
        click.echo(f"{table.name}{state}: {table.rows:,} rows screened")
        if table.hidden_columns:
            click.echo(f"  hidden columns: {', '.join(table.hidden_columns)}")
        for f in table.findings:
            first = f" (first at row {f['first_row']})" if f.get("first_row") else ""
            click.echo(f"  column {f['title']}: {f['rows']:,} row(s) with {f['label']}{first}")
            found += 1
    click.echo(f"{found} finding(s)" if found else "no personal data found")
    sys.exit(1 if found else 0)


@main.command(help="Serve the portal (Flask's server, or gunicorn with --workers N).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    default=lambda: int(os.environ.get("PORT", "5000")),
    type=int,
    show_default="5000 or $PORT",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Serve with gunicorn and this many worker processes (production).",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1, max=64),
    default=1,
    show_default=True,
    help="With --workers: requests each worker answers at once (gunicorn gthread).",
)
def serve(host: str, port: int, workers: int | None, threads: int) -> None:
    if threads > 1 and not workers:
        raise click.UsageError("--threads is for gunicorn: give --workers N too")
    if workers:
        from portal.serving import serve_with_gunicorn

        serve_with_gunicorn(host, port, workers, threads=threads)
        return
    from portal import create_app

    app = create_app()
    app.run(host=host, port=port, threaded=True, use_reloader=False)


main.add_command(feedback_commands)
main.add_command(access_commands, name="access")
main.add_command(db_commands, name="db")


if __name__ == "__main__":
    main()
