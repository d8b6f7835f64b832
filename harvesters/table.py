"""What a harvester hands to the packaging step."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class RawTable:
    """Raw bytes of one table as the source sent them, not yet decoded or parsed.

    `origin` is what error messages call the source (a path or an address); `options` carries the
    directory's format settings (encoding, delimiter, sheet, header_row, records).
    """

    name: str
    origin: str
    format: str
    path: Path
    options: dict = field(default_factory=dict)
