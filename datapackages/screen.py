"""Confidentiality screen (保密审查): every value that would be published, batch by batch.

The vectorised regex engine picks the few cells that could hold personal data (CANDIDATE_PATTERN);
only those are checked one by one with the exact rules of personal_data. Per field, the
directory says `sensitive: mask` (masked, then checked again), `public` (declared public contact
details: phone numbers and mailboxes are reported, not blocking) or nothing. What is found in an
undeclared place follows the dataset's policy: `block` (the default) stops the publish, `mask`
masks it in place; either way the report names the column, kind and row count, never a value.
"""

from dataclasses import dataclass, field

import polars as pl

from datapackages.personal_data import (
    CANDIDATE_PATTERN,
    KINDS,
    PUBLIC_CONTACT_KINDS,
    find_personal_data,
    looks_like_person_name,
    mask_findings,
    mask_personal_data,
    mask_value,
)
from directory import Field

ROW_COLUMN = "_row"
# A published date, time, year or boolean is its parser's output (2024-03-05, 2024-03-05T08:30:00,
# 2024, true): at most four digits in a row, no @. No personal number or address fits, and a cell
# that did not read as its type is published empty, so these columns need no search (`mask` is
# for text fields only). `portal screen FILE` reads every column as text: it searches them all.
CANONICAL_ONLY_TYPES = frozenset({"date", "datetime", "year", "boolean"})
NAME_SAMPLE = 500
NAME_SHARE = 0.6
# A column whose first rows repeat their values this much (a code list, an authority, a note
# left as 无) is searched value by value: each distinct value once, not each cell.
REPEAT_SAMPLE = 1000
REPEAT_SHARE = 0.3


@dataclass
class _Tally:
    rows: int = 0
    first_row: int = 0

    def add(self, row_number: int) -> None:
        self.rows += 1
        self.first_row = self.first_row or row_number


