"""The column engine, block by block, against the exact way: skipped rows anywhere in the file."""

import random

from helpers import build_entry as build
from helpers import dataset_entry, write_catalogue, write_csv

from datapackages import PackageStore, build_package
from datapackages import batches as batch_module
from directory import load_directory
from harvesters import harvest

HEADER = ["名称", "数量", "金额", "日期"]
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
