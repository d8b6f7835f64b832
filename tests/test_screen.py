import polars as pl
from helpers import luhn_ok, resident_id

from datapackages.personal_data import (
    find_personal_data,
    is_bank_card,
    is_old_resident_id,
    is_resident_id,
    looks_like_person_name,
    mask_name,
    mask_value,
)
from datapackages.screen import Screen
from directory import Field

VALID_ID = resident_id("23010219850312123")
OLD_EXAMPLE = "11010519491231002X"
OLD_STYLE_ID = "230102850312123"  # 15 digits: Harbin, born 1985-03-12, no check digit


def card_number(body: str) -> str:
    """Append the Luhn digit to `body` (checked with the tests' own luhn_ok)."""
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


UNIONPAY_CARD = card_number("622202123456789012")  # 19 digits


def kinds(text: str) -> list[str]:
    return sorted(kind for kind, _, _ in find_personal_data(text))


def frame(rows: list[list[str | None]], names: list[str]) -> pl.DataFrame:
    data = {"_row": pl.Series([n + 2 for n in range(len(rows))], dtype=pl.Int64)}
    for i, name in enumerate(names):
        data[name] = pl.Series([r[i] for r in rows], dtype=pl.String)
    return pl.DataFrame(data)


def test_screen_accepts_checksum_valid_ids_only():
    assert is_resident_id(VALID_ID)
    assert is_resident_id(OLD_EXAMPLE)
    wrong_check = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
    assert not is_resident_id(wrong_check)
    assert not is_resident_id("230102" + "19851332" + "1234")  # month 13


def test_screen_old_style_ids_need_a_real_region_and_birth_date():
    assert is_old_resident_id(OLD_STYLE_ID)
    assert not is_old_resident_id("990102850312123")  # no province 99
    assert not is_old_resident_id("230102851332123")  # month 13
    assert kinds(f"原身份证号{OLD_STYLE_ID}已换领") == ["old_resident_id"]


def test_screen_bank_cards_need_luhn_and_an_issuer_prefix():
    assert is_bank_card(UNIONPAY_CARD)
    broken = UNIONPAY_CARD[:-1] + str((int(UNIONPAY_CARD[-1]) + 1) % 10)
    assert not is_bank_card(broken)
    order_number = card_number("902403051234567")  # Luhn-valid, but no card issuer starts 90
    assert not is_bank_card(order_number)
    grouped = " ".join(UNIONPAY_CARD[i : i + 4] for i in range(0, 19, 4))
    assert kinds(f"开户账号：{grouped}") == ["bank_card"]
    assert kinds(f"补贴发放至卡号{UNIONPAY_CARD}。") == ["bank_card"]


def test_screen_an_id_number_is_reported_once_as_an_id():
    assert kinds(VALID_ID) == ["resident_id"]


def test_screen_finds_email_addresses():
    assert kinds("联系邮箱 zhang.san@example.com，欢迎来信") == ["email"]
    assert kinds("邮箱：ｌｉｓｉ＠ｅｘａｍｐｌｅ．ｃｎ") == ["email"]
    assert kinds("版本 v1.2@build") == []


def test_screen_finds_id_glued_to_chinese_text():
    assert kinds(f"身份证{VALID_ID}号，联系电话13812345678") == ["mobile", "resident_id"]


def test_screen_ignores_order_numbers_and_credit_codes():
    assert kinds("订单号 202403051234567890 和 9123010012345678XA") == []
    assert kinds("固定电话 0451-86612345，编号 2301021985031212") == []


def test_screen_finds_mobile_only_when_not_part_of_a_longer_number():
    assert kinds("电话:15945678901") == ["mobile"]
    assert kinds("流水号 915945678901234") == []


