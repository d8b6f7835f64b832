"""Messy departmental workbooks through the whole packaging step, as a department sends them."""

import json
from datetime import date

import pytest
from helpers import dataset_entry, hospital_fields, write_catalogue, write_csv
from openpyxl import Workbook
from xls_writer import XlsSheet, write_xls

from datapackages import PackageStore, build_package
from datapackages.errors import SchemaMismatchError
from directory import load_directory
from harvesters import harvest

SHEET = [
    ["黑龙江省医疗机构名录（2024年）"],
    ["填报单位：省卫生健康委", None, None, None, None, "单位：张"],
    ["序号", "基本信息", None, None, "床位数", "开业日期"],
    [None, "机构代码", "机构名称", "所在城市", None, None],
    [1, "H001", "哈尔滨市第一医院", "哈尔滨市", "1，200", date(1950, 3, 5)],
    [2, "H002", "齐齐哈尔市中医院", "齐齐哈尔市", 300, 31000],
    [3, "H003", "牡丹江市妇幼保健院", "牡丹江市", "—", "2001年7月1日"],
    ["合计", None, None, None, 1500, None],
    ["注：床位数为核定床位数。"],
    ["填表人：张三", None, None, "联系电话：13812345678"],
]
PUBLISHED = [
    "org_code,name,city,beds,opened",
    "H001,哈尔滨市第一医院,哈尔滨市,1200,1950-03-05",
    "H002,齐齐哈尔市中医院,齐齐哈尔市,300,1984-11-14",
    "H003,牡丹江市妇幼保健院,牡丹江市,,2001-07-01",
]


def write_sheet(path):
    if path.suffix == ".xls":
        sheet = XlsSheet("名录", SHEET)
        sheet.merged = [(2, 2, 1, 3)]
        return write_xls(
            path, [XlsSheet("审核", [["身份证号"], ["110105194912310021"]], True), sheet]
        )
    book = Workbook()
    book.active.title = "名录"
    for row in SHEET:
        book.active.append(row)
    book.active.merge_cells("B3:D3")
    book.save(path)
    return path


@pytest.mark.parametrize("name", ["h.xls", "h.xlsx"])
def test_messy_workbook_publishes_only_its_records(tmp_path, name):
    write_sheet(tmp_path / name)
    source = {"kind": "file", "path": name, "header_row": 3, "header_rows": 2}
    entry = dataset_entry("hospitals", name, source=source)
    directory = load_directory(write_catalogue(tmp_path, [entry]))
    dataset = directory.dataset("hospitals")
    store = PackageStore(tmp_path / "var" / "packages")
    result = build_package(dataset, directory, harvest(dataset), store)
    assert (result.status, result.rows) == ("published", 3)
    data = store.version_dir("hospitals", "1") / "data" / "hospitals.csv"
    assert data.read_text(encoding="utf-8").splitlines() == PUBLISHED


SPACED = ["机构 代码", "机构名  称", "所在\n城市", "床位数", "开业\u3000日期"]


def _published_both_ways(tmp_path, entry) -> str:
    tmp_path.mkdir(parents=True, exist_ok=True)
    directory = load_directory(write_catalogue(tmp_path, [entry]))
    dataset = directory.dataset(entry["id"])
    published = []
    for vectorised in (True, False):
        store = PackageStore(tmp_path / f"p{vectorised}")
        result = build_package(dataset, directory, harvest(dataset), store, vectorised=vectorised)
        assert result.status == "published", result.error
        data = store.version_dir(entry["id"], "1") / f"data/{entry['id']}.csv"
        published.append(data.read_text("utf-8"))
    assert published[0] == published[1]
    return published[0]


