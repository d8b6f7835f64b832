"""PostgreSQL full-text search: a tsvector per dataset over the same segmented text, GIN-indexed.

The 'simple' configuration keeps each space-separated token as it is (the tokens are already
folded and segmented). Weights rank title (A) above keywords and summary (B) above coverage (C)
above field titles (D). The tsquery is built from quoted lexemes, so nothing a user types is
read as tsquery syntax.
"""

from sqlalchemy import Connection, Subquery, column, func, literal_column, select, table, text

from portal.search_text import Term

TABLE = "dataset_search"
RANK_WEIGHTS = "{0.01, 0.02, 0.1, 1.0}"  # D, C, B, A
WEIGHTED = (("A", "title"), ("B", "keywords"), ("B", "summary"), ("C", "coverage"), ("D", "fields"))
documents = table(TABLE, column("name"), column("document"))


def create(connection: Connection) -> None:
    connection.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            "name VARCHAR(100) PRIMARY KEY REFERENCES datasets (name) ON DELETE CASCADE, "
            "document TSVECTOR NOT NULL)"
        )
    )
    connection.execute(
        text(f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING GIN (document)")
    )


def write(connection: Connection, name: str, tokens: dict[str, str]) -> None:
    vector = " || ".join(
        f"setweight(to_tsvector('simple', :{key}), '{weight}')" for weight, key in WEIGHTED
    )
    connection.execute(
        text(
            f"INSERT INTO {TABLE} (name, document) VALUES (:name, {vector}) "
            "ON CONFLICT (name) DO UPDATE SET document = EXCLUDED.document"
        ),
        {"name": name, **tokens},
    )


def remove(connection: Connection, name: str) -> None:
    connection.execute(text(f"DELETE FROM {TABLE} WHERE name = :name"), {"name": name})


def has(connection: Connection, name: str) -> bool:
    found = connection.execute(text(f"SELECT 1 FROM {TABLE} WHERE name = :name"), {"name": name})
    return found.first() is not None


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


def matches(requirements: list[list[list[Term]]]) -> Subquery:
    query = func.to_tsquery(literal_column("'simple'"), expression(requirements))
    weights = literal_column(f"'{RANK_WEIGHTS}'::float4[]")
    score = func.ts_rank(weights, documents.c.document, query)
    return (
        select(documents.c.name.label("name"), score.label("score"))
        .where(documents.c.document.op("@@")(query))
        .subquery("matched")
    )
