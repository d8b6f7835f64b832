"""Public feedback: corrections to a dataset (我要纠错) and requests for data not yet open.

Each item is stored with only what the citizen typed (subject and text), gets a public number and
a reply deadline counted in working days, and moves received -> answered -> resolved when the
department replies through `portal feedback answer`.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from portal.models import FeedbackRow

KINDS = ("correction", "request")
STATUSES = ("received", "answered", "resolved")
REPLY_WORKING_DAYS = 10
SUBJECT_LIMITS = (2, 100)
BODY_LIMITS = (5, 2000)
ANSWER_LIMIT = 5000


class FeedbackError(ValueError):
    """A submission or an answer that cannot be accepted; the message says which field."""

    def __init__(self, field: str, template: str, **values):
        self.field = field
        self.template = template
        self.values = values
        super().__init__(template % values if values else template)


@dataclass(frozen=True)
class Submission:
    kind: str
    subject: str
    body: str
    dataset_name: str = ""
    department_id: str = ""


def add_working_days(start: date, days: int) -> date:
    """`days` working days after `start`, Monday to Friday (public holidays not known here)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def clean_text(value: str, field: str, limits: tuple[int, int]) -> str:
    text = "\n".join(line.rstrip() for line in (value or "").replace("\r\n", "\n").split("\n"))
    text = text.strip()
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise FeedbackError(field, "含有不可见的控制字符")
    low, high = limits
    if len(text) < low:
        raise FeedbackError(field, "至少需要 %(n)s 个字", n=low)
    if len(text) > high:
        raise FeedbackError(field, "不能超过 %(n)s 个字", n=high)
    return text


def submit(session: Session, item: Submission, now: datetime) -> int:
    if item.kind not in KINDS:
        raise FeedbackError("kind", f"unknown kind {item.kind!r}")
    row = FeedbackRow(
        kind=item.kind,
        dataset_name=item.dataset_name,
        department_id=item.department_id,
        subject=clean_text(item.subject, "subject", SUBJECT_LIMITS),
        body=clean_text(item.body, "body", BODY_LIMITS),
        status="received",
        created=now,
        due=datetime.combine(add_working_days(now.date(), REPLY_WORKING_DAYS), datetime.min.time()),
        answer="",
    )
    session.add(row)
    session.commit()
    return row.id


def answer(session: Session, item_id: int, text: str, resolve: bool, now: datetime) -> dict:
    row = session.get(FeedbackRow, item_id)
    if row is None:
        raise FeedbackError("id", f"no feedback item #{item_id}")
    row.answer = clean_text(text, "answer", (1, ANSWER_LIMIT))
    row.answered = now
    row.status = "resolved" if resolve else "answered"
    session.commit()
    return as_dict(row, now)


def as_dict(row: FeedbackRow, now: datetime) -> dict:
    return {
        "id": row.id,
        "kind": row.kind,
        "dataset_name": row.dataset_name,
        "department_id": row.department_id,
        "subject": row.subject,
        "body": row.body,
        "status": row.status,
        "created": row.created,
        "due": row.due.date(),
        "answer": row.answer,
        "answered": row.answered,
        "overdue": row.status == "received" and now.date() > row.due.date(),
    }


def list_items(
    session: Session, now: datetime, limit: int, offset: int = 0, dataset_name: str = ""
) -> tuple[int, list[dict]]:
    where = FeedbackRow.dataset_name == dataset_name if dataset_name else true()
    total = session.scalar(select(func.count()).select_from(FeedbackRow).where(where)) or 0
    rows = session.scalars(
        select(FeedbackRow).where(where).order_by(FeedbackRow.id.desc()).limit(limit).offset(offset)
    )
    return total, [as_dict(r, now) for r in rows]


def get_item(session: Session, item_id: int, now: datetime) -> dict | None:
    row = session.get(FeedbackRow, item_id)
    return as_dict(row, now) if row else None
