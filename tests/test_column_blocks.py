"""The column engine, block by block, against the exact way: skipped rows anywhere in the file."""

import random

import pytest
from helpers import build_entry as build
from helpers import dataset_entry, write_catalogue, write_csv

from datapackages import PackageStore, build_package
from datapackages import batches as batch_module
from directory import load_directory
from harvesters import harvest

HEADER = ["名称", "数量", "金额", "日期"]
BLOCK_DEFAULT = batch_module.BLOCK_BYTES
FIELDS = [
    {"name": "name", "title": "名称", "type": "string"},
    {"name": "count", "title": "数量", "type": "integer"},
    {"name": "amount", "title": "金额", "type": "number"},
    {"name": "day", "title": "日期", "type": "date"},
]
# Rows the readers skip (blank, notes, totals, a repeated header) and ordinary rows that start
# like them (合作社 starts like 合计, 注册 like 注：), spread over many small blocks.
SKIPPED = [
    ["", "", "", ""],
    [" ", "\u3000", "", " "],
    ["注：本表数据截至年底", "", "", ""],
    ["数据来源：统计局", "", "", ""],
    ["合计", "120", "3,000.00", ""],
    [" 小 计：", "7", "", ""],
    HEADER,
    [" 名称 ", "数量", " 金额", "日期 "],
]
ORDINARY = [
    ["合作社{n}", "{n}", "1,234.50", "2024年3月5日"],
    ["注册中心{n}", "+{n}", "0.50", "2024/3/5"],
    [" 小学{n} ", "{n}", "-0", "2024-03-05"],
    ["", "{n}", "12", "2024.03.05"],
    ["机构{n}", "", "", "2024-02-30"],
]


class Batches:
    def __init__(self):
        self.sizes: list[int] = []
        self.ended = ""

    def begin(self, resource, fields):
        self.sizes = []

    def add(self, resource, batch):
        self.sizes.append(batch.height)

    def end(self, resource):
        self.ended = resource


def test_column_blocks_skip_and_publish_exactly_what_the_exact_way_does(tmp_path, monkeypatch):
    r = random.Random(11)
    rows = []
    for n in range(600):
        shape = r.choice(ORDINARY) if r.random() < 0.8 else r.choice(SKIPPED)
        rows.append([cell.format(n=n) for cell in shape])
    rows += [SKIPPED[4], SKIPPED[2]]  # a total and a note at the end
    write_csv(tmp_path / "s.csv", HEADER, rows)
    entry = dataset_entry("skips", "s.csv", fields=FIELDS, primary_key=[])
    monkeypatch.setattr(batch_module, "BLOCK_BYTES", 1024)
    fast, exact = PackageStore(tmp_path / "fast"), PackageStore(tmp_path / "exact")
    batches = Batches()
    fast_result = _build_with_sink(tmp_path, entry, fast, batches)
    exact_result = build(tmp_path, entry, exact, vectorised=False)
    assert len(batches.sizes) > 10  # read block by block, not handed to the exact way
    assert batches.ended == "skips"  # told when the resource's last batch was given
    data = "data/skips.csv"
    published = (fast.version_dir("skips", "1") / data).read_bytes()
    assert published == (exact.version_dir("skips", "1") / data).read_bytes()
    assert fast_result.rows == exact_result.rows == sum(batches.sizes)
    assert "注：" not in published.decode() and "合计" not in published.decode()
    assert fast_result.quality["reasons"] == exact_result.quality["reasons"]


def _build_with_sink(tmp_path, entry, store, sink):
    directory = load_directory(write_catalogue(tmp_path, [entry]))
    dataset = directory.dataset(entry["id"])
    return build_package(dataset, directory, harvest(dataset), store, row_sink=sink)


