"""Applications to use conditional datasets, and the tokens that approved applicants receive.

A token unlocks one dataset only. The database keeps its SHA-256, never the token: the
department hands the token (printed once by `portal access approve`) to the applicant.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.feedback import FeedbackError, clean_text
from portal.models import AccessGrantRow

APPLICANT_LIMITS = (2, 200)
PURPOSE_LIMITS = (10, 2000)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def apply(session: Session, dataset_name: str, applicant: str, purpose: str, now: datetime) -> int:
    row = AccessGrantRow(
        dataset_name=dataset_name,
        applicant=clean_text(applicant, "applicant", APPLICANT_LIMITS),
        purpose=clean_text(purpose, "purpose", PURPOSE_LIMITS),
        status="pending",
        created=now,
    )
    session.add(row)
    session.commit()
    return row.id


def _pending(session: Session, grant_id: int) -> AccessGrantRow:
    row = session.get(AccessGrantRow, grant_id)
    if row is None:
        raise FeedbackError("id", f"no application #{grant_id}")
    if row.status != "pending":
        raise FeedbackError("id", f"application #{grant_id} is already {row.status}")
    return row


def approve(session: Session, grant_id: int, now: datetime) -> str:
    """Approve a pending application; return its token (shown once, stored only as a hash)."""
    row = _pending(session, grant_id)
    token = secrets.token_urlsafe(32)
    row.status, row.decided, row.token_hash = "approved", now, _hash(token)
    session.commit()
    return token


def refuse(session: Session, grant_id: int, reason: str, now: datetime) -> None:
    row = _pending(session, grant_id)
    row.status, row.decided = "refused", now
    row.note = clean_text(reason, "reason", (1, 2000))
    session.commit()


def token_allows(session: Session, dataset_name: str, token: str) -> bool:
    """True when `token` belongs to an approved application for exactly this dataset."""
    if not token or len(token) > 200:
        return False
    digest = _hash(token)
    stored = session.scalar(
        select(AccessGrantRow.token_hash).where(
            AccessGrantRow.token_hash == digest,
            AccessGrantRow.dataset_name == dataset_name,
            AccessGrantRow.status == "approved",
        )
    )
    return bool(stored) and hmac.compare_digest(stored, digest)


def list_applications(session: Session, limit: int = 100) -> list[dict]:
    rows = session.scalars(select(AccessGrantRow).order_by(AccessGrantRow.id.desc()).limit(limit))
    return [
        {
            "id": r.id,
            "dataset_name": r.dataset_name,
            "applicant": r.applicant,
            "purpose": r.purpose,
            "status": r.status,
            "created": r.created,
        }
        for r in rows
    ]
