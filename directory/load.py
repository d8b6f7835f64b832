"""Read catalogue.yaml and check it: schema, references, reasons. Every problem names its entry."""

import codecs
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from directory import source_options
from directory.errors import DirectoryError, DirectoryProblem
from directory.licenses import LICENSE_IDS
from directory.model import (
    CONSTRAINT_KEYS,
    FIELD_TYPES,
    OPEN_ATTRIBUTES,
    SCREEN_POLICIES,
    SENSITIVE_RULES,
    UPDATE_FREQUENCIES,
    Area,
    Dataset,
    Department,
    Directory,
    Field,
    Source,
)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{1,99}$")
FIELD_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SOURCE_KINDS = ("file", *source_options.CHECKS)
FILE_FORMATS = ("csv", "xlsx", "xls", "json")


class _Checker:
    """Collects problems while entries are read, so one run reports all of them."""

    def __init__(self) -> None:
        self.problems: list[DirectoryProblem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(DirectoryProblem(where, message))

    def text(self, raw: dict, key: str, where: str, required: bool = False) -> str:
        value = raw.get(key)
        if value is None or value == "":
            if required:
                self.problem(f"{where}.{key}", "is required")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(f"{where}.{key}", f"must be text, not {type(value).__name__}")
            return ""
        return str(value).strip()

    def ident(self, raw: dict, key: str, where: str, pattern: re.Pattern = ID_PATTERN) -> str:
        value = self.text(raw, key, where, required=True)
        if value and not pattern.match(value):
            self.problem(f"{where}.{key}", f"{value!r} must match {pattern.pattern}")
        return value

    def choice(self, raw: dict, key: str, where: str, choices, default: str = "") -> str:
        value = self.text(raw, key, where, required=not default) or default
        if value and value not in choices:
            self.problem(f"{where}.{key}", f"{value!r} is not one of {', '.join(choices)}")
        return value

    def text_list(self, raw: dict, key: str, where: str) -> tuple[str, ...]:
        value = raw.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.problem(f"{where}.{key}", "must be a list of text")
            return ()
        return tuple(str(v).strip() for v in value if str(v).strip())

    def entries(self, doc: dict, key: str) -> list[tuple[str, dict]]:
        raw = doc.get(key)
        if raw is None:
            self.problem(key, "is required (a list)")
            return []
        if not isinstance(raw, list):
            self.problem(key, "must be a list")
            return []
        found = []
        for index, item in enumerate(raw):
            if not isinstance(item, dict):
                self.problem(f"{key}[{index}]", "must be a mapping")
                continue
            label = item.get("id") if isinstance(item.get("id"), str) else index
            found.append((f"{key}[{label}]", item))
        return found


def load_directory(path: str | Path) -> Directory:
    """Read and check the directory; raise DirectoryError listing every problem found."""
    path = Path(path)
    doc = _read_yaml(path)
    checker = _Checker()
    areas = tuple(_area(checker, where, raw) for where, raw in checker.entries(doc, "areas"))
    departments = tuple(
        _department(checker, where, raw) for where, raw in checker.entries(doc, "departments")
    )
    datasets = tuple(
        _dataset(checker, where, raw, position, path.parent)
        for position, (where, raw) in enumerate(checker.entries(doc, "datasets"))
    )
    _check_unique(checker, "areas", [a.id for a in areas])
    _check_unique(checker, "departments", [d.id for d in departments])
    _check_unique(checker, "datasets", [d.id for d in datasets])
    _check_references(checker, datasets, areas, departments)
    allow_private = source_options.check_allow_list(checker.problem, doc.get("allow_private"))
    if checker.problems:
        raise DirectoryError(str(path), checker.problems)
    return Directory(
        path=path,
        areas=areas,
        departments=departments,
        datasets=datasets,
        allow_private=allow_private,
    )


def _read_yaml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DirectoryError(str(path), [DirectoryProblem("file", "does not exist")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DirectoryError(
            str(path), [DirectoryProblem("file", f"cannot be read: {exc}")]
        ) from None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(exc, "problem", None) or str(exc)
        raise DirectoryError(
            str(path), [DirectoryProblem(where, f"not valid YAML: {problem}")]
        ) from None
    if not isinstance(doc, dict):
        raise DirectoryError(
            str(path),
            [DirectoryProblem("file", "must be a mapping with areas, departments, datasets")],
        )
    return doc


def _area(checker: _Checker, where: str, raw: dict) -> Area:
    return Area(
        id=checker.ident(raw, "id", where),
        name=checker.text(raw, "name", where, required=True),
        name_en=checker.text(raw, "name_en", where),
        priority=bool(raw.get("priority", False)),
        description=checker.text(raw, "description", where),
    )


def _department(checker: _Checker, where: str, raw: dict) -> Department:
    return Department(
        id=checker.ident(raw, "id", where),
        name=checker.text(raw, "name", where, required=True),
        name_en=checker.text(raw, "name_en", where),
        description=checker.text(raw, "description", where),
    )


def _dataset(checker: _Checker, where: str, raw: dict, position: int, base_dir: Path) -> Dataset:
    open_attribute = checker.choice(raw, "open", where, OPEN_ATTRIBUTES)
    reason = checker.text(raw, "reason", where)
    if open_attribute in ("conditional", "closed") and not reason:
        checker.problem(f"{where}.reason", f"is required when open is {open_attribute!r}")
    if isinstance(raw.get("published"), date):  # YAML reads an unquoted 2024-03-01 as a date
        raw = {**raw, "published": raw["published"].isoformat()}
    published = checker.text(raw, "published", where)
    if published and not DATE_PATTERN.match(published):
        checker.problem(f"{where}.published", f"{published!r} must be a date YYYY-MM-DD")
    needs_data = open_attribute != "closed"
    fields = _fields(checker, where, raw, required=needs_data)
    primary_key = checker.text_list(raw, "primary_key", where)
    names = {f.name for f in fields if f.sensitive != "drop"}
    for key in primary_key:
        if key not in names:
            checker.problem(f"{where}.primary_key", f"{key!r} is not a declared, published field")
    return Dataset(
        id=checker.ident(raw, "id", where),
        title=checker.text(raw, "title", where, required=True),
        title_en=checker.text(raw, "title_en", where),
        code=checker.text(raw, "code", where),
        department=checker.text(raw, "department", where, required=True),
        area=checker.text(raw, "area", where, required=True),
        summary=checker.text(raw, "summary", where),
        keywords=checker.text_list(raw, "keywords", where),
        open=open_attribute,
        reason=reason,
        update=checker.choice(raw, "update", where, tuple(UPDATE_FREQUENCIES)),
        license=checker.choice(raw, "license", where, LICENSE_IDS, default="cc-by-4.0"),
        published=published,
        primary_key=primary_key,
        fields=fields,
        source=_source(checker, where, raw, base_dir, required=needs_data),
        position=position,
        screen=checker.choice(raw, "screen", where, SCREEN_POLICIES, default="block"),
    )


def _fields(checker: _Checker, where: str, raw: dict, required: bool) -> tuple[Field, ...]:
    items = raw.get("fields")
    if items is None or items == []:
        if required:
            checker.problem(f"{where}.fields", "is required: declare at least one field")
        return ()
    if not isinstance(items, list):
        checker.problem(f"{where}.fields", "must be a list")
        return ()
    fields = []
    for index, item in enumerate(items):
        at = f"{where}.fields[{index}]"
        if not isinstance(item, dict):
            checker.problem(at, "must be a mapping")
            continue
        sensitive = checker.text(item, "sensitive", at)
        if sensitive and sensitive not in SENSITIVE_RULES:
            checker.problem(
                f"{at}.sensitive", f"{sensitive!r} is not one of {', '.join(SENSITIVE_RULES)}"
            )
        if sensitive == "mask" and item.get("type", "string") != "string":
            checker.problem(f"{at}.sensitive", "mask needs type string: a masked value is text")
        fields.append(
            Field(
                name=checker.ident(item, "name", at, FIELD_NAME_PATTERN),
                title=checker.text(item, "title", at, required=True),
                type=checker.choice(item, "type", at, FIELD_TYPES),
                description=checker.text(item, "description", at),
                source=checker.text(item, "source", at),
                required=bool(item.get("required", False)),
                sensitive=sensitive,
                constraints=_constraints(checker, at, item),
                unit=_unit(checker, at, item),
                index=_flag(checker, at, item, "index"),
                full_text=_full_text(checker, at, item),
            )
        )
    _check_unique(checker, f"{where}.fields", [f.name for f in fields])
    if required and fields and all(f.sensitive == "drop" for f in fields):
        checker.problem(f"{where}.fields", "every field is dropped: nothing would be published")
    return tuple(fields)


def _flag(checker: _Checker, at: str, item: dict, key: str) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        checker.problem(f"{at}.{key}", "must be true or false")
        return False
    return value


# Column names the SQLite full-text index (FTS5) keeps for itself, and the index's own name.
FULL_TEXT_RESERVED = frozenset({"rank", "rowid", "oid", "_rowid_", "rows_text"})


def _full_text(checker: _Checker, at: str, item: dict) -> bool:
    wanted = _flag(checker, at, item, "full_text")
    if wanted and item.get("type", "string") != "string":
        checker.problem(f"{at}.full_text", "needs type string: only text is searched as text")
        return False
    if wanted and item.get("name") in FULL_TEXT_RESERVED:
        checker.problem(
            f"{at}.full_text",
            f"a field named {item.get('name')!r} cannot be full text (the index reserves the "
            "name): rename the field",
        )
        return False
    return wanted


def _constraints(checker: _Checker, at: str, item: dict) -> dict:
    """Value rules the quality check applies: enum (a code list), minimum, maximum, pattern."""
    raw = item.get("constraints")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        checker.problem(f"{at}.constraints", "must be a mapping of " + ", ".join(CONSTRAINT_KEYS))
        return {}
    for key in raw:
        if key not in CONSTRAINT_KEYS:
            checker.problem(
                f"{at}.constraints.{key}", f"is not one of {', '.join(CONSTRAINT_KEYS)}"
            )
    field_type = item.get("type", "string")
    enum = raw.get("enum")
    if enum is not None and (not isinstance(enum, list) or not enum):
        checker.problem(f"{at}.constraints.enum", "must be a non-empty list of allowed values")
    for key in ("minimum", "maximum"):
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, date):
            raw = {**raw, key: value.isoformat()}
        elif field_type in ("integer", "number", "year") and (
            isinstance(value, bool) or not isinstance(value, int | float)
        ):
            checker.problem(f"{at}.constraints.{key}", f"must be a number for a {field_type} field")
        elif field_type not in ("integer", "number", "year", "date", "datetime"):
            checker.problem(f"{at}.constraints.{key}", f"does not apply to a {field_type} field")
    pattern = raw.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            checker.problem(f"{at}.constraints.pattern", f"is not a valid pattern: {exc}")
        else:
            # Rows are checked by a linear-time regex engine: no look-arounds or back-references.
            if re.search(r"\(\?<?[=!]|\\[1-9]", str(pattern)):
                checker.problem(
                    f"{at}.constraints.pattern",
                    "look-arounds and back-references are not supported",
                )
    if "unique" in raw and not isinstance(raw["unique"], bool):
        checker.problem(f"{at}.constraints.unique", "must be true or false")
    return {
        k: (list(map(str, v)) if k == "enum" and isinstance(v, list) else v) for k, v in raw.items()
    }


def _unit(checker: _Checker, at: str, item: dict) -> str:
    unit = checker.text(item, "unit", at)
    if unit and item.get("type") not in ("integer", "number"):
        checker.problem(f"{at}.unit", "applies to integer and number fields only")
    elif unit and any(c.isdigit() or c in ".,+-" or c.isspace() for c in unit):
        checker.problem(f"{at}.unit", f"{unit!r} must be a unit name such as 元, 万元 or 人")
    return unit


def _source(checker: _Checker, where: str, raw: dict, base_dir: Path, required: bool):
    settings: Any = raw.get("source")
    if settings is None:
        if required:
            checker.problem(f"{where}.source", "is required")
        return None
    if not isinstance(settings, dict):
        checker.problem(f"{where}.source", "must be a mapping with kind and its settings")
        return None
    kind = checker.choice(settings, "kind", f"{where}.source", SOURCE_KINDS)
    if kind == "file":
        if not checker.text(settings, "path", f"{where}.source", required=True):
            return None
        _check_file_options(checker, f"{where}.source", settings)
    if kind in source_options.CHECKS:
        source_options.CHECKS[kind](checker.problem, f"{where}.source", settings)
        if kind in source_options.FILE_FORMAT_KINDS:
            _check_file_options(checker, f"{where}.source", settings)
    return Source(
        kind=kind,
        settings={k: v for k, v in settings.items() if k != "kind"},
        base_dir=base_dir,
    )


def _check_file_options(checker: _Checker, where: str, settings: dict) -> None:
    fmt = settings.get("format")
    if fmt is not None and str(fmt).lower() not in FILE_FORMATS:
        checker.problem(f"{where}.format", f"{fmt!r} is not one of {', '.join(FILE_FORMATS)}")
    encoding = settings.get("encoding")
    if encoding is not None and encoding != "auto":
        try:
            codecs.lookup(str(encoding))
        except LookupError:
            checker.problem(f"{where}.encoding", f"{encoding!r} is not a known text encoding")
    delimiter = settings.get("delimiter")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        checker.problem(f"{where}.delimiter", "must be one character, e.g. ',' or ';' or a tab")
    header_row = settings.get("header_row")
    if header_row is not None and (type(header_row) is not int or header_row < 1):
        checker.problem(f"{where}.header_row", "must be a whole number from 1 (the first row)")
    for key in ("sheet", "records"):
        if settings.get(key) is not None and not isinstance(settings[key], str):
            checker.problem(f"{where}.{key}", "must be text")
    header_rows = settings.get("header_rows")
    if header_rows is not None and (type(header_rows) is not int or not 1 <= header_rows <= 3):
        checker.problem(f"{where}.header_rows", "must be 1, 2 or 3 (rows the header spans)")


def _check_unique(checker: _Checker, where: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for value in ids:
        if value and value in seen:
            checker.problem(f"{where}[{value}]", "id is declared more than once")
        seen.add(value)


def _check_references(checker, datasets, areas, departments) -> None:
    area_ids = {a.id for a in areas}
    department_ids = {d.id for d in departments}
    for d in datasets:
        if d.area and d.area not in area_ids:
            checker.problem(f"datasets[{d.id}].area", f"{d.area!r} is not a declared area")
        if d.department and d.department not in department_ids:
            checker.problem(
                f"datasets[{d.id}].department", f"{d.department!r} is not a declared department"
            )