def test_line_feeds_inside_cells_and_blank_lines_keep_every_row_number(tmp_path, monkeypatch):
    """A quoted line feed makes a row take two lines; a blank line is one line and one (empty) row.

    A block with more line feeds than rows has its cells searched, finds the line feed and sends
    the file the exact way (which names rows by line); blank lines keep the column way. Row
    numbers in the reports are the same as the exact way's either way.
    """
    rows = [[f"机构{n}", str(n), "1.50", "2024-03-05"] for n in range(400)]
    rows[350][1] = "十二"  # not an integer: reported with its row number
    with_blank_lines = tmp_path / "blank" / "s.csv"
    write_csv(with_blank_lines, HEADER, rows)
    text = with_blank_lines.read_text(encoding="utf-8").splitlines(keepends=True)
    with_blank_lines.write_text("".join(text[:200] + ["\n", "\n"] + text[200:]), encoding="utf-8")
    rows[300][0] = "第一行\n第二行"
    with_line_feed = write_csv(tmp_path / "feed" / "s.csv", HEADER, rows)
    monkeypatch.setattr(batch_module, "BLOCK_BYTES", 2048)
    for path, column_way in ((with_blank_lines, True), (with_line_feed, False)):
        entry = dataset_entry("lines", str(path), fields=FIELDS, primary_key=[])
        fast, exact = PackageStore(path.parent / "fast"), PackageStore(path.parent / "exact")
        batches = Batches()
        fast_result = _build_with_sink(path.parent, entry, fast, batches)
        exact_result = build(path.parent, entry, exact, vectorised=False)
        assert (len(batches.sizes) > 1) is column_way  # the exact way gives one batch
        data = "data/lines.csv"
        published = (fast.version_dir("lines", "1") / data).read_bytes()
        assert published == (exact.version_dir("lines", "1") / data).read_bytes()
        assert fast_result.quality == exact_result.quality
        reports = [
            (store.version_dir("lines", "1") / "reports" / "validation.json").read_text()
            for store in (fast, exact)
        ]
        assert reports[0] == reports[1]
        assert ("第一行\n第二行" in published.decode()) is not column_way


def test_column_blocks_of_many_short_cells_hold_fewer_rows(tmp_path, monkeypatch):
    """Memory follows the count of cells: blocks are sized to about BLOCK_CELLS cells."""
    fields = [{"name": f"n{i}", "title": f"数{i}", "type": "integer"} for i in range(8)]
    narrow = [[str((n * 7 + i) % 10) for i in range(8)] for n in range(3000)]
    wide = [[f"机构{n}" * 10, str(n), "1.50", "2024-03-05"] for n in range(600)]
    monkeypatch.setattr(batch_module, "BLOCK_BYTES", 1 << 20)
    monkeypatch.setattr(batch_module, "FIRST_BLOCK_BYTES", 2048)
    monkeypatch.setattr(batch_module, "MIN_BLOCK_BYTES", 256)
    monkeypatch.setattr(batch_module, "BLOCK_CELLS", 800)
    sizes = {}
    for name, header, rows, declared in (
        ("narrow", [f["title"] for f in fields], narrow, fields),
        ("wide", HEADER, wide, FIELDS),
    ):
        path = write_csv(tmp_path / name / "s.csv", header, rows)
        entry = dataset_entry(name, str(path), fields=declared, primary_key=[])
        batches = Batches()
        result = _build_with_sink(path.parent, entry, PackageStore(path.parent / "p"), batches)
        assert result.rows == len(rows) == sum(batches.sizes)
        sizes[name] = batches.sizes
    # after the first block, about 800 cells a block: 100 rows of 8 columns, 200 rows of 4
    assert len(sizes["narrow"]) >= 25 and len(sizes["wide"]) >= 3
    assert all(80 <= size <= 120 for size in sizes["narrow"][1:-1]), sizes["narrow"]
    assert all(160 <= size <= 240 for size in sizes["wide"][1:-1]), sizes["wide"]


