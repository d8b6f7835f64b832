import codecs
import json

import pytest
from helpers import write_csv
from openpyxl import Workbook

from datapackages.errors import DecodeError, ReadError, SchemaMismatchError
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


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (b"", "utf-16-le")],
)
def test_readers_csv_in_utf16_either_byte_order(tmp_path, bom, codec):
    text = "name,beds\r\nHospital A,12\r\n哈尔滨市第一医院,1200\r\n"
    path = tmp_path / "h.csv"
    path.write_bytes(bom + text.encode(codec))
    assert read(path) == (["name", "beds"], [["Hospital A", "12"], ["哈尔滨市第一医院", "1200"]])


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


def read_expecting(path, expected, fmt="csv", **options):
    source = read_table("demo", RawTable("demo", path.name, fmt, path, options), expected)
    return source, [row for _, row in source.rows]


def test_readers_csv_header_found_below_title_rows_and_notes_skipped(tmp_path):
    path = tmp_path / "h.csv"
    lines = [
        "2024年全省医院名录\t\t",
        "单位：张\t\t",
        "",
        "序号\t机构名称\t床位数",
        "1\t哈尔滨市第一医院\t1200",
        "2\t齐齐哈尔市中医院\t300",
        "序号\t机构名称\t床位数 ",
        "合计\t\t1500",
        "注：床位数为核定床位。\t\t",
        "数据来源：省卫生健康委\t\t",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="gbk")
    source, rows = read_expecting(path, {"机构名称", "床位数", "bed_count"})
    assert source.headers == ["序号", "机构名称", "床位数"] and source.header_row == 4
    assert rows == [["1", "哈尔滨市第一医院", "1200"], ["2", "齐齐哈尔市中医院", "300"]]
    assert source.skipped == [7, 8, 9, 10]


def test_readers_header_matching_no_declared_field_names_the_row(tmp_path):
    path = write_csv(tmp_path / "h.csv", ["单位", "数量"], [["甲", "1"]])
    with pytest.raises(SchemaMismatchError, match=r"h.csv: no row among the first 2 .*机构名称"):
        read_expecting(path, {"机构名称", "床位数"})
    with pytest.raises(
        SchemaMismatchError, match=r"h.csv row 1: the header matches none .*found: 单位, 数量"
    ):
        read_expecting(path, {"机构名称"}, header_row=1)


def test_readers_json_records_keys_matching_no_field_are_refused(tmp_path):
    path = tmp_path / "h.json"
    path.write_text(json.dumps([{"a": 1}]), encoding="utf-8")
    with pytest.raises(SchemaMismatchError, match="h.json the records' keys: the header matches"):
        read_expecting(path, {"机构名称"}, "json")


def test_readers_ragged_rows_beyond_the_tolerance_name_row_and_column(tmp_path):
    ok = [["医院", "3"]] * 40 + [["医院"]] * 4
    assert len(read(write_csv(tmp_path / "ok.csv", HEADER, ok))[1]) == 44
    broken = [["医院", "3"]] * 40 + [["医院"]] * 12
    path = write_csv(tmp_path / "r.csv", HEADER, broken)
    with pytest.raises(
        ReadError, match=r"r.csv: 12 of 52 rows .* \(first: row 42, from column 2\)"
    ):
        read(path)


def test_readers_overlong_row_names_row_and_column(tmp_path):
    path = write_csv(tmp_path / "h.csv", HEADER, [["医院", "3", "", "多余"]])
    with pytest.raises(
        SchemaMismatchError, match=r"h.csv row 2: 4 cells .* \(column D is filled\)"
    ):
        read(path)


@pytest.mark.parametrize("row", [1, 5000])
def test_readers_nul_byte_names_row_and_column(tmp_path, row):
    rows = [["医院", "3"] for _ in range(row)]
    rows[-1] = ["医院", "3\x00"]
    path = write_csv(tmp_path / "h.csv", HEADER, rows)
    with pytest.raises(ReadError, match=rf"h.csv row {row + 1}, column B: a NUL byte"):
        read(path)


