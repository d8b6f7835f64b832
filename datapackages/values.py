"""Read one cell as its declared type and write it in the package's canonical form.

Each parser takes what departmental files really hold (full-width digits, thousands separators,
Chinese dates, Excel date cells and serial numbers, amounts in 元/万元) and returns the canonical
text, or raises ValueError. A typed cell holding only a placeholder (-, —, /, 无, 暂无, N/A) reads
as empty: it says "no value" and is not an error. A string cell keeps its text as written.
"""

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation, localcontext
from functools import partial
from typing import Any

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋：／　−", "0123456789.,-+:/ -")
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
CHINESE_DATE = re.compile(
    r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)
EXCEL_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")  # a date cell saved as text: 45356 is 2024-03-05
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Seconds follow a 分 or a colon and may carry a fraction, as databases export them
# (08:30:00.000): the package keeps whole seconds.
DATETIME_PATTERN = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"[ T]+(\d{1,2})[:时](\d{1,2})(?:(?:分|:)(\d{1,2})(?:\.\d{1,9})?秒?|分)?$"
)
NUMBER_PATTERN = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")
EXCEL_EPOCH = datetime(1899, 12, 30)
MAX_NUMBER = Decimal("1e300")  # a double holds it; JSON and every database can carry it
NUMBER_DIGITS = 400  # significant digits kept: any number up to MAX_NUMBER, with 99 decimals
TRUE_WORDS = {"true", "yes", "y", "1", "是", "有", "√"}
FALSE_WORDS = {"false", "no", "n", "0", "否", "无", "×"}
PLACEHOLDER_MARKS = re.compile(r"^[-－—–―‐/／\\＼.。…]+$")
PLACEHOLDER_WORDS = {"无", "暂无", "空", "不详", "n/a", "na", "null", "none", "#n/a"}
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# Amounts convert among these when the field declares one of them as its unit.
MONEY_UNITS = {"元": 1, "千元": 1000, "万元": 10_000, "百万元": 1_000_000, "亿元": 100_000_000}
UNIT_SUFFIX = re.compile(r"^(.*?\d)\s*([^\d\s.,]+)$")


def as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value == datetime(value.year, value.month, value.day):
            return value.date().isoformat()  # a date cell: Excel has no date-only type
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def is_placeholder(value: Any) -> bool:
    """True for a cell that only says "no value": blank, -, —, /, 无, 暂无, N/A."""
    if not isinstance(value, str):
        return False
    text = value.strip().strip(INVISIBLE).strip()
    return not text or bool(PLACEHOLDER_MARKS.match(text)) or text.lower() in PLACEHOLDER_WORDS


def parse_string(value: Any) -> str:
    return as_text(value)


