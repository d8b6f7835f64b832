"""Harvest jobs: each dataset is an item with its own outcome and stored error, never lost.

One dataset failing never stops the others and never touches what is already published.
"""

import logging
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from datapackages import PackageStore, PackagingError
from datapackages.personal_data import mask_personal_data
from datapackages.revision import packaging_revision
from directory import Dataset, Directory
from directory.fingerprint import entry_fingerprint
from directory.model import UPDATE_FREQUENCIES
from harvesters import HarvestError, harvest
from harvesters.context import HarvestContext
from harvesters.errors import SourceUnchanged
from portal import search_index
from portal.db import Database
from portal.harvest_reasons import reason_code
from portal.indexer import index_dataset, sync_directory
from portal.models import DatasetRow, HarvestItemRow, HarvestRunRow
from portal.rowfile_sink import build_loading_rows
from portal.rowfiles import rows_dir

log = logging.getLogger(__name__)
DUE_SLACK = timedelta(hours=1)
NO_LOCK = nullcontext()


@dataclass
class ItemOutcome:
    dataset_id: str
    title: str
    status: str  # published, unchanged or failed
    version: str = ""
    rows: int = 0
    seconds: float = 0.0
    error: str = ""
    source: str = ""
    detail: str = ""
    reason: str = ""  # a code from portal.harvest_reasons when failed


@dataclass
class RunSummary:
    run_id: int
    items: list[ItemOutcome]

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)


def prepare_catalogue(database: Database, store: PackageStore, directory: Directory) -> None:
    """Sync the directory into the DB, drop from the catalogue what it no longer publishes, and
    index versions the DB missed (a job killed between publishing a version and indexing it)."""
    with database.session() as session:
        sync_directory(session, directory)
        indexed = dict(session.execute(select(DatasetRow.name, DatasetRow.version)).all())
        for name in list(indexed):
            entry = directory.dataset(name)
            if entry is None or not entry.is_published:
                index_dataset(session, store, directory, name)
        for entry in directory.datasets:
            latest = store.latest(entry.id) if entry.is_published else None
            if latest is not None and indexed.get(entry.id) != int(latest):
                index_dataset(session, store, directory, entry.id)


def run_harvest(
    database: Database,
    store: PackageStore,
    directory: Directory,
    entries: list[Dataset],
    scope: str,
    on_item: Callable[[int, int, ItemOutcome], None] = lambda i, n, item: None,
    jobs: int = 1,
) -> RunSummary:
    """Harvest the entries, `jobs` at a time; every item is recorded as soon as it ends.

    Sources are read and packages built in parallel; catalogue DB writes take one lock, so an
    SQLite catalogue never sees two writers from this process.
    """
    with database.session() as session:
        run = HarvestRunRow(started=utc_now(), scope=scope)
        session.add(run)
        session.flush()
        run_id = run.id
    writes = threading.Lock()
    items: list[ItemOutcome] = []

    def one(entry: Dataset) -> None:
        outcome = harvest_one(database, store, directory, entry, writes)
        with writes:
            items.append(outcome)
            record_item(database, run_id, outcome)
            on_item(len(items), len(entries), outcome)

    if jobs <= 1:
        for entry in entries:
            one(entry)
    else:
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="harvest") as pool:
            list(pool.map(one, entries))
    order = {entry.id: index for index, entry in enumerate(entries)}
    summary = RunSummary(run_id, sorted(items, key=lambda item: order[item.dataset_id]))
    with database.session() as session:
        run = session.get(HarvestRunRow, run_id)
        run.finished = utc_now()
        run.published, run.unchanged, run.failed = (
            summary.count(s) for s in ("published", "unchanged", "failed")
        )
    try:
        with database.session() as session:  # one b-tree per term again after many small writes
            search_index.keep_compact(session.connection())
    except Exception as error:  # only an optimisation: the next run or `portal reindex` does it
        log.warning("search index not compacted after run %s: %s", run_id, error)
    return summary


