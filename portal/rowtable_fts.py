"""Row full text in a PostgreSQL row table: pg_trgm GIN indexes over the declared text columns.

The declared columns are recorded on the table (a column comment), so a q searches them, as it
does in a SQLite row file, whether or not an index can be had. The query stays a LIKE per column
(portal.rowstore); with a `gin_trgm_ops` index on the column PostgreSQL answers a word of 3+
characters through the index (a bitmap scan per column, OR'ed), and a shorter one by a scan.

pg_trgm splits text into trigrams of what the database's LC_CTYPE calls letters: under the C
ctype no Chinese character is one, so an index would find nothing to look up. The index is built
only when the extension is (or can be made) available and the database's ctype sees Chinese
letters (a UTF-8 locale such as C.UTF-8 or zh_CN.UTF-8); otherwise q scans, and a log line
says why.
"""

import logging
import threading
from collections import OrderedDict

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from portal.rowfiles import quoted

log = logging.getLogger(__name__)
DECLARED = "full_text"  # the column comment that marks a declared column
CHINESE_PROBE = "医药有限公司"  # no trigram comes out of it under the C ctype
KEPT_TABLES = 256
_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()


def declare(conn: Connection, table: str, columns: list[str]) -> None:
    """Mark the declared columns of a new row table and index them when PostgreSQL can."""
    for column in columns:
        conn.execute(text(f"COMMENT ON COLUMN {quoted(table)}.{quoted(column)} IS '{DECLARED}'"))
    if columns and _trigrams_usable(conn):
        for position, column in enumerate(columns):
            conn.execute(
                text(
                    f"CREATE INDEX {quoted(f'tx_{table}_{position}')} ON {quoted(table)} "
                    f"USING gin ({quoted(column)} gin_trgm_ops)"
                )
            )


def _trigrams_usable(conn: Connection) -> bool:
    installed = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first()
    if installed is None:
        try:
            with conn.begin_nested():  # a refusal must not abort the load's transaction
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except DBAPIError as error:
            log.warning("row full text scans: pg_trgm cannot be installed: %s", error.orig)
            return False
    probe = text("SELECT cardinality(show_trgm(:probe))")
    if not conn.execute(probe, {"probe": CHINESE_PROBE}).scalar_one():
        log.warning(
            "row full text scans: the database's LC_CTYPE does not see Chinese letters "
            "(create it with a UTF-8 locale, e.g. C.UTF-8, for trigram indexes)"
        )
        return False
    return True


def declared_columns(conn: Connection, table: str) -> tuple[str, ...]:
    """The columns of a row table declared full text (none in a table from before)."""
    # A row table never changes once loaded (its name carries the version): kept per process.
    key = (conn.engine.url.render_as_string(hide_password=True), table)
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    if conn.execute(text("SELECT to_regclass(:table)"), {"table": quoted(table)}).scalar() is None:
        return ()  # not (yet) visible to this transaction: nothing to keep
    rows = conn.execute(
        text(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:table) "
            "AND attnum > 0 AND col_description(attrelid, attnum) = :declared ORDER BY attnum"
        ),
        {"table": quoted(table), "declared": DECLARED},
    )
    found = tuple(name for (name,) in rows)
    with _lock:
        _kept[key] = found
        while len(_kept) > KEPT_TABLES:
            _kept.popitem(last=False)
    return found