def test_column_blocks_of_long_rows_are_bounded_by_bytes(tmp_path, monkeypatch):
    rows = [[f"机构{n}" + "说明" * 140, str(n), "1.50", "2024-03-05"] for n in range(300)]
    path = write_csv(tmp_path / "s.csv", HEADER, rows)
    row_bytes = len(path.read_bytes()) / 301
    monkeypatch.setattr(batch_module, "BLOCK_BYTES", 8192)
    monkeypatch.setattr(batch_module, "FIRST_BLOCK_BYTES", 2048)
    monkeypatch.setattr(batch_module, "BLOCK_CELLS", 10**6)  # only the bytes bound the blocks
    entry = dataset_entry("long", str(path), fields=FIELDS, primary_key=[])
    batches = Batches()
    result = _build_with_sink(tmp_path, entry, PackageStore(tmp_path / "p"), batches)
    assert result.rows == 300 == sum(batches.sizes)
    most = int(8192 / row_bytes) + 1  # whole lines of at most 8192 bytes, plus a cut one
    assert len(batches.sizes) > 20 and max(batches.sizes) <= most, (most, batches.sizes)


def test_column_blocks_that_begin_with_a_blank_or_short_line_stay_on_the_column_way(
    tmp_path, monkeypatch
):
    lines = [",".join(HEADER)]
    for n in range(400):
        lines.append(f"机构{n},{n},1.50,2024-03-05")
        if n % 3 == 0:
            lines.append("" if n % 2 else "注：本行为说明")
    path = tmp_path / "s.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(batch_module, "BLOCK_BYTES", 512)
    monkeypatch.setattr(batch_module, "FIRST_BLOCK_BYTES", 512)
    entry = dataset_entry("notes", str(path), fields=FIELDS, primary_key=[])
    fast, exact = PackageStore(tmp_path / "fast"), PackageStore(tmp_path / "exact")
    batches = Batches()
    fast_result = _build_with_sink(tmp_path, entry, fast, batches)
    exact_result = build(tmp_path, entry, exact, vectorised=False)
    assert len(batches.sizes) > 20  # not handed to the exact way
    data = "data/notes.csv"
    published = (fast.version_dir("notes", "1") / data).read_bytes()
    assert published == (exact.version_dir("notes", "1") / data).read_bytes()
    assert fast_result.rows == exact_result.rows == 400
    assert fast_result.quality == exact_result.quality


def test_lines_ended_by_a_lone_cr_publish_every_row_as_the_exact_way_does(tmp_path):
    """Old Mac exports end lines in CR alone; a title may too. The column way cuts at LF only."""
    header = ",".join(HEADER)
    cases = {
        "cr": header + "\r甲,1,2,2024-03-05\r乙,2,3,2024-03-06\r",
        "title": "2024年统计表\r" + header + "\n甲,1,2,2024-03-05\n乙,2,3,2024-03-06\n",
        "late": header + "\n甲,1,2,2024-03-05\n乙,2,3,2024-03-06\r丙,3,4,2024-03-07\n",
    }
    for name, text in cases.items():
        source = tmp_path / name / "s.csv"
        source.parent.mkdir()
        source.write_bytes(text.encode("utf-8"))
        entry = dataset_entry(f"cr-{name}", str(source), fields=FIELDS, primary_key=[])
        fast, exact = PackageStore(source.parent / "fast"), PackageStore(source.parent / "exact")
        fast_result = build(source.parent, entry, fast)
        exact_result = build(source.parent, entry, exact, vectorised=False)
        data = f"data/cr-{name}.csv"
        published = (fast.version_dir(f"cr-{name}", "1") / data).read_bytes()
        assert published == (exact.version_dir(f"cr-{name}", "1") / data).read_bytes(), name
        assert fast_result.rows == exact_result.rows == (3 if name == "late" else 2), name


