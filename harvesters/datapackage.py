"""Source kind `datapackage`: one resource of a Frictionless data package at an http(s) address.

The descriptor and the data file both go through the guarded, bounded download. A resource path
is resolved against the descriptor's address and must stay a plain relative path (no `..`, no
absolute path), as the Data Package spec requires; inline `data` is written to a JSON file.
"""

import json
from dataclasses import replace
from urllib.parse import urljoin

from datapackages.decode import is_text_encoding
from directory import Dataset
from harvesters.context import HarvestContext
from harvesters.errors import HarvestError, SourceContentError, SourceNotFoundError, SourceUnchanged
from harvesters.fetch import FetchLimits, fetch
from harvesters.http import FORMAT_OPTIONS, source_policy
from harvesters.sniff import FORMATS, check_body, choose_format
from harvesters.table import RawTable

DESCRIPTOR_MAX_BYTES = 5 * 1024 * 1024


def harvest_datapackage(entry: Dataset, context: HarvestContext) -> list[RawTable]:
    source = entry.source
    limits = FetchLimits.from_settings(source.settings)
    policy = source_policy(source, context)
    address = str(source.get("url"))
    descriptor_file = context.work_file(f"{entry.id}.datapackage.json")
    small = replace(limits, max_bytes=min(limits.max_bytes, DESCRIPTOR_MAX_BYTES))
    fetched = fetch(entry.id, address, descriptor_file, small, policy)
    descriptor = _descriptor(entry.id, address, descriptor_file.read_bytes())
    resource = pick_resource(entry.id, descriptor, source.get("resource"))
    options = _options(source, resource)
    if "data" in resource and "path" not in resource:
        return [_inline(entry.id, context, address, resource, options)]
    url = urljoin(fetched.url, _relative_path(entry.id, resource.get("path")))
    state = context.recall(entry.id)
    validators = state if state.get("url") == url else {}
    target = context.work_file(f"{entry.id}.download")
    data = fetch(entry.id, url, target, limits, policy, validators)
    if data.not_modified:
        raise SourceUnchanged(entry.id, f"{url} not modified since the last harvest (HTTP 304)")
    declared = source.get("format") or _format(resource)
    fmt = choose_format(entry.id, declared, data.url, data.content_type)
    check_body(entry.id, url, target, fmt, data.content_type, limits.max_bytes)
    context.remember(entry.id, {"url": url, "etag": data.etag, "last_modified": data.last_modified})
    return [RawTable(entry.id, url, fmt, target, options)]


def _descriptor(dataset_id: str, address: str, body: bytes) -> dict:
    try:
        descriptor = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise SourceContentError(
            dataset_id, f"{address} is not a JSON descriptor ({problem})"
        ) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise SourceContentError(dataset_id, f"{address} has no list of resources")
    return descriptor


def pick_resource(dataset_id: str, descriptor: dict, wanted) -> dict:
    """The resource named, else the first tabular one (a path or inline data in a known format)."""
    resources = [r for r in descriptor["resources"] if isinstance(r, dict)]
    if wanted:
        for resource in resources:
            if resource.get("name") == wanted:
                return resource
        raise SourceNotFoundError(dataset_id, f"the data package has no resource {wanted!r}")
    for resource in resources:
        if resource.get("profile") == "tabular-data-resource" or _format(resource):
            return resource
    raise SourceNotFoundError(dataset_id, "the data package has no CSV, XLSX or JSON resource")


def _relative_path(dataset_id: str, path) -> str:
    if isinstance(path, list):
        if len(path) != 1:
            raise HarvestError(dataset_id, "resources split over several files are not supported")
        path = path[0]
    if not isinstance(path, str) or not path.strip():
        raise SourceContentError(dataset_id, "the resource has no path")
    if path.startswith(("http://", "https://")):
        return path  # a full address: the guard checks it like any other
    parts = path.replace("\\", "/").split("/")
    if path.startswith("/") or ".." in parts or ":" in parts[0]:
        raise SourceContentError(
            dataset_id, f"resource path {path[:100]!r} is not a plain relative path"
        )
    return path


def _format(resource: dict) -> str | None:
    fmt = str(resource.get("format") or "").lower()
    if fmt in FORMATS:
        return fmt
    path = resource.get("path")
    path = path[0] if isinstance(path, list) and path else path
    if isinstance(path, str):
        suffix = path.rsplit(".", 1)[-1].lower()
        return suffix if suffix in FORMATS else None
    return "json" if isinstance(resource.get("data"), list) else None


def _options(source, resource: dict) -> dict:
    options = {k: source.get(k) for k in FORMAT_OPTIONS if source.get(k) is not None}
    dialect = resource.get("dialect") if isinstance(resource.get("dialect"), dict) else {}
    delimiter = dialect.get("delimiter")
    if "delimiter" not in options and isinstance(delimiter, str) and len(delimiter) == 1:
        options["delimiter"] = delimiter
    encoding = resource.get("encoding")
    # A remote descriptor's encoding is a hint: an unknown or non-text codec is detected instead.
    if "encoding" not in options and isinstance(encoding, str) and is_text_encoding(encoding):
        options["encoding"] = encoding
    return options


def _inline(dataset_id, context, address: str, resource: dict, options: dict) -> RawTable:
    data = resource["data"]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise SourceContentError(dataset_id, "inline data must be a list of objects")
    target = context.work_file(f"{dataset_id}.json")
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return RawTable(dataset_id, f"{address} (inline data)", "json", target, {"encoding": "utf-8"})