def due_entries(
    entries: list[Dataset], last_success: dict[str, datetime], now: datetime
) -> list[Dataset]:
    """The entries whose update frequency says a harvest is due, given each one's last success.

    Never harvested: due. `realtime`: always. `irregular`: daily. A period counts as passed an
    hour early, so a daily cron job whose runs start a little later each day skips no day.
    """
    due = []
    for entry in entries:
        last = last_success.get(entry.id)
        days = UPDATE_FREQUENCIES.get(entry.update, ("", 1))[1]
        period = timedelta(days=1 if days is None else days)
        if last is None or now - last >= period - DUE_SLACK:
            due.append(entry)
    return due


def harvest_one(
    database: Database,
    store: PackageStore,
    directory: Directory,
    entry: Dataset,
    writes: AbstractContextManager = NO_LOCK,
) -> ItemOutcome:
    started = time.monotonic()
    outcome = ItemOutcome(entry.id, entry.title, "failed", source=describe_source(entry))
    latest = store.latest(entry.id)
    with tempfile.TemporaryDirectory(prefix="harvest-") as work:
        context = HarvestContext(
            work_dir=Path(work),
            state_dir=state_dir(store),
            allow_private=directory.allow_private,
            conditional=latest is not None,
            entry_key=f"{entry_fingerprint(directory, entry)}-{packaging_revision()}",
            published_version=latest or "",
        )
        _build(store, directory, entry, context, outcome, rows_dir(database.engine))
    # Index even after a failure: the DB must agree with the store whatever happened.
    try:
        with writes, database.session() as session:
            index_dataset(session, store, directory, entry.id)
            if outcome.status == "unchanged" and not outcome.rows:
                row = session.get(DatasetRow, entry.id)
                outcome.rows = row.rows if row else 0
    except Exception as error:  # the catalogue keeps its last good state for this dataset
        log.exception("could not index %s", entry.id)
        outcome.status, outcome.reason = "failed", "index"
        outcome.error = mask_personal_data(
            f"dataset {entry.id}: could not index the published files: {error}"
        )
    outcome.seconds = time.monotonic() - started
    return outcome


def _build(
    store, directory, entry, context: HarvestContext, outcome: ItemOutcome, rows: Path | None
) -> None:
    try:
        result = build_loading_rows(entry, directory, harvest(entry, context), store, rows)
        outcome.status, outcome.version, outcome.rows = result.status, result.version, result.rows
        context.commit(result.version)  # remember validators once the content is published
    except SourceUnchanged as unchanged:
        outcome.status, outcome.version = "unchanged", context.published_version
        outcome.detail = unchanged.detail
    # Errors are stored and shown on the public harvest page: these two classes mask what they
    # quote of a source (its cells, a library's message about one) as they are made.
    except (HarvestError, PackagingError) as error:
        outcome.error, outcome.reason = str(error), reason_code(error)
    except Exception as error:  # a bug must fail this item only, with its cause stored
        log.exception("unexpected error while harvesting %s", entry.id)
        # Its message stays in the log: a library's message may quote data, escaped (repr)
        # past any masking, and this one is shown on the public harvest page.
        outcome.error = f"dataset {entry.id}: unexpected {type(error).__name__} (see the log)"
        outcome.reason = "internal"


def state_dir(store: PackageStore) -> Path:
    """Per-dataset source state (HTTP validators) lives beside the packages, not inside them."""
    return store.root.parent / "harvest-state"


def describe_source(entry: Dataset) -> str:
    """A short, secret-free description of where the data came from, for the run record."""
    if entry.source is None:
        return ""
    settings = entry.source.settings
    detail = settings.get("url") or settings.get("path") or settings.get("url_env") or ""
    return f"{entry.source.kind}: {detail}"[:500]


def record_item(database: Database, run_id: int, outcome: ItemOutcome) -> None:
    with database.session() as session:
        session.add(
            HarvestItemRow(
                run_id=run_id,
                dataset_id=outcome.dataset_id,
                status=outcome.status,
                version=int(outcome.version) if outcome.version else None,
                rows=outcome.rows,
                seconds=round(outcome.seconds, 3),
                error=outcome.error,
                source=outcome.source,
                detail=outcome.detail,
                reason=outcome.reason,
            )
        )


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