def test_bytes_the_encoding_cannot_read_far_down_are_named_by_row_on_the_column_way(tmp_path):
    from datapackages.errors import DecodeError

    rows = [[f"哈尔滨市第{i:06d}医院", str(i), "1.5", "2024-03-05"] for i in range(70_000)]
    source = write_csv(tmp_path / "s.csv", HEADER, rows, encoding="gb18030")
    source.write_bytes(source.read_bytes() + b"\x81\x20,1,1,2024-03-05\n")
    assert source.stat().st_size > 1 << 20  # beyond what the encoding is detected from
    entry = dataset_entry("late-bytes", str(source), fields=FIELDS, primary_key=[])
    entry["source"]["encoding"] = "gb18030"
    with pytest.raises(DecodeError, match=r"s.csv row 70002, column A: bytes that are not gb18030"):
        build(tmp_path, entry, PackageStore(tmp_path / "store"))


def test_short_rows_are_counted_and_refused_as_the_exact_way_does(tmp_path):
    from datapackages.errors import ReadError

    ragged = [
        [f"机构{n}", str(n)] if n % 3 else [f"机构{n}", str(n), "1.5", "2024-03-05"]
        for n in range(30)
    ]  # 20 of 30 rows lack their last two cells: a broken export
    source = write_csv(tmp_path / "ragged" / "s.csv", HEADER, ragged)
    entry = dataset_entry("ragged", str(source), fields=FIELDS, primary_key=[])
    with pytest.raises(ReadError, match="20 of 30 rows have fewer cells than the header's 4"):
        build(source.parent, entry, PackageStore(source.parent / "store"))
    few = [[f"机构{n}", str(n), "1.5", "2024-03-05"] for n in range(300)]
    few[40] = few[40][:2]
    source = write_csv(tmp_path / "few" / "s.csv", HEADER, few)
    entry = dataset_entry("few", str(source), fields=FIELDS, primary_key=[])
    fast = build(source.parent, entry, PackageStore(source.parent / "fast"))
    exact = build(source.parent, entry, PackageStore(source.parent / "exact"), vectorised=False)
    assert fast.quality["reasons"] == exact.quality["reasons"]
    assert "第 42 行" in fast.quality["reasons"][0]["message"]  # the short row, named


def test_repeated_headers_spelled_with_inner_spaces_or_a_second_bom_are_skipped_both_ways(
    tmp_path, monkeypatch
):
    """A repeated header with 备  注 (two spaces) reads as the header once cleaned; two exports
    joined by `cat` repeat the header behind a byte order mark. Blocks of 40 bytes start anywhere,
    also at a U+FEFF."""
    header = [*HEADER, "备  注"]
    fields = [*FIELDS, {"name": "note", "title": "备 注", "type": "string"}]
    first, second = "甲,1,2,2024-03-05,x\n", "乙,2,3,2024-03-06,y\n"
    texts = {
        "spaces": ",".join(header) + "\n" + first + ",".join(header) + "\n" + second,
        "joined": "\ufeff"
        + ",".join(header)
        + "\n"
        + first
        + "\ufeff"
        + ",".join(header)
        + "\n"
        + second,
    }
    for block_bytes in (BLOCK_DEFAULT, 40):
        monkeypatch.setattr(batch_module, "BLOCK_BYTES", block_bytes)
        for name, text in texts.items():
            folder = tmp_path / f"{name}{block_bytes}"
            source = folder / "s.csv"
            folder.mkdir()
            source.write_bytes(text.encode("utf-8"))
            entry = dataset_entry(f"rep-{name}", str(source), fields=fields, primary_key=[])
            for vectorised in (True, False):
                store = PackageStore(folder / str(vectorised))
                assert build(folder, entry, store, vectorised=vectorised).rows == 2, (
                    name,
                    vectorised,
                )
                data = (store.version_dir(f"rep-{name}", "1") / f"data/rep-{name}.csv").read_text()
                assert "名称" not in data and "\ufeff" not in data


