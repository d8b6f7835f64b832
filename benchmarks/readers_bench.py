"""What reading messy files costs: read_table against the bare parser, measured in the same run.

    .venv/bin/python benchmarks/readers_bench.py [ROWS]

CSV: read_table (encoding detection, header search, notes/total/ragged/size checks) against
the stdlib csv reader over the same GBK file. XLSX: read_table (merged-cell scan and fill, the
same checks) against openpyxl's read-only rows. Prints rows per second and the ratio.
"""

import csv
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook as NewWorkbook
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datapackages.readers import read_table  # noqa: E402
from harvesters.table import RawTable  # noqa: E402

HEADER = ["机构名称", "统一社会信用代码", "床位数", "成立日期", "地址"]


def _row(i: int) -> list:
    return [f"哈尔滨市第{i}人民医院", f"12230000{i:010d}", i % 2000, "2024年3月5日", f"南岗区{i}号"]


def _timed(read) -> tuple[int, float]:
    start = time.perf_counter()
    count = read()
    return count, time.perf_counter() - start


def bench_csv(folder: Path, rows: int) -> None:
    path = folder / "bench.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([["2024年全省医疗机构名录"], HEADER])
        writer.writerows(_row(i) for i in range(rows))

    def bare() -> int:
        with path.open(encoding="gb18030", newline="") as handle:
            return sum(1 for _ in csv.reader(handle)) - 2

    def ours() -> int:
        source = read_table("bench", RawTable("bench", path.name, "csv", path), set(HEADER))
        return sum(1 for _ in source.rows)

    _report("CSV (GBK, title row)", _timed(bare), _timed(ours))


def bench_xlsx(folder: Path, rows: int) -> None:
    path = folder / "bench.xlsx"
    book = NewWorkbook(write_only=True)
    sheet = book.create_sheet("数据")
    sheet.append(["2024年全省医疗机构名录"])
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append(_row(i))
    book.save(path)

    def bare() -> int:
        book = load_workbook(path, read_only=True, data_only=True)
        count = sum(1 for _ in book["数据"].iter_rows(values_only=True)) - 2
        book.close()
        return count

    def ours() -> int:
        source = read_table("bench", RawTable("bench", path.name, "xlsx", path), set(HEADER))
        return sum(1 for _ in source.rows)

    _report("XLSX (title row)", _timed(bare), _timed(ours))


def _report(name: str, bare: tuple[int, float], ours: tuple[int, float]) -> None:
    (bare_rows, bare_s), (our_rows, our_s) = bare, ours
    assert bare_rows == our_rows, (bare_rows, our_rows)
    print(
        f"{name}: {our_rows:,} rows; bare parser {bare_rows / bare_s:,.0f} rows/s, "
        f"read_table {our_rows / our_s:,.0f} rows/s, read_table takes {our_s / bare_s:.2f}x"
    )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as scratch:
        bench_csv(Path(scratch), count)
        bench_xlsx(Path(scratch), count // 4)
