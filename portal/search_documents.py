"""What the search index holds for one dataset, built from its published descriptor.

Columns, best first in ranking: title (with the English title and the id), keywords, summary,
places (department, area and the cities and counties its rows cover, so 哈尔滨 医院 finds the
province-wide hospital list), fields (field titles and names).
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from datapackages.descriptor import PORTAL_KEY
from directory import Directory

COLUMNS = ("title", "keywords", "summary", "places", "fields")
# A column holds places when its name or Chinese title says so (city / 所属地市 / 所在区县).
PLACE_FIELD = re.compile(r"^(city|county|district)$|地市|城市|区县|县（市、区）")
PLACE_ROWS_READ = 20_000
PLACES_MAX = 300
PLACE_LENGTH_MAX = 30


@dataclass
class SearchDocument:
    name: str
    title: str
    keywords: str
    summary: str
    places: str
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
    places = covered_places(descriptor, version_dir) if version_dir else []
    return SearchDocument(
        name=descriptor["name"],
        title=" ".join([descriptor["title"], portal.get("title_en", ""), descriptor["name"]]),
        keywords=" ".join(str(k) for k in descriptor.get("keywords", [])),
        summary=descriptor.get("description", ""),
        places=" ".join([*owners, *places]),
        fields=" ".join(f"{f.get('title', '')} {f['name']}" for f in fields),
    )


def covered_places(descriptor: dict, version_dir: Path) -> list[str]:
    """Distinct values of the place columns of the first rows of each CSV resource."""
    found: dict[str, None] = {}
    for resource in descriptor["resources"]:
        columns = [
            f["name"]
            for f in resource["schema"]["fields"]
            if PLACE_FIELD.search(f["name"]) or PLACE_FIELD.search(f.get("title", ""))
        ]
        path = version_dir / resource["path"]
        if not columns or resource.get("format", "").lower() != "csv" or not path.is_file():
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle)):
                if number >= PLACE_ROWS_READ or len(found) >= PLACES_MAX:
                    break
                for column in columns:
                    value = (row.get(column) or "").strip()
                    if value and len(value) <= PLACE_LENGTH_MAX:
                        found[value] = None
    return list(found)
