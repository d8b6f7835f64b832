import json

import pytest
from helpers import write_csv
from openpyxl import Workbook

from datapackages.errors import DecodeError, ReadError
from datapackages.readers import read_table
from harvesters.table import RawTable

HEADER = ["机构名称", "床位数"]
ROWS = [["哈尔滨市第一医院", "1200"], ["齐齐哈尔市中医院", "300"]]


def read(path, fmt="csv", **options):
    source = read_table("demo", RawTable("demo", path.name, fmt, path, options))
    return source.headers, [row for _, row in source.rows]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_readers_csv_in_each_encoding(tmp_path, encoding):
    path = write_csv(tmp_path / "h.csv", HEADER, ROWS, encoding=encoding)
    assert read(path) == (HEADER, ROWS)


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_readers_csv_delimiters_are_detected(tmp_path, delimiter):
    path = write_csv(tmp_path / "h.csv", HEADER, [["医院", "3"]], delimiter=delimiter)
    assert read(path) == (HEADER, [["医院", "3"]])


def test_readers_csv_header_below_a_title_row(tmp_path):
    path = write_csv(tmp_path / "h.csv", ["2024年全省医院名录"], [HEADER, *ROWS])
    assert read(path, header_row=2) == (HEADER, ROWS)


def test_readers_xlsx_hidden_first_sheet_and_title_row(tmp_path):
    book = Workbook()
    hidden = book.active
    hidden.title = "说明"
    hidden.sheet_state = "hidden"
    hidden.append(["内部说明"])
    sheet = book.create_sheet("数据")
    sheet.append(["全省医院名录（2024年）"])
    sheet.append(HEADER)
    sheet.append(["哈尔滨市第一医院", 1200])
    book.save(tmp_path / "h.xlsx")
    headers, rows = read(tmp_path / "h.xlsx", "xlsx", header_row=2)
    assert headers == HEADER and rows == [["哈尔滨市第一医院", 1200]]


def test_readers_json_records_under_a_key(tmp_path):
    path = tmp_path / "h.json"
    doc = {
        "data": {
            "items": [
                {"机构名称": "医院甲", "床位数": 10},
                {"机构名称": "医院乙", "备注": {"a": 1}},
            ]
        }
    }
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    headers, rows = read(path, "json", records="data.items")
    assert headers == ["机构名称", "床位数", "备注"]
    assert rows == [["医院甲", 10, ""], ["医院乙", "", '{"a": 1}']]


def test_readers_refuse_html_page_served_as_csv(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("<!DOCTYPE html><html><body>请登录</body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match="h.csv is an HTML page"):
        read(path)


def test_readers_refuse_empty_file_and_bad_json(tmp_path):
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(ReadError, match="e.csv is empty"):
        read(tmp_path / "e.csv")
    (tmp_path / "b.json").write_text('{"a": [1, 2', encoding="utf-8")
    with pytest.raises(ReadError, match="b.json line 1: not valid JSON"):
        read(tmp_path / "b.json", "json")


def test_readers_undecodable_bytes_name_the_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xfe\xfa\x81\x00\x81" * 10 + b"\n")
    with pytest.raises((DecodeError, ReadError), match="bad.csv"):
        read(path, encoding="utf-8")


def test_readers_gbk_file_whose_first_megabyte_is_ascii(tmp_path):
    rows = [[f"Hospital {i:07d}", str(i)] for i in range(60_000)] + [["哈尔滨市第一医院", "1200"]]
    path = write_csv(tmp_path / "h.csv", ["name", "beds"], rows, encoding="gbk")
    assert path.read_bytes()[: 1 << 20].isascii()
    headers, read_rows = read(path)
    assert headers == ["name", "beds"] and read_rows[-1] == ["哈尔滨市第一医院", "1200"]
