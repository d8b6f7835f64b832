"""Read a raw table (CSV, XLSX, XLS, JSON) as a header and a stream of rows, bounded in size.

Row numbers are those a person sees when opening the file: the header of a CSV is row 1.
The header is found below title rows (see header.py); notes and 合计 rows after the data are
skipped and their row numbers kept in `SourceRows.skipped`.
"""

import codecs
import csv
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

from datapackages.decode import detect_encoding
from datapackages.errors import DecodeError, ReadError, SchemaMismatchError
from datapackages.header import (
    HEADER_SCAN_ROWS,
    MAX_HEADER_ROWS,
    SKIP_FIRST,
    clean_header,
    find_header,
    header_key,
    matches_any,
    named_fields,
    skip_reason,
)
from datapackages.personal_data import mask_personal_data
from datapackages.sheets import Workbook, column_letter, content_kind
from harvesters.table import RawTable

MAX_CELL_CHARS = 32_768
MAX_JSON_BYTES = 256 << 20
DELIMITERS = (",", "\t", ";", "|")
HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body")
# Short rows are padded, up to this share of the rows: beyond it the file is broken, not sloppy.
RAGGED_SHARE = 0.1
RAGGED_MIN_ROWS = 10

csv.field_size_limit(MAX_CELL_CHARS * 4)


@dataclass
class SourceRows:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str = ""
    delimiter: str = ""
    header_row: int = 1  # the header's first row (0 for JSON)
    header_end: int = 1  # its last row: a CSV's data starts on the next line
    skipped: list[int] = field(default_factory=list)  # notes and totals rows, filled as read
    header_lines: list[list[str]] = field(default_factory=list)  # what a repeated header reads as


class _Rows:
    """The data rows; close() releases the file even when no row was read."""

    def __init__(self, rows: Iterator[tuple[int, list[Any]]], close: Callable[[], None]):
        self._rows, self._close = _closing(rows, close), close

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        return self._rows  # the generator itself: no wrapper call per row

    def __next__(self) -> tuple[int, list[Any]]:
        return next(self._rows)

    def close(self) -> None:
        self._rows.close()
        self._close()  # a generator never started does not run its `finally`

    __del__ = close  # a caller that stops early (a missing column) still frees the file


def _closing(rows: Iterator, close: Callable[[], None]) -> Iterator:
    try:
        yield from rows
    finally:  # the end, or an error naming the row: release the file either way
        close()


def read_table(
    dataset_id: str, table: RawTable, expected_headers: Collection[str] = ()
) -> SourceRows:
    """The header and rows of `table`.

    `expected_headers`: every header that names a declared field (header.declared_headers).
    With it the header is looked for below title rows when `header_row` is not declared, and a
    header naming none of them is refused with its row.
    """
    if table.path.stat().st_size == 0:
        raise ReadError(dataset_id, f"{table.origin} is empty")
    if table.format == "json":
        source = _read_json(dataset_id, table)
        _refuse_unmatched(dataset_id, table.origin, source, expected_headers)
        return source
    text = table.format not in ("xlsx", "xls") or content_kind(table.path) == "text"
    if text:
        rows, encoding, delimiter, close = _csv_rows(dataset_id, table, expected_headers)
    else:
        rows, encoding, delimiter, close = _workbook_rows(dataset_id, table)
    try:
        source = _tabulate(dataset_id, table, rows, expected_headers, ragged=text)
    except Exception:
        close()
        raise
    source.encoding, source.delimiter = encoding, delimiter
    source.rows = _Rows(source.rows, close)
    return source


def _tabulate(dataset_id, table, rows, expected, ragged: bool) -> SourceRows:
    header_row = table.options.get("header_row")
    header_rows = table.options.get("header_rows")
    ahead = list(islice(rows, max(HEADER_SCAN_ROWS, (header_row or 0) + MAX_HEADER_ROWS)))
    if not any(_filled(cells) for _, cells in ahead):
        raise ReadError(dataset_id, f"{table.origin} is empty: no filled row at the top")
    index = None
    if header_row:
        index = next((i for i, (n, _) in enumerate(ahead) if n >= header_row), len(ahead))
    spot = find_header([cells for _, cells in ahead], expected, index, header_rows)
    if spot is None and header_row:
        raise ReadError(dataset_id, f"{table.origin} has no header at row {header_row}")
    if spot is None:
        raise SchemaMismatchError(
            dataset_id,
            f"{table.origin}: no row among the first {len(ahead)} holds a declared field's "
            f"header (looked for: {_listing(expected)}); declare the fields' `source` header "
            "or source.header_row",
        )
    names = spot.names[: _width(spot.names)]
    first, last = ahead[spot.index][0], ahead[spot.index + spot.count - 1][0]
    if not names:
        raise ReadError(dataset_id, f"{table.origin} row {first}: the header row is empty")
    source = SourceRows(names, iter(()), header_row=first, header_end=last)
    _refuse_unmatched(dataset_id, table.origin, source, expected)
    header_rows = [cells for _, cells in ahead[spot.index : spot.index + spot.count]]
    source.header_lines = header_lines(header_rows, names)
    rest = chain(ahead[spot.index + spot.count :], rows)
    source.rows = _records(
        dataset_id, table.origin, rest, names, source.header_lines, source.skipped, ragged
    )
    return source


