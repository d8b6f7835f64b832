"""Read a whole column of raw text as its declared type, vectorised, with values.py as the rule.

The common spellings (2024-03-05, 2024年3月5日, 1,234.50, 42) are converted by the column engine;
every other non-empty cell goes to the exact per-cell parser in values.py, so the result is
always what values.py would give, only faster. Cells neither can read come back as null and are
counted by the caller.
"""

from collections.abc import Callable

import polars as pl

from datapackages.values import PARSERS

# Python's str.strip() set, so the column engine trims exactly what the per-cell path trims.
WHITESPACE = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
PLAIN_INTEGER = r"^[+-]?[0-9]{1,18}$"
PLAIN_NUMBER = r"^[+-]?(?:[0-9]{1,15}|[0-9]{1,3}(?:,[0-9]{3}){1,4})(?:\.[0-9]{1,15})?$"
SIMPLE_DATE = r"^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?$"
ISO_DATETIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}$"


def strip(column: pl.Series) -> pl.Series:
    """Trimmed text; empty cells become null."""
    trimmed = column.str.strip_chars(WHITESPACE)
    return trimmed.set(trimmed == "", None) if trimmed.len() else trimmed


def canonical_column(raw: pl.Series, field_type: str) -> tuple[pl.Series, pl.Series]:
    """(canonical text, mask of non-empty cells that could not be read as `field_type`)."""
    text = strip(raw)
    fast = _FAST.get(field_type)
    result = fast(text) if fast else pl.Series(text.name, [None] * text.len(), dtype=pl.String)
    if field_type == "string":
        return result, pl.Series([False] * text.len(), dtype=pl.Boolean)
    return _fill_from_parser(text, result, PARSERS[field_type])


def _fill_from_parser(
    text: pl.Series, result: pl.Series, parse: Callable[[str], str]
) -> tuple[pl.Series, pl.Series]:
    pending = (text.is_not_null() & result.is_null()).arg_true().to_list()
    failed = [False] * text.len()
    if pending:
        values = result.to_list()
        raw = text.to_list()
        for index in pending:
            try:
                values[index] = parse(raw[index])
            except ValueError:
                failed[index] = True
        result = pl.Series(text.name, values, dtype=pl.String)
    return result, pl.Series(failed, dtype=pl.Boolean)


def _string(text: pl.Series) -> pl.Series:
    return text


def _integer(text: pl.Series) -> pl.Series:
    plain = text.str.contains(PLAIN_INTEGER).fill_null(False)
    numbers = text.set(~plain, None).str.strip_prefix("+").cast(pl.Int64, strict=False)
    return numbers.cast(pl.String)


def _number(text: pl.Series) -> pl.Series:
    plain = text.str.contains(PLAIN_NUMBER).fill_null(False)
    digits = text.set(~plain, None).str.replace_all(",", "", literal=True)
    sign = digits.str.starts_with("-")
    body = digits.str.strip_prefix("+").str.strip_prefix("-")
    whole = body.str.extract(r"^([0-9]+)", 1).str.strip_chars_start("0")
    fraction = body.str.extract(r"\.([0-9]+)$", 1).fill_null("").str.strip_chars_end("0")
    magnitude = pl.select(
        pl.when(whole.str.len_chars() == 0).then(pl.lit("0")).otherwise(whole)
        + pl.when(fraction.str.len_chars() > 0).then("." + fraction).otherwise(pl.lit(""))
    ).to_series()
    negative = sign & (magnitude != "0")
    out = pl.select(pl.when(negative).then("-" + magnitude).otherwise(magnitude)).to_series()
    return out.set(~plain, None).alias(text.name)


def _date(text: pl.Series) -> pl.Series:
    parts = text.str.extract_groups(SIMPLE_DATE)
    iso = pl.select(
        parts.struct.field("1")
        + "-"
        + parts.struct.field("2").str.zfill(2)
        + "-"
        + parts.struct.field("3").str.zfill(2)
    ).to_series()
    dates = iso.str.to_date("%Y-%m-%d", strict=False)
    return dates.dt.to_string("%Y-%m-%d").alias(text.name)


def _datetime(text: pl.Series) -> pl.Series:
    plain = text.str.contains(ISO_DATETIME).fill_null(False)
    stamps = text.set(~plain, None).str.replace(" ", "T", literal=True)
    parsed = stamps.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False)
    return parsed.dt.to_string("%Y-%m-%dT%H:%M:%S").alias(text.name)


_FAST = {
    "string": _string,
    "integer": _integer,
    "number": _number,
    "date": _date,
    "datetime": _datetime,
}
