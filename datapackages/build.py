"""Build one dataset's package from its raw tables and publish it as a new version if it changed."""

import csv
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from datapackages.descriptor import (
    PORTAL_KEY,
    content_hash,
    package_descriptor,
    resource_descriptor,
)
from datapackages.errors import PackagingError, ScreenBlockedError
from datapackages.normalise import CellProblems, map_columns, normalise_rows
from datapackages.quality import summarise_quality
from datapackages.readers import read_table
from datapackages.screen import Screen
from datapackages.store import PackageStore
from datapackages.validation import validate_package
from directory import Dataset, Directory
from harvesters.table import RawTable


@dataclass
class BuildResult:
    dataset_id: str
    status: str  # "published" or "unchanged"
    version: str
    rows: int
    quality: dict = field(default_factory=dict)


@dataclass
class _Written:
    bytes: int = 0
    sha256: str = ""
    rows: int = 0
    empty_cells: dict[str, int] = field(default_factory=dict)


def build_package(
    entry: Dataset, directory: Directory, tables: list[RawTable], store: PackageStore
) -> BuildResult:
    """Decode, normalise, screen and validate; publish only when the content hash changed.

    Raises PackagingError (with file, row and field named) and publishes nothing on bad input or
    a screening finding; the last good version stays as it was.
    """
    if not tables:
        raise PackagingError(entry.id, "the source gave no table")
    with store.lock(entry.id), store.staging(entry.id) as stage:
        resources, screening, rows, empty, problems = _write_resources(entry, tables, stage)
        descriptor = package_descriptor(entry, directory, resources)
        digest = content_hash(descriptor)
        latest = store.latest(entry.id)
        if latest and _hash_of(store, entry.id, latest) == digest:
            quality = store.read_descriptor(entry.id, latest)[PORTAL_KEY].get("quality", {})
            return BuildResult(entry.id, "unchanged", latest, rows, quality)
        version = str(int(latest or 0) + 1)
        descriptor["version"] = version
        descriptor["created"] = (
            datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        )
        descriptor[PORTAL_KEY]["content_hash"] = digest
        _write_json(stage / "datapackage.json", descriptor)
        validation = validate_package(stage / "datapackage.json")
        quality = summarise_quality(entry, validation, rows, empty, problems)
        descriptor[PORTAL_KEY].update(
            rows=rows, quality=quality, screening=_screening_summary(screening)
        )
        _write_json(stage / "datapackage.json", descriptor)
        _write_json(stage / "reports" / "validation.json", validation)
        _write_json(stage / "reports" / "screening.json", screening)
        store.publish(entry.id, stage, version)
        return BuildResult(entry.id, "published", version, rows, quality)


def _write_resources(entry: Dataset, tables: list[RawTable], stage: Path):
    fields = entry.published_fields
    dropped = tuple(f for f in entry.fields if f.sensitive == "drop")
    problems = CellProblems()
    screen = Screen(fields)
    resources, undeclared = [], []
    total_rows, empty_cells = 0, {f.name: 0 for f in fields}
    for table in tables:
        source = read_table(entry.id, table)
        column_map = map_columns(entry.id, table.origin, source.headers, fields)
        undeclared.extend(column_map.undeclared)
        rows = screen.apply(normalise_rows(source.rows, fields, column_map, problems))
        relative = f"data/{table.name}.csv"
        written = _write_csv(stage / relative, [f.name for f in fields], rows)
        total_rows += written.rows
        for name, count in written.empty_cells.items():
            empty_cells[name] = empty_cells.get(name, 0) + count
        resources.append(resource_descriptor(entry, table.name, relative, vars(written)))
    findings = screen.blocking_findings()
    if findings:
        raise ScreenBlockedError(entry.id, findings)
    report = screen.report(dropped, tuple(dict.fromkeys(undeclared)))
    return resources, report, total_rows, empty_cells, problems


def _write_csv(path: Path, header: list[str], rows) -> _Written:
    path.parent.mkdir(parents=True, exist_ok=True)
    written = _Written(empty_cells=dict.fromkeys(header, 0))
    digest = hashlib.sha256()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for _, values in rows:
            writer.writerow(values)
            written.rows += 1
            for name, value in zip(header, values, strict=True):
                if value == "":
                    written.empty_cells[name] += 1
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            written.bytes += len(chunk)
    written.sha256 = digest.hexdigest()
    return written


def _hash_of(store: PackageStore, dataset_id: str, version: str) -> str:
    try:
        return store.read_descriptor(dataset_id, version)[PORTAL_KEY].get("content_hash", "")
    except (OSError, ValueError, KeyError):
        return ""


def _screening_summary(report: dict) -> dict:
    return {
        "rows_checked": report["rows_checked"],
        "dropped": [d["field"] for d in report["dropped"]],
        "masked": [m["field"] for m in report["masked"]],
        "undeclared_columns_left_out": report["undeclared_columns_left_out"],
        "findings": len(report["findings"]),
    }


def _write_json(path: Path, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