def test_readers_cell_over_the_size_bound_names_row_and_column(tmp_path):
    path = write_csv(tmp_path / "h.csv", HEADER, [["医院", "3"], ["医院", "9" * 40_000]])
    with pytest.raises(ReadError, match=r"h.csv row 3, column B: cell holds over 32768"):
        read(path)


def test_readers_whitespace_only_file_is_empty(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"\r\n  \r\n,,\r\n")
    with pytest.raises(ReadError, match="w.csv is empty"):
        read(path)


def test_readers_json_top_level_array_and_auto_found_nested_list(tmp_path):
    top = tmp_path / "top.json"
    top.write_text(json.dumps([{"机构名称": "医院甲", "床位数": 10}]), encoding="utf-8")
    assert read(top, "json") == (HEADER, [["医院甲", 10]])
    nested = tmp_path / "nested.json"
    answer = {"code": 0, "msg": "ok", "data": {"total": 1, "list": [{"机构名称": "医院乙"}]}}
    nested.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    assert read(nested, "json") == (["机构名称"], [["医院乙"]])
    two = tmp_path / "two.json"
    two.write_text(json.dumps({"a": [{"x": 1}], "b": [{"y": 2}]}), encoding="utf-8")
    with pytest.raises(ReadError, match=r"two.json holds several lists of records \(a, b\)"):
        read(two, "json")


def test_readers_json_cell_over_the_bound_or_with_nul_names_record_and_key(tmp_path):
    path = tmp_path / "h.json"
    path.write_text(json.dumps([{"机构名称": "甲"}, {"机构名称": "乙\u0000"}]), encoding="utf-8")
    with pytest.raises(ReadError, match="h.json record 2, key '机构名称': a NUL character"):
        read(path, "json")
    path.write_text(json.dumps([{"备注": {"x": "长" * 40_000}}]), encoding="utf-8")
    with pytest.raises(ReadError, match="h.json record 1, key '备注': over 32768 characters"):
        read(path, "json")


def test_readers_utf8_file_with_a_bad_byte_far_down_names_its_row(tmp_path):
    rows = [[f"哈尔滨市第{i:06d}医院", str(i)] for i in range(40_000)]
    path = write_csv(tmp_path / "h.csv", HEADER, rows)
    path.write_bytes(path.read_bytes() + "齐齐哈尔市医院,".encode("gbk") + b"3\n")
    assert path.stat().st_size > 1 << 20
    with pytest.raises(DecodeError, match=r"h.csv row 40002, column A: bytes that are not utf-8"):
        read(path)


def test_readers_declared_header_row_that_is_empty_is_named(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("标题,\n,\n机构名称,床位数\n医院,3\n", encoding="utf-8")
    with pytest.raises(ReadError, match="h.csv row 2: the header row is empty"):
        read(path, header_row=2)
    assert read(path, header_row=3) == (HEADER, [["医院", "3"]])


def test_readers_json_too_deep_or_with_an_endless_number_is_a_read_error(tmp_path):
    path = tmp_path / "h.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(ReadError, match="h.json: JSON nested too deep to read"):
        read(path, "json")
    path.write_text('[{"机构名称": "甲", "床位数": ' + "9" * 5000 + "}]", encoding="utf-8")
    with pytest.raises(ReadError, match="h.json: JSON holds a number too long to read"):
        read(path, "json")


@pytest.mark.parametrize("delimiter", ["\t", ";", "|"])
def test_readers_title_with_a_comma_above_another_delimiter_finds_the_header(tmp_path, delimiter):
    path = tmp_path / "h.csv"
    lines = ["2024年1-6月, 全省医院名录", delimiter.join(HEADER)]
    lines += [delimiter.join(row) for row in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    source = read_table("demo", RawTable("demo", path.name, "csv", path, {}), set(HEADER))
    assert source.delimiter == delimiter
    assert (source.headers, [row for _, row in source.rows]) == (HEADER, ROWS)
