"""SQLite full-text search: an FTS5 table over segmented text (see portal/search_text.py).

The FTS rowid is the dataset's search key (portal/search_keys.py), so a document is replaced or
removed without a scan, and matches join the slim key rows on an integer primary key. Tokens
arrive space-separated and letters/digits-only, so the unicode61 tokenizer only splits on spaces.
"""

from functools import cache

from sqlalchemy import (
    Connection,
    String,
    Subquery,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from portal.search_documents import COLUMNS
from portal.search_text import Term

MATCH_PARAMETER = "match_query"
TABLE = "dataset_search"
# bm25 weights: title above keywords above summary above coverage above field titles.
WEIGHTS = {"title": 100, "keywords": 20, "summary": 10, "coverage": 2, "fields": 1}
fts = table(TABLE, column("rowid"), *(column(c) for c in COLUMNS))


def create(connection: Connection) -> None:
    connection.execute(
        text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
            f"{', '.join(COLUMNS)}, tokenize='unicode61 remove_diacritics 2')"
        )
    )


def write_many(connection: Connection, documents: list[dict]) -> None:
    """Replace the documents: each a dict of key and the tokens of every column."""
    remove_many(connection, [d["key"] for d in documents])
    connection.execute(
        text(
            f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) "
            f"VALUES (:key, {', '.join(':' + c for c in COLUMNS)})"
        ),
        documents,
    )


def remove_many(connection: Connection, keys: list[int]) -> None:
    connection.execute(text(f"DELETE FROM {TABLE} WHERE rowid = :key"), [{"key": k} for k in keys])


def segments(connection: Connection) -> int:
    """How many b-tree segments the index is in (each write adds one; automerge folds some)."""
    return connection.execute(text(f"SELECT count(DISTINCT segid) FROM {TABLE}_idx")).scalar_one()


def optimize(connection: Connection) -> None:
    """Merge every segment into one: a query then reads one doclist per term, not one per
    segment (at 100k datasets a bulk build leaves about 13 and searches take ~15% longer)."""
    connection.execute(text(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')"))


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


@cache
def matches() -> Subquery:
    """Keys and scores of the documents matching the `match_query` parameter (`expression`)."""
    weights = ", ".join(str(WEIGHTS[c]) for c in COLUMNS)
    score = -func.bm25(literal_column(TABLE), literal_column(weights))
    query = bindparam(MATCH_PARAMETER, type_=String)
    return (
        select(fts.c.rowid.label("key"), score.label("score"))
        .where(literal_column(TABLE).op("MATCH")(query))
        .subquery("matched")
    )
