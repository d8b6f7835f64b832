"""Draft directory entries for a remote CKAN organization or search, for the operator to review.

The directory stays the single source of what is published: this only writes the entries an
operator would otherwise type (one `ckan` source per remote dataset, fields from the remote
datastore), mapped to our department and area. Remote text is made printable and bounded, and
remote names never become our ids: an id is the operator's prefix and a hash of the remote id.
"""

import hashlib
import re

from directory.model import UPDATE_FREQUENCIES
from harvesters.ckan import RemotePortal, first_readable
from harvesters.errors import printable
from harvesters.guard import AddressPolicy

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
FIELD_TYPES = {
    "int": "integer",
    "int4": "integer",
    "int8": "integer",
    "bigint": "integer",
    "integer": "integer",
    "numeric": "number",
    "float": "number",
    "float8": "number",
    "double precision": "number",
    "date": "date",
    "timestamp": "datetime",
    "bool": "boolean",
    "boolean": "boolean",
}


def draft_entries(
    url: str,
    search: dict,
    mapping: dict,
    policy: AddressPolicy,
    max_datasets: int = 100,
) -> tuple[list[dict], list[str]]:
    """Entries for each remote dataset found by `search` ({organization, q}); `mapping` gives
    our prefix, department, area and default update. Returns the entries and what was skipped."""
    remote = RemotePortal("ckan-entries", {"url": url, "max_datasets": max_datasets}, policy)
    entries, skipped = [], []
    for package in remote.search(search.get("organization"), search.get("q")):
        name = printable(str(package.get("name", "")))[:200]
        resource = first_readable(package)
        fields = _remote_fields(remote, resource) if resource else []
        if not fields:
            skipped.append(f"{name}: no CSV, XLSX or JSON resource with datastore fields")
            continue
        entries.append(_entry(package, name, resource, fields, url, mapping))
    return entries, skipped


def _entry(package: dict, name: str, resource: dict, fields, url: str, mapping: dict) -> dict:
    digest = hashlib.sha256(str(package.get("id") or name).encode()).hexdigest()[:10]
    update = package.get("update_frequency")
    tags = [t.get("name") for t in package.get("tags") or [] if isinstance(t, dict)]
    return {
        "id": f"{mapping['prefix']}-{digest}",
        "title": _text(package.get("title") or name, 200),
        "department": mapping["department"],
        "area": mapping["area"],
        "summary": _text(package.get("notes"), 1000),
        "keywords": [_text(t, 50) for t in tags if t][:20],
        "open": "open",
        "update": update if update in UPDATE_FREQUENCIES else mapping["update"],
        "fields": fields,
        "source": {"kind": "ckan", "url": url, "dataset": name, "resource": resource.get("id")},
    }


def _remote_fields(remote: RemotePortal, resource: dict) -> list[dict]:
    if not resource.get("datastore_active"):
        return []
    answer = remote.call("datastore_search", {"resource_id": resource.get("id"), "limit": 0})
    columns = answer.get("fields") if isinstance(answer, dict) else None
    fields = []
    for column in columns if isinstance(columns, list) else []:
        remote_id = _text(column.get("id"), 63) if isinstance(column, dict) else ""
        if not remote_id or remote_id == "_id":
            continue
        info = column.get("info") if isinstance(column.get("info"), dict) else {}
        name = remote_id if FIELD_NAME.match(remote_id) else f"field_{len(fields) + 1}"
        fields.append(
            {
                "name": name,
                "title": _text(info.get("label") or remote_id, 100),
                "type": FIELD_TYPES.get(str(column.get("type")).lower(), "string"),
                "source": remote_id,
            }
        )
    return fields


def _text(value, limit: int) -> str:
    return " ".join(printable(str(value or "")).split())[:limit]
