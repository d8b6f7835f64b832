from datetime import date, datetime

import pytest

from datapackages.values import (
    PARSERS,
    is_placeholder,
    parse_boolean,
    parse_date,
    parse_datetime,
    parse_integer,
    parse_number,
    parse_year,
    parser_for,
)
from directory import Field


@pytest.mark.parametrize(
    "raw",
    [
        "2024-03-05",
        "2024/3/5",
        "2024.03.05",
        "2024年3月5日",
        "20240305",
        "２０２４年３月５日",
        date(2024, 3, 5),
        datetime(2024, 3, 5, 9, 30),
        45356,
    ],
)
def test_values_dates_in_departmental_styles(raw):
    assert parse_date(raw) == "2024-03-05"


@pytest.mark.parametrize("raw", ["2024-13-01", "昨天", "2024-02-30", "3/5/2024"])
def test_values_bad_dates_are_refused(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234", "1234"),
        ("１２３４", "1234"),
        (" 42 ", "42"),
        (7.0, "7"),
        ("-5", "-5"),
        ("300元", "300"),
    ],
)
def test_values_integers(raw, expected):
    assert parse_integer(raw) == expected


@pytest.mark.parametrize("raw", ["1.5", "12a", "1,23", True, "5吨", "--5"])
def test_values_bad_integers_are_refused(raw):
    with pytest.raises(ValueError):
        parse_integer(raw)


def test_values_numbers_keep_decimals_without_float_noise():
    assert parse_number("1,234.50") == "1234.5"
    assert parse_number(0.1 + 0.2) == "0.30000000000000004"
    assert parse_number("-0") == "0"


def test_values_datetime_boolean_year():
    assert parse_datetime("2024年3月5日 8时30分") == "2024-03-05T08:30:00"
    assert parse_datetime("2024-03-05") == "2024-03-05T00:00:00"
    assert [parse_boolean(v) for v in ("是", "否", "TRUE", "0")] == [
        "true",
        "false",
        "true",
        "false",
    ]
    assert parse_year("2024年") == "2024"
    assert parse_year("２０２４") == "2024"  # full-width digits read as ASCII
    for not_a_year in ("24", "١٩٩٠", "２０２"):  # Arabic-Indic digits are not published as a year
        with pytest.raises(ValueError):
            parse_year(not_a_year)


@pytest.mark.parametrize("raw", ["123456789012345678901234", 2**63, "-9223372036854775809"])
def test_values_integers_beyond_64_bits_are_refused(raw):
    with pytest.raises(ValueError, match="out of range"):
        parse_integer(raw)


@pytest.mark.parametrize("raw", ["1e400", float("inf"), float("nan")])
def test_values_numbers_that_no_column_holds_are_refused(raw):
    with pytest.raises(ValueError):
        parse_number(raw)


@pytest.mark.parametrize(
    "raw", ["２０２４．０３．０５", "2024／3／5", "2024年03月05号", "45356", " 2024 年 3 月 5 日 "]
)
def test_values_more_date_spellings(raw):
    assert parse_date(raw) == "2024-03-05"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("二〇二四年三月五日", "2024-03-05"),
        ("二零二三年十二月三十一日", "2023-12-31"),
        ("二〇二四年十月二十日", "2024-10-20"),
        ("二〇二四年十一月十日", "2024-11-10"),
    ],
)
def test_values_dates_in_chinese_numerals(raw, expected):
    assert parse_date(raw) == expected


def test_values_excel_serial_with_time_and_text_cells():
    assert parse_datetime("45356.5") == "2024-03-05T12:00:00"
    assert parse_datetime(45356.75) == "2024-03-05T18:00:00"
    with pytest.raises(ValueError):
        parse_date("4535")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１，２３４．５０", "1234.5"),
        ("−12", "-12"),
        ("1 234 567", "1234567"),
        ("3.5元", "3.5"),
        ("￥1,200.00", "1200"),
    ],
)
def test_values_full_width_and_separators(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    ("unit", "raw", "expected"),
    [
        ("元", "12.5万元", "125000"),
        ("元", "300元", "300"),
        ("元", "1,200", "1200"),
        ("元", "0.5亿元", "50000000"),
        ("万元", "300元", "0.03"),
        ("万元", "12.5万元", "12.5"),
        ("", "12.5万元", "12.5"),
        ("", "300元", "300"),
        ("人", "35人", "35"),
    ],
)
def test_values_amounts_read_in_the_declared_unit(unit, raw, expected):
    parse = parser_for(Field("amount", "金额", "number", unit=unit))
    assert parse(raw) == expected


def test_values_units_that_do_not_fit_are_refused():
    with pytest.raises(ValueError, match="unit 万元 is not the field's unit 人"):
        parser_for(Field("n", "人数", "integer", unit="人"))("3万元")
    with pytest.raises(ValueError, match="unit 吨 is not the field's unit"):
        parse_number("5吨")
    assert parser_for(Field("n", "人数", "integer", unit="元"))("1.5万元") == "15000"
    assert parser_for(Field("s", "说明", "string", unit="元")) is PARSERS["string"]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "  ",
        "\u3000",
        "\xa0",
        "-",
        "－－",
        "—",
        "——",
        "/",
        "／",
        "无",
        "暂无",
        "N/A",
        "null",
        "\u200b",
    ],
)
def test_values_placeholders_read_as_empty_in_typed_fields(raw):
    assert is_placeholder(raw)
    for parse in (parse_integer, parse_number, parse_date, parse_datetime, parse_year):
        assert parse(raw) == ""


def test_values_placeholders_keep_meaning_where_they_have_one():
    assert parse_boolean("无") == "false" and parse_boolean("-") == ""
    assert PARSERS["string"]("无") == "无" and PARSERS["string"]("-") == "-"
    assert not is_placeholder("-5") and not is_placeholder(0)


def test_values_numbers_keep_every_digit_as_written():
    assert parse_number("123456789012345.123456789012345") == "123456789012345.123456789012345"
    assert parse_number("999999999999999.999999999999999") == "999999999999999.999999999999999"
    assert parse_number("1234567890123456789012345678901") == "1234567890123456789012345678901"
    assert parse_number("1.2345678901234567890123456789万元", "元") == (
        "12345.678901234567890123456789"
    )


def test_values_a_number_in_a_date_column_reads_as_its_text_does():
    assert parse_date(45356) == parse_date(45356.0) == "2024-03-05"  # a serial
    assert parse_date(20240305) == "2024-03-05"  # a compact date typed as a number
    assert parse_datetime(45356.5) == "2024-03-05T12:00:00"
    for number in (2024, 202403, 1):  # no day: not 1905-07-16, 2454-02-26, 1900-01-01
        with pytest.raises(ValueError):
            parse_date(number)


def test_values_database_stamps_with_fractions_of_a_second():
    assert parse_datetime("2024-03-05 08:30:00.000") == "2024-03-05T08:30:00"
    assert parse_datetime("2024-03-05T08:30:00.123456") == "2024-03-05T08:30:00"
    assert parse_date("2024-03-05 00:00:00.000") == "2024-03-05"  # a date column from a database
    for glued in ("2024-03-05 08:30.000", "2024-03-05 08:3000"):  # not minutes 3 and 00 seconds
        with pytest.raises(ValueError):
            parse_datetime(glued)
