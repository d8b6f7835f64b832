from datetime import date, datetime

import pytest

from datapackages.values import (
    parse_boolean,
    parse_date,
    parse_datetime,
    parse_integer,
    parse_number,
    parse_year,
)


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


@pytest.mark.parametrize("raw", ["1.5", "12a", "1,23", True, ""])
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
    with pytest.raises(ValueError):
        parse_year("24")


@pytest.mark.parametrize("raw", ["123456789012345678901234", 2**63, "-9223372036854775809"])
def test_values_integers_beyond_64_bits_are_refused(raw):
    with pytest.raises(ValueError, match="out of range"):
        parse_integer(raw)


@pytest.mark.parametrize("raw", ["1e400", float("inf"), float("nan")])
def test_values_numbers_that_no_column_holds_are_refused(raw):
    with pytest.raises(ValueError):
        parse_number(raw)