@pytest.mark.parametrize("name", ["h.csv", "h.xlsx"])
def test_header_cells_padded_or_broken_over_lines_match_their_declared_titles(tmp_path, name):
    """Excel users pad short titles with spaces (名  称) and break long ones with Alt+Enter
    (所在⏎城市); a space beside a Chinese character is layout, so 机构代码 is still found. The
    header repeated on a later page, spaced a little otherwise, is skipped on both ways."""
    rows = [
        ["H001", "哈尔滨市第一医院", "哈尔滨市", "1200", "1950-03-05"],
        ["机构  代码", "机构名 称", "所在 城市", "床位数", "开业 日期"],
        ["H002", "齐齐哈尔市中医院", "齐齐哈尔市", "300", "1984-11-14"],
    ]
    path = tmp_path / name
    if name.endswith(".csv"):
        write_csv(path, SPACED, rows)
    else:
        book = Workbook()
        for row in [SPACED, *rows]:
            book.active.append(row)
        book.save(path)
    entry = dataset_entry("spaced", str(path), fields=hospital_fields(), primary_key=["org_code"])
    assert _published_both_ways(tmp_path, entry).splitlines()[1:] == [
        "H001,哈尔滨市第一医院,哈尔滨市,1200,1950-03-05",
        "H002,齐齐哈尔市中医院,齐齐哈尔市,300,1984-11-14",
    ]


def _code_and_city() -> list[dict]:
    return [
        {"name": "code", "title": "机构代码", "type": "string"},
        {"name": "city", "title": "城市", "type": "string"},
    ]


def test_header_spelled_exactly_as_declared_wins_over_one_that_differs_only_in_spaces(tmp_path):
    fields = _code_and_city()
    header = ["机构 代码", "机构代码", "城市"]
    path = write_csv(tmp_path / "c.csv", header, [["旧", "新", "哈尔滨"]])
    entry = dataset_entry("exact", str(path), fields=fields, primary_key=[])
    assert _published_both_ways(tmp_path / "csv", entry).splitlines()[1] == "新,哈尔滨"


def test_two_columns_that_differ_only_in_spaces_from_the_declared_title_are_named(tmp_path):
    fields = _code_and_city()
    header = ["机构 代码", "机构代 码", "城市"]
    path = write_csv(tmp_path / "c.csv", header, [["甲", "乙", "哈尔滨"]])
    entry = dataset_entry("alike", str(path), fields=fields, primary_key=[])
    directory = load_directory(write_catalogue(tmp_path, [entry]))
    dataset = directory.dataset("alike")
    with pytest.raises(SchemaMismatchError) as refused:
        build_package(dataset, directory, harvest(dataset), PackageStore(tmp_path / "p"))
    assert "columns 1, 2 ('机构 代码', '机构代 码')" in str(refused.value)
    assert "`source:`" in str(refused.value)
    fields[0]["source"] = "机构代 码"
    entry = dataset_entry("alike", str(path), fields=fields, primary_key=[])
    assert _published_both_ways(tmp_path / "chosen", entry).splitlines()[1] == "乙,哈尔滨"


@pytest.mark.parametrize(
    "text",
    [
        "序号,名称,数量\n1,甲,3\n\ufeff\ufeff序号,名称,数量\n2,乙,4\n",
        "序号,名称,数量\n1,甲,3\n\ufeff \ufeff序号,名称,数量\n2,乙,4\n",
        ",名称,数量\n1,甲,3\n2,乙,4\n\ufeff,名称,数量\n3,丙,5\n",
    ],
)
def test_a_header_repeated_behind_byte_order_marks_is_skipped_on_both_ways(tmp_path, text):
    """Exports joined by `cat` repeat the header behind one or more byte order marks."""
    path = tmp_path / "j.csv"
    path.write_bytes(text.encode("utf-8"))
    fields = [
        {"name": "name", "title": "名称", "type": "string"},
        {"name": "count", "title": "数量", "type": "string"},
    ]
    entry = dataset_entry("joined", str(path), fields=fields, primary_key=[])
    published = _published_both_ways(tmp_path, entry).splitlines()
    assert "名称,数量" not in published[1:] and len(published) == text.count("\n") - 1


