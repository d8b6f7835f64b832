"""SQLite row files: written while a package is built, indexed as declared, sealed, replaced."""

import sqlite3

from helpers import (
    HOSPITAL_HEADER,
    dataset_entry,
    hospital_fields,
    hospital_rows,
    resident_id,
    write_catalogue,
    write_csv,
)
from test_directory import problems_of

from datapackages import PackageStore
from directory import load_directory
from portal import rowfiles
from portal.db import Database
from portal.indexer import reindex
from portal.jobs import harvest_one, prepare_catalogue
from portal.models import ResourceRow
from portal.rowfiles import file_for, rows_dir, sealed_rows
from portal.rowstore import RowQuery, search_rows


def _query(**overrides) -> RowQuery:
    values = dict(filters={}, q="", sort="", limit=100, offset=0, fields=None, include_total=True)
    values.update(overrides)
    return RowQuery(**values)


def _site(tmp_path, rows):
    source = write_csv(tmp_path / "h.csv", HOSPITAL_HEADER, rows)
    fields = hospital_fields()
    fields[2]["index"] = True  # city
    catalogue = write_catalogue(tmp_path, [dataset_entry("hospitals", str(source), fields=fields)])
    directory = load_directory(catalogue)
    database = Database(f"sqlite:///{tmp_path / 'data' / 'portal.db'}")
    store = PackageStore(tmp_path / "data" / "packages")
    database.create_schema()
    prepare_catalogue(database, store, directory)
    return source, directory, database, store


def _resource(database) -> ResourceRow:
    with database.session() as session:
        return session.query(ResourceRow).one()


def test_row_files_are_written_while_packaging_indexed_and_served(tmp_path):
    _, directory, database, store = _site(tmp_path, hospital_rows(40))
    outcome = harvest_one(database, store, directory, directory.dataset("hospitals"))
    assert outcome.status == "published", outcome.error
    folder = rows_dir(database.engine)
    resource = _resource(database)
    path = file_for(folder, resource.row_table)
    assert sealed_rows(path) == 40
    assert not list((folder / "staging").iterdir()), "nothing staged is left behind"
    with sqlite3.connect(path) as raw:
        indexed = {
            row[0] for row in raw.execute("SELECT sql FROM sqlite_master WHERE type='index'")
        }
        plan = " ".join(
            str(r)
            for r in raw.execute("EXPLAIN QUERY PLAN SELECT * FROM rows WHERE city = ?", ["x"])
        )
    assert any('"city"' in sql for sql in indexed) and any('"org_code"' in sql for sql in indexed)
    assert "USING INDEX" in plan
    with database.engine.connect() as conn:
        found = search_rows(conn, resource.row_table, resource.fields, _query())
        city = search_rows(
            conn,
            resource.row_table,
            resource.fields,
            _query(filters={"city": "大庆市"}, sort="beds desc", limit=3),
        )
    assert found["total"] == 40 and found["records"][0]["org_code"] == "H0001"
    assert found["records"][0]["opened"] == "2019-02-02"
    assert city["total"] == 8
    assert [r["beds"] for r in city["records"]] == sorted(
        (100 + i * 7 for i in range(1, 41) if i % 5 == 4), reverse=True
    )[:3]


def test_row_files_blocked_publish_leaves_the_last_rows_served_and_no_file(tmp_path):
    source, directory, database, store = _site(tmp_path, hospital_rows(20))
    entry = directory.dataset("hospitals")
    assert harvest_one(database, store, directory, entry).status == "published"
    first = _resource(database).row_table
    rows = hospital_rows(20)
    rows[7][1] = f"患者{resident_id('11010519491231002')}"  # a checksum-valid ID in a name
    write_csv(source, HOSPITAL_HEADER, rows)
    outcome = harvest_one(database, store, directory, entry)
    assert outcome.reason == "screen-blocked" and "居民身份证号码" in outcome.error
    folder = rows_dir(database.engine)
    assert sorted(p.name for p in folder.glob("*.sqlite")) == [f"{first}.sqlite"]
    assert not list((folder / "staging").iterdir())
    assert _resource(database).row_table == first


