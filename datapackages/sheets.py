"""Workbooks (XLSX through openpyxl, legacy XLS through xlrd) as named sheets of numbered rows.

Also lists what a workbook hides (sheets, columns) so the confidentiality screen can check it:
hidden parts are never published, but a department must not ship personal data in them either.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import iterparse

from datapackages.errors import ReadError
from harvesters.table import RawTable

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_XLS_BYTES = 32 << 20  # xlrd holds the whole workbook in memory: about 8 times its size
SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MERGE_PATTERN = re.compile(
    rb'<(?:\w+:)?mergeCell ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"'
)


@dataclass(frozen=True)
class HiddenPart:
    """A hidden sheet (`column` 0) or a hidden column (from 1) of a visible sheet."""

    sheet: str
    column: int = 0

    def __str__(self) -> str:
        if not self.column:
            return f"hidden sheet {self.sheet!r}"
        return f"sheet {self.sheet!r}, hidden column {column_letter(self.column)}"


def column_letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def content_kind(path: Path) -> str:
    """ "xlsx", "xls", "html" or "text" by the first bytes, whatever the file is called.

    A .xls is often an XLSX, and old systems "export to Excel" as tab-separated text.
    """
    with path.open("rb") as handle:
        start = handle.read(512)
    if start.startswith(XLSX_MAGIC):
        return "xlsx"
    if start.startswith(XLS_MAGIC):
        return "xls"
    text = start.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<head", b"<?xml")):
        return "html"
    return "text" if start and b"\x00" not in start.lstrip(b"\xff\xfe") else "binary"


def workbook_kind(dataset_id: str, table: RawTable) -> str:
    """ "xlsx" or "xls" by the file's first bytes: a .xls is often an XLSX, and vice versa."""
    kind = content_kind(table.path)
    if kind in ("xlsx", "xls"):
        return kind
    if kind == "html":
        raise ReadError(dataset_id, f"{table.origin} is an HTML or XML page, not an Excel workbook")
    raise ReadError(dataset_id, f"{table.origin} is not an Excel workbook (XLSX or XLS)")


class Workbook:
    """Sheets by name, each read as (row number, cells) with row numbers as Excel shows them."""

    def __init__(self, dataset_id: str, table: RawTable):
        self.dataset_id, self.origin = dataset_id, table.origin
        self.kind = workbook_kind(dataset_id, table)
        if self.kind == "xls" and table.path.stat().st_size > MAX_XLS_BYTES:
            raise ReadError(
                dataset_id,
                f"{table.origin} is larger than {MAX_XLS_BYTES >> 20} MB: save it as XLSX or CSV",
            )
        # openpyxl refuses a path not ending in .xlsx: give it the open file instead
        self._handle = table.path.open("rb")
        try:
            self._book = _open_xlsx(self._handle) if self.kind == "xlsx" else _open_xls(table.path)
        except Exception as exc:  # both libraries raise many unrelated types for a broken file
            self._handle.close()
            raise ReadError(
                dataset_id, f"{table.origin} is not a readable {self.kind.upper()} workbook: {exc}"
            ) from None

    def sheet_names(self) -> list[str]:
        if self.kind == "xlsx":
            return list(self._book.sheetnames)
        return self._book.sheet_names()

    def is_hidden(self, name: str) -> bool:
        if self.kind == "xlsx":
            return self._book[name].sheet_state != "visible"
        return self._book.sheet_by_name(name).visibility != 0

    def hidden_columns(self, name: str) -> list[int]:
        if self.kind == "xlsx":
            return _xlsx_hidden_columns(self._book[name])
        info = self._book.sheet_by_name(name).colinfo_map
        return sorted(column + 1 for column, col in info.items() if col.hidden)

    def rows(self, name: str) -> Iterator[tuple[int, list[Any]]]:
        """Rows from 1; a merged cell's value fills every cell of its range.

        The libraries read a sheet as it is asked for: a broken sheet (its XML cut short, a
        cell typed as a number holding text) fails here, named by sheet and row.
        """
        number = 0
        try:
            for number, cells in _fill_merged(self._raw_rows(name), self.merged_ranges(name)):
                yield number, cells
        except Exception as exc:  # as at opening: many unrelated types for a broken file
            # The library's message is left out: it quotes the cell, escaped past any masking.
            raise ReadError(
                self.dataset_id,
                f"{self.origin}, sheet {name!r}: cannot read row {number + 1} "
                f"({type(exc).__name__}): the sheet is damaged, or a cell's stored type does not "
                "match its content; save the workbook again from Excel",
            ) from None

    def merged_ranges(self, name: str) -> list[tuple[int, int, int, int]]:
        """(first row, last row, first column, last column) of each merge, from 1, inclusive."""
        if self.kind == "xlsx":
            return _xlsx_merges(self._book[name])
        merged = self._book.sheet_by_name(name).merged_cells
        return sorted((r1 + 1, r2, c1 + 1, c2) for r1, r2, c1, c2 in merged)

    def _raw_rows(self, name: str) -> Iterator[tuple[int, list[Any]]]:
        if self.kind == "xlsx":
            sheet = self._book[name]
            sheet.reset_dimensions()  # some writers store a wrong size; read what is there
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(row)
            return
        sheet = self._book.sheet_by_name(name)
        for index in range(sheet.nrows):
            yield index + 1, [_xls_value(cell, self._book.datemode) for cell in sheet.row(index)]

    def data_sheet(self, wanted: str | None) -> str:
        """The declared sheet, else the first visible one: a hidden sheet is never guessed."""
        names = self.sheet_names()
        if wanted:
            if wanted not in names:
                raise ReadError(
                    self.dataset_id,
                    f"{self.origin} has no sheet {wanted!r} (sheets: {', '.join(names)})",
                )
            return wanted
        visible = [n for n in names if not self.is_hidden(n)]
        if not visible:
            raise ReadError(self.dataset_id, f"{self.origin} has no visible sheet")
        return visible[0]

    def close(self) -> None:
        if self.kind == "xlsx":
            self._book.close()
        else:
            self._book.release_resources()
        self._handle.close()


