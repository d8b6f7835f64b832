"""Find the header of a departmental table: title rows above it, two-row headers, notes below.

Departments put a title (2024年全省医院名录) and a unit line (单位：万元) above the header, group
columns under a merged cell (基本信息 over 名称 and 代码), and end the sheet with notes (注：…,
数据来源：…, 填表人：…) or a 合计 row. These functions look at cells only, never at the format.
"""

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

HEADER_SCAN_ROWS = 30  # how far down a header is looked for when its row is not declared
MAX_HEADER_ROWS = 3
NOTE_PATTERN = re.compile(
    r"^(注|备注|说明|附注|数据来源|资料来源|来源|填表人|填报人|制表人|审核人|负责人|单位负责人"
    r"|联系人|联系电话|填表日期|填报日期|制表日期|填报单位|制表单位)\s*\d*\s*[:：]"
)
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "总合计"})
# first characters of notes and totals: most rows are ruled out without a regular expression
SKIP_FIRST = frozenset("注备说附数资来填制审负单联合总小")
# Chinese characters, CJK punctuation and full-width forms: a space beside one in a header is
# layout (序  号 padded to the width of 机构名称, 所在<Alt+Enter>城市 broken over two lines), not a
# word break, so a declared name matches without it; between Latin words one space counts.
_WIDE = "[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
_SPACE_BESIDE_WIDE = re.compile(f" (?={_WIDE})|(?<={_WIDE}) ")


@dataclass(frozen=True)
class HeaderSpot:
    """Where the header is in the rows looked at: `index` of its first row, `count` rows."""

    index: int
    count: int
    names: list[str]


def declared_headers(fields: Iterable[Any]) -> dict[str, str]:
    """Every header that names one of `fields` (directory Fields) in a source, cleaned, with the
    name of the field it names."""
    return {h: f.name for f in fields for h in field_headers(f)}


def field_headers(f: Any) -> tuple[str, ...]:
    """The headers naming directory Field `f` in a source, most specific first, cleaned."""
    return tuple(dict.fromkeys(clean_header(h) for h in f.source_headers()))


def clean_header(value: Any) -> str:
    """A header cell as it is named: no U+FEFF, spaces squeezed to one."""
    return " ".join(str(value if value is not None else "").replace("\ufeff", "").split())


def header_key(name: str) -> str:
    """What a cleaned header is matched to a declared name by: no space beside a wide character."""
    return _SPACE_BESIDE_WIDE.sub("", name) if " " in name else name


def named_fields(names: Iterable[str], expected: Collection[str]) -> set[str]:
    """The keys of the declared headers (`expected`) that cleaned headers `names` match."""
    wanted = {header_key(e) for e in expected}
    return {key for key in map(header_key, names) if key in wanted}


def combine_header_rows(rows: Sequence[Sequence[Any]], expected: Collection[str] = ()) -> list[str]:
    """One name per column from one or more header rows.

    A column is named by its lowest filled header cell (名称). An upper cell left empty by a
    merge takes the group name to its left. The joined name (基本信息/名称) is used instead when
    the lower name repeats across groups (2023年/数量, 2024年/数量) or is the one declared.
    """
    cleaned = [[clean_header(c) for c in row] for row in rows]
    width = max((len(r) for r in cleaned), default=0)
    grid = [r + [""] * (width - len(r)) for r in cleaned]
    parts_by_column = [[] for _ in range(width)]
    for depth, row in enumerate(grid):
        group = ""
        for column, cell in enumerate(row):
            below_filled = any(grid[d][column] for d in range(depth + 1, len(grid)))
            group = cell or (group if below_filled else "")
            if group and group not in parts_by_column[column]:
                parts_by_column[column].append(group)
    leaves = [parts[-1] if parts else "" for parts in parts_by_column]
    joined = ["/".join(parts) for parts in parts_by_column]
    declared = {header_key(e) for e in expected}
    names = []
    for leaf, full in zip(leaves, joined, strict=True):
        repeated = leaf and leaves.count(leaf) > 1
        # a leaf declared as it is written stays alone; a joined name declared in any spacing
        join = (repeated or header_key(full) in declared) and leaf not in expected
        names.append(full if join else leaf)
    return names


