"""Row checks and the quality report of a version; the column engine against the exact way."""

import json
import random
import subprocess

import pytest
from helpers import FRICTIONLESS_BIN, dataset_entry, write_csv
from helpers import build_entry as build

from datapackages import PackageStore

HEADER = ["许可编号", "行政区划代码", "企业名称", "注册资本", "发证日期", "主体业态"]
FIELDS = [
    {"name": "licence_no", "title": "许可编号", "type": "string", "required": True},
    {
        "name": "region_code",
        "title": "行政区划代码",
        "type": "string",
        "constraints": {"pattern": "23[0-9]{4}"},  # within Heilongjiang
    },
    {
        "name": "company",
        "title": "企业名称",
        "type": "string",
        "required": True,
        "constraints": {"unique": True},
    },
    {
        "name": "capital",
        "title": "注册资本",
        "type": "number",
        "constraints": {"minimum": 0, "maximum": 1000000},
    },
    {
        "name": "issued",
        "title": "发证日期",
        "type": "date",
        "constraints": {"minimum": "2000-01-01"},
    },
    {
        "name": "kind",
        "title": "主体业态",
        "type": "string",
        "constraints": {"enum": ["食品销售经营者", "餐饮服务经营者", "单位食堂"]},
    },
]


def licence_rows(count: int) -> list[list[str]]:
    return [
        [
            f"JY{i:06d}",
            "230102",
            f"哈尔滨第{i}食品有限公司",
            f"{i * 10}.5",
            "2021-05-01",
            "餐饮服务经营者",
        ]
        for i in range(1, count + 1)
    ]


@pytest.fixture
def planted(tmp_path):
    rows = licence_rows(12)
    rows[1][1] = "110105"  # row 3: a Beijing code in a Heilongjiang list
    rows[3][3] = "-5"  # row 5: below the minimum
    rows[5][0] = ""  # row 7: required value missing
    rows[7][2] = rows[6][2]  # row 9: repeats row 8's company
    rows[8][4] = "1999-12-31"  # row 10: before the minimum date
    rows[10][0] = rows[9][0]  # row 12: repeats row 11's licence number (the primary key)
    rows[11][5] = "网吧"  # row 13: not in the code list
    write_csv(tmp_path / "l.csv", HEADER, rows)
    return dataset_entry(
        "licences", "l.csv", fields=FIELDS, primary_key=["licence_no"], title="食品经营许可"
    )


def errors_by_row(errors: list[dict]) -> set[tuple[int, str]]:
    # A repeated primary key is an error of the row, not of one of its cells.
    return {
        (e["rowNumber"], "<key>" if e["type"] == "primary-key" else e["fieldName"]) for e in errors
    }


def test_checks_find_each_planted_problem_with_row_and_field(tmp_path, planted):
    store = PackageStore(tmp_path / "packages")
    result = build(tmp_path, planted, store)
    report = json.loads(
        (store.version_dir("licences", "1") / "reports" / "validation.json").read_text("utf-8")
    )
    task = report["tasks"][0]
    assert report["valid"] is False and task["valid"] is False
    assert errors_by_row(task["errors"]) == {
        (3, "region_code"),
        (5, "capital"),
        (7, "licence_no"),  # required
        (7, "<key>"),  # and a primary key cannot be empty
        (9, "company"),
        (10, "issued"),
        (12, "<key>"),
        (13, "kind"),
    }
    assert task["error_counts"] == {"constraint-error": 6, "primary-key": 2}
    codes = {r["code"] for r in result.quality["reasons"]}
    assert {"constraint-error", "primary-key"} <= codes
    assert result.quality["score"] < 100 and result.quality["validation_errors"] == 8


def test_checks_agree_with_frictionless_validate_on_the_published_package(tmp_path, planted):
    store = PackageStore(tmp_path / "packages")
    build(tmp_path, planted, store)
    folder = store.version_dir("licences", "1")
    ours = json.loads((folder / "reports" / "validation.json").read_text("utf-8"))
    theirs = subprocess.run(
        [str(FRICTIONLESS_BIN), "validate", "datapackage.json", "--json"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    report = json.loads(theirs.stdout)
    assert report["valid"] is False
    their_errors = [e for task in report["tasks"] for e in task["errors"]]
    # The source has no title or blank rows, so its row numbers are the package CSV's.
    assert errors_by_row(their_errors) == errors_by_row(ours["tasks"][0]["errors"])


def test_clean_package_is_valid_for_both(tmp_path):
    write_csv(tmp_path / "l.csv", HEADER, licence_rows(20))
    store = PackageStore(tmp_path / "packages")
    entry = dataset_entry("licences", "l.csv", fields=FIELDS, primary_key=["licence_no"])
    result = build(tmp_path, entry, store)
    assert result.quality["valid"] and result.quality["score"] == 100
    folder = store.version_dir("licences", "1")
    theirs = subprocess.run(
        [str(FRICTIONLESS_BIN), "validate", "datapackage.json"], cwd=folder, capture_output=True
    )
    assert theirs.returncode == 0, theirs.stdout


MESSY_VALUES = {
    "integer": [
        "42",
        " 7 ",
        "+5",
        "-0",
        "007",
        "1,234",
        "１２",
        "3.0",
        "x",
        "",
        "-",
        "暂无",
        "35人",
    ],
    "number": ["3146.76", "100.00", "-0.0", "1,234.50", "12元", "12.5万元", "￥1,200", "\u22123.5"]
    + ["1e5", "abc", "", " 8 ", "N/A", "—", "0.50", "10"],
    "date": ["2024-03-05", "2024年3月5日", "2024.03.05", "2024/3/5", "20240305", "2024-02-30"]
    + ["二〇二四年三月五日", "2024年3月5号", "45356", "24-03-05", "/", "无", "", "0000-01-01"]
    + ["0000年1月1日", "0001-01-01"],
    "datetime": ["2024-03-05 14:02:00", "2024-03-05T08:00:00", "2024年3月5日 8时5分", "2024-03-05"]
    + ["0000-01-01 00:00:00", "2024-01-02T23:59:60", "2024-01-02 23:59:60"],
    "boolean": ["是", "否", "true", "N", "maybe", "无", ""],
    "year": ["2024", "2024年", "１９９９", "24"],
    "string": [
        "  a b ",
        "\u3000全角空格\u3000",
        "",
        "普通文本",
        "=SUM(A1)",
        "'引号\"双\"'",
        "无",
        "-",
    ],
}


def test_column_engine_publishes_exactly_what_the_exact_way_publishes(tmp_path):
    names = list(MESSY_VALUES)
    r = random.Random(7)
    rows = [[r.choice(MESSY_VALUES[t]) for t in names] for _ in range(3000)]
    write_csv(tmp_path / "m.csv", names, rows)
    fields = [{"name": f"f_{t}", "title": t, "type": t} for t in names]
    entry = dataset_entry("messy", "m.csv", fields=fields, primary_key=[])
    fast, exact = PackageStore(tmp_path / "fast"), PackageStore(tmp_path / "exact")
    fast_result = build(tmp_path, entry, fast)
    exact_result = build(tmp_path, entry, exact, vectorised=False)
    data = "data/messy.csv"
    assert (fast.version_dir("messy", "1") / data).read_bytes() == (
        exact.version_dir("messy", "1") / data
    ).read_bytes()
    assert fast_result.quality["reasons"] == exact_result.quality["reasons"]
    assert any(r["code"] == "unreadable-cells" for r in fast_result.quality["reasons"])
