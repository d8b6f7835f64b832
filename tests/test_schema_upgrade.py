"""An older catalogue DB gains the columns newer code declares, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import create_engine, inspect, text

from portal.db import Database

OLD_HARVEST_ITEMS = (
    "create table harvest_items (id integer primary key, run_id integer, dataset_id varchar(100),"
    " status varchar(20), version integer, rows integer, seconds float, error text)"
)


@pytest.fixture
def old_database_url(tmp_path, database_kind, request) -> str:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    if database_kind == "postgresql":
        url = request.getfixturevalue("postgres_cluster").create_database()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(OLD_HARVEST_ITEMS))
        connection.execute(
            text("insert into harvest_items values (1, 1, 'h', 'failed', null, 0, 0.5, 'x')")
        )
    engine.dispose()
    return url


def test_schema_upgrade_adds_missing_columns_with_defaults(old_database_url):
    database = Database(old_database_url)
    database.create_schema()
    columns = {c["name"] for c in inspect(database.engine).get_columns("harvest_items")}
    assert {"source", "detail", "reason"} <= columns
    with database.engine.connect() as connection:
        old_row = connection.execute(text("select source, reason, error from harvest_items")).one()
    assert tuple(old_row) == ("", "", "x")
    database.create_schema()  # a second start finds nothing to add
    database.dispose()
