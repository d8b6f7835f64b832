import json
import subprocess

import pytest
from helpers import (
    FRICTIONLESS_BIN,
    HOSPITAL_HEADER,
    dataset_entry,
    hospital_rows,
    resident_id,
    write_csv,
)
from helpers import (
    build_entry as build,
)

from datapackages import PackageStore
from datapackages.errors import PackagingError, SchemaMismatchError, ScreenBlockedError

HEADER = HOSPITAL_HEADER


@pytest.fixture
def store(tmp_path):
    return PackageStore(tmp_path / "var" / "packages")


def test_packaging_publishes_then_reports_unchanged(tmp_path, store):
    write_csv(tmp_path / "h.csv", HEADER, hospital_rows(30), encoding="gbk")
    entry = dataset_entry("hospitals", "h.csv")
    first = build(tmp_path, entry, store)
    assert (first.status, first.version, first.rows) == ("published", "1", 30)
    again = build(tmp_path, entry, store)
    assert (again.status, again.version) == ("unchanged", "1")
    assert store.versions("hospitals") == ["1"]


def test_packaging_new_version_only_when_content_changes(tmp_path, store):
    write_csv(tmp_path / "h.csv", HEADER, hospital_rows(30))
    entry = dataset_entry("hospitals", "h.csv")
    build(tmp_path, entry, store)
    write_csv(tmp_path / "h.csv", HEADER, hospital_rows(31))
    second = build(tmp_path, entry, store)
    assert (second.status, second.version, second.rows) == ("published", "2", 31)
    first = store.read_descriptor("hospitals", "1")
    assert first["portal"]["rows"] == 30, "an old version is never modified"


def test_packaging_normalises_values_and_writes_frictionless_package(tmp_path, store):
    write_csv(
        tmp_path / "h.csv", HEADER, [["H1", "哈尔滨医院", "哈尔滨市", "1,200", "2024年3月5日"]]
    )
    build(tmp_path, dataset_entry("hospitals", "h.csv"), store)
    folder = store.version_dir("hospitals", "1")
    assert (folder / "data" / "hospitals.csv").read_text(encoding="utf-8").splitlines() == [
        "org_code,name,city,beds,opened",
        "H1,哈尔滨医院,哈尔滨市,1200,2024-03-05",
    ]
    result = subprocess.run(
        [str(FRICTIONLESS_BIN), "validate", str(folder / "datapackage.json")],
        capture_output=True,
        text=True,
        cwd=folder,
    )
    assert result.returncode == 0, result.stdout


def test_packaging_unreadable_cells_published_empty_and_scored(tmp_path, store):
    rows = hospital_rows(10)
    rows[3][3] = "很多"
    write_csv(tmp_path / "h.csv", HEADER, rows)
    result = build(tmp_path, dataset_entry("hospitals", "h.csv"), store)
    reasons = [r["code"] for r in result.quality["reasons"]]
    assert "unreadable-cells" in reasons and result.quality["score"] < 100
    message = next(
        r["message"] for r in result.quality["reasons"] if r["code"] == "unreadable-cells"
    )
    assert "床位数" in message and "第 5 行" in message


def test_packaging_planted_id_blocks_publish_and_keeps_last_version(tmp_path, store):
    write_csv(tmp_path / "h.csv", HEADER, hospital_rows(10))
    entry = dataset_entry("hospitals", "h.csv")
    build(tmp_path, entry, store)
    rows = hospital_rows(11)
    planted = resident_id("23010219850312123")
    rows[4][1] = f"联系人身份证{planted}"
    rows[6][1] = "联系人电话13945678901"
    write_csv(tmp_path / "h.csv", HEADER, rows)
    with pytest.raises(ScreenBlockedError) as caught:
        build(tmp_path, entry, store)
    message = str(caught.value)
    assert "column name (机构名称): 1 row(s) with 居民身份证号码" in message
    assert "1 row(s) with 手机号码" in message
    assert planted not in message
    assert store.versions("hospitals") == ["1"]
    assert not [
        p for p in store.dataset_dir("hospitals").iterdir() if p.name.startswith(".staging")
    ]


def test_packaging_sensitive_fields_dropped_and_masked(tmp_path, store):
    header = HEADER + ["负责人", "身份证号", "手机"]
    rows = [
        r + ["张三丰", resident_id("23010219850312123"), "13812345678"] for r in hospital_rows(5)
    ]
    write_csv(tmp_path / "h.csv", header, rows)
    more = [
        {"name": "head", "title": "负责人", "type": "string", "sensitive": "mask"},
        {"name": "head_id", "title": "身份证号", "type": "string", "sensitive": "drop"},
        {"name": "mobile", "title": "手机", "type": "string", "sensitive": "mask"},
    ]
    entry = dataset_entry("hospitals", "h.csv", fields=dataset_entry("x", "")["fields"] + more)
    build(tmp_path, entry, store)
    folder = store.version_dir("hospitals", "1")
    text = (folder / "data" / "hospitals.csv").read_text(encoding="utf-8")
    assert "张**" in text and "138****5678" in text
    assert "13812345678" not in text and "23010219850312123" not in text and "head_id" not in text
    screening = json.loads((folder / "reports" / "screening.json").read_text(encoding="utf-8"))
    assert screening["dropped"] == [{"field": "head_id", "title": "身份证号"}]
    assert {m["field"] for m in screening["masked"]} == {"head", "mobile"}


