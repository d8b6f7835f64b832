"""Source kind `file`: a CSV, XLSX, XLS or JSON file on the harvesting machine.

With a job's context, a file whose bytes (SHA-256) are those of the last good build, under the
same directory entry, is not read again: the harvest says "unchanged" after one hashing pass,
instead of building the whole package to find the same content hash.
"""

import hashlib
from pathlib import Path

from directory import Dataset
from harvesters.context import HarvestContext
from harvesters.errors import HarvestError, SourceNotFoundError, SourceUnchanged
from harvesters.table import RawTable

HASH_CHUNK = 4 << 20

FORMATS_BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".json": "json",
}
FORMAT_OPTIONS = ("encoding", "delimiter", "sheet", "header_row", "records", "header_rows")


def harvest_file(entry: Dataset, context: HarvestContext | None = None) -> list[RawTable]:
    source = entry.source
    path = (source.base_dir / str(source.get("path"))).resolve()
    if not path.is_file():
        raise SourceNotFoundError(entry.id, f"source file {source.get('path')} does not exist")
    if context is not None:
        _skip_if_unchanged(entry, path, context)
    return [
        RawTable(
            name=entry.id,
            origin=str(source.get("path")),
            format=file_format(entry.id, path, source.get("format")),
            path=path,
            options={k: source.get(k) for k in FORMAT_OPTIONS if source.get(k) is not None},
        )
    ]


def _skip_if_unchanged(entry: Dataset, path: Path, context: HarvestContext) -> None:
    """Raise SourceUnchanged for the bytes of the last good harvest; else remember these.

    The modification time counts too: a file rewritten after it was hashed (while the harvest
    reads it) and later put back has a newer time, so it is read again rather than trusted.
    """
    before = path.stat()
    state = {"sha256": file_sha256(path), "size": before.st_size, "mtime_ns": before.st_mtime_ns}
    after = path.stat()
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        return  # changing while hashed: build it, remember nothing
    if context.conditional and _same(context.recall(entry.id), state):
        raise SourceUnchanged(
            entry.id, f"{entry.source.get('path')} has the same content as at the last harvest"
        )
    context.remember(entry.id, state)


def _same(remembered: dict, state: dict) -> bool:
    return all(remembered.get(key) == value for key, value in state.items())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_format(dataset_id: str, path: Path, declared: str | None) -> str:
    if declared:
        fmt = str(declared).lower()
        if fmt not in set(FORMATS_BY_SUFFIX.values()):
            raise HarvestError(
                dataset_id, f"source format {declared!r} is not csv, xlsx, xls or json"
            )
        return fmt
    try:
        return FORMATS_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        raise HarvestError(
            dataset_id, f"cannot tell the format of {path.name}: declare source.format"
        ) from None
