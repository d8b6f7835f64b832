"""What the search index holds for one dataset, built from its published descriptor.

Columns, best first in ranking: title (with the English title and the id), keywords (with the
full pinyin of the words of the title and keywords: yiyuan finds 医院), summary,
coverage (department, area, and the cities, counties and years its rows cover, so 哈尔滨 医院
finds the province-wide hospital list and 行政处罚 2024 the penalty decisions of 2024), fields
(field titles and names).
"""

import contextlib
import csv
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from datapackages.descriptor import PORTAL_KEY
from directory import Directory
from portal.search_text import pinyin

COLUMNS = ("title", "keywords", "summary", "coverage", "fields")
TIME_TYPES = ("date", "datetime", "year")
YEAR_PREFIX = r"^((?:19|20)[0-9]{2})"
# A column holds places when its name or Chinese title says so (city / 所属地市 / 所在区县).
PLACE_FIELD = re.compile(r"^(city|county|district)$|地市|城市|区县|县（市、区）")
COVERAGE_ROWS_READ = 20_000
COVERAGE_BYTES_READ = 32 << 20
COVERAGE_MAX = 300
PLACE_LENGTH_MAX = 30


@dataclass
class SearchDocument:
    name: str
    title: str
    keywords: str
    summary: str
    coverage: str
    fields: str

    def columns(self) -> dict[str, str]:
        return {c: getattr(self, c) for c in COLUMNS}


def build_document(
    descriptor: dict, directory: Directory, version_dir: Path | None
) -> SearchDocument:
    portal = descriptor[PORTAL_KEY]
    department = directory.department(portal["department"]["id"])
    area = directory.area(portal["area"]["id"])
    fields = [f for r in descriptor["resources"] for f in r["schema"]["fields"]]
    owners = [
        *((department.name, department.name_en) if department else ()),
        *((area.name, area.name_en) if area else ()),
    ]
    keywords = " ".join(str(k) for k in descriptor.get("keywords", []))
    covered = coverage_values(descriptor, version_dir) if version_dir else []
    return SearchDocument(
        name=descriptor["name"],
        title=" ".join([descriptor["title"], portal.get("title_en", ""), descriptor["name"]]),
        keywords=f"{keywords} {pinyin(descriptor['title'] + ' ' + keywords)}",
        summary=descriptor.get("description", ""),
        coverage=" ".join([*owners, *covered]),
        fields=" ".join(f"{f.get('title', '')} {f['name']}" for f in fields),
    )


def coverage_values(descriptor: dict, version_dir: Path) -> list[str]:
    """Distinct places and years in the first rows of each CSV resource, in order of appearance.

    Reading stops at the first row that begins with COVERAGE_MAX values found.
    """
    found: dict[str, None] = {}
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        places = [f["name"] for f in fields if _is_place(f)]
        times = [f["name"] for f in fields if f.get("type") in TIME_TYPES]
        path = version_dir / resource["path"]
        if not places + times or resource.get("format", "").lower() != "csv" or not path.is_file():
            continue
        row_begun = None
        for row, value in _first_appearances(path, places, times):
            if row != row_begun:
                if len(found) >= COVERAGE_MAX:
                    break
                row_begun = row
            found[value] = None
    return list(found)


def _first_appearances(path: Path, places: list[str], times: list[str]) -> list[tuple[int, str]]:
    """(row, value) where each place or year first appears in the first rows, in file order."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    # A column may be both (a year of founding titled 区县设立年份): both rules apply to it.
    rules = [(name, "place") for name in places] + [(name, "time") for name in times]
    rules = [(name, kind) for name, kind in rules if name in header]
    if not rules:
        return []
    columns = list(dict.fromkeys(name for name, _ in rules))
    # Field names begin with a letter (directory/load.py): these names cannot be a field's.
    frame = _first_rows(path, columns).with_row_index("_row")
    candidates = []
    for position, (name, kind) in enumerate(rules):
        text = pl.col(name)
        if kind == "place":
            text = text.str.strip_chars()
            value = pl.when(text.str.len_chars().is_between(1, PLACE_LENGTH_MAX)).then(text)
        else:
            value = text.str.extract(YEAR_PREFIX)
        candidates.append(
            frame.select("_row", pl.lit(position).alias("_position"), value.alias("_value"))
        )
    found = (
        pl.concat(candidates)
        .drop_nulls("_value")
        .sort("_row", "_position")
        .unique(subset="_value", keep="first", maintain_order=True)
    )
    return list(zip(found["_row"].to_list(), found["_value"].to_list(), strict=True))


def _first_rows(path: Path, columns: list[str]) -> pl.DataFrame:
    """These columns of the first COVERAGE_ROWS_READ rows, as text.

    The first lines, up to COVERAGE_BYTES_READ, are parsed by polars when each is one row (a
    twentieth of csv.DictReader's time on a wide table, at the end of every large harvest);
    otherwise (a quoted line break, longer rows, or a blank line, which polars reads as a row
    and the csv module skips) the csv module reads the rows one by one.
    """
    lines: list[bytes] = []
    with path.open("rb") as handle:
        size = 0
        for line in itertools.islice(handle, COVERAGE_ROWS_READ + 1):
            size += len(line)
            if size > COVERAGE_BYTES_READ or line in (b"\n", b"\r\n"):
                lines = []
                break
            lines.append(line)
    count, first = len(lines), b"".join(lines)
    del lines
    if first:
        with contextlib.suppress(pl.exceptions.PolarsError):
            frame = pl.read_csv(first, infer_schema=False, columns=columns)
            if frame.height == count - 1:
                return frame
    del first
    values: dict[str, list] = {name: [] for name in columns}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in itertools.islice(csv.DictReader(handle), COVERAGE_ROWS_READ):
            for name in columns:
                values[name].append(row.get(name))
    return pl.DataFrame(values, schema=dict.fromkeys(columns, pl.String))


def _is_place(field: dict) -> bool:
    return bool(PLACE_FIELD.search(field["name"]) or PLACE_FIELD.search(field.get("title", "")))
