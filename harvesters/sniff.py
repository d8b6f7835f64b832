"""Tell what a downloaded body is before it is handed on: an HTML login page is not a CSV.

Checks the declared or guessed format against the first bytes (and the Content-Type), and caps
an XLSX by the unpacked size its zip directory declares (a zip bomb is refused unopened).
"""

import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from harvesters.errors import HarvestError, SourceContentError, SourceTooLargeError
from harvesters.files import FORMATS_BY_SUFFIX

FORMATS = ("csv", "xlsx", "xls", "json")
FORMATS_BY_TYPE = {
    "text/csv": "csv",
    "application/csv": "csv",
    "text/tab-separated-values": "csv",
    "application/json": "json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")
MAX_ZIP_MEMBERS = 10_000


def choose_format(dataset_id: str, declared, url: str, content_type: str) -> str:
    """The declared format, else the address's extension, else the Content-Type."""
    if declared:
        return str(declared).lower()
    suffix = Path(urlsplit(url).path).suffix.lower()
    if suffix in FORMATS_BY_SUFFIX:
        return FORMATS_BY_SUFFIX[suffix]
    media = content_type.split(";")[0].strip().lower()
    if media in FORMATS_BY_TYPE:
        return FORMATS_BY_TYPE[media]
    raise HarvestError(
        dataset_id, f"cannot tell the format of {url} (type {media or 'none'}): declare format"
    )


def check_body(
    dataset_id: str, origin: str, path: Path, fmt: str, content_type: str, max_bytes: int
) -> None:
    with path.open("rb") as handle:
        head = handle.read(2048)
    if not head:
        raise SourceContentError(dataset_id, f"{origin} sent an empty body")
    start = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    media = content_type.split(";")[0].strip().lower()
    if media in HTML_TYPES or start.startswith(HTML_MARKERS):
        raise SourceContentError(
            dataset_id,
            f"{origin} answered with an HTML page (a login or error page?), not {fmt.upper()}",
        )
    if fmt == "xlsx":
        _check_xlsx(dataset_id, origin, path, head, max_bytes)
    elif fmt == "json" and start[:1] not in (b"{", b"["):
        raise SourceContentError(dataset_id, f"{origin} is not JSON (it starts with {head[:20]!r})")
    elif fmt == "csv" and b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceContentError(dataset_id, f"{origin} holds binary data, not CSV text")


def _check_xlsx(dataset_id: str, origin: str, path: Path, head: bytes, max_bytes: int) -> None:
    if not head.startswith(b"PK\x03\x04"):
        raise SourceContentError(dataset_id, f"{origin} is not an XLSX file (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as problem:
        raise SourceContentError(dataset_id, f"{origin} is a damaged XLSX: {problem}") from None
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > max_bytes:
        raise SourceTooLargeError(
            dataset_id,
            f"{origin} unpacks to {unpacked:,} bytes in {len(members):,} parts, "
            f"more than max_bytes ({max_bytes:,})",
        )