def test_screen_masks_every_kind():
    assert mask_value(OLD_EXAMPLE) == "110105********002X"
    assert mask_value("13812345678") == "138****5678"
    assert mask_value(OLD_STYLE_ID) == "230102******123"
    assert mask_value(UNIONPAY_CARD) == UNIONPAY_CARD[:6] + "*" * 9 + UNIONPAY_CARD[-4:]
    assert mask_value("zhang.san@example.com") == "z***@example.com"
    assert mask_value("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"


def test_screen_name_shapes():
    assert all(looks_like_person_name(n) for n in ("张三", "欧阳娜娜", "王建国"))
    assert not any(looks_like_person_name(n) for n in ("哈尔滨市", "卫生局", "普通", "李"))


def test_screen_counts_findings_per_column_and_masks_declared_ones():
    fields = (Field("name", "姓名", "string", sensitive="mask"), Field("note", "备注", "string"))
    screen = Screen(fields)
    batch = frame(
        [["王五", f"身份证{VALID_ID}"], ["赵六", "无"], ["钱七", "电话13812345678"]],
        ["name", "note"],
    )
    out = screen.apply(batch)
    assert out["name"].to_list() == ["王*", "赵*", "钱*"]
    findings = screen.blocking_findings()
    assert [(f["field"], f["kind"], f["rows"], f["first_row"]) for f in findings] == [
        ("note", "mobile", 1, 4),
        ("note", "resident_id", 1, 2),
    ]
    assert VALID_ID not in str(findings) and VALID_ID not in str(screen.report((), ()))


def test_screen_finds_numbers_written_the_ways_people_write_them():
    full_width = VALID_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    spaced = f"{VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:]}"
    for text in (full_width, spaced, f"证件号：{VALID_ID[:6]}-{VALID_ID[6:14]}-{VALID_ID[14:]}"):
        assert kinds(text) == ["resident_id"], text
    for text in (
        "+8613812345678",
        "8613812345678",
        "0086 138 1234 5678",
        "１３８１２３４５６７８",
        "138-1234-5678",
        "手机 138 1234 5678",
    ):
        assert kinds(text) == ["mobile"], text


def test_screen_masks_numbers_in_any_written_form():
    assert mask_value("+86 138-1234-5678") == "138****5678"
    spaced = f"{VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:]}"
    assert mask_value(spaced) == VALID_ID[:6] + "********" + VALID_ID[14:]


def test_screen_every_written_form_reaches_the_exact_check_through_the_column_filter():
    written = [
        VALID_ID,
        VALID_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),
        f"{VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:]}",
        f"身份证{VALID_ID}号",
        "+86 138-1234-5678",
        "０086 138 1234 5678",
        OLD_STYLE_ID,
        " ".join(UNIONPAY_CARD[i : i + 4] for i in range(0, 19, 4)),
        "ｌｉｓｉ＠ｅｘａｍｐｌｅ．ｃｎ",
        "说明" * 15_000 + f"，末尾附身份证{VALID_ID}",  # at the tail of a long cell
    ]
    screen = Screen((Field("note", "备注", "string"),))
    screen.apply(frame([[w] for w in written], ["note"]))
    assert sum(f["rows"] for f in screen.blocking_findings()) == len(written)


def test_screen_declared_public_contacts_are_reported_not_blocking():
    fields = (Field("hotline", "咨询电话", "string", sensitive="public"),)
    screen = Screen(fields)
    screen.apply(frame([["13812345678"], ["service@example.gov.cn"], [VALID_ID]], ["hotline"]))
    assert [(f["kind"], f["rows"]) for f in screen.blocking_findings()] == [("resident_id", 1)]
    report = screen.report((), ())
    assert sorted(f["kind"] for f in report["declared_public"]) == ["email", "mobile"]


def test_screen_mask_policy_masks_undeclared_findings_and_reports_them():
    screen = Screen((Field("note", "备注", "string"),), policy="mask")
    out = screen.apply(frame([[f"申请人身份证{VALID_ID}，电话13812345678"]], ["note"]))
    assert out["note"][0] == f"申请人身份证{VALID_ID[:6]}********{VALID_ID[14:]}，电话138****5678"
    assert screen.blocking_findings() == []
    assert {f["kind"] for f in screen.report((), ())["masked_findings"]} == {
        "mobile",
        "resident_id",
    }


