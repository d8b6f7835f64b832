"""Read whole columns of raw text as their declared types, vectorised, with values.py as the rule.

The common spellings (2024-03-05, 2024年3月5日, 1,234.50, 42) are converted by the column engine,
all columns of a batch together; every other non-empty cell goes to the exact per-cell parser
in values.py, so the result is always what values.py would give, only faster. Cells neither can
read come back as null and are reported to the caller.
"""

from collections.abc import Callable

import polars as pl

from datapackages.values import PARSERS

# The engine trims Unicode White_Space; Python's str.strip() also trims U+001C-U+001F. A batch
# holding those goes the exact way (batches.UNUSUAL), so both ways trim the same characters.
PLAIN_INTEGER = r"^[+-]?[0-9]{1,18}$"
# No sign but minus, no leading zeros: then only trailing zeros need removing.
PLAIN_NUMBER = r"^-?(?:[1-9][0-9]{0,14}|[1-9][0-9]{0,2}(?:,[0-9]{3}){1,4}|0)(?:\.[0-9]{1,15})?$"
# Four digits but 0000: values.py refuses year 0, the engine's parser would take it (and the
# engine's regex has no look-ahead).
YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
ISO_DATE = rf"^{YEAR}-[0-9]{{2}}-[0-9]{{2}}$"
SPELLED_DATE = (
    rf"^{YEAR}(?:-[0-9]{{1,2}}-[0-9]{{1,2}}|/[0-9]{{1,2}}/[0-9]{{1,2}}|\.[0-9]{{1,2}}\.[0-9]{{1,2}}"
    r"|年[0-9]{1,2}月[0-9]{1,2}日)$"
)
ISO_FORMAT = "%Y-%m-%d"
ISO_DATETIME = rf"^{YEAR}-[0-9]{{2}}-[0-9]{{2}}[ T][0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}$"
FRACTION = r"(:[0-9]{2})\.[0-9]{1,9}$"  # of a second: values.py keeps whole seconds
# A date and a time in a date column (a database's export): values.py reads the date of it.
STAMP_WITH_DATE = (
    rf"^{YEAR}-[0-9]{{2}}-[0-9]{{2}}[ T][0-9]{{2}}:[0-9]{{2}}(?::[0-9]{{2}}(?:\.[0-9]{{1,9}})?)?$"
)
TEXT_PREFIX = "__text__"


def canonical_frame(
    raw: pl.DataFrame,
    columns: list[tuple[str, str, str]],
    keep: list[str],
    parsers: dict[str, Callable[[str], str]] | None = None,
) -> tuple[pl.DataFrame, dict[str, list[int]]]:
    """Convert `columns` (output name, raw column, type) of `raw`, all columns in each query.

    Returns the frame (the `keep` columns, then one canonical text column per output name) and,
    per output name, the positions of non-empty cells that could not be read as the type.
    """
    typed = [(name, kind) for name, _, kind in columns if kind != "string"]
    # Trimmed first, in a query of its own: an eager query computes a repeated expression
    # again at each use, and the conversions use their text several times.
    texts = raw.select(
        *[pl.col(k) for k in keep],
        *[_stripped(pl.col(source)).alias(TEXT_PREFIX + name) for name, source, _ in columns],
    )
    frame = texts.select(
        *[pl.col(k) for k in keep],
        *[_FAST[kind](pl.col(TEXT_PREFIX + name)).alias(name) for name, _, kind in columns],
        *[pl.col(TEXT_PREFIX + name) for name, _ in typed],
    )
    del texts
    failed: dict[str, list[int]] = {}
    if typed:
        pending = frame.select(
            [
                (pl.col(TEXT_PREFIX + name).is_not_null() & pl.col(name).is_null()).alias(name)
                for name, _ in typed
            ]
        )
        for name, kind in typed:
            positions = pending[name].arg_true()
            for later in _LATER.get(kind, ()):
                if positions.len():
                    frame, positions = _later_pass(frame, name, later, positions)
            if positions.len():
                filled, failed[name] = _fill_from_parser(
                    frame[TEXT_PREFIX + name],
                    frame[name],
                    positions.to_list(),
                    (parsers or {}).get(name) or PARSERS[kind],
                )
                frame = frame.with_columns(filled.alias(name))
        frame = frame.drop([TEXT_PREFIX + name for name, _ in typed])
    return frame, failed


