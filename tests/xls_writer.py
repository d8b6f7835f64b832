"""Write a small legacy Excel 97-2003 (.xls, BIFF8) workbook, so tests make their own XLS files.

No maintained Python library writes .xls (xlwt stopped in 2017), so this writes the few BIFF8
records a departmental export holds: text, numbers, date cells, hidden sheets, hidden columns and
merged cells, in an OLE2 compound file with one `Workbook` stream. Test use only.
"""

import struct
from datetime import date, datetime
from pathlib import Path

SECTOR = 512
MIN_STREAM = 4096  # smaller streams would belong in the OLE2 mini stream; pad instead
END_OF_CHAIN, FAT_SECTOR, FREE = -2, -3, -1
DATE_XF, NUMBER_XF = 2, 1
EXCEL_EPOCH = datetime(1899, 12, 30)


class XlsSheet:
    def __init__(self, name: str, rows: list[list], hidden: bool = False):
        self.name, self.rows, self.hidden = name, rows, hidden
        self.hidden_columns: list[int] = []  # from 0
        self.merged: list[tuple[int, int, int, int]] = []  # first row, last row, first col, last


def write_xls(path: Path, sheets: list[XlsSheet]) -> Path:
    path.write_bytes(_compound_file(_workbook_stream(sheets)))
    return path


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _text(value: str, length_bytes: str) -> bytes:
    encoded = value.encode("utf-16-le")
    return struct.pack(length_bytes, len(value)) + b"\x01" + encoded


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def _workbook_stream(sheets: list[XlsSheet]) -> bytes:
    font = struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _text("Arial", "<B")
    xfs = [
        _record(0x00E0, struct.pack("<HHHBBBBIiH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0)),
        _record(0x00E0, struct.pack("<HHHBBBBIiH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)),
        _record(0x00E0, struct.pack("<HHHBBBBIiH", 0, 14, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)),
    ]
    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200))
    head += _record(0x0022, struct.pack("<H", 0)) + _record(0x0031, font) + b"".join(xfs)
    bodies = [_sheet_stream(sheet) for sheet in sheets]
    bound_sizes = [4 + 6 + len(_text(s.name, "<B")) for s in sheets]
    offset = len(head) + sum(bound_sizes) + 4  # the globals' EOF record
    bounds = b""
    for sheet, body in zip(sheets, bodies, strict=True):
        data = struct.pack("<IBB", offset, 1 if sheet.hidden else 0, 0) + _text(sheet.name, "<B")
        bounds += _record(0x0085, data)
        offset += len(body)
    stream = head + bounds + _record(0x000A, b"") + b"".join(bodies)
    return stream + b"\x00" * max(0, MIN_STREAM - len(stream))


def _sheet_stream(sheet: XlsSheet) -> bytes:
    out = _bof(0x0010)
    for column in sheet.hidden_columns:
        out += _record(0x007D, struct.pack("<HHHHHH", column, column, 0x0924, NUMBER_XF, 1, 0))
    width = max((len(r) for r in sheet.rows), default=0)
    out += _record(0x0200, struct.pack("<IIHHH", 0, len(sheet.rows), 0, width, 0))
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            out += _cell(r, c, value)
    if sheet.merged:
        ranges = b"".join(struct.pack("<HHHH", *m) for m in sheet.merged)
        out += _record(0x00E5, struct.pack("<H", len(sheet.merged)) + ranges)
    return out + _record(0x000A, b"")


def _cell(row: int, column: int, value) -> bytes:
    if value is None:
        return b""
    if isinstance(value, str):
        return _record(0x0204, struct.pack("<HHH", row, column, NUMBER_XF) + _text(value, "<H"))
    if isinstance(value, date):
        moment = value if isinstance(value, datetime) else datetime(*value.timetuple()[:3])
        serial = (moment - EXCEL_EPOCH).total_seconds() / 86400
        return _record(0x0203, struct.pack("<HHHd", row, column, DATE_XF, serial))
    return _record(0x0203, struct.pack("<HHHd", row, column, NUMBER_XF, float(value)))


def _compound_file(stream: bytes) -> bytes:
    stream += b"\x00" * (-len(stream) % SECTOR)
    data_sectors = len(stream) // SECTOR
    fat_sectors = 1
    while data_sectors + 1 + fat_sectors > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    directory_at = data_sectors
    fat = [*range(1, data_sectors), END_OF_CHAIN, END_OF_CHAIN] + [FAT_SECTOR] * fat_sectors
    fat += [FREE] * (fat_sectors * SECTOR // 4 - len(fat))
    difat = [directory_at + 1 + i for i in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIiIiI",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x00" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\x00" * 6,
        0,
        fat_sectors,
        directory_at,
        0,
        MIN_STREAM,
        END_OF_CHAIN,
        0,
        END_OF_CHAIN,
        0,
    ) + struct.pack("<109i", *difat)
    directory = _entry("Root Entry", 5, child=1, start=END_OF_CHAIN, size=0)
    directory += _entry("Workbook", 2, child=-1, start=0, size=len(stream))
    directory += b"\x00" * (SECTOR - len(directory))
    return header + stream + directory + struct.pack(f"<{len(fat)}i", *fat)


def _entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBBiii", len(encoded), kind, 1, -1, -1, child)
        + b"\x00" * 36
        + struct.pack("<iiI", start, size, 0)
    )
