"""Which harvester handles which source kind.

A harvester's module is imported when a source of its kind is first harvested: a run over
files alone does not load the HTTP client, the SQL parser and their dependencies.
"""

import importlib
from collections.abc import Callable

from directory import Dataset
from harvesters.context import HarvestContext
from harvesters.errors import HarvestError, UnknownSourceKindError
from harvesters.table import RawTable

Harvester = Callable[[Dataset, HarvestContext | None], list[RawTable]]
# kind: (module, function)
HARVESTERS: dict[str, tuple[str, str]] = {
    "file": ("harvesters.files", "harvest_file"),
    "http": ("harvesters.http", "harvest_http"),
    "sql": ("harvesters.sql", "harvest_sql"),
    "api": ("harvesters.api", "harvest_api"),
    "ckan": ("harvesters.ckan", "harvest_ckan"),
    "datapackage": ("harvesters.datapackage", "harvest_datapackage"),
}


def harvester_for(kind: str) -> Harvester | None:
    """The function that harvests sources of `kind`, or None for a kind nobody harvests."""
    if kind not in HARVESTERS:
        return None
    module, function = HARVESTERS[kind]
    return getattr(importlib.import_module(module), function)


def harvest(entry: Dataset, context: HarvestContext | None = None) -> list[RawTable]:
    """Pull the raw tables of one directory entry from its source.

    Remote kinds write into `context.work_dir`; without a context a fresh temporary one is used.
    May raise SourceUnchanged when the source says nothing changed since the last good version.
    """
    if entry.source is None:
        raise HarvestError(entry.id, "has no source")
    harvester = harvester_for(entry.source.kind)
    if harvester is None:
        raise UnknownSourceKindError(
            entry.id, f"no harvester for source kind {entry.source.kind!r}"
        )
    if context is None and entry.source.kind != "file":
        context = HarvestContext.temporary()
    return harvester(entry, context)
