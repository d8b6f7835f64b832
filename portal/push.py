"""Push publishing, both ends: a department packages on its own machine and uploads its raw
tables; the portal checks the token's department, then runs the very same packaging (screen,
validation, versioning) on what it received, and records the run."""

import json
import tempfile
from pathlib import Path

import requests

from datapackages import PackageStore, PackagingError, build_package
from datapackages.decode import is_text_encoding
from directory import Dataset, Directory
from harvesters import HarvestError, RawTable, harvest
from harvesters.context import HarvestContext
from harvesters.errors import SourceUnchanged
from portal.db import Database
from portal.harvest_reasons import reason_code
from portal.indexer import index_dataset
from portal.jobs import ItemOutcome, prepare_catalogue, record_item, utc_now
from portal.models import HarvestRunRow
from portal.rowfile_sink import build_loading_rows
from portal.rowfiles import rows_dir

PUSH_TIMEOUT = (10, 600)


class PushError(Exception):
    pass


def push_dataset(entry: Dataset, directory: Directory, portal_url: str, token: str) -> dict:
    """Harvest and package locally (the same checks the portal runs), then upload the raw tables."""
    with tempfile.TemporaryDirectory(prefix="push-") as work:
        context = HarvestContext(Path(work) / "sources", allow_private=directory.allow_private)
        try:
            tables = harvest(entry, context)
            build_package(entry, directory, tables, PackageStore(Path(work) / "check"))
        except (HarvestError, PackagingError, SourceUnchanged) as problem:
            raise PushError(str(problem)) from None
        if len(tables) != 1:
            raise PushError(
                f"dataset {entry.id}: push sends one table, the source gave {len(tables)}"
            )
        return _upload(portal_url, token, entry.id, tables[0])


def _upload(portal_url: str, token: str, dataset_id: str, table: RawTable) -> dict:
    url = f"{portal_url.rstrip('/')}/api/publish/{dataset_id}"
    with table.path.open("rb") as handle:
        response = requests.post(
            url,
            headers={"Authorization": f"Bearer {token}"},
            data={"format": table.format, "options": json.dumps(table.options)},
            files={"table": (f"{dataset_id}.{table.format}", handle)},
            timeout=PUSH_TIMEOUT,
        )
    try:
        body = response.json()
    except ValueError:
        raise PushError(f"{url} answered HTTP {response.status_code}, not JSON") from None
    if not body.get("success"):
        raise PushError(f"{url} refused: {body.get('error', {}).get('message', body)}")
    return body["result"]


def publish_received(
    database: Database,
    store: PackageStore,
    directory: Directory,
    entry: Dataset,
    table: RawTable,
    department: str,
) -> ItemOutcome:
    """Package an uploaded table exactly like a harvested one; record it as a run of its own."""
    outcome = ItemOutcome(entry.id, entry.title, "failed", source=f"push: {department}")
    prepare_catalogue(database, store, directory)
    with database.session() as session:
        run = HarvestRunRow(started=utc_now(), scope=f"push dataset {entry.id}")
        session.add(run)
        session.flush()
        run_id = run.id
    try:
        result = build_loading_rows(entry, directory, [table], store, rows_dir(database.engine))
        outcome.status, outcome.version, outcome.rows = result.status, result.version, result.rows
    except PackagingError as error:
        outcome.error, outcome.reason = str(error), reason_code(error)
    with database.session() as session:
        index_dataset(session, store, directory, entry.id)
    record_item(database, run_id, outcome)
    with database.session() as session:
        run = session.get(HarvestRunRow, run_id)
        run.finished = utc_now()
        setattr(run, outcome.status, 1)
    return outcome


def table_options(raw: str) -> dict:
    """The format options an upload may carry, checked; anything else is dropped."""
    try:
        options = json.loads(raw or "{}")
    except json.JSONDecodeError:
        return {}
    if not isinstance(options, dict):
        return {}
    checked = {}
    encoding = options.get("encoding")
    if isinstance(encoding, str) and (encoding == "auto" or is_text_encoding(encoding)):
        checked["encoding"] = encoding
    delimiter = options.get("delimiter")
    if isinstance(delimiter, str) and len(delimiter) == 1:
        checked["delimiter"] = delimiter
    header_row = options.get("header_row")
    if type(header_row) is int and 1 <= header_row <= 1000:
        checked["header_row"] = header_row
    for key in ("sheet", "records"):
        if isinstance(options.get(key), str) and len(options[key]) <= 100:
            checked[key] = options[key]
    return checked
