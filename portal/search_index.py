"""The full-text index of datasets: one module per dialect, chosen by the connection.

The indexer calls `index_dataset` / `remove_dataset`; the search calls `matches`.
"""

from pathlib import Path
from types import ModuleType

from sqlalchemy import Connection, Engine, Subquery
from sqlalchemy.orm import Session

from directory import Directory
from portal import search_postgres, search_sqlite
from portal.search_documents import SearchDocument, build_document
from portal.search_text import DEFAULT_SEGMENTER, Term, index_tokens

BACKENDS = {"sqlite": search_sqlite, "postgresql": search_postgres}


class UnsupportedDatabaseError(Exception):
    """The catalogue database is neither SQLite nor PostgreSQL."""


def backend(dialect: str) -> ModuleType:
    try:
        return BACKENDS[dialect]
    except KeyError:
        raise UnsupportedDatabaseError(f"no full-text search for {dialect!r} databases") from None


def create_schema(engine: Engine) -> None:
    with engine.begin() as connection:
        backend(engine.dialect.name).create(connection)


def write_document(
    connection: Connection, document: SearchDocument, segmenter: str = DEFAULT_SEGMENTER
) -> None:
    tokens = {k: index_tokens(v, segmenter) for k, v in document.columns().items()}
    backend(connection.dialect.name).write(connection, document.name, tokens)


def index_dataset(
    session: Session, directory: Directory, descriptor: dict, version_dir: Path | None
) -> None:
    """(Re)write one dataset's document; its DatasetRow must exist (PostgreSQL references it)."""
    session.flush()
    write_document(session.connection(), build_document(descriptor, directory, version_dir))


def remove_dataset(session: Session, name: str) -> None:
    connection = session.connection()
    backend(connection.dialect.name).remove(connection, name)


def has_dataset(session: Session, name: str) -> bool:
    connection = session.connection()
    return backend(connection.dialect.name).has(connection, name)


def matches(session: Session, requirements: list[list[list[Term]]]) -> Subquery:
    """Names of the datasets that meet every requirement, with a score (higher is better)."""
    return backend(session.get_bind().dialect.name).matches(requirements)
