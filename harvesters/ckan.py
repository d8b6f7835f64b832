"""Source kind `ckan`: datasets of another CKAN portal (a city's or county's), through ckanapi.

Two modes. `dataset:` reads one remote dataset's resource (with conditional requests). With
`organization:` and/or `q:` it reads every remote dataset the search finds, one resource each, as
the resources of one package: a dataset deleted at the remote portal simply drops out of the next
version. A single `dataset:` deleted remotely is reported as withdrawn.

The remote portal's answers are untrusted: the API calls and every resource download go through
the address guard (a resource link pointing into our network is refused), all are bounded in
bytes and time, and nothing remote becomes a path or a resource name (names are our dataset id and
a hash of the remote id).
"""

import hashlib
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
from harvesters.guard import AddressPolicy, AddressRefused, BodyTooLarge
from harvesters.http import FORMAT_OPTIONS, source_policy
from harvesters.sniff import FORMATS, check_body, choose_format
from harvesters.table import RawTable

API_MAX_BYTES = 20 * 1024 * 1024
SEARCH_PAGE = 100
DEFAULT_MAX_DATASETS = 100


def harvest_ckan(entry: Dataset, context: HarvestContext) -> list[RawTable]:
    source = entry.source
    remote = RemotePortal(entry.id, source.settings, source_policy(source, context))
    if source.get("dataset"):
        return [_one_dataset(entry, context, remote)]
    packages = remote.search(source.get("organization"), source.get("q"))
    tables = []
    for package in packages:
        resource = first_readable(package)
        if resource is None:
            continue  # a remote dataset without a CSV, XLSX or JSON resource has nothing for us
        part = "part-" + hashlib.sha256(str(package.get("id")).encode()).hexdigest()[:12]
        tables.append(_download(entry, context, remote, resource, part, conditional=False))
    if not tables:
        raise SourceNotFoundError(entry.id, f"{remote.address}: the search found no readable data")
    return tables


def _one_dataset(entry: Dataset, context: HarvestContext, remote: "RemotePortal") -> RawTable:
    package = remote.package(str(entry.source.get("dataset")))
    resource = pick_resource(entry.id, package, entry.source.get("resource"))
    return _download(entry, context, remote, resource, entry.id, conditional=True)


def _download(entry, context, remote, resource: dict, name: str, conditional: bool) -> RawTable:
    source = entry.source
    url = urljoin(remote.address + "/", str(resource.get("url") or ""))
    state = context.recall(entry.id) if conditional else {}
    validators = state if state.get("url") == url else {}
    target = context.work_file(f"{name}.download")
    fetched = fetch(entry.id, url, target, remote.limits, remote.policy, validators)
    if fetched.not_modified:
        raise SourceUnchanged(entry.id, f"{url} not modified since the last harvest (HTTP 304)")
    declared = source.get("format") or _known_format(resource.get("format"))
    fmt = choose_format(entry.id, declared, fetched.url, fetched.content_type)
    check_body(entry.id, url, target, fmt, fetched.content_type, remote.limits.max_bytes)
    if conditional:
        state = {"url": url, "etag": fetched.etag, "last_modified": fetched.last_modified}
        context.remember(entry.id, state)
    options = {k: source.get(k) for k in FORMAT_OPTIONS if source.get(k) is not None}
    return RawTable(name, url, fmt, target, options)


class RemotePortal:
    """The remote portal's action API through ckanapi, guarded, bounded and with our timeouts."""

    def __init__(self, dataset_id: str, settings: dict, policy: AddressPolicy):
        self.dataset_id = dataset_id
        self.address = str(settings.get("url")).rstrip("/")
        self.limits = FetchLimits.from_settings(settings)
        self.policy = policy
        self.max_datasets = int(settings.get("max_datasets") or DEFAULT_MAX_DATASETS)

    def package(self, name: str) -> dict:
        """package_show; a deleted or withdrawn dataset raises SourceWithdrawnError."""
        try:
            package = self.call("package_show", {"id": name})
        except ckanapi.NotFound:
            raise SourceWithdrawnError(
                self.dataset_id,
                f"{self.address} no longer has dataset {name!r} (deleted or withdrawn there)",
            ) from None
        if not isinstance(package, dict):
            raise HarvestError(self.dataset_id, f"{self.address} package_show gave no dataset")
        if package.get("state", "active") != "active":
            state = str(package.get("state"))[:20]
            raise SourceWithdrawnError(
                self.dataset_id, f"{self.address} dataset {name!r} is {state} there"
            )
        return package

    def search(self, organization, words) -> list[dict]:
        """Every active dataset of the organization and/or matching the words, by name."""
        query = {"rows": SEARCH_PAGE, "sort": "name asc"}
        if organization:
            query["fq"] = f'organization:"{organization}"'
        if words:
            query["q"] = str(words)
        found: list[dict] = []
        while True:
            page = self.call("package_search", {**query, "start": len(found)})
            results = page.get("results") if isinstance(page, dict) else None
            if not isinstance(results, list):
                raise HarvestError(self.dataset_id, f"{self.address} package_search gave no list")
            found += [p for p in results if isinstance(p, dict)]
            if len(found) > self.max_datasets:
                raise HarvestError(
                    self.dataset_id,
                    f"{self.address}: the search finds more than max_datasets "
                    f"({self.max_datasets}) datasets",
                )
            if not results or len(found) >= int(page.get("count") or 0):
                break
        return [p for p in found if p.get("state", "active") == "active"]

    def call(self, action: str, data: dict):
        timeouts = {"timeout": (self.limits.connect_timeout, self.limits.read_timeout)}
        session = open_session(self.policy, max_bytes=min(self.limits.max_bytes, API_MAX_BYTES))
        remote = ckanapi.RemoteCKAN(
            self.address, user_agent=USER_AGENT, get_only=True, session=session
        )
        try:
            with remote:
                return remote.call_action(action, data, requests_kwargs=timeouts)
        except ckanapi.NotFound:
            raise
        except AddressRefused as refused:
            raise AddressRefusedError(self.dataset_id, f"{self.address}: {refused}") from None
        except BodyTooLarge as problem:
            raise SourceTooLargeError(
                self.dataset_id, f"{self.address} {action}: {problem}"
            ) from None
        except (requests.ConnectionError, requests.Timeout) as problem:
            reason = str(problem).splitlines()[0][:200] if str(problem) else type(problem).__name__
            raise SourceUnavailableError(
                self.dataset_id, f"{self.address}: cannot reach it ({reason})"
            ) from None
        except (ckanapi.CKANAPIError, ValueError) as problem:
            message = f"{self.address} {action} failed: {str(problem)[:300]}"
            raise HarvestError(self.dataset_id, message) from None


def pick_resource(dataset_id: str, package: dict, wanted) -> dict:
    """The resource named (by id or name), else the first in a format we read."""
    if wanted:
        for resource in _resources(package):
            if str(wanted) in (resource.get("id"), resource.get("name")):
                return resource
        raise SourceNotFoundError(dataset_id, f"the remote dataset has no resource {wanted!r}")
    resource = first_readable(package)
    if resource is None:
        raise SourceNotFoundError(
            dataset_id, "the remote dataset has no CSV, XLSX or JSON resource"
        )
    return resource


def _resources(package: dict) -> list[dict]:
    resources = package.get("resources")
    return [r for r in resources if isinstance(r, dict)] if isinstance(resources, list) else []


def first_readable(package: dict) -> dict | None:
    return next((r for r in _resources(package) if _known_format(r.get("format"))), None)


def _known_format(value) -> str | None:
    fmt = str(value or "").strip().lower()
    return fmt if fmt in FORMATS else None
