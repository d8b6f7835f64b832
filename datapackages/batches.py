"""A raw table as batches of canonical text: one column per published field, plus `_row`.

Two ways to the same result. The exact way reads rows with readers.py and parses each cell
with values.py; it reads every format and names the row of any problem. The column way, for a
CSV, lets the column engine split and parse the file in large batches and calls values.py only
for the cells it cannot read itself; it gives up (FastPathUnavailable) on anything unusual, a
stray quote, a row longer than the header, a line break or NUL inside a cell, an over-long
cell, and the caller then takes the exact way. A row shorter than the header reads as empty
trailing cells on the column way (it cannot tell the two apart), so a file with one among its
first SHORT_ROW_SAMPLE rows goes the exact way, which counts them and refuses too many.
"""

import codecs
import io
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import polars as pl

from datapackages.header import SKIP_FIRST, keyed, skip_expression
from datapackages.normalise import CellProblems, ColumnMap, normalise_rows
from datapackages.readers import MAX_CELL_CHARS, SourceRows
from datapackages.values import parser_for
from datapackages.vector_values import canonical_frame
from directory import Field
from harvesters.table import RawTable

BATCH_ROWS = 100_000
# In a cell, these send a CSV the exact way: line breaks (the engine would not name the row),
# NUL (refused there) and the separators U+001C-U+001F (trimmed by Python only).
UNUSUAL = r"[\r\n\x00\x1c-\x1f]"
RARE_BYTES = (b"\x00", b"\x1c", b"\x1d", b"\x1e", b"\x1f")  # UNUSUAL but for the line breaks
# U+FEFF in UTF-8: the engine drops it at the start of a block (as a file's byte order mark),
# wherever the block starts; the exact way keeps it in the cell (two exports joined by `cat`).
BYTE_ORDER_MARK = b"\xef\xbb\xbf"
# A block holds at most BLOCK_BYTES of the file and BLOCK_CELLS cells, whichever comes first:
# memory follows the number of cells as much as their bytes (each cell has its own entry in
# every column the batch passes through), so a table of many short cells reads in smaller
# blocks: about 13,000 rows of the benchmark's 17 columns of long text (the byte bound), 5,000
# rows of a table of 100 one-digit columns (the cell bound). With the next block read ahead
# (prefetch.py) the packaging step with its row file peaks near 400 MB on both, whatever the
# number of rows; with 4 MB blocks and no cell bound, the second took 550 MB (docs/benchmarks.md).
BLOCK_BYTES = 8 << 20
BLOCK_CELLS = 500_000
FIRST_BLOCK_BYTES = 256 << 10  # until a block shows how long the rows are
MIN_BLOCK_BYTES = 64 << 10  # a table of thousands of columns still reads in blocks this large
ROW_COLUMN = "_row"
TRANSCODE_CHUNK = 4 << 20
SHORT_ROW_SAMPLE = 2000  # rows read the exact way first, about 30 ms


class FastPathUnavailable(Exception):
    """The column way cannot read this file faithfully; read it the exact way."""


def exact_batches(
    source: SourceRows, fields: tuple[Field, ...], column_map: ColumnMap, problems: CellProblems
) -> Iterator[pl.DataFrame]:
    names = [f.name for f in fields]
    rows: list[int] = []
    columns: list[list] = [[] for _ in fields]
    for row_number, values in normalise_rows(source.rows, fields, column_map, problems):
        rows.append(row_number)
        for column, value in zip(columns, values, strict=True):
            column.append(value or None)
        if len(rows) >= BATCH_ROWS:
            yield _frame(names, rows, columns)
            rows, columns = [], [[] for _ in fields]
    if rows:
        yield _frame(names, rows, columns)


def _frame(names: list[str], rows: list[int], columns: list[list]) -> pl.DataFrame:
    data = {ROW_COLUMN: pl.Series(ROW_COLUMN, rows, dtype=pl.Int64)}
    for name, values in zip(names, columns, strict=True):
        data[name] = pl.Series(name, values, dtype=pl.String)
    return pl.DataFrame(data)


