"""Row full text: fields declared `full_text` are searched by datastore_search q through an index
(an FTS5 trigram table in a SQLite row file, pg_trgm GIN indexes in PostgreSQL), over ckanapi
against a real server, on both databases."""

import sqlite3
import uuid
from dataclasses import dataclass

import ckanapi
import psycopg
import pytest
from helpers import dataset_entry, hospital_fields, serve, write_catalogue, write_csv
from test_directory import problems_of
from test_row_files import _query

from datapackages import PackageStore
from directory import load_directory
from portal import create_app
from portal.db import Database
from portal.jobs import harvest_one, prepare_catalogue
from portal.models import ResourceRow
from portal.rowfiles import file_for, load_csv, rows_dir
from portal.rowstore import search_rows
from portal.search_text import fold

HEADER = ["机构代码", "机构名称", "所在城市", "床位数", "开业日期", "备注"]
NAMES = [
    "哈尔滨医药有限公司",
    "齐齐哈尔第一医院",
    "大庆市医药有限责任公司",
    '测试"引号"OR店*',
    "NEAR(牡丹江 药房",
    "佳木斯妇幼保健院",
]
CITIES = ["哈尔滨市", "齐齐哈尔市", "大庆市", "牡丹江市", "牡丹江市", "大庆市"]


def _rows() -> list[list[str]]:
    rows = []
    for i in range(60):
        note = "隐藏词只在备注里" if i % 10 == 3 else ""
        name = NAMES[i % len(NAMES)] + f"{i}号"
        rows.append([f"H{i:04d}", name, CITIES[i % len(CITIES)], str(100 + i), "2020-01-02", note])
    return rows


ROWS = _rows()


def _fields() -> list[dict]:
    fields = hospital_fields(more=[{"name": "note", "title": "备注", "type": "string"}])
    fields[1]["full_text"] = True  # name
    fields[2]["full_text"] = True  # city
    return fields


def _expected(words: list[str], columns=(1, 2)) -> set[str]:
    """Codes of the rows where every word (as typed or folded) is in one of the columns."""
    return {
        row[0]
        for row in ROWS
        if all(any(w in row[c] or fold(w) in row[c] for c in columns) for w in words)
    }


@dataclass
class Site:
    url: str
    database: Database
    kind: str


def _utf8_database(cluster) -> str:
    """A database whose ctype sees Chinese letters (the cluster's default is C), as a portal's
    would be made for trigram indexes."""
    name = f"portal_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        f"host=127.0.0.1 port={cluster.port} user=portal dbname=postgres", autocommit=True
    ) as connection:
        connection.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C'"
        )
    return f"postgresql+psycopg://portal@127.0.0.1:{cluster.port}/{name}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql", "postgresql-c-ctype"])
def site(request, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp(f"rowfts-{request.param}")
    data_dir = tmp_path / "data"
    source = write_csv(tmp_path / "h.csv", HEADER, ROWS)
    entry = dataset_entry("hospitals", str(source), fields=_fields())
    catalogue = write_catalogue(tmp_path, [entry])
    directory = load_directory(catalogue)
    url = f"sqlite:///{data_dir / 'portal.db'}"
    if request.param == "postgresql":
        url = _utf8_database(request.getfixturevalue("postgres_cluster"))
    elif request.param == "postgresql-c-ctype":  # no trigram index can be built: q scans
        url = request.getfixturevalue("postgres_cluster").create_database()
    database = Database(url)
    store = PackageStore(data_dir / "packages")
    database.create_schema()
    prepare_catalogue(database, store, directory)
    outcome = harvest_one(database, store, directory, directory.dataset("hospitals"))
    assert outcome.status == "published", outcome.error
    app = create_app({"CATALOGUE": str(catalogue), "DATA_DIR": str(data_dir), "DATABASE_URL": url})
    with serve(app) as base:
        yield Site(base, database, request.param)
    database.engine.dispose()


@pytest.fixture(scope="module")
def resource_id(site) -> str:
    with site.database.session() as session:
        return session.query(ResourceRow).one().id


def _search(site, resource_id, **params) -> dict:
    with ckanapi.RemoteCKAN(site.url) as remote:
        return remote.action.datastore_search(resource_id=resource_id, **{"limit": 1000, **params})


def _codes(found: dict) -> set[str]:
    return {record["org_code"] for record in found["records"]}


def test_row_full_text_is_indexed_where_declared(site):
    with site.database.session() as session:
        table = session.query(ResourceRow).one().row_table
    if site.kind == "sqlite":
        with sqlite3.connect(file_for(rows_dir(site.database.engine), table)) as raw:
            columns = [row[1] for row in raw.execute("PRAGMA table_info(rows_text)")]
        assert columns == ["name", "city"]
    else:
        with site.database.engine.connect() as conn:
            definitions = conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE tablename = %s", (table,)
            ).scalars()
            trigram = [d for d in definitions if "gin_trgm_ops" in d]
        if site.kind == "postgresql":
            assert len(trigram) == 2 and any("(name gin_trgm_ops)" in d for d in trigram), trigram
        else:
            assert trigram == []