def _later_pass(
    frame: pl.DataFrame, name: str, convert: Callable[[pl.Expr], pl.Expr], positions: pl.Series
) -> tuple[pl.DataFrame, pl.Series]:
    """Slower spellings, tried on the cells the passes before left: (frame, cells still left)."""
    text = frame[TEXT_PREFIX + name].gather(positions)
    found = pl.select(convert(pl.lit(text)).alias(name)).to_series()
    if found.null_count() == found.len():
        return frame, positions
    filled = frame[name].scatter(positions, found)
    return frame.with_columns(filled), positions.filter(found.is_null())


def _fill_from_parser(
    text: pl.Series, result: pl.Series, positions: list[int], parse: Callable[[str], str]
) -> tuple[pl.Series, list[int]]:
    values = result.to_list()
    failed = []
    for position in positions:
        try:
            values[position] = parse(text[position]) or None  # a placeholder (-, 无) is empty
        except ValueError:
            failed.append(position)
    return pl.Series(result.name, values, dtype=pl.String), failed


def _stripped(text: pl.Expr) -> pl.Expr:
    return text.str.strip_chars().replace("", None)


def _string(text: pl.Expr) -> pl.Expr:
    return text


def _integer(text: pl.Expr) -> pl.Expr:
    plain = text.str.contains(PLAIN_INTEGER)
    number = text.str.strip_prefix("+").cast(pl.Int64, strict=False).cast(pl.String)
    return pl.when(plain).then(number)


def _number(text: pl.Expr) -> pl.Expr:
    # Each part used once: an eager query would compute a repeated part again.
    digits = text.str.replace_all(",", "", literal=True)
    fraction = text.str.contains(".", literal=True)
    canonical = pl.when(fraction).then(digits.str.strip_chars_end("0").str.strip_suffix("."))
    canonical = canonical.otherwise(digits)
    return pl.when(text.str.contains(PLAIN_NUMBER)).then(canonical.replace("-0", "0"))


def _spelled_date(text: pl.Expr) -> pl.Expr:
    # A date spelled with one kind of separator (2024/3/5, 2024年3月5日) reads as the ISO date
    # with its separators: what the format of its own spelling would give, one parse for all.
    # The pattern first: the date parser alone would also take 24-03-05 or +2024-03-05.
    iso = text.str.replace_all("[年月/.]", "-").str.strip_suffix("日")
    parsed = iso.str.to_date(ISO_FORMAT, strict=False, cache=False)
    return pl.when(text.str.contains(SPELLED_DATE)).then(parsed.dt.to_string("%Y-%m-%d"))


def _iso_date(text: pl.Expr) -> pl.Expr:
    # Most dates are ISO already: kept as they are when valid. The other formats are tried on
    # the cells left (_LATER), not on every cell.
    valid = text.str.to_date(ISO_FORMAT, strict=False, cache=False).is_not_null()
    return pl.when(text.str.contains(ISO_DATE) & valid).then(text)


def _datetime(text: pl.Expr) -> pl.Expr:
    whole = text.str.replace(FRACTION, "${1}")
    stamps = whole.str.replace(" ", "T", literal=True)
    parsed = stamps.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False, cache=False)
    # A leap second (:60) would read as the next minute: values.py refuses it, so the cell goes
    # to the per-cell parser, which names it.
    stamp = whole.str.contains(ISO_DATETIME) & ~whole.str.ends_with(":60")
    return pl.when(stamp).then(parsed.dt.to_string("%Y-%m-%dT%H:%M:%S"))


def _date_of_stamp(text: pl.Expr) -> pl.Expr:
    day = text.str.slice(0, 10)
    valid = day.str.to_date(ISO_FORMAT, strict=False, cache=False).is_not_null()
    return pl.when(text.str.contains(STAMP_WITH_DATE) & valid).then(day)


def _plain_datetime(text: pl.Expr) -> pl.Expr:
    # The pattern fixes every width, so a valid stamp reads back as itself with T between; a
    # leap second (:60) would read as the next minute and is left to the per-cell parser.
    stamps = text.str.replace(" ", "T", literal=True)
    valid = stamps.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False, cache=False).is_not_null()
    plain = text.str.contains(ISO_DATETIME) & ~text.str.ends_with(":60")
    return pl.when(plain & valid).then(stamps)


def _unreadable(text: pl.Expr) -> pl.Expr:
    # boolean and year: rare and short, left to the per-cell parsers
    return pl.lit(None, dtype=pl.String)


_FAST = {
    "string": _string,
    "integer": _integer,
    "number": _number,
    "date": _iso_date,
    "datetime": _plain_datetime,
    "boolean": _unreadable,
    "year": _unreadable,
}
# Tried in turn on the cells the first pass (and each one before) could not read.
_LATER = {"date": (_spelled_date, _date_of_stamp), "datetime": (_datetime,)}
