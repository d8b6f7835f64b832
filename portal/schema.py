"""Bring an existing catalogue DB up to the models: add the columns newer code declares.

`create_all` creates missing tables but never touches existing ones, so a data dir made by an
older version would fail on its first insert into a table that has grown. Only additive changes
are made (new columns with their defaults); nothing is renamed, retyped or dropped.
"""

from sqlalchemy import Column, Engine, MetaData, inspect, literal, text


def add_missing_columns(engine: Engine, metadata: MetaData) -> list[str]:
    """Add every declared column an existing table lacks; returns `table.column` of each added."""
    inspector = inspect(engine)
    added = []
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if not inspector.has_table(table.name):
                continue
            present = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present or column.primary_key:
                    continue
                connection.execute(text(_add_column_sql(engine, table.name, column)))
                added.append(f"{table.name}.{column.name}")
    return added


def _add_column_sql(engine: Engine, table: str, column: Column) -> str:
    quote = engine.dialect.identifier_preparer.quote
    kind = column.type.compile(dialect=engine.dialect)
    sql = f"ALTER TABLE {quote(table)} ADD COLUMN {quote(column.name)} {kind}"
    default = getattr(column.default, "arg", None)
    if default is not None and not callable(default):
        value = literal(default, column.type).compile(
            dialect=engine.dialect, compile_kwargs={"literal_binds": True}
        )
        sql += f" DEFAULT {value}"
        if not column.nullable:
            sql += " NOT NULL"
    return sql
