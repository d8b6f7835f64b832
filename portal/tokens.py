"""Publish tokens: created by the operator for one department, shown once, stored as a hash.

Tokens are 256 random bits, so a plain SHA-256 is enough to store them (no password stretching
needed), and the lookup by hash never compares secrets character by character.
"""

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import TokenRow

PREFIX = "odp_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, department_id: str, label: str = "") -> str:
    """A new token for the department; the plain text is returned once and never stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(
        TokenRow(
            department_id=department_id,
            token_hash=token_hash(token),
            label=label,
            created=datetime.now(UTC).replace(tzinfo=None),
        )
    )
    return token


def token_department(session: Session, token: str) -> str | None:
    """The department a valid, unrevoked token belongs to, or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(TokenRow).where(TokenRow.token_hash == token_hash(token)))
    return row.department_id if row is not None and not row.revoked else None


def revoke_token(session: Session, token: str) -> str | None:
    """Revoke a token given in full; returns its department, or None if it is unknown."""
    row = session.scalar(select(TokenRow).where(TokenRow.token_hash == token_hash(token)))
    if row is None:
        return None
    row.revoked = True
    return row.department_id


def token_list(session: Session) -> list[dict]:
    """Every token without its secret: id, department, label, created, revoked."""
    rows = session.scalars(select(TokenRow).order_by(TokenRow.id))
    return [
        {
            "id": r.id,
            "department": r.department_id,
            "label": r.label,
            "created": r.created.isoformat(timespec="seconds"),
            "revoked": r.revoked,
        }
        for r in rows
    ]