def _records(
    dataset_id, origin, rows, names, header_lines, skipped, ragged
) -> Iterator[tuple[int, list[Any]]]:
    width = len(names)
    # the first character of each header row's first cell: a repeat may space it (序　　号)
    header_starts = tuple({line[0][0] for line in header_lines if line[0]})
    header_starts = header_starts or ("\x00",)
    short_rows, records, first_short = 0, 0, (0, 0)
    for number, cells in rows:
        first = cells[0].lstrip() if cells and cells[0].__class__ is str else ""
        while first[:1] == "\ufeff":  # a second export's byte order mark (files joined by `cat`)
            first = first[1:].lstrip()
        # An ordinary record starts with text that no note, total or repeated header starts with.
        ordinary = first and first[0] not in SKIP_FIRST and not first.startswith(header_starts)
        if not ordinary:
            if not _filled(cells):
                continue
            if skip_reason(cells) or _repeats_header(cells, header_lines):
                skipped.append(number)
                continue
        if not ragged:
            _check_cells(dataset_id, origin, number, cells, width)
        elif len(cells) > width or max(map(len, cells)) > MAX_CELL_CHARS:
            _check_cells(dataset_id, origin, number, cells, width)  # names the row and column
        elif len(cells) < width:
            short_rows += 1
            first_short = first_short if short_rows > 1 else (number, len(cells))
        records += 1
        yield number, cells
    if short_rows > max(RAGGED_MIN_ROWS, records * RAGGED_SHARE):
        number, cells = first_short
        raise ReadError(
            dataset_id,
            f"{origin}: {short_rows} of {records} rows have fewer cells than the header's "
            f"{width} (first: row {number}, from column {cells + 1}); a broken line or a wrong "
            "delimiter, not missing values: check the file",
        )


def _repeats_header(cells: list[Any], header_lines: list[list[str]]) -> bool:
    # a multi-page export repeats its header (each of its rows) above each page, maybe spaced
    # otherwise; the first cell rules out most rows before the others are cleaned
    if not header_lines or not cells:
        return False
    if _key(cells[0]) not in {line[0] for line in header_lines}:
        return False
    width = len(header_lines[0])
    keys = [_key(c) for c in cells[:width]]
    keys += [""] * (width - len(keys))
    return keys in header_lines


def header_lines(rows: Sequence[Sequence[Any]], names: list[str]) -> list[list[str]]:
    """The header as its rows read and as its combined names, over the header's width, as
    matched (header_key): what a row repeating the header (or one of its rows) reads as."""
    width = len(names)
    lines = [[header_key(n) for n in names]]
    for row in rows:
        line = [_key(c) for c in row[:width]]
        line += [""] * (width - len(line))
        if any(line) and line not in lines:
            lines.append(line)
    return lines


def _key(cell: Any) -> str:
    return header_key(clean_header(cell))


def _filled(cells: list[Any]) -> bool:
    return any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells)


def _width(names: list[str]) -> int:
    return max((i + 1 for i, name in enumerate(names) if name), default=0)


def _listing(names: Iterable[str], limit: int = 8) -> str:
    names = sorted(names)
    return ", ".join(names[:limit]) + (
        f" and {len(names) - limit} more" if len(names) > limit else ""
    )


def _refuse_unmatched(dataset_id, origin: str, source: SourceRows, expected) -> None:
    if matches_any(source.headers, expected):
        return
    # masked before cut short: a cut number would no longer be recognised, yet readable
    found = ", ".join(mask_personal_data(h)[:30] for h in source.headers[:10] if h) or "nothing"
    where = f"row {source.header_row}" if source.header_row else "the records' keys"
    raise SchemaMismatchError(
        dataset_id,
        f"{origin} {where}: the header matches none of the declared fields "
        f"(looked for: {_listing(expected)}; found: {found})",
    )