def column_batches(
    table: RawTable,
    source: SourceRows,
    fields: tuple[Field, ...],
    column_map: ColumnMap,
    problems: CellProblems,
    scratch: Path,
) -> Iterator[pl.DataFrame]:
    """Batches read by the column engine; FastPathUnavailable hands over to the exact way."""
    _refuse_short_rows(source)
    if table.format != "csv" or not source.encoding:
        raise FastPathUnavailable("not a CSV")
    path = _utf8_copy(table.path, source.encoding, scratch)
    header_row = source.header_end  # title rows above the header are skipped too
    schema = {f"c{i}": pl.String for i in range(column_map.width)}
    next_row = header_row + 1
    for block, lines in _blocks(path, header_row, len(schema)):
        if block.startswith(BYTE_ORDER_MARK):
            raise FastPathUnavailable("a cell begins with U+FEFF at the start of a block")
        try:
            raw = pl.read_csv(
                io.BytesIO(block),
                has_header=False,
                separator=source.delimiter or ",",
                schema=schema,
                quote_char='"',
                # A block may begin with a blank line or a note of one cell: its missing cells
                # are empty, as they are in any shorter row after the first.
                missing_columns="insert",
            )
        except pl.exceptions.PolarsError as exc:
            raise FastPathUnavailable(str(exc)) from None
        raw = raw.with_row_index(ROW_COLUMN, offset=next_row)
        next_row += raw.height
        yield _canonical(raw, block, lines, fields, column_map, problems, source.header_lines)


def _refuse_short_rows(source: SourceRows) -> None:
    """Read the first rows the exact way: a row shorter than the header sends the file there.

    The column engine fills a short row's missing cells with empty ones, so it can neither
    count short rows for the quality report nor refuse a file of them (a broken line, a wrong
    delimiter), as the exact way does. A file whose short rows all come after the sample still
    reads the column way, counted as full rows (docs/packages.md, Normalise).
    """
    width = len(source.headers)
    try:
        for _, cells in islice(source.rows, SHORT_ROW_SAMPLE):
            if len(cells) < width:
                raise FastPathUnavailable("a row shorter than the header")
    finally:
        source.rows.close()


def _blocks(path: Path, header_row: int, width: int) -> Iterator[tuple[bytes, int]]:
    """The file after its header in blocks of whole lines, each with its count of line feeds.

    Memory holds one block at a time. Each read is sized from the rows seen so far, to about
    BLOCK_CELLS cells of `width` columns and at most BLOCK_BYTES. A block may end inside a
    quoted cell that holds a line break: the engine then fails on it and the exact way takes
    over, as it would for any line break inside a cell.
    """
    with path.open("rb") as handle:
        for _ in range(header_row):
            _refuse_lone_cr(handle.readline())
        size = min(FIRST_BLOCK_BYTES, BLOCK_BYTES)
        rest = b""  # the start of a line cut by the previous read: it holds no line break
        while chunk := handle.read(size):
            cut = chunk.rfind(b"\n") + 1
            if cut == 0:
                rest += chunk
                continue
            if cut == len(chunk) and not rest:
                block = chunk  # no copy
            else:
                block = b"".join((rest, memoryview(chunk)[:cut]))
            rest = chunk[cut:]
            lines = block.count(b"\n")
            yield block, lines
            row_bytes = len(block) / lines
            size = min(BLOCK_BYTES, max(MIN_BLOCK_BYTES, int(BLOCK_CELLS / width * row_bytes)))
        if rest.strip():
            yield rest, 0


def _refuse_lone_cr(data: bytes) -> None:
    """A CR not followed by LF ends a line for the exact way (as for Excel and the csv module),
    not for these blocks, which are cut at LF: the two would disagree on rows."""
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        raise FastPathUnavailable("a line ends in a lone CR")


def _canonical(
    raw: pl.DataFrame,
    block: bytes,
    lines: int,
    fields: tuple[Field, ...],
    column_map: ColumnMap,
    problems: CellProblems,
    header_lines: list[list[str]],
) -> pl.DataFrame:
    sources = [c for c in raw.columns if c != ROW_COLUMN]
    suspect = _refuse_unusual(raw, block, lines, sources, header_lines)
    if suspect:
        raw = _drop_skipped(raw, sources, header_lines)
    columns = [
        (f.name, f"c{position}", f.type)
        for f, position in zip(fields, column_map.positions, strict=True)
    ]
    parsers = {f.name: parser_for(f) for f in fields}
    frame, failed = canonical_frame(raw, columns, [ROW_COLUMN], parsers)
    for name, positions in failed.items():
        rows = frame[ROW_COLUMN]
        for position in positions:
            problems.add(name, rows[position])
    return frame.with_columns(pl.col(ROW_COLUMN).cast(pl.Int64))


