from helpers import resident_id

from datapackages.screen import Screen, find_personal_data, is_resident_id, mask_name, mask_value
from directory import Field

VALID_ID = resident_id("23010219850312123")
OLD_EXAMPLE = "11010519491231002X"


def kinds(text: str) -> list[str]:
    return sorted(kind for kind, _, _ in find_personal_data(text))


def test_screen_accepts_checksum_valid_ids_only():
    assert is_resident_id(VALID_ID)
    assert is_resident_id(OLD_EXAMPLE)
    wrong_check = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
    assert not is_resident_id(wrong_check)
    assert not is_resident_id("230102" + "19851332" + "1234")  # month 13


def test_screen_finds_id_glued_to_chinese_text():
    assert kinds(f"身份证{VALID_ID}号，联系电话13812345678") == ["mobile", "resident_id"]


def test_screen_ignores_order_numbers_and_credit_codes():
    assert kinds("订单号 202403051234567890 和 9123010012345678XA") == []
    assert kinds("固定电话 0451-86612345，编号 2301021985031212") == []


def test_screen_finds_mobile_only_when_not_part_of_a_longer_number():
    assert kinds("电话:15945678901") == ["mobile"]
    assert kinds("流水号 915945678901234") == []


def test_screen_masks_ids_mobiles_and_names():
    assert mask_value(OLD_EXAMPLE) == "110105********002X"
    assert mask_value("13812345678") == "138****5678"
    assert mask_value("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"


def test_screen_counts_findings_per_column_and_masks_declared_ones():
    fields = (Field("name", "姓名", "string", sensitive="mask"), Field("note", "备注", "string"))
    screen = Screen(fields)
    rows = [
        (2, ["王五", f"身份证{VALID_ID}"]),
        (3, ["赵六", "无"]),
        (4, ["钱七", "电话13812345678"]),
    ]
    out = list(screen.apply(iter(rows)))
    assert [r[1][0] for r in out] == ["王*", "赵*", "钱*"]
    findings = screen.blocking_findings()
    assert [(f["field"], f["kind"], f["rows"]) for f in findings] == [
        ("note", "mobile", 1),
        ("note", "resident_id", 1),
    ]
    assert VALID_ID not in str(findings)


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


def test_screen_full_width_id_in_a_published_column_blocks():
    full_width = VALID_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    screen = Screen((Field("note", "备注", "string"),))
    list(screen.apply(iter([(2, [f"身份证{full_width}"])])))
    assert [f["kind"] for f in screen.blocking_findings()] == ["resident_id"]