def hidden_parts(dataset_id: str, table: RawTable) -> list[HiddenPart]:
    """Hidden sheets and the hidden columns of visible sheets of a workbook source."""
    book = Workbook(dataset_id, table)
    try:
        parts = []
        for name in book.sheet_names():
            if book.is_hidden(name):
                parts.append(HiddenPart(name))
            else:
                parts.extend(HiddenPart(name, c) for c in book.hidden_columns(name))
        return parts
    finally:
        book.close()


def hidden_cells(dataset_id: str, table: RawTable) -> Iterator[tuple[HiddenPart, int, Any]]:
    """Every filled cell of the hidden parts, as (part, row number, value), streamed."""
    parts = hidden_parts(dataset_id, table)
    book = Workbook(dataset_id, table)
    try:
        for name in dict.fromkeys(p.sheet for p in parts):
            wanted = [p for p in parts if p.sheet == name]
            for number, row in book.rows(name):
                for part in wanted:
                    cells = row if not part.column else row[part.column - 1 : part.column]
                    for value in cells:
                        if value is not None and str(value).strip():
                            yield part, number, value
    finally:
        book.close()


def _open_xlsx(handle: BinaryIO):
    from openpyxl import load_workbook  # only workbook sources pay for importing openpyxl

    return load_workbook(handle, read_only=True, data_only=True)


def _open_xls(path: Path):
    import xlrd

    return xlrd.open_workbook(str(path), formatting_info=True)


def _xlsx_hidden_columns(sheet) -> list[int]:
    # Read-only sheets do not load column settings; <cols> comes before the rows, so stop there.
    hidden: list[int] = []
    with sheet._get_source() as source:
        for _, element in iterparse(source, events=("start",)):
            if element.tag == f"{SHEET_NS}sheetData":
                break
            if element.tag == f"{SHEET_NS}col" and element.get("hidden") in ("1", "true"):
                first, last = int(element.get("min", 0)), int(element.get("max", 0))
                hidden.extend(range(first, min(last, 16384) + 1))
    return hidden


def _xlsx_merges(sheet) -> list[tuple[int, int, int, int]]:
    # <mergeCells> follows the rows: scan the XML bytes for it rather than parse every cell twice.
    found, tail = [], b""
    with sheet._get_source() as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            data, end = tail + chunk, 0
            for match in MERGE_PATTERN.finditer(data):
                first_col, first_row, last_col, last_row = (g.decode() for g in match.groups())
                rows = (int(first_row), int(last_row))
                found.append((*rows, _column_number(first_col), _column_number(last_col)))
                end = match.end()
            tail = data[max(end, len(data) - 64) :]
    return sorted(found)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _fill_merged(rows, merges) -> Iterator[tuple[int, list[Any]]]:
    pending, active = list(reversed(merges)), []
    for number, cells in rows:
        while pending and pending[-1][0] <= number:
            first_row, last_row, first_col, last_col = pending.pop()
            anchor = None
            if first_row == number and first_col <= len(cells):
                anchor = cells[first_col - 1]
            active.append((last_row, first_col, last_col, anchor))
        active = [a for a in active if a[0] >= number]
        for _, first_col, last_col, anchor in active:
            cells.extend([None] * (last_col - len(cells)))
            for column in range(first_col - 1, last_col):
                if cells[column] is None or cells[column] == "":
                    cells[column] = anchor
        yield number, cells


def _xls_value(cell, datemode: int) -> Any:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if value.is_integer() else value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return value
