"""PostgreSQL full-text search: a tsvector per dataset over the same segmented text, GIN-indexed.

The 'simple' configuration keeps each space-separated token as it is (the tokens are already
folded and segmented). Weights rank title (A) above keywords and summary (B) above coverage (C)
above field titles (D). The tsquery is built from quoted lexemes, so nothing a user types is
read as tsquery syntax.
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

from portal.search_text import Term

MATCH_PARAMETER = "match_query"
TABLE = "dataset_search"
RANK_WEIGHTS = "{0.01, 0.02, 0.1, 1.0}"  # D, C, B, A
WEIGHTED = (("A", "title"), ("B", "keywords"), ("B", "summary"), ("C", "coverage"), ("D", "fields"))
documents = table(TABLE, column("key"), column("document"))


def create(connection: Connection) -> None:
    connection.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            "key BIGINT PRIMARY KEY REFERENCES dataset_search_keys (key) ON DELETE CASCADE, "
            "document TSVECTOR NOT NULL)"
        )
    )
    connection.execute(
        text(f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING GIN (document)")
    )


def write_many(connection: Connection, documents: list[dict]) -> None:
    """Replace the documents: each a dict of key and the tokens of every column."""
    vector = " || ".join(
        f"setweight(to_tsvector('simple', :{column}), '{weight}')" for weight, column in WEIGHTED
    )
    connection.execute(
        text(
            f"INSERT INTO {TABLE} (key, document) VALUES (:key, {vector}) "
            "ON CONFLICT (key) DO UPDATE SET document = EXCLUDED.document"
        ),
        documents,
    )


def remove_many(connection: Connection, keys: list[int]) -> None:
    connection.execute(text(f"DELETE FROM {TABLE} WHERE key = :key"), [{"key": k} for k in keys])


def segments(connection: Connection) -> int:
    """1: the GIN index is one structure (its pending list is what `optimize` folds in)."""
    return 1


def optimize(connection: Connection) -> None:
    """Fold the GIN index's pending list (recent writes, scanned linearly by every query) in."""
    connection.execute(text(f"SELECT gin_clean_pending_list('{TABLE}_document'::regclass)"))


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _term(term: Term) -> str:
    phrases = [" <-> ".join(map(_lexeme, phrase)) for phrase in term]
    return phrases[0] if len(phrases) == 1 else "(" + " | ".join(phrases) + ")"


def expression(requirements: list[list[list[Term]]]) -> str:
    return " & ".join(
        "(" + " | ".join("(" + " & ".join(map(_term, word)) + ")" for word in group) + ")"
        for group in requirements
    )


@cache
def matches() -> Subquery:
    """Keys and scores of the documents matching the `match_query` parameter (`expression`)."""
    query = func.to_tsquery(literal_column("'simple'"), bindparam(MATCH_PARAMETER, type_=String))
    weights = literal_column(f"'{RANK_WEIGHTS}'::float4[]")
    score = func.ts_rank(weights, documents.c.document, query)
    return (
        select(documents.c.key.label("key"), score.label("score"))
        .where(documents.c.document.op("@@")(query))
        .subquery("matched")
    )
