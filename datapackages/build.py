"""Build one dataset's package from its raw tables and publish it as a new version if it changed.

Each table streams through in batches: read, canonical text per declared field, confidentiality
screen, row checks, appended to the package's CSV. Memory holds one batch (plus 12 bytes a row
when keys must be unique), whatever the size of the file.
"""

import contextlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import polars as pl

from datapackages.batches import ROW_COLUMN, FastPathUnavailable, column_batches, exact_batches
from datapackages.checks import ResourceChecks
from datapackages.descriptor import (
    PORTAL_KEY,
    content_hash,
    package_descriptor,
    resource_descriptor,
)
from datapackages.errors import PackagingError, ReadError, ScreenBlockedError
from datapackages.header import declared_headers
from datapackages.normalise import CellProblems, map_columns
from datapackages.prefetch import prefetched
from datapackages.quality import summarise_quality
from datapackages.readers import read_table
from datapackages.screen import Screen
from datapackages.store import PackageStore
from datapackages.validation import validation_report
from directory import Dataset, Directory
from harvesters.files import file_sha256
from harvesters.table import RawTable


@dataclass
class BuildResult:
    dataset_id: str
    status: str  # "published" or "unchanged"
    version: str
    rows: int
    quality: dict = field(default_factory=dict)


class RowSink(Protocol):
    """Receives each resource's published rows while they are written (e.g. to load a row store).

    `begin` (re)starts a resource: a table the column engine gave up on is read again from its
    first row. `add` gets each batch of published canonical text, in file order; `end` says the
    resource has no more rows (the build may still fail or find nothing changed).
    """

    def begin(self, resource: str, fields: tuple) -> None: ...

    def add(self, resource: str, batch: pl.DataFrame) -> None: ...

    def end(self, resource: str) -> None: ...


@dataclass
class _Resource:
    descriptor: dict
    screen: Screen
    checks: ResourceChecks
    problems: CellProblems
    rows: int
    empty_cells: dict[str, int]
    undeclared: tuple[str, ...]


def build_package(
    entry: Dataset,
    directory: Directory,
    tables: list[RawTable],
    store: PackageStore,
    *,
    vectorised: bool = True,
    row_sink: RowSink | None = None,
) -> BuildResult:
    """Decode, normalise, screen and check; publish only when the content hash changed.

    Raises PackagingError (with file, row and field named) and publishes nothing on bad input or
    a screening finding; the last good version stays as it was. `vectorised=False` reads every
    table the exact, per-cell way (the reference the column engine is tested against).
    `row_sink` sees the published rows as they are written, whether or not they get published.
    """
    if not tables:
        raise PackagingError(entry.id, "the source gave no table")
    with store.lock(entry.id), store.staging(entry.id) as stage:
        built = [_build_resource(entry, t, stage, vectorised, row_sink) for t in tables]
        screen, problems = Screen(entry.published_fields, entry.screen), CellProblems()
        for resource in built:
            screen.merge(resource.screen)
            problems.merge(resource.problems)
        findings = screen.blocking_findings()
        if findings:
            raise ScreenBlockedError(entry.id, findings)
        dropped = tuple(f for f in entry.fields if f.sensitive == "drop")
        undeclared = tuple(dict.fromkeys(h for r in built for h in r.undeclared))
        screening = screen.report(dropped, undeclared)
        rows = sum(r.rows for r in built)
        descriptor = package_descriptor(entry, directory, [r.descriptor for r in built])
        digest = content_hash(descriptor)
        latest = store.latest(entry.id)
        if latest and _hash_of(store, entry.id, latest) == digest:
            quality = store.read_descriptor(entry.id, latest)[PORTAL_KEY].get("quality", {})
            return BuildResult(entry.id, "unchanged", latest, rows, quality)
        if rows == 0 and latest:
            _refuse_emptying(store, entry.id, latest)
        version = str(int(latest or 0) + 1)
        descriptor["version"] = version
        descriptor["created"] = (
            datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        )
        descriptor[PORTAL_KEY]["content_hash"] = digest
        validation = validation_report(descriptor, [r.checks.task() for r in built])
        empty: dict[str, int] = {}
        for resource in built:
            for name, count in resource.empty_cells.items():
                empty[name] = empty.get(name, 0) + count
        quality = summarise_quality(entry, validation, rows, empty, problems)
        descriptor[PORTAL_KEY].update(
            rows=rows, quality=quality, screening=_screening_summary(screening)
        )
        _write_json(stage / "datapackage.json", descriptor)
        _write_json(stage / "reports" / "validation.json", validation)
        _write_json(stage / "reports" / "screening.json", screening)
        store.publish(entry.id, stage, version)
        return BuildResult(entry.id, "published", version, rows, quality)


