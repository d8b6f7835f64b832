"""The confidentiality screen through the whole packaging step, on real files of each kind."""

import json

import pytest
from helpers import (
    HOSPITAL_HEADER,
    PORTAL_BIN,
    dataset_entry,
    hospital_fields,
    hospital_rows,
    luhn_ok,
    resident_id,
    write_csv,
)
from helpers import (
    build_entry as build,
)
from openpyxl import Workbook

from datapackages import PackageStore
from datapackages.errors import ScreenBlockedError

HEADER = HOSPITAL_HEADER
PLANTED = resident_id("23010319790615004")


@pytest.fixture
def store(tmp_path):
    return PackageStore(tmp_path / "var" / "packages")


def publish_clean_version(tmp_path, store, name="h.csv"):
    write_csv(tmp_path / name, HEADER, hospital_rows(8))
    assert build(tmp_path, dataset_entry("hospitals", name), store).version == "1"


def assert_blocked_and_last_version_kept(caught, store, column, kind, rows):
    message = str(caught.value)
    assert f"column {column}" in message and kind in message and f"{rows} row(s)" in message
    assert PLANTED not in message and PLANTED[6:14] not in message
    assert store.versions("hospitals") == ["1"]
    text = (store.version_dir("hospitals", "1") / "data" / "hospitals.csv").read_text("utf-8")
    assert PLANTED not in text


@pytest.mark.parametrize("column", [1, 2])
@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_planted_id_in_any_published_csv_column_blocks(tmp_path, store, column, encoding):
    publish_clean_version(tmp_path, store)
    rows = hospital_rows(8)
    rows[5][column] = f"{rows[5][column]}（负责人身份证{PLANTED}）"
    write_csv(tmp_path / "h.csv", HEADER, rows, encoding=encoding)
    with pytest.raises(ScreenBlockedError) as caught:
        build(tmp_path, dataset_entry("hospitals", "h.csv"), store)
    field = hospital_fields()[column]["name"]
    assert_blocked_and_last_version_kept(caught, store, field, "居民身份证号码", 1)
    assert "first at row 7" in str(caught.value)


def test_planted_id_in_an_integer_column_blocks(tmp_path, store):
    publish_clean_version(tmp_path, store)
    rows = hospital_rows(8)
    digits_only = resident_id("23010319790615001")
    assert digits_only[-1] != "X"
    rows[2][3] = digits_only  # fits a 64-bit integer: the screen must see typed columns too
    write_csv(tmp_path / "h.csv", HEADER, rows)
    with pytest.raises(ScreenBlockedError, match="column beds"):
        build(tmp_path, dataset_entry("hospitals", "h.csv"), store)


@pytest.mark.parametrize("vectorised", [True, False])
def test_planted_id_in_a_date_column_is_never_published(tmp_path, store, vectorised):
    """The screen does not search dates (their canonical text holds no personal number): a
    number in a date column is not a date, so it is published empty and reported."""
    rows = hospital_rows(8)
    rows[3][4] = PLANTED
    rows[5][4] = f"2020-01-01 {PLANTED}"
    write_csv(tmp_path / "h.csv", HEADER, rows)
    result = build(tmp_path, dataset_entry("hospitals", "h.csv"), store, vectorised=vectorised)
    published = store.version_dir("hospitals", result.version)
    assert hospital_fields()[4]["type"] == "date"
    assert PLANTED not in (published / "data" / "hospitals.csv").read_text("utf-8")
    assert PLANTED[6:14] not in (published / "data" / "hospitals.csv").read_text("utf-8")
    reasons = " ".join(r["message"] for r in result.quality["reasons"])
    assert "2 个值无法识别为日期" in reasons and "第 5 行" in reasons


@pytest.mark.parametrize("vectorised", [True, False])
def test_planted_numbers_in_boolean_and_year_columns_are_never_published(
    tmp_path, store, vectorised
):
    fields = [
        {"name": "org_code", "title": "机构代码", "type": "string"},
        {"name": "certified", "title": "是否认证", "type": "boolean"},
        {"name": "built", "title": "建成年份", "type": "year"},
        {"name": "opened", "title": "开业日期", "type": "datetime"},
    ]
    rows = [[f"H{i}", "是", "2001", "2020-05-06 08:30:00"] for i in range(6)]
    rows[1][1], rows[2][2], rows[3][3] = PLANTED, PLANTED, PLANTED
    rows[4][1], rows[4][2] = "无", "-"
    write_csv(tmp_path / "h.csv", [f["title"] for f in fields], rows)
    entry = dataset_entry("hospitals", "h.csv", fields=fields, primary_key=["org_code"])
    result = build(tmp_path, entry, store, vectorised=vectorised)
    text = (store.version_dir("hospitals", result.version) / "data" / "hospitals.csv").read_text()
    assert PLANTED not in text and PLANTED[6:14] not in text
    assert text.count("2020-05-06T08:30:00") == 5 and text.count(",2001,") == 4
    assert result.quality["score"] < 100