def find_header(
    rows: Sequence[Sequence[Any]],
    expected: Collection[str] = (),
    index: int | None = None,
    count: int | None = None,
) -> HeaderSpot | None:
    """The header among `rows`: at `index` when declared, else the rows naming most fields.

    Without declared field names the first filled row is the header. None when nothing fits.
    """
    if not isinstance(expected, Mapping):
        expected = frozenset(expected)
    if index is not None:
        if index >= len(rows):
            return None
        counts = [count] if count else range(1, MAX_HEADER_ROWS if expected else 2)
        spot = _best([index], counts, rows, expected, need_match=False)
        return _with_names_row(spot, rows, expected) if spot and not count else spot
    filled = [i for i, row in enumerate(rows) if any(clean_header(c) for c in row)]
    if not expected:
        return HeaderSpot(filled[0], 1, combine_header_rows(rows[filled[0] : filled[0] + 1]))
    counts = [count] if count else range(1, MAX_HEADER_ROWS)
    spot = _best(filled, counts, rows, expected, need_match=True)
    return _with_names_row(spot, rows, expected) if spot and not count else spot


def _with_names_row(spot: HeaderSpot, rows: Sequence[Sequence[Any]], expected) -> HeaderSpot:
    """The header with the row below it when that row gives, in two or more of the header's
    columns and nowhere else, another declared header of the same field (Chinese titles above
    the fields' English names): that row is no record. The columns keep the names above.

    `expected` maps each declared header to its field (declared_headers); a plain collection
    names no fields, and then no row below is taken."""
    below = spot.index + spot.count
    if not isinstance(expected, Mapping) or below >= len(rows):
        return spot
    field_of = _fields_by_key(expected)
    cells = [clean_header(c) for c in rows[below]]
    filled = [(column, cell) for column, cell in enumerate(cells) if cell]
    above = spot.names
    same = [
        column
        for column, cell in filled
        if column < len(above)
        and field_of.get(header_key(cell)) is not None
        and field_of.get(header_key(cell)) == field_of.get(header_key(above[column]))
    ]
    if len(filled) >= 2 and len(same) == len(filled):
        return HeaderSpot(spot.index, spot.count + 1, spot.names)
    return spot


def _best(starts, counts, rows, expected, need_match: bool) -> HeaderSpot | None:
    best, best_score = None, -1
    for start in starts:
        for count in counts:
            if start + count > len(rows):
                continue
            names = combine_header_rows(rows[start : start + count], expected)
            score = _fields_named(names, expected)
            # a later or deeper header must name strictly more fields to be preferred
            if score > best_score:
                best, best_score = HeaderSpot(start, count, names), score
    if need_match and best_score <= 0:
        return None
    return best


def _fields_named(names: Sequence[str], expected) -> int:
    """How many declared fields `names` name (`expected` maps headers to fields), or, without
    the fields, how many declared headers."""
    keys = named_fields(names, expected)
    if not isinstance(expected, Mapping):
        return len(keys)
    field_of = _fields_by_key(expected)
    return len({field_of[k] for k in keys})


def _fields_by_key(expected: Mapping[str, str]) -> dict[str, str]:
    return {header_key(h): f for h, f in expected.items()}


def matches_any(names: Sequence[str], expected: Collection[str]) -> bool:
    return not expected or bool(named_fields(names, expected))


def skip_expression(columns: Sequence[str], header_lines: Sequence[Sequence[str]] = ()):
    """A polars expression, true for the rows the readers skip, over a batch's text columns.

    Notes and totals (skip_reason), and a row repeating the header or one of its rows: every
    cell matches the header's (`header_lines` holds their header_key, see readers.header_lines).
    """
    import polars as pl

    cells = [pl.col(c).str.strip_chars() for c in columns]
    first = pl.coalesce([pl.when(cell != "").then(cell) for cell in cells])
    squeezed = first.str.replace_all(r"\s", "").str.strip_chars_end(":：")
    skipped = first.str.contains(NOTE_PATTERN.pattern) | squeezed.is_in(list(TOTAL_WORDS))
    for line in header_lines:
        same = [
            keyed(pl.col(c)).fill_null("") == name for c, name in zip(columns, line, strict=False)
        ]
        skipped = skipped | pl.all_horizontal(same)
    return skipped.fill_null(False)


def keyed(text):
    """header_key(clean_header(cell)) as a polars expression (its regular expressions have no
    look-around, so each side of a wide character is done in turn)."""
    return (
        text.str.replace_all("\ufeff", "", literal=True)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.replace_all(f"({_WIDE}) ", "${1}")
        .str.replace_all(f" ({_WIDE})", "${1}")
    )


def skip_reason(cells: Sequence[Any]) -> str:
    """ "note" or "total" when a row below the header is not a record, else ""."""
    for cell in cells:
        if cell is None:
            continue
        if not isinstance(cell, str):
            return ""
        text = cell.strip()
        if not text:
            continue
        if text[0] not in SKIP_FIRST:
            return ""
        if NOTE_PATTERN.match(text):
            return "note"
        return "total" if "".join(text.split()).rstrip(":：") in TOTAL_WORDS else ""
    return ""
