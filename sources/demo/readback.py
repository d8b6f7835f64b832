"""Reading the written files back, and the value tests the self-check applies to them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from .common import id_check_char

MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_ANY_RE = re.compile(r"\d{17}[\dXx]")
LONG_DIGITS_RE = re.compile(r"\d{11,}")
ASCII_DIGITS = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
DATE_RES = [
    re.compile(p)
    for p in (
        r"(\d{4})-(\d{1,2})-(\d{1,2})",
        r"(\d{4})/(\d{1,2})/(\d{1,2})",
        r"(\d{4})\.(\d{1,2})\.(\d{1,2})",
        r"(\d{4})年(\d{1,2})月(\d{1,2})日",
    )
]
BOOLEANS = {"是", "否", "true", "false", "True", "False", "1", "0", "Y", "N", "有", "无"}

Table = tuple[list[str], list[list[Any]], str]  # header, rows of raw values, detected encoding


# --------------------------------------------------------------------------------------------
# Personal data
# --------------------------------------------------------------------------------------------
def id_valid(s: str) -> bool:
    """Is ``s`` a resident ID number with a real birth date and the right check digit?"""
    s = s.upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return id_check_char(s[:17]) == s[17]


def looks_personal(text: str) -> list[str]:
    """What a screen could find in a value: mobile numbers, valid ID numbers, long digit runs."""
    t = text.translate(ASCII_DIGITS)
    found = []
    if MOBILE_RE.search(t):
        found.append("mobile")
    # any 18-character window, adjacent digits or not, that is a checksum-valid ID number
    for i in range(len(t) - 17):
        if ID_ANY_RE.fullmatch(t[i : i + 18]) and id_valid(t[i : i + 18]):
            found.append("id")
            break
    if LONG_DIGITS_RE.search(t):
        found.append("long-digits")
    return found


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------
def cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    return str(v)


def decode_auto(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, else GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("gb18030"), "gb18030"


def _read_csv(path: Path, delimiter: str | None, header_row: int) -> Table:
    text, enc = decode_auto(path.read_bytes())
    lines = text.splitlines()
    sample = "\n".join(lines[header_row - 1 : header_row + 20])
    delim = delimiter or csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
    data = list(csv.reader(io.StringIO(text), delimiter=delim))[header_row - 1 :]
    return data[0], [row for row in data[1:] if any(c.strip() for c in row)], enc


def _read_xlsx(path: Path, sheet: str | None, header_row: int) -> Table:
    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb[sheet] if sheet else next(s for s in wb.worksheets if s.sheet_state == "visible")
    data = [list(row) for row in ws.iter_rows(min_row=header_row, values_only=True)]
    wb.close()
    header = [cell_text(h) for h in data[0]]
    return header, [row for row in data[1:] if any(c not in (None, "") for c in row)], "xlsx"


def _read_json(path: Path, records: str | None) -> Table:
    obj = json.loads(path.read_text(encoding="utf-8"))
    for part in records.split(".") if records else []:
        obj = obj[part]
    header = []
    for rec in obj:
        for k in rec:
            if k not in header:
                header.append(k)
    return header, [[rec.get(k) for k in header] for rec in obj], "utf-8"


def read_table(
    path: Path | str,
    fmt: str,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int = 1,
    records: str | None = None,
) -> Table:
    """Return (header, rows as lists of raw values, detected encoding)."""
    path = Path(path)
    if fmt == "csv":
        return _read_csv(path, delimiter, header_row)
    if fmt == "xlsx":
        return _read_xlsx(path, sheet, header_row)
    if fmt == "json":
        return _read_json(path, records)
    raise ValueError(fmt)


# --------------------------------------------------------------------------------------------
# Value types of the directory
# --------------------------------------------------------------------------------------------
def _number_ok(v: Any, typ: str) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return typ != "integer" or float(v).is_integer()
    s = str(v).strip().translate(ASCII_DIGITS).replace(",", "")
    if typ == "year":
        return bool(re.fullmatch(r"\d{4}", s))
    return bool(re.fullmatch(r"[+-]?\d+" if typ == "integer" else r"[+-]?(\d+(\.\d*)?|\.\d+)", s))


def _date_ok(v: Any) -> bool:
    if isinstance(v, (dt.date, dt.datetime)):
        return True
    s = str(v).strip()
    for rx in DATE_RES:
        m = rx.fullmatch(s)
        if m:
            try:
                dt.date(*map(int, m.groups()))
                return True
            except ValueError:
                return False
    return False


def value_ok(v: Any, typ: str) -> bool:
    """Can the directory read ``v`` as a value of type ``typ``? (Empty values always can.)"""
    if v is None or (isinstance(v, str) and not v.strip()):
        return True
    if typ == "string":
        return True
    if typ == "boolean":
        return isinstance(v, bool) or str(v).strip() in BOOLEANS
    if typ in ("integer", "number", "year"):
        return _number_ok(v, typ)
    if typ == "date":
        return _date_ok(v)
    if typ == "datetime":
        if isinstance(v, dt.datetime):
            return True
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", str(v).strip()))
    return False