def test_screen_name_column_beside_a_finding_is_reported():
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞"]
    fields = (Field("holder", "持卡人", "string"), Field("card", "卡号", "string"))
    screen = Screen(fields)
    screen.apply(frame([[n, UNIONPAY_CARD] for n in names], ["holder", "card"]))
    kinds_found = {(f["field"], f["kind"]) for f in screen.blocking_findings()}
    assert kinds_found == {("card", "bank_card"), ("holder", "person_name")}
    alone = Screen((Field("holder", "持卡人", "string"),))
    alone.apply(frame([[n] for n in names], ["holder"]))
    assert alone.blocking_findings() == []


def test_screen_column_filter_knows_every_character_that_folds_into_a_number_or_hides():
    """Walks all of Unicode. A character that folds to one digit, separator or @, a digit of
    any script, an invisible one: the column filter flags a cell holding it. One whose folded
    text starts with a digit or separator (⒏ is "8.", ⑴ "(1)"): flagged after a digit. One whose
    folded text ends with one (㎡ is "m2"): flagged before a digit."""
    import sys
    import unicodedata

    from datapackages.personal_data import CANDIDATE_PATTERN

    separators = set(" \t\r\n-‐‒–—―−()")
    written = set("0123456789０１２３４５６７８９@＠－　（）") | separators
    hidden = {"\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164", "\uffa0"}

    def numeric(c: str) -> bool:
        return (c.isascii() and c.isdigit()) or c in separators or c == "@"

    alone, after_digit, before_digit = [], [], []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or char in written:
            continue
        if char.isdecimal() or unicodedata.category(char) == "Cf" or char in hidden:
            alone.append(char)
            continue
        folded = unicodedata.normalize("NFKC", char)
        if not folded or folded == char:
            continue
        if (len(folded) == 1 and numeric(folded)) or "@" in folded:
            alone.append(char)
            continue
        if numeric(folded[0]):
            after_digit.append("1" + char)
        if numeric(folded[-1]):
            before_digit.append(char + "1")
    cells = pl.Series([*alone, *after_digit, *before_digit])
    flagged = cells.str.contains(CANDIDATE_PATTERN)
    missed = cells.filter(~flagged).to_list()
    assert [hex(ord(c.strip("1")[0])) for c in missed] == []
    assert len(alone) > 600 and len(after_digit) > 100 and len(before_digit) > 50


def test_screen_numbers_written_with_unusual_spaces_and_digits_are_found():
    written = [
        f"身份证{VALID_ID[:6]}\u00a0{VALID_ID[6:14]}\u00a0{VALID_ID[14:]}",  # no-break spaces
        "电话138\u20091234\u20095678",  # thin spaces
        "zhang\ufe6bexample.com",  # small commercial at
        "".join(chr(0x1D7CE + int(d)) for d in "13812345678"),  # mathematical bold digits
    ]
    screen = Screen((Field("note", "备注", "string"),))
    screen.apply(frame([[w] for w in written], ["note"]))
    assert sorted((f["kind"], f["rows"]) for f in screen.blocking_findings()) == [
        ("email", 1),
        ("mobile", 2),
        ("resident_id", 1),
    ]


def test_screen_rounded_numbers_need_the_traces_of_a_spreadsheet():
    from datapackages.personal_data import is_rounded_bank_card, is_rounded_resident_id

    assert is_rounded_resident_id(str(int(float(VALID_ID[:15] + "000"))))
    assert not is_rounded_resident_id(VALID_ID[:17] + "1")  # typed as text: every digit kept
    assert is_rounded_bank_card(str(int(float("6222021234567890123"))))
    assert not is_rounded_bank_card("6222021234567890123")
    assert not is_rounded_bank_card(str(int(float("9022021234567890123"))))  # no card issuer 90


def test_screen_finds_a_number_beside_other_digits_of_the_same_run():
    grouped = " ".join(UNIONPAY_CARD[i : i + 4] for i in range(0, 19, 4))
    for text in (
        f"2024 {grouped}",
        f"{UNIONPAY_CARD} 12",
        f"卡号 12 {UNIONPAY_CARD}",
        f"{grouped} 1",
        f"第3期 {VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:]} 5",
    ):
        assert kinds(text) in (["bank_card"], ["resident_id"]), text
    assert mask_value(f"2024 {grouped}") == f"2024 {UNIONPAY_CARD[:6]}*********{UNIONPAY_CARD[-4:]}"


