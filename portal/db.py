"""The catalogue database: engine and sessions, one per request or job."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from portal import migrate


class Database:
    def __init__(self, url: str):
        self.url = url
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_schema(self) -> list[str]:
        """Upgrade to the current schema (portal/migrate.py); returns the revisions applied."""
        return migrate.upgrade(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed at the end of the block, rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(connection, _record) -> None:
    # WAL lets the web server read while a harvest job writes; foreign keys are off by default.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Search reads many small rows of a large file: map it and keep more pages in cache. The
    # map covers the whole file (SQLite caps it at 2 GiB): tables written last (the search
    # index and key rows, after a catalogue's datasets) sit at the end of a 100k-dataset file,
    # beyond a 256 MiB map, where every page a search touched was a read() into a private cache
    # too small to hold them (docs/benchmarks.md, Search).
    cursor.execute("PRAGMA mmap_size=2147483648")
    cursor.execute("PRAGMA cache_size=-16000")
    cursor.close()
