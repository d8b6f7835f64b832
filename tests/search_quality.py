"""The search quality set (search_quality.yaml) and its measures: precision@5 and recall."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

CASES_FILE = Path(__file__).with_name("search_quality.yaml")
TOP = 5


@dataclass
class Case:
    q: str
    expect: list[str]
    also: list[str]


@dataclass
class Outcome:
    case: Case
    found: list[str]

    @property
    def top(self) -> list[str]:
        return self.found[:TOP]

    @property
    def missing_from_top(self) -> list[str]:
        return [name for name in self.case.expect if name not in self.top]

    @property
    def precision(self) -> float:
        relevant = set(self.case.expect) | set(self.case.also)
        return sum(name in relevant for name in self.top) / len(self.top) if self.top else 0.0

    @property
    def recall_at_top(self) -> float:
        return sum(name in self.top for name in self.case.expect) / len(self.case.expect)

    @property
    def recall(self) -> float:
        return sum(name in self.found for name in self.case.expect) / len(self.case.expect)


def load_cases() -> list[Case]:
    raw = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return [Case(str(c["q"]), c["expect"], c.get("also", [])) for c in raw]


def evaluate(search: Callable[[str], list[str]]) -> list[Outcome]:
    """Run every case through `search` (q -> ranked dataset names)."""
    return [Outcome(case, search(case.q)) for case in load_cases()]


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    count = len(outcomes)
    return {
        "queries": count,
        "precision@5": sum(o.precision for o in outcomes) / count,
        "recall@5": sum(o.recall_at_top for o in outcomes) / count,
        "recall": sum(o.recall for o in outcomes) / count,
        "all expected in top 5": sum(not o.missing_from_top for o in outcomes),
    }
