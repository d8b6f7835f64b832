"""Read a raw table (CSV, XLSX, JSON) as a header and a stream of rows, bounded in size.

Row numbers are those a person sees when opening the file: the header of a CSV is row 1.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from datapackages.decode import detect_encoding
from datapackages.errors import DecodeError, ReadError
from harvesters.table import RawTable

MAX_CELL_CHARS = 32_768
MAX_JSON_BYTES = 256 << 20
DELIMITERS = (",", "\t", ";", "|")
HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body")

csv.field_size_limit(MAX_CELL_CHARS * 4)


@dataclass
class SourceRows:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str = ""
    delimiter: str = ""


def read_table(dataset_id: str, table: RawTable) -> SourceRows:
    readers = {"csv": _read_csv, "xlsx": _read_xlsx, "json": _read_json}
    if table.path.stat().st_size == 0:
        raise ReadError(dataset_id, f"{table.origin} is empty")
    return readers[table.format](dataset_id, table)


def clean_header(value: Any) -> str:
    return " ".join(str(value if value is not None else "").replace("\ufeff", "").split())


def _read_csv(dataset_id: str, table: RawTable) -> SourceRows:
    encoding = detect_encoding(table.path, table.options.get("encoding"))
    if encoding is None:
        raise DecodeError(
            dataset_id, f"{table.origin} is not in UTF-8, UTF-16 or GBK/GB18030: cannot decode it"
        )
    handle = table.path.open("r", encoding=encoding, newline="")
    first = _peek_text(dataset_id, table.origin, handle)
    _refuse_html(dataset_id, table.origin, first)
    delimiter = table.options.get("delimiter") or _sniff_delimiter(first)
    # strict: an unclosed quote is an error naming its row, not a cell that swallows later rows.
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    header_row = int(table.options.get("header_row", 1))
    headers = _csv_header(dataset_id, table.origin, reader, header_row)
    rows = _csv_rows(dataset_id, table.origin, reader, handle)
    return SourceRows(headers, rows, encoding, delimiter)


def _peek_text(dataset_id: str, origin: str, handle) -> str:
    try:
        first = handle.read(4096)
    except UnicodeDecodeError as exc:
        handle.close()
        raise DecodeError(dataset_id, f"{origin}: cannot decode the start ({exc.reason})") from None
    handle.seek(0)
    return first


def _refuse_html(dataset_id: str, origin: str, first: str) -> None:
    head = first.lstrip("\ufeff \r\n\t").lower()
    if head.startswith(HTML_MARKERS):
        raise ReadError(dataset_id, f"{origin} is an HTML page, not a data file")
    if "\x00" in first:
        raise ReadError(dataset_id, f"{origin} holds NUL bytes: it is not a text table")


def _sniff_delimiter(first: str) -> str:
    line = first.lstrip("\ufeff").splitlines()[0] if first.strip() else ""
    counts = {d: line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_header(dataset_id: str, origin: str, reader, header_row: int) -> list[str]:
    try:
        for _ in range(header_row):
            row = next(reader)
    except StopIteration:
        raise ReadError(dataset_id, f"{origin} has no header at row {header_row}") from None
    except UnicodeDecodeError as exc:
        raise DecodeError(dataset_id, f"{origin} row {reader.line_num + 1}: {exc.reason}") from None
    return [clean_header(cell) for cell in row]


def _csv_rows(dataset_id: str, origin: str, reader, handle) -> Iterator[tuple[int, list[Any]]]:
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            _check_cells(dataset_id, origin, reader.line_num, row)
            yield reader.line_num, row
    except UnicodeDecodeError as exc:
        raise DecodeError(
            dataset_id,
            f"{origin} near row {reader.line_num + 1}: bytes that are not text ({exc.reason})",
        ) from None
    except csv.Error as exc:
        raise ReadError(dataset_id, f"{origin} row {reader.line_num}: {exc}") from None
    finally:
        handle.close()


def _check_cells(dataset_id: str, origin: str, row_number: int, row: list) -> None:
    for column, cell in enumerate(row, start=1):
        if isinstance(cell, str) and (len(cell) > MAX_CELL_CHARS or "\x00" in cell):
            problem = "a NUL byte" if "\x00" in cell else f"over {MAX_CELL_CHARS} characters"
            raise ReadError(
                dataset_id, f"{origin} row {row_number}, column {column}: cell holds {problem}"
            )


def _read_xlsx(dataset_id: str, table: RawTable) -> SourceRows:
    from openpyxl import load_workbook  # only XLSX sources pay for importing openpyxl

    try:
        book = load_workbook(table.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        raise ReadError(
            dataset_id, f"{table.origin} is not a readable XLSX workbook: {exc}"
        ) from None
    sheet = _pick_sheet(dataset_id, table, book)
    rows = sheet.iter_rows(values_only=True)
    header_row = int(table.options.get("header_row", 1))
    headers: list[str] = []
    for _ in range(header_row):
        headers = [clean_header(c) for c in next(rows, ())]
    if not any(headers):
        raise ReadError(
            dataset_id, f"{table.origin} sheet {sheet.title}: no header at row {header_row}"
        )
    return SourceRows(headers, _xlsx_rows(dataset_id, table.origin, rows, header_row, book))


def _pick_sheet(dataset_id: str, table: RawTable, book):
    wanted = table.options.get("sheet")
    if wanted:
        if wanted not in book.sheetnames:
            raise ReadError(
                dataset_id,
                f"{table.origin} has no sheet {wanted!r} (sheets: {', '.join(book.sheetnames)})",
            )
        return book[wanted]
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise ReadError(dataset_id, f"{table.origin} has no visible sheet")
    return visible[0]


def _xlsx_rows(dataset_id, origin, rows, header_row, book) -> Iterator[tuple[int, list[Any]]]:
    try:
        for row_number, row in enumerate(rows, start=header_row + 1):
            values = ["" if cell is None else cell for cell in row]
            if not any(str(v).strip() for v in values):
                continue
            _check_cells(dataset_id, origin, row_number, values)
            yield row_number, values
    finally:
        book.close()


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
    records = _records_at(dataset_id, table, doc)
    headers: dict[str, None] = {}
    for record in records:
        headers.update(dict.fromkeys(clean_header(k) for k in record))
    names = list(headers)
    rows = (
        (index, [_json_cell(record.get(name)) for name in names])
        for index, record in enumerate(
            ({clean_header(k): v for k, v in r.items()} for r in records), 1
        )
    )
    return SourceRows(names, rows, encoding)


def _records_at(dataset_id: str, table: RawTable, doc: Any) -> list[dict]:
    path = table.options.get("records") or ""
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


def _json_cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value