@pytest.mark.parametrize(
    "words",
    [
        ["医药有限"],
        ["医院"],
        ["醫藥有限"],
        ["齊齊哈爾"],
        ["医药", "大庆"],
        ["有限公司", "哈尔滨市"],
    ],
)
def test_row_full_text_finds_words_in_declared_columns_with_the_right_total(
    site, resource_id, words
):
    expected = _expected(words)
    assert expected, "the test data must hold each query"
    found = _search(site, resource_id, q=" ".join(words))
    assert _codes(found) == expected
    assert found["total"] == len(expected)
    page = _search(site, resource_id, q=" ".join(words), limit=2, offset=1, include_total=False)
    ordered = sorted(expected, key=lambda code: int(code[1:]))
    assert [r["org_code"] for r in page["records"]] == ordered[1:3]


def test_row_full_text_looks_only_in_declared_columns_unless_a_field_is_named(site, resource_id):
    assert _search(site, resource_id, q="隐藏词")["total"] == 0  # in `note`, not declared
    named = _search(site, resource_id, q={"note": "隐藏词"})
    assert _codes(named) == {row[0] for row in ROWS if "隐藏词" in row[5]}
    for word in ("大庆市", "大庆"):  # declared: through the index (3+ characters), else LIKE
        in_name = _search(site, resource_id, q={"name": word})
        assert _codes(in_name) == {row[0] for row in ROWS if word in row[1]}
        assert _codes(in_name) < _expected([word])  # 佳木斯妇幼保健院 is in 大庆市


@pytest.mark.parametrize(
    "text", ['"引号"', "OR店*", "*", '"', "NEAR(", "NEAR(牡丹江", "OR", "引号 OR", "city:哈尔滨"]
)
def test_row_full_text_reads_query_syntax_as_literal_text(site, resource_id, text):
    found = _search(site, resource_id, q=text)
    expected = _expected(text.split())
    assert _codes(found) == expected
    assert found["total"] == len(expected)


def test_row_full_text_with_a_filter_and_a_sort(site, resource_id):
    found = _search(site, resource_id, q="医药有限", filters={"city": "大庆市"}, sort="beds desc")
    expected = [row for row in ROWS if "医药有限" in row[1] and row[2] == "大庆市"]
    expected.sort(key=lambda row: -int(row[3]))
    assert [r["org_code"] for r in found["records"]] == [row[0] for row in expected]
    assert found["total"] == len(expected)


def _file_search(tmp_path, full_text: list[str], q: str) -> dict:
    """search_rows over a row file loaded from a package-like CSV (as the indexer loads one)."""
    fields = [{"name": f["name"], "type": f["type"]} for f in _fields()]
    csv = write_csv(tmp_path / "rows.csv", [f["name"] for f in fields], ROWS)
    database = Database(f"sqlite:///{tmp_path / 'portal.db'}")
    path = file_for(rows_dir(database.engine), "rows_t_v1")
    if not path.exists():
        load_csv(path, fields, csv, indexed=["org_code"], full_text=full_text)
    with database.engine.connect() as conn:
        return search_rows(conn, "rows_t_v1", fields, _query(q=q))


def test_row_full_text_a_row_file_without_the_index_still_scans_every_text_column(tmp_path):
    # As written before full_text existed: no text index, q reads every text column.
    found = _file_search(tmp_path, [], "隐藏词")
    assert found["total"] == sum("隐藏词" in row[5] for row in ROWS) > 0
    found = _file_search(tmp_path, [], "醫藥有限")
    assert found["total"] == len(_expected(["医药有限"]))


def test_row_full_text_a_nul_in_a_word_is_looked_for_as_text(tmp_path):
    # The API refuses NUL in parameters; the row file's query must not read it as FTS5 syntax.
    assert _file_search(tmp_path, ["name", "city"], "医药\x00有限")["total"] == 0
    assert _file_search(tmp_path, ["name", "city"], "医药有限")["total"] == len(
        _expected(["医药有限"])
    )


def test_row_full_text_option_is_for_text_fields_and_boolean(tmp_path):
    fields = _fields()
    fields[3]["full_text"] = True  # beds, an integer
    fields[4]["full_text"] = "yes"
    found = problems_of(tmp_path, [dataset_entry("hospitals", "h.csv", fields=fields)])
    assert any("datasets[hospitals].fields[3].full_text" in p for p in found), found
    assert any("datasets[hospitals].fields[4].full_text" in p for p in found), found


@pytest.mark.parametrize("name", ["rank", "rowid", "rows_text"])
def test_row_full_text_refuses_names_the_index_reserves(tmp_path, name):
    fields = _fields()
    fields[2] = {**fields[2], "name": name, "full_text": True}
    found = problems_of(tmp_path, [dataset_entry("hospitals", "h.csv", fields=fields)])
    assert any("datasets[hospitals].fields[2].full_text" in p and name in p for p in found), found
