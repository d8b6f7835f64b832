"""The datapackage.json of a version: Frictionless metadata plus the portal's own section."""

import hashlib
import json

from directory import Dataset, Directory
from directory.licenses import find_license
from directory.model import Field

PORTAL_KEY = "portal"


def field_schema(f: Field) -> dict:
    schema = {"name": f.name, "title": f.title, "type": f.type}
    if f.description:
        schema["description"] = f.description
    constraints = {"required": True} if f.required else {}
    for key in ("enum", "minimum", "maximum", "pattern", "unique"):
        if key in f.constraints:
            constraints[key] = (
                _typed(f, f.constraints[key]) if key != "pattern" else f.constraints[key]
            )
    if constraints:
        schema["constraints"] = constraints
    return schema


def _typed(f: Field, value):
    """Constraint values in the field's own type, as the Table Schema standard wants them."""
    if isinstance(value, list):
        return [_typed(f, v) for v in value]
    if f.type in ("integer", "year") and not isinstance(value, bool):
        return int(value)
    if f.type == "number" and not isinstance(value, bool):
        return float(value)
    return value


def resource_descriptor(entry: Dataset, name: str, path: str, written: dict) -> dict:
    schema: dict = {
        "fields": [field_schema(f) for f in entry.published_fields],
        "missingValues": [""],
    }
    if entry.primary_key:
        schema["primaryKey"] = list(entry.primary_key)
    return {
        "name": name,
        "title": entry.title,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": written["bytes"],
        "hash": f"sha256:{written['sha256']}",
        "schema": schema,
    }


def package_descriptor(entry: Dataset, directory: Directory, resources: list[dict]) -> dict:
    """Everything of the package that its content hash covers (no version, no timestamp)."""
    department = directory.department(entry.department)
    area = directory.area(entry.area)
    lic = find_license(entry.license)
    descriptor = {
        "name": entry.id,
        "title": entry.title,
        "description": entry.summary,
        "keywords": list(entry.keywords),
        "licenses": [
            {"name": lic.id, "title": lic.title, **({"path": lic.url} if lic.url else {})}
        ],
        "contributors": [{"title": department.name, "role": "publisher"}],
        "resources": resources,
        PORTAL_KEY: {
            "code": entry.code,
            "title_en": entry.title_en,
            "department": {"id": department.id, "name": department.name},
            "area": {"id": area.id, "name": area.name},
            "open": entry.open,
            "reason": entry.reason,
            "update": entry.update,
            "published": entry.published,
            "source_kind": entry.source.kind if entry.source else "",
        },
    }
    return descriptor


def content_hash(descriptor: dict) -> str:
    canonical = json.dumps(descriptor, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