def test_screen_finds_numbers_grouped_and_parted_as_people_write_them():
    id_forms = [
        " ".join(VALID_ID[i : i + 4] for i in range(0, 18, 4)),  # 4-4-4-4-2
        f"{VALID_ID[:6]}  {VALID_ID[6:14]}  {VALID_ID[14:]}",  # two spaces
        f"{VALID_ID[:6]}\t{VALID_ID[6:14]}\t{VALID_ID[14:]}",
        f"{VALID_ID[:6]}–{VALID_ID[6:14]}–{VALID_ID[14:]}",  # en dash
        f"{VALID_ID[:6]}\u2010{VALID_ID[6:14]}\u2010{VALID_ID[14:]}",  # hyphen
        f"证件号码：\n{VALID_ID[:9]}\n{VALID_ID[9:]}",  # a line break in the cell
    ]
    for text in id_forms:
        assert kinds(text) == ["resident_id"], text
    assert kinds(f"{OLD_STYLE_ID[:6]} {OLD_STYLE_ID[6:12]} {OLD_STYLE_ID[12:]}") == [
        "old_resident_id"
    ]
    for text in ("1381 234 5678", "+86 (138) 1234 5678", "138\r\n1234\r\n5678", "0086-13812345678"):
        assert kinds(text) == ["mobile"], text
    assert mask_value("+86 (138) 1234 5678") == "138****5678"


def test_screen_finds_numbers_with_characters_that_show_nothing():
    for hidden in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f"):
        assert kinds(VALID_ID[:9] + hidden + VALID_ID[9:]) == ["resident_id"], hex(ord(hidden))
        assert kinds(f"电话138{hidden}1234{hidden}5678") == ["mobile"], hex(ord(hidden))
    masked = mask_value("电话138\u200b1234\u200b5678")
    assert masked == "电话138****5678"


def test_screen_finds_debit_cards_of_the_prefixes_banks_used_before_unionpay():
    for body in (
        "601382123456789",
        "955812345678901234",
        "60336712345678901",
        "955991234567890123",
    ):
        card = card_number(body)
        assert is_bank_card(card), card
        assert kinds(f"工资卡 {card}") == ["bank_card"], card


def test_screen_joined_groups_raise_no_false_alarm():
    assert kinds("有效期 2024-01-01 2029-01-01") == []
    assert kinds("电话 0451-8661 2345 分机 123") == []
    assert kinds("发票代码 013002000111") == []  # 12 digits: no trunk 0 before a mobile
    assert kinds("2024-01-31—2024-12-31") == []
    assert kinds("(1)15391(2)8344") == []
    # cards and mobiles count only grouped as written: two landlines, dates, a list
    for n in range(2000):
        a, b = 62750000 + 7 * n, 62754080 + 13 * n
        assert kinds(f"{a}\n{b}") == [], (a, b)
    dates = [
        f"2024-{m:02d}-{d:02d} 2025-{d % 12 + 1:02d}-{m:02d}"
        for m in range(1, 13)
        for d in (22, 23, 25, 27)
    ]
    assert [d for d in dates if kinds(f"{d} 2026-03-31")] == []
    # no check digit: an old number counts only written whole or grouped 6-6-3
    assert kinds(f"{OLD_STYLE_ID[:4]} {OLD_STYLE_ID[4:8]} {OLD_STYLE_ID[8:]}") == []
    assert kinds("房间 4001 4002 4003 4005 4006") == []


