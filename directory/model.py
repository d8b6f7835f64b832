"""The directory's entries as small immutable types."""

from dataclasses import dataclass, field
from pathlib import Path

OPEN_ATTRIBUTES = ("open", "conditional", "closed")
FIELD_TYPES = ("string", "integer", "number", "date", "datetime", "boolean", "year")
SENSITIVE_RULES = ("drop", "mask", "public")
SCREEN_POLICIES = ("block", "mask")
CONSTRAINT_KEYS = ("enum", "minimum", "maximum", "pattern", "unique")
UPDATE_FREQUENCIES = {
    "realtime": ("实时", 0),
    "daily": ("每日", 1),
    "weekly": ("每周", 7),
    "monthly": ("每月", 31),
    "quarterly": ("每季度", 92),
    "half-yearly": ("每半年", 183),
    "yearly": ("每年", 366),
    "irregular": ("不定期", None),
}
OPEN_LABELS = {"open": "无条件开放", "conditional": "有条件开放", "closed": "不予开放"}


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    name_en: str = ""
    priority: bool = False
    description: str = ""


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    name_en: str = ""
    description: str = ""


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    type: str
    description: str = ""
    source: str = ""
    required: bool = False
    sensitive: str = ""
    constraints: dict = field(default_factory=dict)
    unit: str = ""  # integer/number: the unit values are published in (元, 万元, 人, %)
    index: bool = False  # citizens filter by it: the row store keeps an index on it
    full_text: bool = False  # text citizens search rows by (datastore_search q): a text index

    def source_headers(self) -> tuple[str, ...]:
        """Headers that identify this field in a source, most specific first."""
        names = [self.source] if self.source else [self.title, self.name]
        return tuple(dict.fromkeys(n for n in names if n))


@dataclass(frozen=True)
class Source:
    kind: str
    settings: dict = field(default_factory=dict)
    base_dir: Path = Path(".")

    def get(self, key: str, default=None):
        return self.settings.get(key, default)


@dataclass(frozen=True)
class Dataset:
    id: str
    title: str
    department: str
    area: str
    open: str
    update: str
    title_en: str = ""
    code: str = ""
    summary: str = ""
    keywords: tuple[str, ...] = ()
    reason: str = ""
    license: str = "cc-by-4.0"
    published: str = ""
    primary_key: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    source: Source | None = None
    position: int = 0
    screen: str = "block"

    @property
    def is_published(self) -> bool:
        """Closed entries are listed in the directory but never harvested or published."""
        return self.open != "closed"

    @property
    def published_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.sensitive != "drop")


@dataclass(frozen=True)
class Directory:
    path: Path
    areas: tuple[Area, ...]
    departments: tuple[Department, ...]
    datasets: tuple[Dataset, ...]
    allow_private: tuple[str, ...] = ()  # hosts/networks remote sources may reach though private

    def dataset(self, dataset_id: str) -> Dataset | None:
        return next((d for d in self.datasets if d.id == dataset_id), None)

    def department(self, department_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == department_id), None)

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)