def test_planted_id_at_the_tail_of_a_long_multiline_cell_blocks(tmp_path, store):
    publish_clean_version(tmp_path, store)
    rows = hospital_rows(8)
    rows[4][1] = "院区说明：\n" + "门诊楼、住院楼。" * 3000 + f"\n联系人证件 {PLANTED}"
    write_csv(tmp_path / "h.csv", HEADER, rows)
    with pytest.raises(ScreenBlockedError) as caught:
        build(tmp_path, dataset_entry("hospitals", "h.csv"), store)
    assert_blocked_and_last_version_kept(caught, store, "name", "居民身份证号码", 1)


def test_planted_numbers_in_nested_json_block(tmp_path, store):
    card = next(f"622848001234567890{d}" for d in "0123456789" if luhn_ok(f"622848001234567890{d}"))
    records = [
        {
            "机构代码": f"H{i}",
            "机构名称": "医院",
            "所在城市": "哈尔滨市",
            "床位数": 10,
            "开业日期": "2020-01-01",
        }
        for i in range(5)
    ]
    records[3]["机构名称"] = {"名称": "第一医院", "联系人": {"证件": PLANTED, "工资卡": card}}
    (tmp_path / "h.json").write_text(
        json.dumps({"data": {"items": records}}, ensure_ascii=False), encoding="utf-8"
    )
    entry = dataset_entry("hospitals", "h.json")
    entry["source"]["records"] = "data.items"
    with pytest.raises(ScreenBlockedError) as caught:
        build(tmp_path, entry, store)
    message = str(caught.value)
    assert "居民身份证号码" in message and "银行卡号" in message and card not in message


def test_planted_id_in_a_hidden_workbook_column_blocks(tmp_path, store):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER + ["备注"])
    for row in hospital_rows(6):
        sheet.append([*row, "正常"])
    sheet["F4"] = f"身份证{PLANTED}"
    sheet.column_dimensions["F"].hidden = True  # hidden in Excel, still in the file
    book.save(tmp_path / "h.xlsx")
    fields = hospital_fields(more=[{"name": "note", "title": "备注", "type": "string"}])
    with pytest.raises(ScreenBlockedError, match="column note"):
        build(tmp_path, dataset_entry("hospitals", "h.xlsx", fields=fields), store)


def test_mask_policy_publishes_masked_and_reports_it(tmp_path, store):
    rows = hospital_rows(6)
    rows[1][1] = "第一医院，联系电话13912345678，邮箱 yuanban@example.com"
    write_csv(tmp_path / "h.csv", HEADER, rows)
    entry = dataset_entry("hospitals", "h.csv", screen="mask")
    build(tmp_path, entry, store)
    folder = store.version_dir("hospitals", "1")
    text = (folder / "data" / "hospitals.csv").read_text("utf-8")
    assert "第一医院，联系电话139****5678，邮箱 y***@example.com" in text
    report = json.loads((folder / "reports" / "screening.json").read_text("utf-8"))
    assert report["policy"] == "mask"
    assert {(f["field"], f["kind"], f["rows"]) for f in report["masked_findings"]} == {
        ("name", "mobile", 1),
        ("name", "email", 1),
    }
    assert "13912345678" not in json.dumps(report, ensure_ascii=False)


def test_declared_public_hotline_is_published_and_an_id_there_still_blocks(tmp_path, store):
    fields = hospital_fields(
        more=[{"name": "hotline", "title": "咨询电话", "type": "string", "sensitive": "public"}]
    )
    rows = [[*r, "13800451234"] for r in hospital_rows(4)]
    write_csv(tmp_path / "h.csv", [*HEADER, "咨询电话"], rows)
    build(tmp_path, dataset_entry("hospitals", "h.csv", fields=fields), store)
    report = json.loads(
        (store.version_dir("hospitals", "1") / "reports" / "screening.json").read_text("utf-8")
    )
    assert [(f["field"], f["kind"], f["rows"]) for f in report["declared_public"]] == [
        ("hotline", "mobile", 4)
    ]
    rows[2][5] = PLANTED
    write_csv(tmp_path / "h.csv", [*HEADER, "咨询电话"], rows)
    with pytest.raises(ScreenBlockedError, match="column hotline"):
        build(tmp_path, dataset_entry("hospitals", "h.csv", fields=fields), store)