def _build_resource(
    entry: Dataset, table: RawTable, stage: Path, vectorised: bool, sink: RowSink | None
) -> _Resource:
    if vectorised and table.format == "csv":
        try:
            return _write_resource(entry, table, stage, True, sink)
        except FastPathUnavailable:
            pass  # read it again the exact way, which names the row of whatever was unusual
    return _write_resource(entry, table, stage, False, sink)


def _write_resource(
    entry: Dataset, table: RawTable, stage: Path, vectorised: bool, sink: RowSink | None
) -> _Resource:
    fields = entry.published_fields
    if sink is not None:
        sink.begin(table.name, fields)
    source = read_table(entry.id, table, declared_headers(entry.fields))
    column_map = map_columns(entry.id, table.origin, source.headers, fields)
    problems = CellProblems()
    screen = Screen(fields, entry.screen)
    checks = ResourceChecks(entry, table.name)
    if vectorised:
        batches = prefetched(column_batches(table, source, fields, column_map, problems, stage))
    else:
        batches = exact_batches(source, fields, column_map, problems)
    relative = f"data/{table.name}.csv"
    path = stage / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    rows, empty = 0, dict.fromkeys((f.name for f in fields), 0)
    # closing: a worker thread reading ahead stops even when a batch fails here
    with path.open("wb") as handle, contextlib.closing(batches):
        pl.DataFrame(
            {f.name: [] for f in fields}, schema=dict.fromkeys((f.name for f in fields), pl.String)
        ).write_csv(handle)
        for batch in batches:
            batch = screen.apply(batch)
            checks.check(batch)
            published = batch.drop(ROW_COLUMN)
            published.write_csv(handle, include_header=False)
            if sink is not None:
                sink.add(table.name, published)
            rows += batch.height
            for name, count in zip(batch.columns, batch.null_count().row(0), strict=True):
                if name in empty:
                    empty[name] += count
    if sink is not None:
        sink.end(table.name)
    for scratch in stage.glob("*.utf8.csv"):
        scratch.unlink()
    checks.finish()
    # Hashed once written, from the page cache: while the rows stream, both cores are busy, and
    # hashing each piece as polars writes it also held the interpreter lock.
    written = {"bytes": path.stat().st_size, "sha256": file_sha256(path), "rows": rows}
    return _Resource(
        descriptor=resource_descriptor(entry, table.name, relative, written),
        screen=screen,
        checks=checks,
        problems=problems,
        rows=rows,
        empty_cells=empty,
        undeclared=column_map.undeclared,
    )


def _refuse_emptying(store: PackageStore, dataset_id: str, latest: str) -> None:
    """A source that gives a header and no rows does not replace a version that has rows.

    An export that failed half-way, a query that matched nothing, a page of notes: an empty
    table is far more often a broken source than a dataset that became empty.
    """
    try:
        published = int(store.read_descriptor(dataset_id, latest)[PORTAL_KEY].get("rows") or 0)
    except (OSError, ValueError, KeyError):
        return
    if published:
        raise ReadError(
            dataset_id,
            f"the source has no data rows, only a header (or notes and totals): version "
            f"{latest} with {published:,} rows stays published",
        )


def _hash_of(store: PackageStore, dataset_id: str, version: str) -> str:
    try:
        return store.read_descriptor(dataset_id, version)[PORTAL_KEY].get("content_hash", "")
    except (OSError, ValueError, KeyError):
        return ""


def _screening_summary(report: dict) -> dict:
    return {
        "policy": report["policy"],
        "rows_checked": report["rows_checked"],
        "dropped": [d["field"] for d in report["dropped"]],
        "masked": [m["field"] for m in report["masked"]],
        "undeclared_columns_left_out": report["undeclared_columns_left_out"],
        "findings": len(report["findings"]),
        "declared_public": [d["field"] for d in report["declared_public"]],
        "checks": report["checks"],
        "titles": {
            "dropped": [d["title"] for d in report["dropped"]],
            "masked": [m["title"] for m in report["masked"]],
            "declared_public": list(dict.fromkeys(d["title"] for d in report["declared_public"])),
            "masked_findings": list(dict.fromkeys(d["title"] for d in report["masked_findings"])),
        },
    }


def _write_json(path: Path, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