def test_row_files_a_new_version_replaces_the_old_file(tmp_path):
    source, directory, database, store = _site(tmp_path, hospital_rows(20))
    entry = directory.dataset("hospitals")
    harvest_one(database, store, directory, entry)
    first = _resource(database).row_table
    write_csv(source, HOSPITAL_HEADER, hospital_rows(25))
    assert harvest_one(database, store, directory, entry).status == "published"
    second = _resource(database).row_table
    folder = rows_dir(database.engine)
    assert second != first and not file_for(folder, first).exists()
    assert sealed_rows(file_for(folder, second)) == 25


def test_row_files_reindex_reloads_a_missing_file_from_the_package(tmp_path):
    _, directory, database, store = _site(tmp_path, hospital_rows(12))
    harvest_one(database, store, directory, directory.dataset("hospitals"))
    resource = _resource(database)
    path = file_for(rows_dir(database.engine), resource.row_table)
    path.unlink()
    with database.session() as session:
        report = reindex(session, store, directory)
    assert any("loaded rows" in repair for repair in report.repairs)
    assert sealed_rows(path) == 12


def test_row_files_index_option_must_be_a_boolean(tmp_path):
    fields = hospital_fields()
    fields[2]["index"] = "yes"
    found = problems_of(tmp_path, [dataset_entry("hospitals", "h.csv", fields=fields)])
    assert any("datasets[hospitals].fields[2].index" in p for p in found), found


def test_row_files_a_data_dir_from_before_row_files_moves_its_rows_out(tmp_path):
    _, directory, database, store = _site(tmp_path, hospital_rows(12))
    harvest_one(database, store, directory, directory.dataset("hospitals"))
    resource = _resource(database)
    path = file_for(rows_dir(database.engine), resource.row_table)
    path.unlink()
    with database.engine.begin() as conn:  # how the previous release kept rows: in portal.db
        conn.exec_driver_sql(f'CREATE TABLE "{resource.row_table}" (_id INTEGER PRIMARY KEY)')
    with database.session() as session:
        reindex(session, store, directory)
    assert sealed_rows(path) == 12
    with database.engine.connect() as conn:
        assert not conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name = ?", (resource.row_table,)
        ).fetchall()


def test_row_files_staged_leftovers_of_a_dead_process_are_removed(tmp_path):
    import os

    _, directory, database, store = _site(tmp_path, hospital_rows(5))
    staging = rows_dir(database.engine) / "staging"
    staging.mkdir(parents=True)
    old, recent = staging / ".old.partial", staging / ".recent.partial"
    old.write_bytes(b"x")
    recent.write_bytes(b"x")
    os.utime(old, (0, 0))
    dead_load = rows_dir(database.engine) / ".rows_x_v1.sqlite.0123.partial"
    dead_load.write_bytes(b"x")
    os.utime(dead_load, (0, 0))
    harvest_one(database, store, directory, directory.dataset("hospitals"))
    assert not old.exists() and recent.exists() and not dead_load.exists()