def test_a_two_row_header_repeated_on_each_page_is_skipped_both_ways(tmp_path, monkeypatch):
    fields = [
        {"name": "name", "title": "名称", "type": "string"},
        {"name": "c23", "title": "2023年/数量", "type": "integer"},
        {"name": "c24", "title": "2024年/数量", "type": "integer"},
    ]
    page_header = "基本信息,2023年,2024年\n名称,数量,数量\n"
    pages = [f"机构{n},{n},{n + 1}\n" for n in range(30)]
    text = '"2024年统计表, 单位：个",,\n' + "".join(
        (page_header if n % 10 == 0 else "") + row for n, row in enumerate(pages)
    )
    source = tmp_path / "s.csv"
    source.write_bytes(text.encode("utf-8"))
    entry = dataset_entry("pages", str(source), fields=fields, primary_key=[])
    monkeypatch.setattr(batch_module, "BLOCK_BYTES", 64)
    for vectorised in (True, False):
        store = PackageStore(tmp_path / str(vectorised))
        assert build(tmp_path, entry, store, vectorised=vectorised).rows == 30
        data = (store.version_dir("pages", "1") / "data/pages.csv").read_text(encoding="utf-8")
        assert "基本信息" not in data and "数量" not in data


def test_a_repeated_header_spaced_inside_its_first_cell_is_skipped_both_ways(tmp_path):
    fields = [
        {"name": "seq", "title": "序 号", "type": "integer"},
        {"name": "name", "title": "机构 名称", "type": "string"},
    ]
    for name, header in (
        ("ideographic", "序\u3000\u3000号,机构 名称"),
        ("spaces", "序  号,机构  名称"),
    ):
        text = f"{header}\n1,甲\n{header}\n2,乙\n"
        source = tmp_path / name / "s.csv"
        source.parent.mkdir()
        source.write_bytes(text.encode("utf-8"))
        entry = dataset_entry(f"rep-{name}", str(source), fields=fields, primary_key=[])
        for vectorised in (True, False):
            store = PackageStore(source.parent / str(vectorised))
            assert build(source.parent, entry, store, vectorised=vectorised).rows == 2, name
            data = (store.version_dir(f"rep-{name}", "1") / f"data/rep-{name}.csv").read_text()
            assert data.splitlines()[1:] == ["1,甲", "2,乙"], (name, vectorised)


def test_database_stamps_read_alike_both_ways_in_date_and_datetime_columns(tmp_path, monkeypatch):
    fields = [
        {"name": "name", "title": "名称", "type": "string"},
        {"name": "day", "title": "日期", "type": "date"},
        {"name": "at", "title": "时间", "type": "datetime"},
    ]
    stamps = [
        "2024-03-05 00:00:00.000",
        "2024-03-05T08:30:00.123456",
        "2024-03-05 08:30",
        "2024-02-30 08:30:00",
        "2024-03-05 08:30:60.5",
        "2024-03-05 08:30.000",
        "2024/3/5 8:30:00",
    ]
    rows = [[f"机构{n}", stamps[n % len(stamps)], stamps[(n + 3) % len(stamps)]] for n in range(70)]
    source = write_csv(tmp_path / "s.csv", ["名称", "日期", "时间"], rows)
    entry = dataset_entry("stamps", str(source), fields=fields, primary_key=[])
    monkeypatch.setattr(batch_module, "BLOCK_BYTES", 512)
    fast, exact = PackageStore(tmp_path / "fast"), PackageStore(tmp_path / "exact")
    fast_result = build(tmp_path, entry, fast)
    exact_result = build(tmp_path, entry, exact, vectorised=False)
    data = "data/stamps.csv"
    published = (fast.version_dir("stamps", "1") / data).read_text(encoding="utf-8")
    assert published == (exact.version_dir("stamps", "1") / data).read_text(encoding="utf-8")
    assert "机构4,2024-03-05,2024-03-05T00:00:00\n" in published  # day of a stamp, whole seconds
    assert fast_result.quality["reasons"] == exact_result.quality["reasons"]
