"""Which harvester handles which source kind."""

from collections.abc import Callable

from directory import Dataset
from harvesters.errors import HarvestError, UnknownSourceKindError
from harvesters.files import harvest_file
from harvesters.table import RawTable

HARVESTERS: dict[str, Callable[[Dataset], list[RawTable]]] = {
    "file": harvest_file,
}


def harvest(entry: Dataset) -> list[RawTable]:
    """Pull the raw tables of one directory entry from its source."""
    if entry.source is None:
        raise HarvestError(entry.id, "has no source")
    try:
        harvester = HARVESTERS[entry.source.kind]
    except KeyError:
        raise UnknownSourceKindError(
            entry.id, f"no harvester for source kind {entry.source.kind!r}"
        ) from None
    return harvester(entry)
