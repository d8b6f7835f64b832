"""The places and years a dataset's search document takes from the first rows of its CSVs."""

import json

from portal import search_documents
from portal.search_documents import coverage_values


def package(tmp_path, rows: list[str], fields: list[dict]) -> dict:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    resource = {"path": "data/r.csv", "format": "csv", "schema": {"fields": fields}}
    descriptor = {"resources": [resource]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return descriptor


FIELDS = [
    {"name": "city", "title": "所在城市", "type": "string"},
    {"name": "opened", "title": "开业日期", "type": "date"},
    {"name": "note", "title": "备注", "type": "string"},
]
ROWS = [
    "city,opened,note",
    "哈尔滨市,2024-01-01,一",
    " 大庆市 ,2023-05-05,二",
    "哈尔滨市,1899-01-01,三",  # a year outside 1900-2099 is not taken
    ",2024-02-02,四",
    f"{'长' * 31},2022-07-07,五",  # longer than a place name can be
]


def test_coverage_takes_places_and_years_in_order_of_first_appearance(tmp_path):
    descriptor = package(tmp_path, ROWS, FIELDS)
    assert coverage_values(descriptor, tmp_path) == ["哈尔滨市", "2024", "大庆市", "2023", "2022"]


def test_coverage_stops_at_the_first_row_that_begins_with_enough_values(tmp_path, monkeypatch):
    monkeypatch.setattr(search_documents, "COVERAGE_MAX", 3)
    descriptor = package(tmp_path, ROWS, FIELDS)
    # row 2 begins with two values and adds two more; row 3 begins with four
    assert coverage_values(descriptor, tmp_path) == ["哈尔滨市", "2024", "大庆市", "2023"]


def test_coverage_reads_only_the_first_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(search_documents, "COVERAGE_ROWS_READ", 2)
    descriptor = package(tmp_path, ROWS, FIELDS)
    assert coverage_values(descriptor, tmp_path) == ["哈尔滨市", "2024", "大庆市", "2023"]


def test_coverage_skips_a_described_column_the_csv_lacks(tmp_path):
    descriptor = package(tmp_path, ["town,opened", "x,2024-01-01"], FIELDS)
    assert coverage_values(descriptor, tmp_path) == ["2024"]


def test_coverage_counts_rows_not_lines_when_a_cell_holds_a_line_break(tmp_path, monkeypatch):
    monkeypatch.setattr(search_documents, "COVERAGE_ROWS_READ", 2)
    rows = [ROWS[0], '哈尔滨市,2024-01-01,"第一行\n第二行"', ROWS[2], ROWS[5]]
    descriptor = package(tmp_path, rows, FIELDS)
    # two rows, though three lines: 大庆市 and 2023 are in the second row
    assert coverage_values(descriptor, tmp_path) == ["哈尔滨市", "2024", "大庆市", "2023"]


def test_coverage_of_rows_longer_than_the_read_bound_is_the_same(tmp_path, monkeypatch):
    descriptor = package(tmp_path, ROWS, FIELDS)
    expected = coverage_values(descriptor, tmp_path)
    monkeypatch.setattr(search_documents, "COVERAGE_BYTES_READ", 40)  # fewer bytes than 2 lines
    assert (
        coverage_values(descriptor, tmp_path)
        == expected
        == [
            "哈尔滨市",
            "2024",
            "大庆市",
            "2023",
            "2022",
        ]
    )


def test_coverage_of_fields_named_like_its_own_working_columns(tmp_path):
    fields = [
        {"name": "row", "title": "所在城市", "type": "string"},
        {"name": "v", "title": "开业日期", "type": "date"},
        {"name": "position", "title": "区县", "type": "string"},
    ]
    rows = ["row,v,position", "哈尔滨市,2024-01-01,道里区", "大庆市,2023-05-05,道里区"]
    descriptor = package(tmp_path, rows, fields)
    assert coverage_values(descriptor, tmp_path) == [
        "哈尔滨市",
        "道里区",
        "2024",
        "大庆市",
        "2023",
    ]


def test_coverage_of_a_field_that_is_both_a_place_and_a_time(tmp_path):
    fields = [{"name": "built", "title": "区县设立年份", "type": "year"}]
    descriptor = package(tmp_path, ["built", " 2001 ", "1999"], fields)
    assert coverage_values(descriptor, tmp_path) == ["2001", "1999"]


def test_coverage_skips_blank_lines_as_the_csv_module_does(tmp_path, monkeypatch):
    # a one-column CSV writes an empty cell as an empty line: it is not one of the rows read
    monkeypatch.setattr(search_documents, "COVERAGE_ROWS_READ", 2)
    fields = [{"name": "city", "title": "所在城市", "type": "string"}]
    descriptor = package(tmp_path, ["city", "哈尔滨市", "", "", "大庆市", "齐齐哈尔市"], fields)
    assert coverage_values(descriptor, tmp_path) == ["哈尔滨市", "大庆市"]
