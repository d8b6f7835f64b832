"""SQLite full-text search: an FTS5 table over segmented text (see portal/search_text.py).

The FTS rowid is a hash of the dataset name, so one dataset's document is replaced or removed
without scanning the table. Tokens arrive space-separated and letters/digits-only, so the
unicode61 tokenizer only splits them on spaces.
"""

import hashlib

from sqlalchemy import Connection, Subquery, column, func, literal_column, select, table, text

from portal.search_documents import COLUMNS
from portal.search_text import Term

TABLE = "dataset_search"
# bm25 weights: title above keywords above summary above coverage above field titles.
WEIGHTS = {"name": 0, "title": 100, "keywords": 20, "summary": 10, "coverage": 2, "fields": 1}
fts = table(TABLE, column("rowid"), column("name"), *(column(c) for c in COLUMNS))


def create(connection: Connection) -> None:
    columns = ", ".join(COLUMNS)
    connection.execute(
        text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
            f"name UNINDEXED, {columns}, tokenize='unicode61 remove_diacritics 2')"
        )
    )


def _rowid(name: str) -> int:
    return int.from_bytes(hashlib.sha1(name.encode()).digest()[:8], "big") >> 1


def write(connection: Connection, name: str, tokens: dict[str, str]) -> None:
    remove(connection, name)
    connection.execute(
        text(
            f"INSERT INTO {TABLE} (rowid, name, {', '.join(COLUMNS)}) "
            f"VALUES (:rowid, :name, {', '.join(':' + c for c in COLUMNS)})"
        ),
        {"rowid": _rowid(name), "name": name, **tokens},
    )


def remove(connection: Connection, name: str) -> None:
    connection.execute(text(f"DELETE FROM {TABLE} WHERE rowid = :rowid"), {"rowid": _rowid(name)})


def has(connection: Connection, name: str) -> bool:
    found = connection.execute(
        text(f"SELECT 1 FROM {TABLE} WHERE rowid = :rowid"), {"rowid": _rowid(name)}
    )
    return found.first() is not None


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _term(term: Term) -> str:
    # Several tokens in one quoted string are an FTS5 phrase.
    phrases = [_quote(" ".join(phrase)) for phrase in term]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def expression(requirements: list[list[list[Term]]]) -> str:
    """All groups; any word of a group; all terms of a word."""
    return " AND ".join(
        "(" + " OR ".join("(" + " AND ".join(map(_term, word)) + ")" for word in group) + ")"
        for group in requirements
    )


def matches(requirements: list[list[list[Term]]]) -> Subquery:
    weights = ", ".join(str(WEIGHTS[c]) for c in ("name", *COLUMNS))
    score = -func.bm25(literal_column(TABLE), literal_column(weights))
    return (
        select(fts.c.name.label("name"), score.label("score"))
        .where(literal_column(TABLE).op("MATCH")(expression(requirements)))
        .subquery("matched")
    )
