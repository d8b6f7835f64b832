"""Source kind `http`: a CSV, XLSX or JSON file at an http(s) address.

An unchanged source costs one conditional request (ETag / Last-Modified remembered per dataset).
"""

from directory import Dataset
from harvesters.context import HarvestContext
from harvesters.errors import SourceUnchanged
from harvesters.fetch import FetchLimits, fetch
from harvesters.guard import AddressPolicy
from harvesters.sniff import check_body, choose_format
from harvesters.table import RawTable

FORMAT_OPTIONS = ("encoding", "delimiter", "sheet", "header_row", "records")


def harvest_http(entry: Dataset, context: HarvestContext) -> list[RawTable]:
    source = entry.source
    url = str(source.get("url"))
    limits = FetchLimits.from_settings(source.settings)
    state = context.recall(entry.id)
    validators = state if state.get("url") == url else {}
    target = context.work_file(f"{entry.id}.download")
    fetched = fetch(entry.id, url, target, limits, source_policy(source, context), validators)
    if fetched.not_modified:
        raise SourceUnchanged(entry.id, f"{url} not modified since the last harvest (HTTP 304)")
    fmt = choose_format(entry.id, source.get("format"), fetched.url, fetched.content_type)
    check_body(entry.id, url, target, fmt, fetched.content_type, limits.max_bytes)
    context.remember(
        entry.id, {"url": url, "etag": fetched.etag, "last_modified": fetched.last_modified}
    )
    return [
        RawTable(
            name=entry.id,
            origin=url,
            format=fmt,
            path=target,
            options={k: source.get(k) for k in FORMAT_OPTIONS if source.get(k) is not None},
        )
    ]


def source_policy(source, context: HarvestContext) -> AddressPolicy:
    """The directory's allow-list, or every address when the source says allow_private: true."""
    return AddressPolicy.from_allow_list(
        context.allow_private, allow_all=source.get("allow_private") is True
    )
