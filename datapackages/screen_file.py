"""`portal screen FILE`: the confidentiality screen alone, on a file a department wants to try.

Every column of every table is screened, whether or not the directory would publish it: for a
workbook that includes hidden sheets and hidden columns, which people forget are there. The
report names sheet, column, kind and row count, never a value.
"""

from dataclasses import dataclass
from pathlib import Path

from datapackages.batches import exact_batches
from datapackages.normalise import CellProblems, ColumnMap
from datapackages.readers import read_table
from datapackages.screen import Screen
from datapackages.sheets import Workbook, column_letter
from directory import Field
from harvesters.files import file_format
from harvesters.table import RawTable


@dataclass
class ScreenedTable:
    name: str
    hidden: bool
    rows: int
    findings: list[dict]
    hidden_columns: list[str]


def screen_file(
    path: Path, fmt: str | None = None, options: dict | None = None
) -> list[ScreenedTable]:
    """Screen each table of the file (each sheet of a workbook); PackagingError if unreadable."""
    fmt = file_format("screen", path, fmt)
    options = dict(options or {})
    if fmt not in ("xlsx", "xls"):
        return [_screen_table(RawTable(path.name, str(path), fmt, path, options), False, [])]
    return [
        _screen_table(
            RawTable(path.name, f"{path}:{sheet}", fmt, path, {**options, "sheet": sheet}),
            hidden,
            hidden_columns,
        )
        for sheet, hidden, hidden_columns in workbook_sheets(path, fmt)
    ]


def workbook_sheets(path: Path, fmt: str) -> list[tuple[str, bool, list[str]]]:
    """(sheet, is hidden, letters of hidden columns) for every sheet of a workbook."""
    book = Workbook("screen", RawTable(path.name, str(path), fmt, path, {}))
    try:
        return [
            (name, book.is_hidden(name), [column_letter(c) for c in book.hidden_columns(name)])
            for name in book.sheet_names()
        ]
    finally:
        book.close()


def _screen_table(table: RawTable, hidden: bool, hidden_columns: list[str]) -> ScreenedTable:
    source = read_table("screen", table)
    fields = tuple(
        Field(name=f"c{i}", title=header or f"第{i + 1}列", type="string")
        for i, header in enumerate(source.headers)
    )
    # Every column by position: an empty or repeated header still gets screened.
    columns = ColumnMap("screen", table.origin, len(fields), tuple(range(len(fields))), ())
    screen = Screen(fields)
    for batch in exact_batches(source, fields, columns, CellProblems()):
        screen.apply(batch)
    sheet = table.options.get("sheet", table.name)
    findings = screen.blocking_findings()
    return ScreenedTable(sheet, hidden, screen.rows_checked, findings, hidden_columns)