def test_portal_screen_checks_hidden_sheets_and_never_prints_values(tmp_path):
    import subprocess

    book = Workbook()
    book.active.title = "名录"
    book.active.append(HEADER)
    for row in hospital_rows(3):
        book.active.append(row)
    hidden = book.create_sheet("原始登记")
    hidden.sheet_state = "hidden"
    hidden.append(["姓名", "身份证号", "手机"])
    hidden.append(["张伟", PLANTED, "13712345678"])
    hidden.append(["王芳", resident_id("23010419880101002"), "13712345679"])
    book.save(tmp_path / "h.xlsx")
    result = subprocess.run(
        [str(PORTAL_BIN), "screen", str(tmp_path / "h.xlsx")], capture_output=True, text=True
    )
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "名录: 3 rows screened" in out
    assert "原始登记  (hidden sheet): 2 rows screened" in out
    assert "column 身份证号: 2 row(s) with 居民身份证号码 (first at row 2)" in out
    assert "column 手机: 2 row(s) with 手机号码" in out
    assert "column 姓名: 2 row(s) with 疑似姓名" in out
    assert PLANTED not in out and "13712345678" not in out and "张伟" not in out
    clean = write_csv(tmp_path / "clean.csv", HEADER, hospital_rows(3))
    result = subprocess.run([str(PORTAL_BIN), "screen", str(clean)], capture_output=True, text=True)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "no personal data found")


def test_portal_screen_reads_legacy_xls_with_hidden_parts(tmp_path):
    import subprocess

    from xls_writer import XlsSheet, write_xls

    visible = XlsSheet("名录", [HEADER, *hospital_rows(2)])
    visible.hidden_columns = [4]
    hidden = XlsSheet("原始", [["证件号"], [PLANTED]], hidden=True)
    write_xls(tmp_path / "h.xls", [visible, hidden])
    result = subprocess.run(
        [str(PORTAL_BIN), "screen", str(tmp_path / "h.xls")], capture_output=True, text=True
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "hidden columns: E" in result.stdout
    assert "原始  (hidden sheet): 1 rows screened" in result.stdout
    assert "column 证件号: 1 row(s) with 居民身份证号码" in result.stdout
    assert PLANTED not in result.stdout


def test_mask_policy_still_blocks_on_a_name_column_beside_masked_ids(tmp_path, store):
    header = [*HEADER, "负责人", "负责人证件"]
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"]
    rows = [
        [*r, names[i], resident_id(f"2301031979061500{i}")] for i, r in enumerate(hospital_rows(6))
    ]
    write_csv(tmp_path / "h.csv", header, rows)
    fields = hospital_fields(
        more=[
            {"name": "head", "title": "负责人", "type": "string"},
            {"name": "head_id", "title": "负责人证件", "type": "string"},
        ]
    )
    entry = dataset_entry("hospitals", "h.csv", fields=fields, screen="mask")
    with pytest.raises(ScreenBlockedError, match="column head .*疑似姓名"):
        build(tmp_path, entry, store)
    fields[5]["sensitive"] = "mask"
    build(tmp_path, dataset_entry("hospitals", "h.csv", fields=fields, screen="mask"), store)
    text = (store.version_dir("hospitals", "1") / "data" / "hospitals.csv").read_text("utf-8")
    assert "张*" in text and "张伟" not in text and "230103********" in text


def test_numbers_a_spreadsheet_rounded_to_15_digits_still_block(tmp_path, store):
    # Typed into Excel as numbers, an ID and a card keep 15 significant digits: no checksum holds,
    # but the region, birth date and card issuer are still there.
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER, "备注"])
    for row in hospital_rows(4):
        sheet.append([*row, "无"])
    sheet["F3"] = float(PLANTED[:15] + "000")  # as Excel stores 230103197906150041
    sheet["F4"] = float("6222021234567890123")
    book.save(tmp_path / "h.xlsx")
    fields = hospital_fields(more=[{"name": "note", "title": "备注", "type": "string"}])
    with pytest.raises(ScreenBlockedError) as caught:
        build(tmp_path, dataset_entry("hospitals", "h.xlsx", fields=fields), store)
    message = str(caught.value)
    assert "column note" in message and "居民身份证号码" in message and "银行卡号" in message


