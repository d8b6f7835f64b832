"""A small portal for the citizen-page tests: one hospital dataset in two versions, with cells a
spreadsheet would run as formulas, served on a free port over SQLite or PostgreSQL."""

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from helpers import (
    HOSPITAL_HEADER,
    dataset_entry,
    hospital_rows,
    portal_env,
    run_portal,
    serve,
    write_catalogue,
)
from helpers import write_csv as write_source

from portal import create_app

HEADER = HOSPITAL_HEADER
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(1,2)"]


@dataclass
class CitizenSite:
    url: str
    app: object
    env: dict
    rows: list[list[str]]  # the current (second) version's source rows
    header: list[str]


def first_rows() -> list[list[str]]:
    rows = hospital_rows(45)
    for row, formula in zip(rows, FORMULAS, strict=False):
        row[1] = formula
    rows[4][3] = "-5"  # a negative number stays a number
    rows[6][1] += "\x0b分院"  # a control character a source left inside a cell (XML forbids it)
    return rows


def second_rows() -> list[list[str]]:
    rows = copy.deepcopy(first_rows())[:-1]  # H0045 removed
    rows[9][3] = "999"  # H0010 changed
    extra = hospital_rows(46)[-1]  # H0046 added
    rows.append(extra)
    return [row + [("甲等" if i % 2 else "乙等")] for i, row in enumerate(rows)]


@pytest.fixture(scope="module", name="citizen_site")
def citizen_site_fixture(tmp_path_factory, request, database_kind) -> CitizenSite:
    folder = tmp_path_factory.mktemp(f"citizen-{database_kind}")
    database_url = ""
    if database_kind == "postgresql":
        database_url = request.getfixturevalue("postgres_cluster").create_database()
    extra = {"DATABASE_URL": database_url} if database_url else {}
    write_source(folder / "h.csv", HEADER, first_rows())
    catalogue = write_catalogue(folder, [dataset_entry("hospitals", "h.csv")])
    env = portal_env(catalogue, folder / "var", **extra)
    first = run_portal(["harvest", "--all"], env)
    assert first.returncode == 0, first.stdout + first.stderr
    header = [*HEADER, "等级"]
    more = [{"name": "grade", "title": "等级", "type": "string"}]
    write_source(folder / "h.csv", header, second_rows())
    write_catalogue(folder, [dataset_entry("hospitals", "h.csv", fields=_fields(more))])
    second = run_portal(["harvest", "--all"], env)
    assert second.returncode == 0 and "published" in second.stdout, second.stdout + second.stderr
    app = create_app(
        {"CATALOGUE": str(catalogue), "DATA_DIR": str(folder / "var"), "DATABASE_URL": database_url}
    )
    app.config["FEEDBACK_RATE_LIMIT"] = (1000, 60)
    with serve(app) as url:
        yield CitizenSite(url, app, env, second_rows(), header)


def _fields(more: list[dict]) -> list[dict]:
    from helpers import hospital_fields

    return hospital_fields(more=more)


class Browser:
    """A requests session that keeps cookies, with the CSRF token read from a form."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.base + path, timeout=20, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        return self.http.post(
            self.base + path, data=data, timeout=20, allow_redirects=False, **kwargs
        )

    def csrf_from(self, path: str) -> str:
        html = self.get(path).text
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def data_dir(site: CitizenSite) -> Path:
    return Path(site.env["PORTAL_DATA_DIR"])