@pytest.mark.parametrize(
    ("header", "row", "fields", "published"),
    [
        (  # the title, matched without its space, is more specific than the name
            ["id", "统一社会信用 代码", "名称"],
            ["1", "91230100MA1B2C3D4E", "甲公司"],
            [("id", "统一社会信用代码"), ("org", "名称")],
            "91230100MA1B2C3D4E,甲公司",
        ),
        (  # the title matches two columns that way; the name finds the field as written
            ["city", "所在 城市", "所在城 市"],
            ["HRB", "哈尔滨", "x"],
            [("city", "所在城市")],
            "HRB",
        ),
    ],
)
def test_declared_headers_are_tried_in_turn_each_as_written_then_without_spaces(
    tmp_path, header, row, fields, published
):
    path = write_csv(tmp_path / "s.csv", header, [row])
    declared = [{"name": n, "title": t, "type": "string"} for n, t in fields]
    entry = dataset_entry("turns", str(path), fields=declared, primary_key=[])
    assert _published_both_ways(tmp_path, entry).splitlines()[1] == published


@pytest.mark.parametrize("declared", ["2023年/数 量", "2023年/数量"])
def test_a_two_row_header_repeating_a_leaf_spaced_like_another_column_joins_it(tmp_path, declared):
    """数 量 under two years beside a column 数量: the repeated leaves are named with their year."""
    path = tmp_path / "g.csv"
    path.write_text("2023年,2024年,数量\n数 量,数 量,\n1,2,3\n", encoding="utf-8")
    fields = [
        {"name": "a", "title": declared, "type": "string"},
        {"name": "b", "title": "2024年/数 量", "type": "string"},
        {"name": "t", "title": "数量", "type": "string"},
    ]
    entry = dataset_entry("grouped", str(path), fields=fields, primary_key=[])
    assert _published_both_ways(tmp_path, entry).splitlines() == ["a,b,t", "1,2,3"]


def test_a_header_repeated_spaced_otherwise_is_skipped_on_both_ways(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("序  号,名称\n1,甲\n序号,名称\n2,乙\n\ufeff序 号 ,名 称\n3,丙\n", "utf-8")
    fields = [
        {"name": "seq", "title": "序号", "type": "integer"},
        {"name": "name", "title": "名称", "type": "string"},
    ]
    entry = dataset_entry("repeats", str(path), fields=fields, primary_key=[])
    assert _published_both_ways(tmp_path, entry).splitlines() == [
        "seq,name",
        "1,甲",
        "2,乙",
        "3,丙",
    ]


def test_json_keys_that_clean_alike_are_refused_for_a_published_field_only(tmp_path):
    records = [{"名称": "甲", " 名称": "乙", "城市": "哈尔滨", "身份证号": "x", "身份证 号": "y"}]
    (tmp_path / "k.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    fields = [
        {"name": "city", "title": "城市", "type": "string"},
        {"name": "idno", "title": "身份证号", "type": "string", "sensitive": "drop"},
    ]
    entry = dataset_entry("keys", str(tmp_path / "k.json"), fields=fields, primary_key=[])
    assert _published_both_ways(tmp_path / "ok", entry).splitlines() == ["city", "哈尔滨"]
    fields.append({"name": "name", "title": "名称", "type": "string"})
    entry = dataset_entry("keys", str(tmp_path / "k.json"), fields=fields, primary_key=[])
    directory = load_directory(write_catalogue(tmp_path, [entry]))
    dataset = directory.dataset("keys")
    with pytest.raises(SchemaMismatchError, match="'名称' appears 2 times"):
        build_package(dataset, directory, harvest(dataset), PackageStore(tmp_path / "p"))


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("名称,类型,地址\n甲医院,name,哈尔滨\n乙医院,专科,长春\n", ["name", "甲医院", "乙医院"]),
        ("名称,类型,地址\n甲医院,名称,哈尔滨\n乙医院,专科,长春\n", ["name", "甲医院", "乙医院"]),
        ("名称,地址\nname,哈尔滨\n乙,长春\n", ["name", "name", "乙"]),
        ("名称,地址\nname,address\n甲,哈尔滨\n", ["name", "甲"]),
        ("2024年名录,\n名称,地址\nname,address\n甲,哈尔滨\n", ["name", "甲"]),
        ("名称,地址\n地址,名称\n甲,乙\n", ["name", "地址", "甲"]),
        ("名称,地址\nname,名称\n甲,乙\n", ["name", "name", "甲"]),
    ],
)
def test_a_row_of_field_names_under_the_titles_is_header_and_no_other_row_is(
    tmp_path, text, published
):
    """Chinese titles above the fields' names: that row is header. A record that only holds a
    declared name among other values (甲医院,name) is a record, in its own columns."""
    path = tmp_path / "n.csv"
    path.write_text(text, encoding="utf-8")
    fields = [{"name": "name", "title": "名称", "type": "string"}]
    if "address" in text:
        fields.append({"name": "address", "title": "地址", "type": "string"})
    entry = dataset_entry("names", str(path), fields=fields, primary_key=[])
    lines = _published_both_ways(tmp_path, entry).splitlines()
    assert [line.split(",")[0] for line in lines] == published