@pytest.mark.parametrize("vectorised", [True, False])
def test_numbers_written_beside_other_digits_hidden_or_grouped_block_on_both_ways(
    tmp_path, store, vectorised
):
    """A card after a year in one run, an ID with a zero-width space, an ID grouped 4-4-4-4-2."""
    card = next(f"622202123456789{d}" for d in "0123456789" if luhn_ok(f"622202123456789{d}"))
    grouped_card = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    publish_clean_version(tmp_path, store)
    rows = hospital_rows(8)
    rows[1][1] = f"{rows[1][1]} 2024 {grouped_card}"
    rows[3][1] = f"{rows[3][1]} {PLANTED[:9]}\u200b{PLANTED[9:]}"
    rows[4][1] = f"{rows[4][1]} " + " ".join(PLANTED[i : i + 4] for i in range(0, 18, 4))
    write_csv(tmp_path / "h.csv", HEADER, rows)
    with pytest.raises(ScreenBlockedError) as caught:
        build(tmp_path, dataset_entry("hospitals", "h.csv"), store, vectorised=vectorised)
    message = str(caught.value)
    assert (
        "银行卡号" in message
        and "居民身份证号码: 2 row(s)" in message.replace("，", ",")
        or ("2 row(s) with 居民身份证号码" in message)
    )
    assert card not in message and store.versions("hospitals") == ["1"]


def test_errors_and_reports_never_quote_personal_data_from_a_source(tmp_path, store):
    """A row taken for the header is quoted in the error; a title carried into an undeclared
    column's name is listed in the screening report; both are stored and shown publicly."""
    from source_servers import make_site

    rows = hospital_rows(8)
    rows[0][1] = PLANTED  # declared header at row 1, but this export has no header line
    write_csv(tmp_path / "noheader.csv", rows[0], rows[1:])
    site = make_site(tmp_path)
    source = {"kind": "file", "path": str(tmp_path / "noheader.csv"), "header_row": 1}
    site_directory = site.write_directory([dataset_entry("hospitals", "", source=source)])
    outcome = site.harvest(site_directory, "hospitals")
    assert outcome.status == "failed" and "found:" in outcome.error
    assert PLANTED not in outcome.error and PLANTED[:6] + "********" in outcome.error
    (recorded,) = site.recorded("hospitals")
    assert PLANTED not in recorded.error

    titled = tmp_path / "titled.csv"
    header = [*HEADER, "联系人电话13812345678"]
    write_csv(titled, header, [[*r, "x"] for r in hospital_rows(8)])
    build(tmp_path, dataset_entry("titled", str(titled)), store)
    version = store.version_dir("titled", "1")
    for published in (version / "datapackage.json", version / "reports" / "screening.json"):
        text = published.read_text(encoding="utf-8")
        assert "13812345678" not in text and "联系人电话138****5678" in text


def test_cells_quoted_in_an_error_are_masked_before_they_are_cut_short(tmp_path, store):
    from datapackages.errors import SchemaMismatchError

    rows = hospital_rows(4)
    rows[0][1] = f"哈尔滨市道里区中央大街第一百二十号院内{PLANTED}"  # the ID from character 19
    write_csv(tmp_path / "noheader.csv", rows[0], rows[1:])
    source = {"kind": "file", "path": str(tmp_path / "noheader.csv"), "header_row": 1}
    with pytest.raises(SchemaMismatchError) as caught:
        build(tmp_path, dataset_entry("hospitals", "", source=source), store)
    assert PLANTED[:11] not in str(caught.value) and "found:" in str(caught.value)


def test_a_source_s_answer_quoted_in_a_harvest_error_is_masked_before_it_is_cut(tmp_path):
    from harvesters.errors import MAX_MESSAGE, SourceContentError

    answer = "出错了，请联系管理员\n138\n1234\n5678\n" + "x" * MAX_MESSAGE
    message = str(SourceContentError("hospitals", f"not a CSV: {answer}"))
    assert "138\ufffd1234" not in message and "138****5678" in message