def test_screen_new_written_forms_reach_the_exact_check_through_the_column_filter():
    grouped = " ".join(UNIONPAY_CARD[i : i + 4] for i in range(0, 19, 4))
    written = [
        f"2024 {grouped}",
        " ".join(VALID_ID[i : i + 4] for i in range(0, 18, 4)),
        f"{VALID_ID[:6]}  {VALID_ID[6:14]}  {VALID_ID[14:]}",
        f"{VALID_ID[:6]}–{VALID_ID[6:14]}–{VALID_ID[14:]}",
        f"{VALID_ID[:6]}\t{VALID_ID[6:14]}\t{VALID_ID[14:]}",
        f"{OLD_STYLE_ID[:6]} {OLD_STYLE_ID[6:12]} {OLD_STYLE_ID[12:]}",
        "1381 234 5678",
        "+86 （138） 1234 5678",
        "138\r\n1234\r\n5678",
        VALID_ID[:9] + "\u200b" + VALID_ID[9:],
        card_number("601382123456789"),
    ]
    screen = Screen((Field("note", "备注", "string"),))
    screen.apply(frame([[w] for w in written], ["note"]))
    assert sum(f["rows"] for f in screen.blocking_findings()) == len(written)


def test_screen_drops_every_format_character_of_unicode():
    import sys
    import unicodedata

    from datapackages.personal_data import INVISIBLE

    format_characters = {
        chr(c)
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) == "Cf"
    }
    assert sorted(hex(ord(c)) for c in format_characters - INVISIBLE) == []


def test_screen_digits_of_other_scripts_and_symbols_that_hold_digits_are_read_as_digits():
    assert kinds("手机 ١٣٨١٢٣٤٥٦٧٨") == ["mobile"]  # Arabic-Indic digits
    assert kinds("电话：1381234567⒏") == ["mobile"]  # ⒏ folds to "8."
    assert kinds("1381234567㏠") == ["mobile"]  # ㏠ folds to "1日"
    assert kinds("面积 120㎡，房号 1301") == []
    screen = Screen((Field("note", "备注", "string"),))
    written = ["手机 ١٣٨١٢٣٤٥٦٧٨", "电话：1381234567⒏", "联系人手机1391234567½", "1381234567㏠"]
    screen.apply(frame([[w] for w in written], ["note"]))
    assert sum(f["rows"] for f in screen.blocking_findings()) == len(written)


def test_screen_country_code_glued_or_digits_one_at_a_time_and_no_landline_cards():
    for text in ("+86138 1234 5678", "0086138-1234-5678", "1 3 8 1 2 3 4 5 6 7 8"):
        assert kinds(text) == ["mobile"], text
    assert kinds(" ".join(UNIONPAY_CARD)) == ["bank_card"]  # as typed into a form's boxes
    for n in range(2000):  # two Beijing landlines: a card's groups are parted alike
        assert (
            kinds(
                f"{6259_0000 + 7 * n:08d}"[:4]
                + "-"
                + f"{6259_0000 + 7 * n:08d}"[4:]
                + " 6259-"
                + f"{1768 + n % 8000:04d}"
            )
            == []
        )
    assert kinds("邮编 620010 13677035851") == ["mobile"]  # a postcode before a mobile


def test_screen_column_filter_lets_areas_and_numbered_items_pass():
    from datapackages.personal_data import CANDIDATE_PATTERN

    ordinary = pl.Series(["建筑面积 120㎡ 住宅", "⑴ 申请人 ⑵ 代理人", "⒈ 受理 ⒉ 审查"])
    assert not ordinary.str.contains(CANDIDATE_PATTERN).any()


def test_screen_columns_that_repeat_their_values_are_searched_value_by_value_yet_fully():
    """A repeating column (a code list, an authority, 无) is searched once per distinct value;
    a finding there still counts every row that holds it, and one late in the batch is found."""
    fields = (
        Field("authority", "许可机关", "string"),
        Field("contact", "联系电话", "string"),
        Field("note", "备注", "string"),
    )
    screen = Screen(fields)
    rows = [["哈尔滨市市场监督管理局", "0451-12345", "无"] for _ in range(3000)]
    rows[2500][2] = f"经办人身份证{VALID_ID}"
    for n in range(0, 3000, 3):
        rows[n][1] = "13812345678"  # a third of the rows repeat one mobile
    screen.apply(frame(rows, ["authority", "contact", "note"]))
    found = [(f["field"], f["kind"], f["rows"], f["first_row"]) for f in screen.blocking_findings()]
    assert found == [("contact", "mobile", 1000, 2), ("note", "resident_id", 1, 2502)]
