"""Map a source's columns to the directory's declared fields and read each cell as its type."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from datapackages.errors import SchemaMismatchError
from datapackages.header import field_headers, header_key
from datapackages.values import as_text, parser_for
from directory import Field


@dataclass
class CellProblems:
    """Cells that could not be read as their field's type: published empty, counted here."""

    counts: dict[str, int] = field(default_factory=dict)
    first_rows: dict[str, int] = field(default_factory=dict)
    short_rows: int = 0
    first_short_row: int = 0

    def add_short_row(self, row_number: int) -> None:
        self.short_rows += 1
        self.first_short_row = self.first_short_row or row_number

    def add(self, field_name: str, row_number: int) -> None:
        self.counts[field_name] = self.counts.get(field_name, 0) + 1
        self.first_rows.setdefault(field_name, row_number)

    def merge(self, other: "CellProblems") -> None:
        for name, count in other.counts.items():
            self.counts[name] = self.counts.get(name, 0) + count
            self.first_rows.setdefault(name, other.first_rows[name])
        self.short_rows += other.short_rows
        self.first_short_row = self.first_short_row or other.first_short_row

    def as_list(self) -> list[dict]:
        found = [
            {"field": name, "cells": count, "first_row": self.first_rows[name]}
            for name, count in self.counts.items()
        ]
        return sorted(found, key=lambda p: (p["first_row"], p["field"]))


@dataclass(frozen=True)
class ColumnMap:
    dataset_id: str
    origin: str
    width: int
    positions: tuple[int, ...]
    undeclared: tuple[str, ...]


def map_columns(
    dataset_id: str, origin: str, headers: list[str], fields: tuple[Field, ...]
) -> ColumnMap:
    """Where each declared field is in the source; every field must be found."""
    keys = [header_key(h) for h in headers]
    positions, missing = [], []
    for f in fields:
        found = _column_of(dataset_id, origin, headers, keys, f)
        if found is None:
            missing.append(f)
        positions.append(found)
    if missing:
        wanted = ", ".join(f"{f.name} ({'/'.join(f.source_headers())})" for f in missing)
        present = ", ".join(h for h in headers if h) or "none"
        raise SchemaMismatchError(
            dataset_id,
            f"{origin}: declared field(s) not found in the source: {wanted}. "
            f"Columns found: {present}",
        )
    used = set(positions)
    undeclared = tuple(h for i, h in enumerate(headers) if i not in used and h)
    return ColumnMap(dataset_id, origin, len(headers), tuple(positions), undeclared)


def _column_of(dataset_id, origin, headers: list[str], keys: list[str], f: Field) -> int | None:
    """The column of field `f`: by each of its declared headers in turn (most specific first),
    spelled as written, else as matched without the spaces beside Chinese characters (所在 城市
    is 所在城市). A header written twice is an error naming both columns, and so is one that
    matches two columns only that way, when no other declared header finds the field."""
    alike = None
    for name in field_headers(f):
        columns = [i for i, h in enumerate(headers) if h == name]
        if len(columns) > 1:
            _refuse_repeated(dataset_id, origin, headers, columns)
        if not columns:
            key = header_key(name)
            columns = [i for i, k in enumerate(keys) if k == key]
        if len(columns) == 1:
            return columns[0]
        if columns and alike is None:
            alike = (name, columns)
    if alike is not None:
        name, columns = alike
        if len({headers[i] for i in columns}) == 1:  # one spelling, written twice
            _refuse_repeated(dataset_id, origin, headers, columns)
        spellings = ", ".join(repr(headers[i]) for i in columns)
        raise SchemaMismatchError(
            dataset_id,
            f"{origin}: columns {', '.join(str(i + 1) for i in columns)} ({spellings}) differ "
            f"from {name!r} only in spaces: declare the field's `source:` spelled as one of them",
        )
    return None


def _refuse_repeated(dataset_id, origin, headers: list[str], columns: list[int]) -> None:
    raise SchemaMismatchError(
        dataset_id,
        f"{origin}: column {headers[columns[0]]!r} appears {len(columns)} times (columns "
        f"{', '.join(str(i + 1) for i in columns)}): rename one in the source",
    )


def normalise_rows(
    rows: Iterator[tuple[int, list[Any]]],
    fields: tuple[Field, ...],
    column_map: ColumnMap,
    problems: CellProblems,
) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, canonical text per declared field); unreadable cells become empty."""
    parsers = [parser_for(f) for f in fields]
    for row_number, row in rows:
        _refuse_overlong_row(column_map, row_number, row)
        if len(row) < column_map.width:
            problems.add_short_row(row_number)
        out = []
        for f, parse, position in zip(fields, parsers, column_map.positions, strict=True):
            raw = row[position] if position < len(row) else ""
            if raw is None or as_text(raw) == "":
                out.append("")
                continue
            try:
                out.append(parse(raw))
            except ValueError:
                problems.add(f.name, row_number)
                out.append("")
        yield row_number, out


def _refuse_overlong_row(column_map: ColumnMap, row_number: int, row: list[Any]) -> None:
    # Extra filled cells mean a stray delimiter has shifted the columns: publishing would misalign.
    extra = row[column_map.width :]
    if any(cell not in (None, "") and as_text(cell) for cell in extra):
        raise SchemaMismatchError(
            column_map.dataset_id,
            f"{column_map.origin} row {row_number}: {len(row)} cells but the header has "
            f"{column_map.width}; a stray delimiter or an unquoted comma shifts the columns",
        )
