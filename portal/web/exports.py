"""A published CSV as the formats citizens open: Excel-friendly CSV, XLSX and JSON.

Spreadsheet programs run text cells that start with =, +, - or @ as formulas (CSV injection), so
string cells that do are prefixed with an apostrophe. Only string fields: numbers stay numbers.
"""

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

UTF8_BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_TITLE = 31


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _typed(value: str, field_type: str, guard: bool = True) -> Any:
    """A CSV cell as its schema type; a value that does not parse stays text."""
    text = neutralise(value) if guard else value
    if value == "":
        return None
    try:
        if field_type in ("integer", "year"):
            return int(value)
        if field_type == "number":
            return float(value)
        if field_type == "boolean":
            return value == "true"
        if field_type == "date":
            return date.fromisoformat(value)
        if field_type == "datetime":
            return datetime.fromisoformat(value)
    except ValueError:
        return text
    return text


def _raw_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        yield from reader


def read_rows(path: Path, fields: list[dict], guard: bool = True) -> Iterator[list[Any]]:
    """Typed rows of a published CSV (header skipped); `guard` neutralises formula-like text."""
    types = [f["type"] for f in fields]
    for row in _raw_rows(path):
        yield [_typed(v, t, guard) for v, t in zip(row, types, strict=False)]


def csv_chunks(path: Path, fields: list[dict]) -> Iterator[str]:
    """The CSV with a BOM and neutralised strings, a few hundred rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(UTF8_BOM)
    writer.writerow([f["name"] for f in fields])
    strings = [f["type"] == "string" for f in fields]
    for number, row in enumerate(_raw_rows(path), start=1):
        writer.writerow([neutralise(v) if s else v for v, s in zip(row, strings, strict=False)])
        if number % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(path: Path, fields: list[dict]) -> Iterator[str]:
    """`{"fields": [...], "records": [{...}, ...]}`, streamed record by record."""
    names = [f["name"] for f in fields]
    head = [{"id": f["name"], "type": f["type"], "title": f.get("title", "")} for f in fields]
    yield '{"fields": ' + json.dumps(head, ensure_ascii=False) + ', "records": ['
    for number, row in enumerate(read_rows(path, fields, guard=False)):
        record = {
            k: (v.isoformat() if isinstance(v, date | datetime) else v)
            for k, v in zip(names, row, strict=False)
        }
        yield ("," if number else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


def xlsx_file(path: Path, fields: list[dict], title: str) -> IO[bytes]:
    """An XLSX workbook written in openpyxl's streaming mode into a spooled temporary file."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    sheet.append([f.get("title") or f["name"] for f in fields])
    for row in read_rows(path, fields):
        sheet.append([_xml_safe(v) for v in row])
    spooled = tempfile.SpooledTemporaryFile(max_size=32 << 20)  # noqa: SIM115
    book.save(spooled)
    spooled.seek(0)
    return spooled


def _xml_safe(value: Any) -> Any:
    # XLSX is XML: control characters a source left inside a cell cannot be written, so drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _sheet_title(title: str) -> str:
    cleaned = "".join(c for c in title if c not in "[]:*?/\\")
    return (cleaned or "data")[:MAX_SHEET_TITLE]
