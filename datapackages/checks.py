"""Row checks of one resource, batch by batch: the Frictionless table checks, vectorised.

Required fields, primary key and unique fields, and the directory's value rules (enum code
lists, minimum, maximum, pattern). Errors are kept in Frictionless's report shape (type, title,
rowNumber, fieldName, note...) so tools that read Frictionless reports read ours; the first
MAX_ERRORS_KEPT are kept, all are counted. Uniqueness keeps an 8-byte hash and a 4-byte row
number per row, and sorts the hashes at the end: about 20 MB a million rows, whatever the width.
"""

from dataclasses import dataclass, field

import polars as pl

from directory import Dataset, Field

MAX_ERRORS_KEPT = 100
MAX_CELL_SHOWN = 100
ROW_COLUMN = "_row"
NUMERIC_TYPES = ("integer", "number", "year")


@dataclass
class ResourceChecks:
    entry: Dataset
    resource: str
    errors: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    _hashes: dict[tuple[str, ...], list[pl.Series]] = field(default_factory=dict)
    _rows: dict[tuple[str, ...], list[pl.Series]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.fields = self.entry.published_fields
        self.keys: list[tuple[str, ...]] = []
        if self.entry.primary_key:
            self.keys.append(tuple(self.entry.primary_key))
        self.keys += [(f.name,) for f in self.fields if f.constraints.get("unique")]

    def check(self, batch: pl.DataFrame) -> None:
        rules = [rule for f in self.fields for rule in self._rules(f)]
        if rules:
            # One query flags the rules broken anywhere in the batch; only those are itemised.
            broken = batch.select(
                [expr.fill_null(False).alias(str(i)) for i, (_, _, _, expr) in enumerate(rules)]
            )
            flags = broken.select(pl.all().any()).row(0)
            for i, (f, rule, note, _) in enumerate(rules):
                if flags[i]:
                    number = self.fields.index(f) + 1
                    self._cells(broken[str(i)], batch, f, number, rule, note)
        for key in self.keys:
            # Empty keys are not compared: a primary key must be filled in, a unique value need not.
            filled = batch.select(pl.all_horizontal(pl.col(list(key)).is_not_null())).to_series()
            if key == tuple(self.entry.primary_key):
                self._key_missing(batch.filter(~filled), key)
            kept = batch.filter(filled)
            hashes = kept.select(pl.struct(list(key)).hash(seed=0)).to_series()
            self._hashes.setdefault(key, []).append(hashes)
            self._rows.setdefault(key, []).append(kept[ROW_COLUMN].cast(pl.Int32))

    def _key_missing(self, rows: pl.DataFrame, key: tuple[str, ...]) -> None:
        first = next(f for f in self.fields if f.name == key[0])
        number = self.fields.index(first) + 1
        for row in rows[ROW_COLUMN].to_list():
            note = f"primary key: 唯一标识（{', '.join(key)}）不能为空"
            self._add(self._error("primary-key", first, number, row, None, note))

    @staticmethod
    def _rules(f: Field) -> list[tuple[Field, str, str, pl.Expr]]:
        """(field, rule, note, expression true where a cell breaks the rule)."""
        column, rules = pl.col(f.name), []
        present = column.is_not_null()
        if f.required:
            rules.append((f, "required", "值不能为空", column.is_null()))
        constraints = f.constraints
        if "enum" in constraints:
            allowed = [str(v) for v in constraints["enum"]]
            rules.append(
                (f, "enum", "不在允许的取值范围（代码表）内", present & ~column.is_in(allowed))
            )
        for key, label in (("minimum", "小于最小值"), ("maximum", "大于最大值")):
            if key in constraints:
                bound = constraints[key]
                if f.type in NUMERIC_TYPES:
                    values, limit = column.cast(pl.Float64, strict=False), float(bound)
                else:
                    values, limit = column, str(bound)
                over = values < limit if key == "minimum" else values > limit
                rules.append((f, key, f"{label} {bound}", present & over))
        if "pattern" in constraints:
            matches = column.str.contains(f"^(?:{constraints['pattern']})$")
            note = f"不符合格式 {constraints['pattern']}"
            rules.append((f, "pattern", note, present & ~matches))
        return rules

    def _cells(self, bad: pl.Series, batch, f: Field, number: int, rule: str, note: str) -> None:
        indexes = bad.arg_true()
        if indexes.len() == 0:
            return
        self.counts["constraint-error"] = self.counts.get("constraint-error", 0) + indexes.len()
        room = MAX_ERRORS_KEPT - len(self.errors)
        for index in indexes.head(max(room, 0)).to_list():
            cell = batch[f.name][index]
            row = batch[ROW_COLUMN][index]
            self.errors.append(
                self._error("constraint-error", f, number, row, cell, f"{rule}: {note}")
            )

    def _error(self, kind, f: Field, number: int, row: int, cell, note: str) -> dict:
        title = {"constraint-error": "Constraint Error", "primary-key": "Primary Key Error"}[kind]
        shown = "" if cell is None else str(cell)[:MAX_CELL_SHOWN]
        return {
            "type": kind,
            "title": title,
            "message": f'The cell "{shown}" in row at position "{row}" and field "{f.name}" '
            f'at position "{number}" does not conform to a constraint: {note}',
            "note": note,
            "rowNumber": row,
            "fieldName": f.name,
            "fieldNumber": number,
            "cell": shown,
            "tags": ["#table", "#row", "#cell"],
        }

    def _add(self, error: dict) -> None:
        self.counts[error["type"]] = self.counts.get(error["type"], 0) + 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(error)

    def finish(self) -> None:
        """Find repeated keys once every batch has been seen."""
        if not self.keys:
            return
        for key in self.keys:
            rows = pl.concat(self._rows.get(key) or [pl.Series([], dtype=pl.Int32)])
            hashes = pl.concat(self._hashes.get(key, [pl.Series([], dtype=pl.UInt64)]))
            names = ", ".join(key)
            kind = "primary-key" if key == tuple(self.entry.primary_key) else "constraint-error"
            first_field = next(f for f in self.fields if f.name == key[0])
            number = self.fields.index(first_field) + 1
            for index in _repeats(hashes):
                note = f"unique: 与前面的行重复（{names}）"
                self._add(self._error(kind, first_field, number, rows[index], None, note))
        self._hashes.clear()
        self._rows.clear()

    def task(self) -> dict:
        """This resource's part of the report, in Frictionless's task shape."""
        total = sum(self.counts.values())
        return {
            "name": self.resource,
            "type": "table",
            "valid": total == 0,
            "place": self.resource,
            "labels": [f.name for f in self.fields],
            "stats": {"errors": total, "fields": len(self.fields)},
            "warnings": [],
            "errors": self.errors,
            "error_counts": dict(self.counts),
        }


def _repeats(hashes: pl.Series) -> list[int]:
    """Positions of values seen before, found by sorting (a hash table would cost 5x more)."""
    ordered = hashes.sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    del ordered
    if repeated.len() == 0:
        return []
    seen: set[int] = set()
    positions = []
    candidates = hashes.is_in(repeated.implode()).arg_true().to_list()
    for position, value in zip(candidates, hashes.gather(candidates).to_list(), strict=True):
        if value in seen:
            positions.append(position)
        seen.add(value)
    return positions