def parse_integer(value: Any, unit: str = "") -> str:
    if is_placeholder(value):
        return ""
    if isinstance(value, bool):
        raise ValueError("not an integer")
    if isinstance(value, int):
        return _bounded_integer(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("not an integer")
        return _bounded_integer(int(value))
    number = _decimal(value, unit)
    if number != number.to_integral_value():
        raise ValueError("not an integer")
    return _bounded_integer(int(number))


def _bounded_integer(number: int) -> str:
    # Beyond 64 bits no database column holds it: such "integers" are codes, declare them strings.
    if not -(2**63) <= number < 2**63:
        raise ValueError("integer out of range")
    return str(number)


def parse_number(value: Any, unit: str = "") -> str:
    if is_placeholder(value):
        return ""
    # Every digit as written: the default context keeps 28 (a unit's scale multiplies, and
    # normalize() rounds), the column engine keeps them all.
    with localcontext(prec=NUMBER_DIGITS):
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = Decimal(str(value))
        else:
            number = _decimal(value, unit)
        if not number.is_finite() or abs(number) > MAX_NUMBER:
            raise ValueError("number out of range")
        text = format(number.normalize(), "f")
    return text if text != "-0" else "0"


def _decimal(value: Any, unit: str = "") -> Decimal:
    text = as_text(value).translate(FULL_WIDTH).replace(" ", "").lstrip("¥￥")
    scale = Decimal(1)
    suffix = UNIT_SUFFIX.match(text)
    if suffix:
        text, scale = suffix.group(1), _unit_scale(suffix.group(2), unit)
    if not NUMBER_PATTERN.match(text):
        raise ValueError("not a number")
    try:
        return Decimal(text.replace(",", "")) * scale
    except InvalidOperation:
        raise ValueError("not a number") from None


def _unit_scale(written: str, declared: str) -> Decimal:
    """What a number written with unit `written` is multiplied by to be in the `declared` unit.

    Without a declared unit 元 and 万元 are dropped and the number kept as written: a column
    headed 金额（万元） holds 万元 whether or not a cell repeats it.
    """
    if written == declared:
        return Decimal(1)
    if declared in MONEY_UNITS and written in MONEY_UNITS:
        return Decimal(MONEY_UNITS[written]) / Decimal(MONEY_UNITS[declared])
    if not declared and written in ("元", "万元"):
        return Decimal(1)
    raise ValueError(f"unit {written} is not the field's unit {declared or '(none declared)'}")


def parse_date(value: Any) -> str:
    if is_placeholder(value):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    # A number (a workbook cell) reads as its text does: 45356 is a serial (2024-03-05) and
    # 20240305 a compact date, while 2024 or 202403 name no day (not 1905-07-16 or 2454-02-26).
    text = _arabic_date(as_text(value).translate(FULL_WIDTH))
    if EXCEL_SERIAL.match(text):
        return _excel_serial(float(text)).date().isoformat()
    match = DATE_PATTERN.match(text) or COMPACT_DATE.match(text)
    if not match:
        stamp = DATETIME_PATTERN.match(text)
        if not stamp:
            raise ValueError("not a date")
        match = stamp
    year, month, day = (int(g) for g in match.groups()[:3])
    return date(year, month, day).isoformat()


def _arabic_date(text: str) -> str:
    """二〇二四年三月五日, as official documents date themselves, in digits: 2024年3月5日."""
    match = CHINESE_DATE.match(text)
    if not match:
        return text
    year = match.group(1).translate(CHINESE_DIGITS)
    return f"{year}年{_chinese_small(match.group(2))}月{_chinese_small(match.group(3))}日"


def _chinese_small(text: str) -> int:
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return int(text.translate(CHINESE_DIGITS))
    return int((tens or "一").translate(CHINESE_DIGITS)) * 10 + int(
        (ones or "〇").translate(CHINESE_DIGITS)
    )


def parse_datetime(value: Any) -> str:
    if is_placeholder(value):
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).isoformat()
    text = as_text(value).translate(FULL_WIDTH)  # a number as its text, as for dates
    if EXCEL_SERIAL.match(text):
        return _excel_serial(float(text)).replace(microsecond=0).isoformat()
    match = DATETIME_PATTERN.match(text)
    if match:
        parts = [int(g or 0) for g in match.groups()]
        return datetime(*parts).isoformat()
    return parse_date(text) + "T00:00:00"


def parse_boolean(value: Any) -> str:
    word = as_text(value).lower()
    if word in TRUE_WORDS:
        return "true"
    if word in FALSE_WORDS:  # 无 is "no" here, not a placeholder
        return "false"
    if is_placeholder(value):
        return ""
    raise ValueError("not a yes/no value")


def parse_year(value: Any) -> str:
    if is_placeholder(value):
        return ""
    text = as_text(value).translate(FULL_WIDTH).removesuffix("年")
    # ASCII digits only: the published year is its own text, which the row store reads as an
    # integer (full-width digits were translated above; other scripts' digits are not a year).
    if not re.fullmatch(r"[0-9]{4}", text):
        raise ValueError("not a year")
    return text


def _excel_serial(value: float) -> datetime:
    if not 1 <= value < 2958466:
        raise ValueError("not a date")
    return EXCEL_EPOCH + timedelta(days=float(value))


PARSERS = {
    "string": parse_string,
    "integer": parse_integer,
    "number": parse_number,
    "date": parse_date,
    "datetime": parse_datetime,
    "boolean": parse_boolean,
    "year": parse_year,
}


def parser_for(field: Any) -> Callable[[Any], str]:
    """The parser of a directory Field: its type's, reading amounts in the field's `unit`."""
    unit = getattr(field, "unit", "")
    parse = PARSERS[field.type]
    return partial(parse, unit=unit) if unit and field.type in ("integer", "number") else parse


TYPE_LABELS = {
    "string": "文本",
    "integer": "整数",
    "number": "数值",
    "date": "日期",
    "datetime": "日期时间",
    "boolean": "是/否",
    "year": "年份",
}
