"""Which harvester handles which source kind."""

from collections.abc import Callable

from directory import Dataset
from harvesters.api import harvest_api
from harvesters.ckan import harvest_ckan
from harvesters.context import HarvestContext
from harvesters.datapackage import harvest_datapackage
from harvesters.errors import HarvestError, UnknownSourceKindError
from harvesters.files import harvest_file
from harvesters.http import harvest_http
from harvesters.sql import harvest_sql
from harvesters.table import RawTable

HARVESTERS: dict[str, Callable[[Dataset, HarvestContext | None], list[RawTable]]] = {
    "file": harvest_file,
    "http": harvest_http,
    "sql": harvest_sql,
    "api": harvest_api,
    "ckan": harvest_ckan,
    "datapackage": harvest_datapackage,
}


def harvest(entry: Dataset, context: HarvestContext | None = None) -> list[RawTable]:
    """Pull the raw tables of one directory entry from its source.

    Remote kinds write into `context.work_dir`; without a context a fresh temporary one is used.
    May raise SourceUnchanged when the source says nothing changed since the last good version.
    """
    if entry.source is None:
        raise HarvestError(entry.id, "has no source")
    try:
        harvester = HARVESTERS[entry.source.kind]
    except KeyError:
        raise UnknownSourceKindError(
            entry.id, f"no harvester for source kind {entry.source.kind!r}"
        ) from None
    if context is None and entry.source.kind != "file":
        context = HarvestContext.temporary()
    return harvester(entry, context)