def test_packaging_missing_declared_column_names_field_and_file(tmp_path, store):
    write_csv(
        tmp_path / "h.csv",
        ["机构代码", "机构名称", "所在城市", "开业日期"],
        [["H1", "医院", "哈尔滨市", "2024-01-01"]],
    )
    with pytest.raises(SchemaMismatchError) as caught:
        build(tmp_path, dataset_entry("hospitals", "h.csv"), store)
    assert "h.csv: declared field(s) not found in the source: beds (床位数/beds)" in str(
        caught.value
    )
    assert store.versions("hospitals") == []


def test_packaging_undeclared_source_columns_are_left_out(tmp_path, store):
    write_csv(
        tmp_path / "h.csv", HEADER + ["内部备注"], [r + ["仅内部使用"] for r in hospital_rows(3)]
    )
    build(tmp_path, dataset_entry("hospitals", "h.csv"), store)
    folder = store.version_dir("hospitals", "1")
    assert "仅内部使用" not in (folder / "data" / "hospitals.csv").read_text(encoding="utf-8")
    descriptor = store.read_descriptor("hospitals", "1")
    assert descriptor["portal"]["screening"]["undeclared_columns_left_out"] == ["内部备注"]


def test_packaging_row_with_extra_filled_cells_fails_naming_the_row(tmp_path, store):
    rows = hospital_rows(6)
    rows[3] = rows[3] + ["多出来的单元格"]
    write_csv(tmp_path / "h.csv", HEADER, rows)
    with pytest.raises(SchemaMismatchError, match=r"h.csv row 5: 6 cells but the header has 5"):
        build(tmp_path, dataset_entry("hospitals", "h.csv"), store)


def test_packaging_short_rows_are_padded_and_reported(tmp_path, store):
    rows = hospital_rows(6)
    rows[2] = rows[2][:3]
    write_csv(tmp_path / "h.csv", HEADER, rows)
    # The exact way counts the short row; the column way cannot tell it from empty trailing cells.
    result = build(tmp_path, dataset_entry("hospitals", "h.csv"), store, vectorised=False)
    message = next(r["message"] for r in result.quality["reasons"] if r["code"] == "short-rows")
    assert message.startswith("1 行的单元格少于表头") and "第 4 行" in message
    published = (store.version_dir("hospitals", "1") / "data" / "hospitals.csv").read_text()
    fast_store = PackageStore(tmp_path / "fast")
    build(tmp_path, dataset_entry("hospitals", "h.csv"), fast_store)
    assert (fast_store.version_dir("hospitals", "1") / "data" / "hospitals.csv").read_text() == (
        published
    )


def test_packaging_unclosed_quote_fails_instead_of_swallowing_rows(tmp_path, store):
    (tmp_path / "h.csv").write_text(
        '机构代码,机构名称,所在城市,床位数,开业日期\nH1,"哈尔滨医院,哈尔滨市,10,2024-01-01\n'
        "H2,大庆医院,大庆市,20,2024-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(PackagingError, match="h.csv row"):
        build(tmp_path, dataset_entry("hospitals", "h.csv"), store)


def test_packaging_duplicate_declared_header_is_an_error(tmp_path, store):
    write_csv(tmp_path / "h.csv", HEADER + ["机构名称"], [r + ["重复"] for r in hospital_rows(3)])
    with pytest.raises(
        SchemaMismatchError, match=r"column '机构名称' appears 2 times \(columns 2, 6\)"
    ):
        build(tmp_path, dataset_entry("hospitals", "h.csv"), store)


def test_a_source_with_a_header_and_no_rows_does_not_replace_a_version_with_rows(tmp_path):
    from datapackages.errors import ReadError

    store = PackageStore(tmp_path / "store")
    write_csv(tmp_path / "h.csv", HOSPITAL_HEADER, hospital_rows(5))
    assert build(tmp_path, dataset_entry("hospitals", "h.csv"), store).rows == 5
    write_csv(tmp_path / "h.csv", HOSPITAL_HEADER, [["注：本月无新增数据"]])
    for vectorised in (True, False):
        with pytest.raises(ReadError, match="no data rows.*version 1 with 5 rows stays published"):
            build(tmp_path, dataset_entry("hospitals", "h.csv"), store, vectorised=vectorised)
    assert store.versions("hospitals") == ["1"]
    fresh = PackageStore(tmp_path / "fresh")  # a first version may be empty: nothing to keep
    assert build(tmp_path, dataset_entry("hospitals", "h.csv"), fresh).rows == 0
