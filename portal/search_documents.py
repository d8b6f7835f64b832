"""What the search index holds for one dataset, built from its published descriptor.

Columns, best first in ranking: title (with the English title and the id), keywords (with the
full pinyin of the words of the title and keywords: yiyuan finds 医院), summary,
coverage (department, area, and the cities, counties and years its rows cover, so 哈尔滨 医院
finds the province-wide hospital list and 行政处罚 2024 the penalty decisions of 2024), fields
(field titles and names).
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from datapackages.descriptor import PORTAL_KEY
from directory import Directory
from portal.search_text import pinyin

COLUMNS = ("title", "keywords", "summary", "coverage", "fields")
TIME_TYPES = ("date", "datetime", "year")
YEAR = re.compile(r"^(19|20)\d\d")
# A column holds places when its name or Chinese title says so (city / 所属地市 / 所在区县).
PLACE_FIELD = re.compile(r"^(city|county|district)$|地市|城市|区县|县（市、区）")
COVERAGE_ROWS_READ = 20_000
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
    """Distinct places and years in the first rows of each CSV resource."""
    found: dict[str, None] = {}
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        places = [f["name"] for f in fields if _is_place(f)]
        times = [f["name"] for f in fields if f.get("type") in TIME_TYPES]
        path = version_dir / resource["path"]
        if not places + times or resource.get("format", "").lower() != "csv" or not path.is_file():
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle)):
                if number >= COVERAGE_ROWS_READ or len(found) >= COVERAGE_MAX:
                    break
                for column in places:
                    value = (row.get(column) or "").strip()
                    if value and len(value) <= PLACE_LENGTH_MAX:
                        found[value] = None
                for column in times:
                    year = YEAR.match(row.get(column) or "")
                    if year:
                        found[year.group(0)] = None
    return list(found)


def _is_place(field: dict) -> bool:
    return bool(PLACE_FIELD.search(field["name"]) or PLACE_FIELD.search(field.get("title", "")))
