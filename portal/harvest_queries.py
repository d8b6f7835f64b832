"""Harvest runs and each dataset's harvest status as plain dicts (page, API and --due)."""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.harvest_reasons import STATUS_WORDS, plain_words
from portal.models import DepartmentRow, EntryRow, HarvestItemRow, HarvestRunRow

SUCCESS = ("published", "unchanged")


def last_successes(session: Session) -> dict[str, datetime]:
    """When each dataset's last successful harvest started (published or unchanged)."""
    query = (
        select(HarvestItemRow.dataset_id, func.max(HarvestRunRow.started))
        .join(HarvestRunRow, HarvestRunRow.id == HarvestItemRow.run_id)
        .where(HarvestItemRow.status.in_(SUCCESS))
        .group_by(HarvestItemRow.dataset_id)
    )
    return dict(session.execute(query).all())


def harvest_status(
    session: Session, department: str | None = None, dataset: str | None = None
) -> list[dict]:
    """Each harvested directory entry with its latest outcome, last success and last error."""
    query = (
        select(EntryRow, DepartmentRow.name)
        .join(DepartmentRow, DepartmentRow.id == EntryRow.department_id)
        .where(EntryRow.open != "closed")
        .order_by(DepartmentRow.position, EntryRow.position)
    )
    if department:
        query = query.where(EntryRow.department_id == department)
    if dataset:
        query = query.where(EntryRow.id == dataset)
    entries = session.execute(query).all()
    ids = [entry.id for entry, _ in entries]
    latest = _latest_items(session, ids, None)
    failures = _latest_items(session, ids, "failed")
    successes = last_successes(session)
    return [
        {
            "dataset": entry.id,
            "title": entry.title,
            "department": {"id": entry.department_id, "name": department_name},
            "update": entry.update,
            "last_run": _item(*latest[entry.id]) if entry.id in latest else None,
            "last_success": _iso(successes.get(entry.id)),
            "last_error": _item(*failures[entry.id]) if entry.id in failures else None,
        }
        for entry, department_name in entries
    ]


def harvest_runs(
    session: Session,
    department: str | None = None,
    dataset: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict]:
    """Runs, newest first, each with its items (only those of the department or dataset asked)."""
    item_filter = _item_filter(department, dataset)
    run_query = select(HarvestRunRow).order_by(HarvestRunRow.id.desc()).limit(limit).offset(offset)
    if item_filter is not None:
        run_query = run_query.where(
            HarvestRunRow.id.in_(select(HarvestItemRow.run_id).where(item_filter))
        )
    runs = list(session.scalars(run_query))
    items = defaultdict(list)
    item_query = select(HarvestItemRow).where(HarvestItemRow.run_id.in_([r.id for r in runs]))
    if item_filter is not None:
        item_query = item_query.where(item_filter)
    for item in session.scalars(item_query.order_by(HarvestItemRow.id)):
        items[item.run_id].append(_item(item, None))
    return [_run(run, items[run.id]) for run in runs]


def _item_filter(department: str | None, dataset: str | None):
    if dataset:
        return HarvestItemRow.dataset_id == dataset
    if department:
        ids = select(EntryRow.id).where(EntryRow.department_id == department)
        return HarvestItemRow.dataset_id.in_(ids)
    return None


def _latest_items(session: Session, ids: list[str], status: str | None) -> dict:
    newest = select(func.max(HarvestItemRow.id)).where(HarvestItemRow.dataset_id.in_(ids))
    if status:
        newest = newest.where(HarvestItemRow.status == status)
    newest = newest.group_by(HarvestItemRow.dataset_id)
    query = (
        select(HarvestItemRow, HarvestRunRow)
        .join(HarvestRunRow, HarvestRunRow.id == HarvestItemRow.run_id)
        .where(HarvestItemRow.id.in_(newest))
    )
    return {item.dataset_id: (item, run) for item, run in session.execute(query).all()}


def _item(item: HarvestItemRow, run: HarvestRunRow | None) -> dict:
    found = {
        "run_id": item.run_id,
        "dataset": item.dataset_id,
        "status": item.status,
        "status_text": STATUS_WORDS.get(item.status, item.status),
        "version": item.version,
        "rows": item.rows,
        "seconds": item.seconds,
        "source": item.source,
        "detail": item.detail,
        "reason": item.reason,
        "reason_text": plain_words(item.reason),
        "error": item.error,
    }
    if run is not None:
        found["started"] = _iso(run.started)
    return found


def _run(run: HarvestRunRow, items: list[dict]) -> dict:
    return {
        "id": run.id,
        "scope": run.scope,
        "started": _iso(run.started),
        "finished": _iso(run.finished),
        "published": run.published,
        "unchanged": run.unchanged,
        "failed": run.failed,
        "items": items,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None
