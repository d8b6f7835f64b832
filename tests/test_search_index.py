"""The search index follows the catalogue: rebuilt by reindex, emptied when an entry closes."""

import time

from helpers import (
    HOSPITAL_HEADER,
    dataset_entry,
    hospital_rows,
    portal_env,
    run_portal,
    write_catalogue,
    write_csv,
)
from sqlalchemy import select, text

from portal import search_index, search_sqlite
from portal.db import Database
from portal.search import DatasetQuery, search_datasets
from portal.search_documents import COLUMNS
from portal.search_text import index_tokens

HEADER = HOSPITAL_HEADER


def found(database: Database, q: str) -> list[str]:
    with database.session() as session:
        return search_datasets(session, DatasetQuery(q=q, rows=100)).names


def test_search_index_is_rebuilt_by_reindex_and_follows_closing(tmp_path):
    write_csv(tmp_path / "h.csv", HEADER, hospital_rows(10))
    clinics = dataset_entry("clinics", "h.csv", title="诊所名录", summary="各地诊所。")
    hospitals = dataset_entry("hospitals", "h.csv")
    catalogue = write_catalogue(tmp_path, [hospitals, clinics])
    env = portal_env(catalogue, tmp_path / "var")
    assert run_portal(["harvest", "--all"], env).returncode == 0
    database = Database(f"sqlite:///{tmp_path / 'var' / 'portal.db'}")
    assert found(database, "全省医院") == ["hospitals"]
    # The rows cover 哈尔滨市 (hospital_rows): both datasets are found by the city.
    assert sorted(found(database, "哈尔滨")) == ["clinics", "hospitals"]

    with database.session() as session:
        session.execute(text("DELETE FROM dataset_search"))
        session.execute(text("DELETE FROM dataset_search_keys"))
    assert found(database, "哈尔滨") == []
    rebuilt = run_portal(["reindex"], env)
    assert "hospitals: indexed for search" in rebuilt.stdout
    assert sorted(found(database, "哈尔滨")) == ["clinics", "hospitals"]

    closed = {**hospitals, "open": "closed", "reason": "经审查涉及敏感信息，暂停开放"}
    write_catalogue(tmp_path, [closed, clinics])
    assert run_portal(["harvest", "--all"], env).returncode == 0
    assert found(database, "哈尔滨") == ["clinics"]
    with database.session() as session:
        assert session.scalar(text("SELECT count(*) FROM dataset_search")) == 1
    database.dispose()


def test_search_equal_matches_rank_newest_first(tmp_path):
    write_csv(tmp_path / "a.csv", HEADER, hospital_rows(5))
    write_csv(tmp_path / "b.csv", HEADER, hospital_rows(6))
    entries = [dataset_entry(f"list-{x}", f"{x}.csv", title="医院名录") for x in "ab"]
    env = portal_env(write_catalogue(tmp_path, entries), tmp_path / "var")
    for name in ("list-a", "list-b"):
        _next_second()  # versions record whole seconds: two in one second would tie
        assert run_portal(["harvest", "--dataset", name], env).returncode == 0
    database = Database(f"sqlite:///{tmp_path / 'var' / 'portal.db'}")
    assert found(database, "医院") == ["list-b", "list-a"]
    with database.session() as session:  # pages of one: the tie at the page's edge is kept
        pages = [DatasetQuery(q="医院", rows=1, start=start) for start in (0, 1)]
        assert [search_datasets(session, p).names for p in pages] == [["list-b"], ["list-a"]]
    write_csv(tmp_path / "a.csv", HEADER, hospital_rows(7))
    _next_second()
    assert run_portal(["harvest", "--dataset", "list-a"], env).returncode == 0
    assert found(database, "医院") == ["list-a", "list-b"]
    database.dispose()


def _next_second() -> None:
    time.sleep(1 - time.time() % 1 + 0.01)


def test_search_index_compacts_to_one_segment_and_ranks_the_same(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'portal.db'}")
    database.create_schema()
    titles = ["医院名录", "医院床位统计", "养老机构名录", "哈尔滨医院", "诊所名录", "药店名录"]
    for key, title in enumerate(titles * 2, start=1):
        with database.session() as session:  # one commit per dataset, as publishing does
            document = {"key": key, **dict.fromkeys(COLUMNS, ""), "title": index_tokens(title)}
            search_sqlite.write_many(session.connection(), [document])

    def ranked(connection) -> list[tuple[int, float]]:
        matched = search_sqlite.matches()
        words = search_index.match_parameters("sqlite", [[[(("医院",),)]]])
        return connection.execute(select(matched).order_by(matched.c.key), words).all()

    with database.session() as session:
        connection = session.connection()
        pieces = search_sqlite.segments(connection)
        before = ranked(connection)
        assert pieces > 1 and len(before) == 6
        assert not search_index.keep_compact(connection, max_segments=pieces)
        assert search_index.keep_compact(connection, max_segments=1)
        assert search_sqlite.segments(connection) == 1
        assert ranked(connection) == before
    database.dispose()
