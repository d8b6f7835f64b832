"""Source kind `file`: a CSV, XLSX, XLS or JSON file on the harvesting machine."""

from pathlib import Path

from directory import Dataset
from harvesters.errors import HarvestError, SourceNotFoundError
from harvesters.table import RawTable

FORMATS_BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".json": "json",
}
FORMAT_OPTIONS = ("encoding", "delimiter", "sheet", "header_row", "records", "header_rows")


def harvest_file(entry: Dataset) -> list[RawTable]:
    source = entry.source
    path = (source.base_dir / str(source.get("path"))).resolve()
    if not path.is_file():
        raise SourceNotFoundError(entry.id, f"source file {source.get('path')} does not exist")
    return [
        RawTable(
            name=entry.id,
            origin=str(source.get("path")),
            format=file_format(entry.id, path, source.get("format")),
            path=path,
            options={k: source.get(k) for k in FORMAT_OPTIONS if source.get(k) is not None},
        )
    ]


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
