from datapackages.header import (
    clean_header,
    combine_header_rows,
    find_header,
    header_key,
    skip_expression,
    skip_reason,
)

GROUPED = [
    ["地区", "2023年", None, "2024年", None],
    [None, "数量", "金额", "数量", "金额"],
]


def test_header_two_rows_named_by_leaf_or_by_group_when_the_leaf_repeats():
    assert combine_header_rows(GROUPED) == [
        "地区",
        "2023年/数量",
        "2023年/金额",
        "2024年/数量",
        "2024年/金额",
    ]
    top = [["序号", "基本信息", None], [None, "名称", "代码"]]
    assert combine_header_rows(top) == ["序号", "名称", "代码"]
    assert combine_header_rows(top, {"基本信息/代码"}) == ["序号", "名称", "基本信息/代码"]


def test_header_found_by_declared_names_below_a_title():
    rows = [["2024年统计表"], [], *GROUPED, ["哈尔滨市", 1, 2, 3, 4]]
    spot = find_header(rows, {"地区", "2024年/数量", "2024年/金额"})
    assert (spot.index, spot.count) == (2, 2)
    assert find_header(rows, {"人口"}) is None
    assert find_header(rows).index == 0  # nothing declared: the first filled row


def test_header_notes_and_totals_are_told_from_records():
    assert skip_reason(["注：数据截至2024年底"]) == "note"
    assert skip_reason([None, "  数据来源: 省统计局", ""]) == "note"
    assert skip_reason(["填表人：张三", None, "审核人：李四"]) == "note"
    assert skip_reason(["合 计", "", 1500]) == "total"
    assert skip_reason(["注册资本", "100"]) == ""
    assert skip_reason([1, "注：", "x"]) == ""
    assert skip_reason(["哈尔滨市合计医院", 3]) == ""


def test_header_skip_expression_agrees_with_skip_reason():
    import polars as pl

    rows = [
        ["注：数据截至2024年底", ""],
        ["", " 数据来源: 省统计局"],
        ["合 计", "1500"],
        ["哈尔滨市", "注：无"],
        ["注册资本", "100"],
        ["", ""],
        [None, "小计"],
        [" 地区", "人口 "],
        ["地区", "人口数"],
    ]
    frame = pl.DataFrame({"a": [r[0] for r in rows], "b": [r[1] for r in rows]})
    skipped = frame.select(skip_expression(["a", "b"], [["地区", "人口"]])).to_series().to_list()
    assert skipped[:-2] == [bool(skip_reason(r)) for r in rows[:-2]]
    assert skipped.count(True) == 5 and skipped[-2:] == [True, False]


def test_header_cells_match_regardless_of_spaces_beside_chinese_characters():
    def key(cell):
        return header_key(clean_header(cell))

    assert key("序  号") == "序号"
    assert key("所在\n城市") == "所在城市"
    assert key(" 金额 （元） ") == "金额（元）"
    assert key("金额 (元)") == "金额(元)"
    assert key("2024 年 数量") == "2024年数量"
    assert key("\ufeffTotal   Amount\t") == "Total Amount"
    assert key("PM2.5 浓度") == "PM2.5浓度"
    assert clean_header("所在\n城市") == "所在 城市"  # named as written, spaces squeezed
    declared = {"机构代码", "所在城市"}
    spot = find_header([["2024年名录"], [], ["机构 代码", "所在 城市", "备注"]], declared)
    assert (spot.index, spot.names) == (2, ["机构 代码", "所在 城市", "备注"])


def test_header_matching_as_a_polars_expression_agrees_with_header_key():
    import random

    import polars as pl

    from datapackages.header import keyed

    r = random.Random(5)
    pieces = ["序", "号", "a", "B", "2", "（", "）", "(", "，", " ", "  ", "\u3000", "\n", "\t",
              "\ufeff", "\xa0", "𠀀", "ﾊ", "-", "\u2e7f", "\u2e80", "\ufaff", "\ufb00"]  # fmt: skip
    texts = ["".join(r.choice(pieces) for _ in range(r.randint(0, 9))) for _ in range(5000)]
    matched = pl.select(keyed(pl.lit(pl.Series(texts, dtype=pl.String)))).to_series()
    assert matched.to_list() == [header_key(clean_header(t)) for t in texts]


def test_header_rows_of_titles_over_field_names_are_one_header():
    """中文 titles above the fields' names: the names row is part of the header, not a record."""
    declared = {"机构代码": "org_code", "所在城市": "city", "org_code": "org_code", "city": "city"}
    rows = [["机构代码", "所在 城市"], ["org_code", "city"], ["H1", "哈尔滨"]]
    spot = find_header(rows, declared)
    assert (spot.index, spot.count, spot.names) == (0, 2, ["机构代码", "所在 城市"])
    titled = [["2024年名录"], *rows]
    assert find_header(titled, declared).index + find_header(titled, declared).count == 3
    assert find_header(rows, set(declared)).count == 1  # without the fields, no names row
    # a first record holding declared names other than its columns' stays a record
    for record in (["甲医院", "city"], ["org_code", "哈尔滨"], ["", "city"], ["city", "org_code"]):
        spot = find_header([rows[0], record, rows[2]], declared)
        assert (spot.index, spot.count) == (0, 1), record
