"""Map a source's columns to the directory's declared fields and read each cell as its type."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from datapackages.errors import SchemaMismatchError
from datapackages.values import PARSERS, as_text
from directory import Field


@dataclass
class CellProblems:
    """Cells that could not be read as their field's type: published empty, counted here."""

    counts: dict[str, int] = field(default_factory=dict)
    first_rows: dict[str, int] = field(default_factory=dict)

    def add(self, field_name: str, row_number: int) -> None:
        self.counts[field_name] = self.counts.get(field_name, 0) + 1
        self.first_rows.setdefault(field_name, row_number)

    def as_list(self) -> list[dict]:
        return [
            {"field": name, "cells": count, "first_row": self.first_rows[name]}
            for name, count in self.counts.items()
        ]


@dataclass(frozen=True)
class ColumnMap:
    positions: tuple[int, ...]
    undeclared: tuple[str, ...]


def map_columns(
    dataset_id: str, origin: str, headers: list[str], fields: tuple[Field, ...]
) -> ColumnMap:
    """Where each declared field is in the source; every field must be found."""
    index = {}
    for position, header in enumerate(headers):
        index.setdefault(header, position)
    positions, missing = [], []
    for f in fields:
        found = next((index[h] for h in f.source_headers() if h in index), None)
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
    return ColumnMap(tuple(positions), undeclared)


def normalise_rows(
    rows: Iterator[tuple[int, list[Any]]],
    fields: tuple[Field, ...],
    column_map: ColumnMap,
    problems: CellProblems,
) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, canonical text per declared field); unreadable cells become empty."""
    parsers = [PARSERS[f.type] for f in fields]
    for row_number, row in rows:
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
