"""Harvesters: turn a directory entry into raw tables, one module per kind of source."""

from harvesters.errors import HarvestError, SourceNotFoundError, UnknownSourceKindError
from harvesters.registry import harvest
from harvesters.table import RawTable

__all__ = ["HarvestError", "RawTable", "SourceNotFoundError", "UnknownSourceKindError", "harvest"]
