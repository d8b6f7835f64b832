"""Source kind `ckan`: one dataset of another CKAN portal (a city's or county's), through ckanapi.

The remote portal's answers are untrusted: the API calls and the resource download both go
through the address guard (a resource link pointing into our network is refused), both are
bounded in bytes and time, and nothing remote becomes a path: the download is written under our
own dataset id. A dataset deleted at the remote portal is reported as withdrawn.
"""

from urllib.parse import urljoin

import ckanapi
import requests

from directory import Dataset
from harvesters.context import HarvestContext
from harvesters.errors import (
    AddressRefusedError,
    HarvestError,
    SourceNotFoundError,
    SourceTooLargeError,
    SourceUnavailableError,
    SourceUnchanged,
    SourceWithdrawnError,
)
from harvesters.fetch import USER_AGENT, FetchLimits, fetch, open_session
from harvesters.guard import AddressRefused, BodyTooLarge
from harvesters.http import FORMAT_OPTIONS, source_policy
from harvesters.sniff import FORMATS, check_body, choose_format
from harvesters.table import RawTable

API_MAX_BYTES = 20 * 1024 * 1024


def harvest_ckan(entry: Dataset, context: HarvestContext) -> list[RawTable]:
    source = entry.source
    limits = FetchLimits.from_settings(source.settings)
    policy = source_policy(source, context)
    package = remote_package(entry.id, source.settings, limits, policy)
    resource = pick_resource(entry.id, package, source.get("resource"))
    url = urljoin(str(source.get("url")).rstrip("/") + "/", str(resource.get("url") or ""))
    state = context.recall(entry.id)
    validators = state if state.get("url") == url else {}
    target = context.work_file(f"{entry.id}.download")
    fetched = fetch(entry.id, url, target, limits, policy, validators)
    if fetched.not_modified:
        raise SourceUnchanged(entry.id, f"{url} not modified since the last harvest (HTTP 304)")
    declared = source.get("format") or _known_format(resource.get("format"))
    fmt = choose_format(entry.id, declared, fetched.url, fetched.content_type)
    check_body(entry.id, url, target, fmt, fetched.content_type, limits.max_bytes)
    context.remember(
        entry.id, {"url": url, "etag": fetched.etag, "last_modified": fetched.last_modified}
    )
    options = {k: source.get(k) for k in FORMAT_OPTIONS if source.get(k) is not None}
    return [RawTable(entry.id, url, fmt, target, options)]


def remote_package(dataset_id: str, settings: dict, limits: FetchLimits, policy) -> dict:
    """package_show on the remote portal; a deleted dataset raises SourceWithdrawnError."""
    name = str(settings.get("dataset"))
    address = str(settings.get("url")).rstrip("/")
    timeouts = {"timeout": (limits.connect_timeout, limits.read_timeout)}
    session = open_session(policy, max_bytes=min(limits.max_bytes, API_MAX_BYTES))
    remote = ckanapi.RemoteCKAN(address, user_agent=USER_AGENT, get_only=True, session=session)
    try:
        with remote:
            package = remote.call_action("package_show", {"id": name}, requests_kwargs=timeouts)
    except ckanapi.NotFound:
        raise SourceWithdrawnError(
            dataset_id, f"{address} no longer has dataset {name!r} (deleted or withdrawn there)"
        ) from None
    except AddressRefused as refused:
        raise AddressRefusedError(dataset_id, f"{address}: {refused}") from None
    except BodyTooLarge as problem:
        raise SourceTooLargeError(dataset_id, f"{address} package_show: {problem}") from None
    except (requests.ConnectionError, requests.Timeout) as problem:
        reason = str(problem).splitlines()[0][:200] if str(problem) else type(problem).__name__
        raise SourceUnavailableError(dataset_id, f"{address}: cannot reach it ({reason})") from None
    except (ckanapi.CKANAPIError, ValueError) as problem:
        message = f"{address} package_show failed: {str(problem)[:300]}"
        raise HarvestError(dataset_id, message) from None
    if not isinstance(package, dict):
        raise HarvestError(dataset_id, f"{address} package_show did not answer a dataset")
    if package.get("state", "active") != "active":
        raise SourceWithdrawnError(
            dataset_id, f"{address} dataset {name!r} is {str(package.get('state'))[:20]} there"
        )
    return package


def pick_resource(dataset_id: str, package: dict, wanted) -> dict:
    """The resource named (by id or name), else the first in a format we read."""
    resources = [r for r in package.get("resources") or [] if isinstance(r, dict)]
    if wanted:
        for resource in resources:
            if str(wanted) in (resource.get("id"), resource.get("name")):
                return resource
        raise SourceNotFoundError(dataset_id, f"the remote dataset has no resource {wanted!r}")
    for resource in resources:
        if _known_format(resource.get("format")):
            return resource
    raise SourceNotFoundError(dataset_id, "the remote dataset has no CSV, XLSX or JSON resource")


def _known_format(value) -> str | None:
    fmt = str(value or "").strip().lower()
    return fmt if fmt in FORMATS else None