def test_json_keys_alike_in_one_record_are_refused_not_dropped(tmp_path):
    """JSON keys are matched whatever their spacing: a record holding 名称 and 名 称 makes the
    field ambiguous for the whole file, so the build is refused; no value is dropped quietly."""
    records = [
        {"名 称": "乙", "城市": "b"},
        {"名称": "甲", "城市": "a"},
        {"名称": "丙", "名 称": "丁"},
    ]
    (tmp_path / "a.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    fields = [
        {"name": "name", "title": "名称", "type": "string"},
        {"name": "city", "title": "城市", "type": "string"},
    ]
    entry = dataset_entry("alike", str(tmp_path / "a.json"), fields=fields, primary_key=[])
    directory = load_directory(write_catalogue(tmp_path, [entry]))
    dataset = directory.dataset("alike")
    with pytest.raises(SchemaMismatchError, match="'名 称' appears 2 times"):
        build_package(dataset, directory, harvest(dataset), PackageStore(tmp_path / "p"))


def test_json_records_spelling_a_key_with_or_without_spaces_fill_one_column(tmp_path):
    records = [{"名称": "甲", "城市": "哈尔滨"}, {"名 称": "乙", "城市": "大庆"}]
    (tmp_path / "s.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    fields = [
        {"name": "name", "title": "名称", "type": "string"},
        {"name": "city", "title": "城市", "type": "string"},
    ]
    entry = dataset_entry("spelt", str(tmp_path / "s.json"), fields=fields, primary_key=[])
    assert _published_both_ways(tmp_path, entry).splitlines() == [
        "name,city",
        "甲,哈尔滨",
        "乙,大庆",
    ]


def test_a_names_row_under_a_declared_header_row_is_header_too(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("名称,地址\nname,address\n甲,哈尔滨\n", encoding="utf-8")
    fields = [
        {"name": "name", "title": "名称", "type": "string"},
        {"name": "address", "title": "地址", "type": "string"},
    ]
    entry = dataset_entry("declared", str(path), fields=fields, primary_key=[])
    entry["source"]["header_row"] = 1
    assert _published_both_ways(tmp_path, entry).splitlines() == ["name,address", "甲,哈尔滨"]


def test_a_dictionary_whose_first_record_holds_field_headers_keeps_it(tmp_path):
    """A table of terms whose first record reads like the fields' headers (title,中文名) is data:
    its cells name other fields than the columns they stand in."""
    path = tmp_path / "d.csv"
    path.write_text("英文名,中文名\ntitle,中文名\nname,名称\n", encoding="utf-8")
    fields = [
        {"name": "name", "title": "英文名", "type": "string"},
        {"name": "title", "title": "中文名", "type": "string"},
    ]
    entry = dataset_entry("terms", str(path), fields=fields, primary_key=[])
    lines = _published_both_ways(tmp_path, entry).splitlines()
    assert lines == ["name,title", "title,中文名", "name,名称"]
