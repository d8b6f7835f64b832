"""Messy departmental workbooks through the whole packaging step, as a department sends them."""

from datetime import date

import pytest
from helpers import dataset_entry, hospital_fields, write_catalogue, write_csv
from openpyxl import Workbook
from xls_writer import XlsSheet, write_xls

from datapackages import PackageStore, build_package
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


@pytest.mark.parametrize("name", ["h.csv", "h.xlsx"])
def test_header_cells_padded_or_broken_over_lines_match_their_declared_titles(tmp_path, name):
    """Excel users pad short titles with spaces (名  称) and break long ones with Alt+Enter
    (所在⏎城市); a space beside a Chinese character is layout, so 机构代码 is still found. A
    repeated header spelled otherwise on a later page is skipped, the same on both ways."""
    rows = [
        ["H001", "哈尔滨市第一医院", "哈尔滨市", "1200", "1950-03-05"],
        ["机构代码", "机构名称", "所在 城市", "床位数", "开业日期"],
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
    directory = load_directory(write_catalogue(tmp_path, [entry]))
    dataset = directory.dataset("spaced")
    published = []
    for vectorised in (True, False):
        store = PackageStore(tmp_path / f"p{vectorised}")
        result = build_package(dataset, directory, harvest(dataset), store, vectorised=vectorised)
        assert result.status == "published" and result.rows == 2
        published.append((store.version_dir("spaced", "1") / "data/spaced.csv").read_text("utf-8"))
    assert published[0] == published[1]
    assert published[0].splitlines()[1:] == [
        "H001,哈尔滨市第一医院,哈尔滨市,1200,1950-03-05",
        "H002,齐齐哈尔市中医院,齐齐哈尔市,300,1984-11-14",
    ]
