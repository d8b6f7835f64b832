"""A department's SQL is parsed before it reaches the database: one SELECT, nothing that writes.

What is sent is the parsed statement written back out by the parser, never the text as given.
"""

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

DIALECTS = {"postgresql": "postgres", "sqlite": "sqlite", "mysql": "mysql", "mssql": "tsql"}
# Nodes that write, lock, change settings or leave the query language, wherever they appear
# (a data-modifying CTE, SELECT INTO, FOR UPDATE, a PRAGMA...).
FORBIDDEN = (
    exp.Insert,
    exp.Update,
    exp.Delete,
    exp.Merge,
    exp.Create,
    exp.Drop,
    exp.Alter,
    exp.Command,
    exp.Into,
    exp.Lock,
    exp.Pragma,
    exp.Set,
    exp.Copy,
    exp.Transaction,
    exp.Commit,
    exp.Use,
    exp.Grant,
    exp.TruncateTable,
)


class QueryRefused(ValueError):  # noqa: N818 - reported as a HarvestError naming source.query
    pass


def read_only_select(query: str, database_dialect: str) -> str:
    """The query re-written by the parser if it is a single read-only SELECT; else QueryRefused."""
    dialect = DIALECTS.get(database_dialect)
    try:
        statements = [s for s in sqlglot.parse(query, dialect=dialect) if s is not None]
    except ParseError as problem:
        raise QueryRefused(f"cannot be parsed: {str(problem).splitlines()[0][:200]}") from None
    if len(statements) != 1:
        raise QueryRefused(f"must be exactly one statement, found {len(statements)}")
    (statement,) = statements
    if not isinstance(statement, exp.Query):
        raise QueryRefused(f"must be a SELECT, not {statement.key.upper()}")
    for node in statement.walk():
        if isinstance(node, FORBIDDEN):
            raise QueryRefused(f"may only read: it contains {node.key.upper()}")
    return statement.sql(dialect=dialect)