def _refuse_unusual(
    raw: pl.DataFrame, block: bytes, lines: int, sources: list[str], header_lines: list[list[str]]
) -> bool:
    """Raise FastPathUnavailable on a line break, NUL, separator or over-long cell.

    Returns whether any row may be blank, a note, a total or a repeated header. A byte the
    block lacks is in none of its cells, so most blocks only look for the line feed, and need
    not look in the cells when each row took one line: a line feed inside a cell would make
    its row take two, so the block would hold more line feeds than rows.
    """
    carriage_return = b"\r" in block
    if carriage_return:
        _refuse_lone_cr(block)
    if any(byte in block for byte in RARE_BYTES):
        pattern = UNUSUAL
    elif carriage_return:
        pattern = r"[\r\n]"
    elif lines == raw.height - (not block.endswith(b"\n")):
        pattern = None
    else:
        pattern = "\n"
    unusual, longest, suspect = raw.select(
        pl.any_horizontal(
            [pl.col(c).str.contains(pattern, literal=pattern == "\n").any() for c in sources]
            if pattern
            else pl.lit(False)
        ).alias("unusual"),
        pl.max_horizontal([pl.col(c).str.len_bytes().max() for c in sources]).alias("longest"),
        _maybe_skipped(sources[0], header_lines).any().alias("suspect"),
    ).row(0)
    if not unusual and (longest or 0) > MAX_CELL_CHARS:  # characters never outnumber bytes
        unusual = raw.select(
            pl.any_horizontal([pl.col(c).str.len_chars().max() > MAX_CELL_CHARS for c in sources])
        ).item()
    if unusual:
        raise FastPathUnavailable("a line break, NUL or over-long cell")
    return bool(suspect)


def _maybe_skipped(first_column: str, header_lines: list[list[str]]) -> pl.Expr:
    """True for the rows that could be blank or skipped: the others start with ordinary text.

    A blank row has an empty first cell; a note or total starts with a SKIP_FIRST character;
    a repeated header row starts with the first character of its first cell (or a U+FEFF the
    readers drop).
    """
    first = pl.col(first_column).str.strip_chars()
    maybe = first.str.contains(f"^(?:$|[{''.join(sorted(SKIP_FIRST))}])")
    for start in {line[0][0] for line in header_lines if line[0]}:
        maybe = maybe | first.str.starts_with(start)
    if header_lines:
        maybe = maybe | first.str.starts_with("\ufeff")
    return maybe.fill_null(True)


def _drop_skipped(
    raw: pl.DataFrame, sources: list[str], header_lines: list[list[str]]
) -> pl.DataFrame:
    """Without blank rows, notes, totals and a repeated header, judged as the readers judge them."""
    blank = pl.all_horizontal([pl.col(c).str.strip_chars().fill_null("") == "" for c in sources])
    candidates = raw.filter(_maybe_skipped(sources[0], header_lines))
    # Only a row whose first cell matches a header row's is compared cell by cell.
    first_cells = [line[0] for line in header_lines]
    headed = keyed(pl.col(sources[0])).fill_null("").is_in(first_cells)
    candidates = candidates.filter(blank | headed | skip_expression(sources))
    dropped = candidates.filter(blank | skip_expression(sources, header_lines))[ROW_COLUMN]
    if dropped.len() == 0:
        return raw
    return raw.filter(~pl.col(ROW_COLUMN).is_in(dropped.implode()))


def _utf8_copy(path: Path, encoding: str, scratch: Path) -> Path:
    """The file itself when it is UTF-8 (a BOM is skipped with the header), else a UTF-8 copy."""
    if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"):
        return path
    target = scratch / f"{path.stem}.utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
            first = True
            for chunk in iter(lambda: source.read(TRANSCODE_CHUNK), b""):
                text = decoder.decode(chunk)
                out.write(text.lstrip("\ufeff") if first else text)
                first = False
            out.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError:  # the exact way names the row and column
        raise FastPathUnavailable("bytes the encoding cannot read") from None
    return target
