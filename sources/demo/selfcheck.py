"""The self-check: re-read every written file, and check catalogue.yaml against the files.

Personal data (resident ID numbers, mobile numbers, names of private persons) may appear only in
the ``personal`` columns of a file's spec; no other column may hold anything that looks like a
mobile number or a checksum-valid ID number, nor a run of 11 or more digits at all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .common import REPO, SOURCES
from .readback import MOBILE_RE, cell_text, id_valid, looks_personal, read_table, value_ok
from .writers import SPECS

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{1,99}$")
FIELD_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
OPEN_VALUES = ("open", "conditional", "closed")
UPDATE_VALUES = (
    "realtime",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "half-yearly",
    "yearly",
    "irregular",
)
LICENSES = ("cc-by-4.0", "cc-by-sa-4.0", "cc0-1.0", "odc-by", "odc-pddl", "gov-open")
FIELD_TYPES = ("string", "integer", "number", "date", "datetime", "boolean", "year")
CSV_ENCODING_READ = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8", "gbk": "gb18030"}


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------
def _column_problem(rel: str, col: str, kind: str | None, j: int, rows: list) -> str | None:
    """The first problem in column ``j`` (personal ``kind``, or None for a public column)."""
    for row in rows:
        text = cell_text(row[j] if j < len(row) else None)
        if kind is None:
            found = looks_personal(text)
            if found:
                return f"{rel}: column {col!r} holds {found} (row {rows.index(row) + 2})"
        elif text and kind == "id" and not id_valid(text):
            return f"{rel}: column {col!r}: invalid ID number"
        elif text and kind == "mobile" and not MOBILE_RE.fullmatch(text):
            return f"{rel}: column {col!r}: invalid mobile number"
    return None


def check_files() -> list[str]:
    """Re-read every written file and assert the personal-data rules on it."""
    problems = []
    for rel, sp in SPECS.items():
        header, rows, enc = read_table(
            SOURCES / rel,
            sp["format"],
            sp["delimiter"],
            sp["sheet"],
            sp["header_row"],
            sp["records"],
        )
        if sp["format"] == "csv":
            want = CSV_ENCODING_READ[sp["encoding"]]
            if enc != want:
                problems.append(f"{rel}: read as {enc}, expected {want}")
        if len(set(header)) != len(header):
            problems.append(f"{rel}: duplicate column headers")
        for col in sp["personal"]:
            if col not in header:
                problems.append(f"{rel}: personal column {col!r} missing")
        for j, col in enumerate(header):
            problem = _column_problem(rel, col, sp["personal"].get(col), j, rows)
            if problem:
                problems.append(problem)
    return problems


# --------------------------------------------------------------------------------------------
# catalogue.yaml
# --------------------------------------------------------------------------------------------
def _source_column(f: dict[str, Any], header: list[str]) -> str:
    """The source column a directory field reads: ``source``, else its title or its name."""
    return f.get("source") or (f["title"] if f["title"] in header else f["name"])


def _metadata_problems(ds: dict[str, Any], where: str, areas: set, depts: set) -> list[str]:
    problems = []
    for key in ("title", "department", "area", "open", "update"):
        if not ds.get(key):
            problems.append(f"{where}: missing {key}")
    if ds.get("department") not in depts:
        problems.append(f"{where}: unknown department {ds.get('department')}")
    if ds.get("area") not in areas:
        problems.append(f"{where}: unknown area {ds.get('area')}")
    if ds["open"] not in OPEN_VALUES:
        problems.append(f"{where}: bad open")
    if ds["open"] != "open" and not ds.get("reason"):
        problems.append(f"{where}: {ds['open']} needs a reason")
    if ds["update"] not in UPDATE_VALUES:
        problems.append(f"{where}: bad update")
    if ds.get("license", "cc-by-4.0") not in LICENSES:
        problems.append(f"{where}: bad license")
    return problems


def _field_problems(
    f: dict[str, Any], fw: str, rel: str, personal: dict, header: list[str], rows: list
) -> list[str]:
    """Problems of one declared field (``fw`` names it) against the file's column."""
    problems = []
    if f["type"] not in FIELD_TYPES:
        problems.append(f"{fw}: bad type {f['type']}")
    col = _source_column(f, header)
    if col not in header:
        return problems + [f"{fw}: column {col!r} not in {rel}"]
    j = header.index(col)
    values = [row[j] if j < len(row) else None for row in rows]
    sensitive = f.get("sensitive") in ("drop", "mask")
    if col in personal and not sensitive:
        problems.append(f"{fw}: personal column {col!r} must be sensitive")
    if not sensitive:
        bad = sum(1 for v in values if looks_personal(cell_text(v)))
        if bad:
            problems.append(f"{fw}: {bad} rows look like personal data")
    bad = sum(1 for v in values if not value_ok(v, f["type"]))
    if bad:
        problems.append(f"{fw}: {bad} values not valid as {f['type']}")
    if f.get("required") and any(cell_text(v).strip() == "" for v in values):
        problems.append(f"{fw}: required but has empty values")
    return problems


