"""Download counters in the catalogue DB: one row per dataset, incremented in place."""

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import DownloadCountRow


def record_download(session: Session, dataset_name: str) -> None:
    """Add one download; an UPDATE first so concurrent requests never lose a count."""
    bump = (
        update(DownloadCountRow)
        .where(DownloadCountRow.dataset_name == dataset_name)
        .values(count=DownloadCountRow.count + 1)
    )
    if session.execute(bump).rowcount == 0:
        try:
            with session.begin_nested():
                session.add(DownloadCountRow(dataset_name=dataset_name, count=1))
        except IntegrityError:  # another request inserted it first
            session.execute(bump)
    session.commit()


def download_counts(session: Session, names: list[str] | None = None) -> dict[str, int]:
    statement = select(DownloadCountRow.dataset_name, DownloadCountRow.count)
    if names is not None:
        statement = statement.where(DownloadCountRow.dataset_name.in_(names))
    return dict(session.execute(statement).all())


def most_downloaded(session: Session, limit: int) -> list[str]:
    statement = (
        select(DownloadCountRow.dataset_name)
        .where(DownloadCountRow.count > 0)
        .order_by(DownloadCountRow.count.desc(), DownloadCountRow.dataset_name)
        .limit(limit)
    )
    return list(session.scalars(statement))