def _check_cells(dataset_id: str, origin: str, row_number: int, row: list, width: int) -> None:
    for column, cell in enumerate(row, start=1):
        if not isinstance(cell, str):
            continue
        if len(cell) > MAX_CELL_CHARS or "\x00" in cell:
            problem = "a NUL byte" if "\x00" in cell else f"over {MAX_CELL_CHARS} characters"
            raise ReadError(
                dataset_id,
                f"{origin} row {row_number}, column {column_letter(column)}: cell holds {problem}",
            )
    for column in range(width, len(row)):
        cell = row[column]
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            raise SchemaMismatchError(
                dataset_id,
                f"{origin} row {row_number}: {len(row)} cells but the header has {width} "
                f"(column {column_letter(column + 1)} is filled); a stray delimiter or an "
                "unquoted comma shifts the columns",
            )


def _csv_rows(dataset_id: str, table: RawTable, expected: Collection[str] = ()):
    encoding = detect_encoding(table.path, table.options.get("encoding"))
    if encoding is None:
        raise DecodeError(
            dataset_id, f"{table.origin} is not in UTF-8, UTF-16 or GBK/GB18030: cannot decode it"
        )
    handle = table.path.open("r", encoding=encoding, newline="")
    try:
        first = _peek_text(dataset_id, table.origin, handle)
        _refuse_html(dataset_id, table.origin, first)
    except Exception:
        handle.close()
        raise
    delimiter = table.options.get("delimiter") or _sniff_delimiter(first, expected)
    # strict: an unclosed quote is an error naming its row, not a cell that swallows later rows.
    reader = csv.reader(
        _text_lines(dataset_id, table.origin, handle, delimiter), strict=True, delimiter=delimiter
    )
    records = _csv_records(dataset_id, table, reader, encoding, delimiter)
    return records, encoding, delimiter, handle.close


def _csv_records(dataset_id, table, reader, encoding, delimiter) -> Iterator[tuple[int, list]]:
    origin = table.origin
    try:
        for row in reader:
            yield reader.line_num, row
    except UnicodeDecodeError as exc:
        where = _bad_bytes_at(table.path, encoding, delimiter)
        where = where or f"near row {reader.line_num + 1}"
        raise DecodeError(
            dataset_id, f"{origin} {where}: bytes that are not {encoding} text ({exc.reason})"
        ) from None
    except csv.Error as exc:
        raise ReadError(dataset_id, f"{origin} row {reader.line_num}: {exc}") from None


def _bad_bytes_at(path, encoding: str, delimiter: str) -> str:
    """ "row N, column C" of the first undecodable bytes, for encodings where a line is bytes."""
    if codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig", "gb18030", "gbk"):
        return ""
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                decoder.decode(line)
            except UnicodeDecodeError as exc:
                before = line[: exc.start].decode(encoding, errors="replace")
                return f"row {number}, column {column_letter(before.count(delimiter) + 1)}"
    return ""


def _text_lines(dataset_id: str, origin: str, handle, delimiter: str) -> Iterator[str]:
    for number, line in enumerate(handle, start=1):
        if "\x00" in line:
            column = line[: line.index("\x00")].count(delimiter) + 1
            raise ReadError(
                dataset_id,
                f"{origin} row {number}, column {column_letter(column)}: a NUL byte; "
                "the file is binary or UTF-16 without a byte order mark (declare source.encoding)",
            )
        yield line


def _peek_text(dataset_id: str, origin: str, handle) -> str:
    try:
        first = handle.read(4096)
    except UnicodeDecodeError as exc:
        raise DecodeError(dataset_id, f"{origin}: cannot decode the start ({exc.reason})") from None
    handle.seek(0)
    return first


def _refuse_html(dataset_id: str, origin: str, first: str) -> None:
    head = first.lstrip("\ufeff \r\n\t").lower()
    if head.startswith(HTML_MARKERS):
        raise ReadError(dataset_id, f"{origin} is an HTML page, not a data file")