def _primary_key_problems(
    ds: dict[str, Any], where: str, header: list[str], rows: list
) -> list[str]:
    pk = ds.get("primary_key")
    if not pk:
        return []
    cols = []
    for p in pk:
        f = next((f for f in ds["fields"] if f["name"] == p), None)
        if f is None:
            return [f"{where}: primary key field {p} not declared"]
        cols.append(header.index(_source_column(f, header)))
    keys = [tuple(cell_text(row[j]) for j in cols) for row in rows]
    if len(set(keys)) != len(keys):
        return [f"{where}: primary key {pk} not unique"]
    return []


def _source_problems(ds: dict[str, Any], where: str, rel: str) -> list[str]:
    """Problems of an open or conditional dataset's fields against its source file."""
    src = ds["source"]
    if rel not in SPECS:
        return [f"{where}: source {src['path']} is not generated"]
    fmt = src.get("format") or Path(rel).suffix.lstrip(".")
    header, rows, _ = read_table(
        SOURCES / rel,
        fmt,
        src.get("delimiter"),
        src.get("sheet"),
        src.get("header_row", 1),
        src.get("records"),
    )
    problems, names = [], set()
    for k, f in enumerate(ds["fields"]):
        fw = f"{where}.fields[{k}]"
        if not FIELD_PATTERN.match(f["name"]) or f["name"] in names:
            problems.append(f"{fw}: bad or duplicate name {f['name']}")
        names.add(f["name"])
        problems += _field_problems(f, fw, rel, SPECS[rel]["personal"], header, rows)
    return problems + _primary_key_problems(ds, where, header, rows)


def catalogue_problems(cat: dict[str, Any]) -> list[str]:
    """Check a loaded catalogue against the generated files."""
    problems = []
    areas = {a["id"] for a in cat["areas"]}
    depts = {d["id"] for d in cat["departments"]}
    for a in cat["areas"] + cat["departments"]:
        if not ID_PATTERN.match(a["id"]) or not a.get("name"):
            problems.append(f"bad area/department {a}")
    seen_ids, used_paths = set(), set()
    for ds in cat["datasets"]:
        did = ds["id"]
        where = f"datasets[{did}]"
        if not ID_PATTERN.match(did) or did in seen_ids:
            problems.append(f"{where}: bad or duplicate id")
        seen_ids.add(did)
        problems += _metadata_problems(ds, where, areas, depts)
        if ds["open"] == "closed":
            continue
        rel = Path(ds["source"]["path"]).relative_to("sources").as_posix()
        used_paths.add(rel)
        problems += _source_problems(ds, where, rel)
    for rel in SPECS:
        if rel not in used_paths:
            problems.append(f"sources/{rel} is not used by any dataset")
    return problems


def check_catalogue() -> list[str] | None:
    """Check catalogue.yaml's entries against the files (needs PyYAML; skipped without it)."""
    try:
        import yaml
    except ImportError:
        return None
    cat_path = REPO / "catalogue.yaml"
    if not cat_path.exists():
        return None
    return catalogue_problems(yaml.safe_load(cat_path.read_text(encoding="utf-8")))