def test_row_files_sorting_by_a_number_or_date_reads_the_narrow_sort_table(tmp_path, monkeypatch):
    monkeypatch.setattr(rowfiles, "INGEST_ROWS", 7)  # many appends to both tables
    rows = hospital_rows(60)
    for i, row in enumerate(rows):
        row[3] = str(100 + (i * 37) % 11)  # beds: many ties, broken by _id
    _, directory, database, store = _site(tmp_path, rows)
    harvest_one(database, store, directory, directory.dataset("hospitals"))
    resource = _resource(database)
    path = file_for(rows_dir(database.engine), resource.row_table)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*), max(beds) FROM sort_keys").fetchone() == (60, 110)
        # _id numbers the rows in file order, and a sort row has the numbers of its own row
        assert [r[0] for r in raw.execute("SELECT org_code FROM rows ORDER BY _id")] == [
            row[0] for row in rows
        ]
        paired = "SELECT count(*) FROM rows JOIN sort_keys USING (_id) WHERE "
        paired += "rows.beds = sort_keys.beds AND rows.opened = sort_keys.opened"
        assert raw.execute(paired).fetchone() == (60,)
    with database.engine.connect() as conn:
        everything = search_rows(conn, resource.row_table, resource.fields, _query())["records"]
        for sort, key in (
            ("beds desc", lambda r: (-r["beds"], r["_id"])),
            ("opened asc, beds desc", lambda r: (r["opened"], -r["beds"], r["_id"])),
        ):
            expected = [r["_id"] for r in sorted(everything, key=key)]
            for offset in (0, 7, 55):
                page = search_rows(
                    conn,
                    resource.row_table,
                    resource.fields,
                    _query(sort=sort, limit=10, offset=offset, fields=["_id", "name"]),
                )
                assert [r["_id"] for r in page["records"]] == expected[offset : offset + 10]
                assert list(page["records"][0]) == ["_id", "name"]


def test_row_files_datetime_filter_with_a_zone_matches_the_stored_stamp(tmp_path):
    rows = [row + [f"2024-01-0{i % 3 + 1} 08:30:00"] for i, row in enumerate(hospital_rows(9))]
    source = write_csv(tmp_path / "h.csv", [*HOSPITAL_HEADER, "更新时间"], rows)
    fields = hospital_fields(more=[{"name": "updated", "title": "更新时间", "type": "datetime"}])
    catalogue = write_catalogue(tmp_path, [dataset_entry("hospitals", str(source), fields=fields)])
    directory = load_directory(catalogue)
    database = Database(f"sqlite:///{tmp_path / 'data' / 'portal.db'}")
    store = PackageStore(tmp_path / "data" / "packages")
    database.create_schema()
    harvest_one(database, store, directory, directory.dataset("hospitals"))
    resource = _resource(database)
    with database.engine.connect() as conn:
        for value in ("2024-01-02T08:30:00", "2024-01-02 08:30:00", "2024-01-02T08:30:00Z"):
            found = search_rows(
                conn, resource.row_table, resource.fields, _query(filters={"updated": value})
            )
            assert found["total"] == 3, value
            assert {r["updated"] for r in found["records"]} == {"2024-01-02T08:30:00"}


def test_row_files_dropping_a_table_removes_its_file_only_when_the_transaction_commits(tmp_path):
    from portal.rowstore import drop_table

    _, directory, database, store = _site(tmp_path, hospital_rows(6))
    harvest_one(database, store, directory, directory.dataset("hospitals"))
    table = _resource(database).row_table
    path = file_for(rows_dir(database.engine), table)
    with database.sessions() as session, session.begin():
        drop_table(session.connection(), table)
        assert path.exists(), "readers still see the old table until the commit"
        session.rollback()
    assert path.exists(), "a rolled-back drop keeps the file the catalogue points to"
    with database.session() as session:
        try:
            with session.begin_nested():
                drop_table(session.connection(), table)
                raise RuntimeError("a later step of this dataset failed")
        except RuntimeError:
            pass
    assert path.exists(), "a rolled-back savepoint keeps the file"
    with database.session() as session:
        with session.begin_nested():
            drop_table(session.connection(), table)
        assert path.exists()
    assert not path.exists(), "the commit removes it"


def test_row_files_a_writer_that_cannot_start_costs_time_not_the_publish(tmp_path):
    _, directory, database, store = _site(tmp_path, hospital_rows(8))
    folder = rows_dir(database.engine)
    folder.mkdir(parents=True)
    (folder / "staging").write_text("not a folder")  # the staged file cannot be created
    outcome = harvest_one(database, store, directory, directory.dataset("hospitals"))
    assert outcome.status == "published", outcome.error
    assert sealed_rows(file_for(folder, _resource(database).row_table)) == 8  # from the CSV
