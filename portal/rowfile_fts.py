"""Row full text in a SQLite row file: an FTS5 trigram index over the declared text columns.

A trigram index matches substrings, as the LIKE scan it replaces does, so Chinese needs no
segmenter; words of 3+ characters are looked up in it (`MATCH`), shorter ones (医院, 许可) are
checked with LIKE on the rows the other words leave. The index is external content (it keeps no
second copy of the text) and is built in one pass by the writer before the file is sealed. A file
written without it (nothing declared, or a file from before) is searched by the LIKE scan.

Users' words reach MATCH only as FTS5 strings (`"..."`, quotes doubled): `OR`, `*`, `NEAR(` and
column filters typed by a citizen are text to find, never query syntax.
"""

import sqlite3

from portal.rowfiles import ROWS_TABLE, quoted

TEXT_TABLE = "rows_text"
TRIGRAM = 3  # the shortest word the trigram index can find


def create_statements(columns: list[str]) -> list[str]:
    """SQL that adds and fills the index over `columns` in a row file whose rows are written."""
    names = ", ".join(quoted(c) for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {TEXT_TABLE} USING fts5({names}, content='{ROWS_TABLE}', "
        "content_rowid='_id', tokenize='trigram')",
        # No 'optimize' after it: merging the segments cost 3-6 s on 1,000,000 rows and made
        # no lookup measurably faster.
        f"INSERT INTO {TEXT_TABLE}({TEXT_TABLE}) VALUES('rebuild')",
    ]


def indexed_columns(connection: sqlite3.Connection, tables: frozenset[str]) -> frozenset[str]:
    """The columns the file's text index covers (none in a file written without one)."""
    if TEXT_TABLE not in tables:
        return frozenset()
    return frozenset(
        row[1] for row in connection.execute(f"PRAGMA table_info({quoted(TEXT_TABLE)})")
    )


def can_match(columns: list[str], spellings: list[str], indexed: frozenset[str]) -> bool:
    """Whether the index can find this word in these columns (else: LIKE)."""
    if any("\x00" in s for s in spellings):  # ends an FTS5 string: LIKE takes it as it is
        return False
    return bool(indexed) and set(columns) <= indexed and min(map(len, spellings)) >= TRIGRAM


def match_expression(words: list[tuple[list[str], list[str]]], indexed: frozenset[str]) -> str:
    """One FTS5 query: every word (any of its spellings) in one of its columns."""
    parts = []
    for columns, spellings in words:
        either = " OR ".join(_string(s) for s in spellings)
        if set(columns) == indexed:
            parts.append(f"({either})")
        else:
            parts.append("{" + " ".join(_string(c) for c in columns) + "} : (" + either + ")")
    return " AND ".join(parts)


def joined_rows() -> str:
    """The index joined to the rows it matches: read in id order, a page stops after its rows."""
    return f"{TEXT_TABLE} JOIN {ROWS_TABLE} ON {ROWS_TABLE}._id = {TEXT_TABLE}.rowid"


def match_clause() -> str:
    """The condition (over `joined_rows`) that a bound MATCH expression holds."""
    return f"{TEXT_TABLE} MATCH ?"


def count_statement() -> str:
    """Counts the matches of a bound MATCH expression from the index alone."""
    return f"SELECT count(*) FROM {TEXT_TABLE} WHERE {TEXT_TABLE} MATCH ?"


def _string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
