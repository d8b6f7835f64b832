"""A slim copy of each searchable dataset's filter, facet and sort values, keyed by an integer.

Search counts, facets and sorts over these narrow rows instead of `datasets`, whose rows carry
the whole descriptor: at 100k datasets a query matching a third of them reads ~33k rows per pass,
and the wide rows made each pass several times slower (docs/benchmarks.md). The key is also the
full-text row's key (the FTS5 rowid on SQLite).
"""

import hashlib
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, delete, insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.models import Base, DatasetRow
from portal.search_text import fold


class SearchKeyRow(Base):
    __tablename__ = "dataset_search_keys"
    # INTEGER on SQLite makes the key the rowid itself: one b-tree probe per match, not two.
    key: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    name: Mapped[str] = mapped_column(ForeignKey("datasets.name", ondelete="CASCADE"), unique=True)
    id: Mapped[str] = mapped_column(String(36))
    title: Mapped[str] = mapped_column(Text)
    search_title: Mapped[str] = mapped_column(Text)  # folded title, English title and name
    department_id: Mapped[str] = mapped_column(String(100))
    area_id: Mapped[str] = mapped_column(String(100))
    license_id: Mapped[str] = mapped_column(String(50))
    open: Mapped[str] = mapped_column(String(20))
    metadata_created: Mapped[datetime] = mapped_column(DateTime)
    metadata_modified: Mapped[datetime] = mapped_column(DateTime, index=True)
    formats: Mapped[str] = mapped_column(Text, default="")  # " CSV XLSX ": served formats
    # facet_key_of(the facet values): rows with the same values share it (portal/search_facets.py)
    facet_key: Mapped[int] = mapped_column(BigInteger, server_default="0")


# The columns facets are counted over; facet_key is a hash of their values.
FACET_VALUES = ("department_id", "area_id", "license_id", "open", "formats")


def key_of(name: str) -> int:
    """A stable 63-bit key for a dataset name (collisions: ~1e-9 at a million datasets)."""
    return int.from_bytes(hashlib.sha1(name.encode()).digest()[:8], "big") >> 1


def facet_key_of(values) -> int:
    """A 63-bit key for a combination of facet values (a mapping holding FACET_VALUES); at the
    thousands of combinations a catalogue has, two sharing a key is a ~1e-11 chance."""
    text = "\x1f".join(str(values[c]) for c in FACET_VALUES)
    return int.from_bytes(hashlib.sha1(text.encode()).digest()[:8], "big") >> 1


def key_values(row: DatasetRow, formats: list[str]) -> dict:
    title = " ".join([row.title, row.descriptor.get("portal", {}).get("title_en", ""), row.name])
    return {
        "key": key_of(row.name),
        "name": row.name,
        "id": row.id,
        "title": row.title,
        "search_title": fold(title),
        "department_id": row.department_id,
        "area_id": row.area_id,
        "license_id": row.license_id,
        "open": row.open,
        "metadata_created": row.metadata_created,
        "metadata_modified": row.metadata_modified,
        "formats": " " + " ".join(sorted({f.upper() for f in formats if f})) + " ",
    }


def write_keys(session: Session, rows: list[dict]) -> None:
    """Replace the key rows of these datasets (Core statements: no ORM identity to go stale)."""
    names = [r["name"] for r in rows]
    session.execute(delete(SearchKeyRow).where(SearchKeyRow.name.in_(names)))
    session.execute(insert(SearchKeyRow), [{**r, "facet_key": facet_key_of(r)} for r in rows])
