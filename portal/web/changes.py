"""What changed between two published versions of a dataset, from their CSVs in the store.

Rows are matched by the primary key when both versions have it (so a row can be "changed"), and
by their whole content otherwise (a changed row then counts as one removed and one added). Each
row is kept as a short digest, so memory stays small for large files.
"""

import csv
import hashlib
from pathlib import Path

from datapackages import PackageStore

SAMPLE = 5


def schema_changes(old: list[dict], new: list[dict]) -> dict:
    before = {f["name"]: f for f in old}
    after = {f["name"]: f for f in new}
    return {
        "added": [after[n] for n in after if n not in before],
        "removed": [before[n] for n in before if n not in after],
        "retyped": [
            {
                "name": n,
                "title": after[n].get("title", n),
                "old": before[n]["type"],
                "new": after[n]["type"],
            }
            for n in after
            if n in before and before[n]["type"] != after[n]["type"]
        ],
    }


def _digest(values: list[str]) -> bytes:
    return hashlib.blake2b("\x1f".join(values).encode("utf-8"), digest_size=16).digest()


def _row_index(path: Path, common: list[str], key: list[str]) -> dict:
    """Row key -> digest of the common columns (key = the whole row without a primary key)."""
    index: dict = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            values = [row.get(c, "") for c in common]
            digest = _digest(values)
            index[tuple(row.get(k, "") for k in key) if key else digest] = digest
    return index


def row_changes(old_csv: Path, new_csv: Path, old: dict, new: dict) -> dict:
    old_schema, new_schema = old["resources"][0]["schema"], new["resources"][0]["schema"]
    new_names = [f["name"] for f in new_schema["fields"]]
    common = [n for n in new_names if n in {f["name"] for f in old_schema["fields"]}]
    key = new_schema.get("primaryKey") or []
    if key != (old_schema.get("primaryKey") or []) or not set(key) <= set(common):
        key = []
    before, after = _row_index(old_csv, common, key), _row_index(new_csv, common, key)
    added = [k for k in after if k not in before]
    removed = [k for k in before if k not in after]
    changed = [k for k in after if k in before and before[k] != after[k]] if key else []
    return {
        "by_key": bool(key),
        "key": key,
        "added": len(added),
        "removed": len(removed),
        "changed": len(changed),
        "sample_added": [" / ".join(k) for k in added[:SAMPLE]] if key else [],
        "sample_removed": [" / ".join(k) for k in removed[:SAMPLE]] if key else [],
        "sample_changed": [" / ".join(k) for k in changed[:SAMPLE]],
    }


def compare_versions(store: PackageStore, name: str, old: int, new: int) -> dict:
    descriptors = {n: store.read_descriptor(name, str(n)) for n in (old, new)}
    paths = {
        n: store.version_dir(name, str(n)) / descriptors[n]["resources"][0]["path"]
        for n in (old, new)
    }
    fields = {n: descriptors[n]["resources"][0]["schema"]["fields"] for n in (old, new)}
    return {
        "old": old,
        "new": new,
        "schema": schema_changes(fields[old], fields[new]),
        "rows": row_changes(paths[old], paths[new], descriptors[old], descriptors[new]),
        "old_rows": descriptors[old].get("portal", {}).get("rows"),
        "new_rows": descriptors[new].get("portal", {}).get("rows"),
    }