def _sniff_delimiter(first: str, expected: Collection[str] = ()) -> str:
    """The delimiter that splits a line of the file's start into the most declared headers;
    without one, the most frequent delimiter of the first line that holds any (a title line
    above the header may hold none, or a comma: 2024年1-6月, 全省医院名录)."""
    lines = first.lstrip("\ufeff").splitlines()
    wanted = frozenset(expected)
    named = {
        d: max(
            (
                len(named_fields(map(clean_header, x.split(d)), wanted))
                for x in lines[:HEADER_SCAN_ROWS]
            ),
            default=0,
        )
        for d in DELIMITERS
    }
    if wanted and max(named.values()) > 0:
        return max(DELIMITERS, key=lambda d: named[d])
    line = next((x for x in lines if any(d in x for d in DELIMITERS)), "")
    counts = {d: line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _workbook_rows(dataset_id: str, table: RawTable):
    book = Workbook(dataset_id, table)
    try:
        sheet = book.data_sheet(table.options.get("sheet"))
    except Exception:
        book.close()
        raise
    rows = (
        (number, ["" if cell is None else cell for cell in cells])
        for number, cells in book.rows(sheet)
    )
    return rows, "", "", book.close


def _read_json(dataset_id: str, table: RawTable) -> SourceRows:
    if table.path.stat().st_size > MAX_JSON_BYTES:
        raise ReadError(dataset_id, f"{table.origin} is larger than {MAX_JSON_BYTES >> 20} MB")
    encoding = detect_encoding(table.path, table.options.get("encoding")) or "utf-8"
    try:
        text = table.path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            dataset_id, f"{table.origin}: not UTF-8 or GBK text ({exc.reason})"
        ) from None
    _refuse_html(dataset_id, table.origin, text[:4096])
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(
            dataset_id, f"{table.origin} line {exc.lineno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise ReadError(dataset_id, f"{table.origin}: JSON nested too deep to read") from None
    except ValueError:  # the only other: an integer of thousands of digits
        raise ReadError(
            dataset_id, f"{table.origin}: JSON holds a number too long to read"
        ) from None
    records = _records_at(dataset_id, table, doc)
    # A column per key as matched (header_key): records spelling it 名称 or 名 称 fill one
    # column, named as first spelled. Two such keys in one record are two columns of one name,
    # as a CSV header written twice: a published field named by them is refused (map_columns).
    spelling: dict[str, str] = {}
    times: dict[str, int] = {}
    for record in records:
        counts: Counter = Counter()
        for key in record:
            name = clean_header(key)
            counts[spelling.setdefault(header_key(name), name)] += 1
        for name, count in counts.items():
            times[name] = max(times.get(name, 0), count)
    names = [name for name, count in times.items() for _ in range(count)]
    rows = _Rows(_json_rows(dataset_id, table.origin, records, names), lambda: None)
    return SourceRows(names, rows, encoding, header_row=0, header_end=0)


def _json_rows(dataset_id, origin, records, names) -> Iterator[tuple[int, list[Any]]]:
    spelled = {header_key(name): name for name in names}
    for number, record in enumerate(records, 1):
        by_name: dict[str, list[Any]] = {}
        for key, value in record.items():
            by_name.setdefault(spelled[header_key(clean_header(key))], []).append(value)
        seen: Counter = Counter()
        cells = []
        for name in names:
            values = by_name.get(name, ())
            cells.append(_json_cell(values[seen[name]] if seen[name] < len(values) else None))
            seen[name] += 1
        for name, cell in zip(names, cells, strict=True):
            if isinstance(cell, str) and (len(cell) > MAX_CELL_CHARS or "\x00" in cell):
                problem = (
                    "a NUL character" if "\x00" in cell else f"over {MAX_CELL_CHARS} characters"
                )
                raise ReadError(dataset_id, f"{origin} record {number}, key {name!r}: {problem}")
        yield number, cells


def _records_at(dataset_id: str, table: RawTable, doc: Any) -> list[dict]:
    path = table.options.get("records") or ""
    if not path and isinstance(doc, dict):
        path = _only_record_list(dataset_id, table.origin, doc)
    for key in filter(None, str(path).split(".")):
        if not isinstance(doc, dict) or key not in doc:
            raise ReadError(dataset_id, f"{table.origin} has no key {key!r} on the path {path!r}")
        doc = doc[key]
    if not isinstance(doc, list):
        where = f"at {path!r}" if path else "at the top level"
        raise ReadError(dataset_id, f"{table.origin}: expected a list of records {where}")
    for index, record in enumerate(doc, 1):
        if not isinstance(record, dict):
            raise ReadError(dataset_id, f"{table.origin} record {index} is not an object")
    return doc


def _only_record_list(dataset_id: str, origin: str, doc: dict) -> str:
    """The path of the one list of objects in an answer like {"code": 0, "data": {"list": [..]}}."""
    found = list(_record_lists(doc, "", depth=3))
    if len(found) > 1:
        raise ReadError(
            dataset_id,
            f"{origin} holds several lists of records ({', '.join(found)}): declare source.records",
        )
    return found[0] if found else ""


def _record_lists(doc: Any, path: str, depth: int) -> Iterator[str]:
    for key, value in doc.items():
        where = f"{path}.{key}" if path else str(key)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value[:100]):
            yield where
        elif isinstance(value, dict) and depth > 1:
            yield from _record_lists(value, where, depth - 1)


def _json_cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value
