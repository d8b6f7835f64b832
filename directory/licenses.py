"""Licenses a dataset may be published under (served by CKAN's license_list)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class License:
    id: str
    title: str
    url: str
    od_conformance: str = "approved"


LICENSES: tuple[License, ...] = (
    License(
        "cc-by-4.0",
        "Creative Commons Attribution 4.0 (署名 4.0)",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    License(
        "cc-by-sa-4.0",
        "Creative Commons Attribution Share-Alike 4.0 (署名-相同方式共享 4.0)",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    License(
        "cc0-1.0",
        "Creative Commons CCZero (公共领域贡献)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    License(
        "odc-by",
        "Open Data Commons Attribution License",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
    License(
        "odc-pddl",
        "Open Data Commons Public Domain Dedication and License",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
    License("gov-open", "政府数据开放许可 (Government open data licence)", "", "not reviewed"),
)

LICENSE_IDS = tuple(lic.id for lic in LICENSES)


def find_license(license_id: str) -> License | None:
    return next((lic for lic in LICENSES if lic.id == license_id), None)
