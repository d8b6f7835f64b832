"""Deterministic file writers and the registry of file specs the self-check reads back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .common import FIXED_TS

# --------------------------------------------------------------------------------------------
# File specs: how each file is laid out and which columns hold personal data.
# personal: column header -> "id" | "mobile" | "name"
# --------------------------------------------------------------------------------------------
SPECS: dict[str, dict[str, Any]] = {}


def spec(
    path: str,
    fmt: str,
    encoding: str = "utf-8",
    delimiter: str = ",",
    sheet: str | None = None,
    header_row: int = 1,
    records: str | None = None,
    personal: dict[str, str] | None = None,
) -> None:
    """Register how the file at ``path`` (relative to sources/) is laid out."""
    SPECS[path] = dict(
        path=path,
        format=fmt,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        header_row=header_row,
        records=records,
        personal=personal or {},
    )


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    encoding: str = "utf-8",
    delimiter: str = ",",
    newline: str = "\n",
) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerow(header)
    for row in rows:
        assert len(row) == len(header), (path, row)
        w.writerow(["" if v is None else v for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))  # strict: a non-GBK character fails here


def write_json(path: Path, obj: Any, records: str | None = None) -> None:
    """Write JSON with one record per line (compact like an API export, but diff-friendly).

    ``records`` is the dotted path of the record list inside ``obj``; without it ``obj`` is the
    list itself.
    """
    marker = "\u0000RECORDS\u0000"
    if records is None:
        recs, outer = obj, marker
    else:
        outer = json.loads(json.dumps(obj))
        parent = outer
        *parents, last = records.split(".")
        for part in parents:
            parent = parent[part]
        recs, parent[last] = parent[last], marker
        outer = json.dumps(outer, ensure_ascii=False, separators=(",", ":"))
    body = (
        "[\n"
        + ",\n".join(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) for rec in recs)
        + "\n]"
    )
    text = body if records is None else outer.replace(json.dumps(marker), body)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def save_xlsx(wb: Workbook, path: Path) -> None:
    """Save a workbook with fixed document properties and fixed zip entry timestamps."""
    wb.properties.creator = "黑龙江省政务数据共享交换平台"
    wb.properties.lastModifiedBy = "黑龙江省政务数据共享交换平台"
    wb.properties.created = FIXED_TS
    wb.properties.modified = FIXED_TS
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TS.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 3
            z.writestr(zi, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def add_sheet(
    wb: Workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title_row: str | None = None,
    date_cols: Sequence[int] = (),
    widths: dict[str, float] | None = None,
) -> Worksheet:
    """Add a sheet with an optional merged title row, a bold header and frozen panes."""
    ws = wb.create_sheet(title)
    if title_row:
        ws.append([title_row])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(header)
    hdr_row = 2 if title_row else 1
    for c in range(1, len(header) + 1):
        ws.cell(hdr_row, c).font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    for col_idx in date_cols:
        for (cell,) in ws.iter_rows(min_row=hdr_row + 1, min_col=col_idx, max_col=col_idx):
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for i, h in enumerate(header):
        letter = ws.cell(hdr_row, i + 1).column_letter
        ws.column_dimensions[letter].width = (widths or {}).get(h, max(10, min(40, len(h) * 2 + 4)))
    ws.freeze_panes = ws.cell(hdr_row + 1, 1)
    return ws