@dataclass
class Screen:
    """Screens batches of canonical text (one column per published field plus `_row`)."""

    fields: tuple[Field, ...]
    policy: str = "block"
    rows_checked: int = 0
    findings: dict[tuple[str, str], _Tally] = field(default_factory=dict)
    allowed: dict[tuple[str, str], _Tally] = field(default_factory=dict)
    masked_cells: dict[str, int] = field(default_factory=dict)
    name_samples: dict[str, list[str]] = field(default_factory=dict)

    def apply(self, batch: pl.DataFrame) -> pl.DataFrame:
        self.rows_checked += batch.height
        replaced = {}
        for f in self.fields:
            if f.sensitive == "mask":
                replaced[f.name] = self._mask_column(f, batch[f.name])
        if replaced:
            batch = batch.with_columns(replaced.values())
        searched = [f.name for f in self.fields if f.type not in CANONICAL_ONLY_TYPES]
        flagged = _candidates(batch, searched)
        rows = batch[ROW_COLUMN] if flagged else None
        checked = {}
        for f in self.fields:
            if f.name in flagged:
                candidates = flagged[f.name].arg_true().to_list()
                column = self._check_column(f, batch[f.name], candidates, rows)
                if column is not batch[f.name]:
                    checked[f.name] = column
        if checked:
            batch = batch.with_columns(checked.values())
        if len(self.name_samples) < len(self.fields) or any(
            len(s) < NAME_SAMPLE for s in self.name_samples.values()
        ):
            for f in self.fields:
                self._sample_names(f, batch[f.name])
        return batch

    def _mask_column(self, f: Field, column: pl.Series) -> pl.Series:
        values = column.to_list()
        masked = [mask_value(v) if v else v for v in values]
        self.masked_cells[f.name] = self.masked_cells.get(f.name, 0) + sum(1 for v in values if v)
        return pl.Series(f.name, masked, dtype=pl.String)

    def _check_column(
        self, f: Field, column: pl.Series, candidates: list[int], rows: pl.Series
    ) -> pl.Series:
        updates = {}
        for index in candidates:
            value = column[index]
            found = list(find_personal_data(value))
            for kind in dict.fromkeys(kind for kind, _, _ in found):
                tally = self.allowed if self._declared_public(f, kind) else self.findings
                tally.setdefault((f.name, kind), _Tally()).add(rows[index])
            undeclared = [x for x in found if not self._declared_public(f, x[0])]
            if undeclared and self.policy == "mask":
                updates[index] = mask_findings(value, undeclared)
        if not updates:
            return column
        values = column.to_list()
        for index, value in updates.items():
            values[index] = value
        return pl.Series(f.name, values, dtype=pl.String)

    @staticmethod
    def _declared_public(f: Field, kind: str) -> bool:
        return f.sensitive == "public" and kind in PUBLIC_CONTACT_KINDS

    def _sample_names(self, f: Field, column: pl.Series) -> None:
        if f.type != "string" or f.sensitive in ("mask", "public"):
            return
        sample = self.name_samples.setdefault(f.name, [])
        if len(sample) < NAME_SAMPLE:
            sample.extend(column.drop_nulls().head(NAME_SAMPLE - len(sample)).to_list())

    def merge(self, other: "Screen") -> None:
        """Add another resource's screen of the same dataset into this one."""
        self.rows_checked += other.rows_checked
        for mine, theirs in ((self.findings, other.findings), (self.allowed, other.allowed)):
            for key, tally in theirs.items():
                total = mine.setdefault(key, _Tally())
                total.rows += tally.rows
                total.first_row = total.first_row or tally.first_row
        for name, cells in other.masked_cells.items():
            self.masked_cells[name] = self.masked_cells.get(name, 0) + cells
        for name, sample in other.name_samples.items():
            mine_sample = self.name_samples.setdefault(name, [])
            mine_sample.extend(sample[: max(0, NAME_SAMPLE - len(mine_sample))])

    def name_columns(self) -> list[Field]:
        """String columns that read as personal names, reported only beside other findings."""
        if not any(kind != "person_name" for _, kind in self.findings):
            return []
        named = []
        for f in self.fields:
            sample = self.name_samples.get(f.name) or []
            hits = sum(1 for v in sample if looks_like_person_name(v))
            if sample and hits / len(sample) >= NAME_SHARE and len(set(sample)) > len(sample) / 3:
                named.append(f)
        return named

    def blocking_findings(self) -> list[dict]:
        """Undeclared findings that stop the publish.

        Under `mask`, numbers and addresses were masked as they were found, but a name column is
        only recognised once enough of it was seen: it still blocks, to be declared `mask`.
        """
        names = [self._name_finding(f) for f in self.name_columns()]
        if self.policy != "block":
            return names
        return self._described(self.findings) + names

    def _name_finding(self, f: Field) -> dict:
        sample = self.name_samples[f.name]
        return {
            "field": f.name,
            "title": f.title,
            "kind": "person_name",
            "label": KINDS["person_name"],
            "rows": sum(1 for v in sample if looks_like_person_name(v)),
            "first_row": 0,
            "note": f"在前 {len(sample)} 个值中抽查；与其他个人信息同表出现",
        }

    def _described(self, tallies: dict[tuple[str, str], _Tally]) -> list[dict]:
        titles = {f.name: f.title for f in self.fields}
        return [
            {
                "field": name,
                "title": titles[name],
                "kind": kind,
                "label": KINDS[kind],
                "rows": tally.rows,
                "first_row": tally.first_row,
            }
            for (name, kind), tally in sorted(tallies.items())
        ]

    def report(self, dropped: tuple[Field, ...], undeclared: tuple[str, ...]) -> dict:
        """What was checked, dropped, masked and found: stored with the version and shown."""
        return {
            "policy": self.policy,
            "rows_checked": self.rows_checked,
            "fields_checked": [f.name for f in self.fields],
            "checks": sorted(k for k in KINDS),
            "dropped": [{"field": f.name, "title": f.title} for f in dropped],
            "masked": [
                {"field": f.name, "title": f.title, "cells": self.masked_cells.get(f.name, 0)}
                for f in self.fields
                if f.sensitive == "mask"
            ],
            # A source's header is its own text: a title carried into it may hold a phone number.
            "undeclared_columns_left_out": [mask_personal_data(h) for h in undeclared],
            "findings": self._described(self.findings),
            "masked_findings": self._described(self.findings) if self.policy == "mask" else [],
            "declared_public": self._described(self.allowed),
            "name_columns": [f.name for f in self.name_columns()],
        }


def _candidates(batch: pl.DataFrame, names: list[str]) -> dict[str, pl.Series]:
    """Per column that holds any, which cells match CANDIDATE_PATTERN; most columns hold none.

    A column that repeats its values is searched value by value (each distinct value once), and
    only when one matches, cell by cell.
    """
    if not names or batch.height == 0:
        return {}
    sample = min(batch.height, REPEAT_SAMPLE)
    distinct = batch.head(sample).select(pl.col(names).n_unique()).row(0)
    repeating = [
        n for n, count in zip(names, distinct, strict=True) if count <= REPEAT_SHARE * sample
    ]
    plain = [n for n in names if n not in repeating]
    found = batch.select(
        *[pl.col(n).unique().str.contains(CANDIDATE_PATTERN).any() for n in repeating],
        *[pl.col(n).str.contains(CANDIDATE_PATTERN).fill_null(False) for n in plain],
    )
    holding = {n: found[n] for n in plain if found[n].any()}
    repeated = [n for n in repeating if found[n][0]]
    if repeated:
        cells = batch.select(pl.col(repeated).str.contains(CANDIDATE_PATTERN).fill_null(False))
        holding.update({n: cells[n] for n in repeated})
    return holding
