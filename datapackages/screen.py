"""Confidentiality screen (保密审查): find personal data in what would be published, mask it.

Digits are matched with digit look-arounds rather than `\\b`, because Python counts Chinese
characters as word characters: in 身份证110105199001011234号 `\\b` would see no boundary. Text is
NFKC-normalised first, so full-width digits (１３８…) are found as well.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from directory import Field

# 18 characters, optionally grouped 6-8-4 by a space or dash (110105 19491231 002X).
RESIDENT_ID = re.compile(r"(?<![0-9])[0-9]{6}[ -]?[0-9]{8}[ -]?[0-9]{3}[0-9Xx](?![0-9])")
# 11 digits from 13x-19x, optionally after +86/0086/86 and grouped 3-4-4 (+86 138-1234-5678).
MOBILE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PROVINCE_CODES = {
    *range(11, 16),
    *range(21, 24),
    *range(31, 38),
    *range(41, 47),
    *range(50, 55),
    *range(61, 66),
    71,
    81,
    82,
}
FINDING_LABELS = {"resident_id": "居民身份证号码", "mobile": "手机号码"}


def is_resident_id(candidate: str) -> bool:
    """True for an 18-character ID number with a valid region, birth date and check digit."""
    if len(candidate) != 18 or not candidate[:17].isdigit():
        return False
    if int(candidate[:2]) not in PROVINCE_CODES:
        return False
    try:
        born = date(int(candidate[6:10]), int(candidate[10:12]), int(candidate[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= born <= date.today():
        return False
    total = sum(int(d) * w for d, w in zip(candidate[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11] == candidate[17].upper()


def normalise_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def find_personal_data(text: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of each ID and mobile number; positions are in normalise_text(text)."""
    text = normalise_text(text)
    for match in RESIDENT_ID.finditer(text):
        if is_resident_id(_digits(match.group())):
            yield "resident_id", match.start(), match.end()
    for match in MOBILE.finditer(text):
        yield "mobile", match.start(), match.end()


def _digits(number: str) -> str:
    return number.replace(" ", "").replace("-", "").replace("+", "")


def mask_value(text: str) -> str:
    """Mask ID and mobile numbers in place (110105********002X, 138****5678), else as a name."""
    text = normalise_text(text)
    found = sorted(find_personal_data(text), key=lambda f: f[1], reverse=True)
    if not found:
        return mask_name(text)
    for kind, start, end in found:
        number = _digits(text[start:end])
        if kind == "resident_id":
            masked = number[:6] + "*" * 8 + number[-4:]
        else:
            national = number[-11:]
            masked = national[:3] + "****" + national[-4:]
        text = text[:start] + masked + text[end:]
    return text


def mask_name(text: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧***; anything else keeps only its first character."""
    return text[:1] + "*" * (len(text) - 1) if text else text


@dataclass
class Screen:
    """Screens and masks rows of the published fields, counting findings per field and kind."""

    fields: tuple[Field, ...]
    rows_checked: int = 0
    findings: dict[tuple[str, str], int] = field(default_factory=dict)
    masked_cells: dict[str, int] = field(default_factory=dict)

    def apply(self, rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        masks = [f.sensitive == "mask" for f in self.fields]
        for row_number, values in rows:
            self.rows_checked += 1
            for i, value in enumerate(values):
                if not value:
                    continue
                if masks[i]:
                    values[i] = mask_value(value)
                    self.masked_cells[self.fields[i].name] = (
                        self.masked_cells.get(self.fields[i].name, 0) + 1
                    )
                self._check(self.fields[i].name, values[i])
            yield row_number, values

    def _check(self, field_name: str, value: str) -> None:
        for kind in {kind for kind, _, _ in find_personal_data(value)}:
            key = (field_name, kind)
            self.findings[key] = self.findings.get(key, 0) + 1

    def blocking_findings(self) -> list[dict]:
        titles = {f.name: f.title for f in self.fields}
        return [
            {
                "field": name,
                "title": titles[name],
                "kind": kind,
                "label": FINDING_LABELS[kind],
                "rows": rows,
            }
            for (name, kind), rows in sorted(self.findings.items())
        ]

    def report(self, dropped: tuple[Field, ...], undeclared: tuple[str, ...]) -> dict:
        return {
            "rows_checked": self.rows_checked,
            "fields_checked": [f.name for f in self.fields],
            "checks": sorted(FINDING_LABELS),
            "dropped": [{"field": f.name, "title": f.title} for f in dropped],
            "masked": [
                {"field": f.name, "title": f.title, "cells": self.masked_cells.get(f.name, 0)}
                for f in self.fields
                if f.sensitive == "mask"
            ],
            "undeclared_columns_left_out": list(undeclared),
            "findings": self.blocking_findings(),
        }
