"""The full-text index of datasets: key rows (portal/search_keys.py) plus one full-text module
per dialect, chosen by the connection.

The indexer calls `index_dataset` / `remove_dataset` (then `optimize` after a rebuild and
`keep_compact` after a harvest run); the search calls `matches` and `match_parameters`. The key
table is migrated with the catalogue; each backend's `create` makes its full-text structures,
which portal/migrate.py runs after the migrations (it says why they stay outside them).
"""

from pathlib import Path
from types import ModuleType

from sqlalchemy import Connection, Subquery, delete, select
from sqlalchemy.orm import Session

from directory import Directory
from portal import search_postgres, search_sqlite
from portal.models import DatasetRow
from portal.search_documents import SearchDocument, build_document
from portal.search_keys import SearchKeyRow, key_of, key_values, write_keys
from portal.search_text import DEFAULT_SEGMENTER, Term, index_tokens

BACKENDS = {"sqlite": search_sqlite, "postgresql": search_postgres}
MAX_SEGMENTS = 8


class UnsupportedDatabaseError(Exception):
    """The catalogue database is neither SQLite nor PostgreSQL."""


def backend(dialect: str) -> ModuleType:
    try:
        return BACKENDS[dialect]
    except KeyError:
        raise UnsupportedDatabaseError(f"no full-text search for {dialect!r} databases") from None


def write_documents(
    connection: Connection, documents: list[SearchDocument], segmenter: str = DEFAULT_SEGMENTER
) -> None:
    """Replace the full-text documents of datasets whose key rows exist."""
    rows = [
        {"key": key_of(d.name), **{k: index_tokens(v, segmenter) for k, v in d.columns().items()}}
        for d in documents
    ]
    if rows:
        backend(connection.dialect.name).write_many(connection, rows)


def index_dataset(
    session: Session, directory: Directory, row: DatasetRow, version_dir: Path | None, public: bool
) -> None:
    """(Re)write one dataset's key row and document; `public` datasets serve their resources."""
    session.flush()
    formats = [r.get("format", "") for r in row.descriptor["resources"]] if public else []
    write_keys(session, [key_values(row, formats)])
    document = build_document(row.descriptor, directory, version_dir)
    write_documents(session.connection(), [document])


def remove_dataset(session: Session, name: str) -> None:
    connection = session.connection()
    backend(connection.dialect.name).remove_many(connection, [key_of(name)])
    session.execute(delete(SearchKeyRow).where(SearchKeyRow.name == name))


def has_dataset(session: Session, name: str) -> bool:
    return session.scalar(select(SearchKeyRow.key).where(SearchKeyRow.name == name)) is not None


def optimize(connection: Connection) -> None:
    """Compact the full-text index after a bulk rebuild (`portal reindex`, a benchmark build)."""
    backend(connection.dialect.name).optimize(connection)


def keep_compact(connection: Connection, max_segments: int = MAX_SEGMENTS) -> bool:
    """After a harvest run: compact the index when writes left it in more than `max_segments`
    pieces (FTS5's automerge bounds them at about three per level, ~25 at 100k datasets
    written one by one). Returns whether it compacted."""
    dialect = backend(connection.dialect.name)
    if dialect.segments(connection) <= max_segments:
        return False
    dialect.optimize(connection)
    return True


def matches(dialect: str) -> Subquery:
    """Keys of the datasets that meet the requirements given by `match_parameters`, with a
    score (higher is better). One statement per dialect: searches bind only their words."""
    return backend(dialect).matches()


def match_parameters(dialect: str, requirements: list[list[list[Term]]]) -> dict[str, str]:
    module = backend(dialect)
    return {module.MATCH_PARAMETER: module.expression(requirements)}
