"""Checks for the settings of remote source kinds; each problem names `datasets[id].source.<key>`.

`problem(where, message)` is the directory checker's collector, so one run reports everything.
"""

import ipaddress
import re
from collections.abc import Callable
from urllib.parse import urlsplit

Problem = Callable[[str, str], None]
TABLE_NAME = re.compile(r"^(\w{1,63}\.)?\w{1,63}$")  # optionally schema-qualified
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]{0,99}$")
LIMITS = {  # key: (type, smallest, largest)
    "connect_timeout": (float, 0.01, 300),
    "read_timeout": (float, 0.01, 3600),
    "max_seconds": (float, 0.1, 86_400),
    "max_bytes": (int, 1, 10 * 1024**3),
    "retries": (int, 0, 10),
    "backoff": (float, 0, 300),
}


def check_url(problem: Problem, where: str, settings: dict, key: str = "url") -> None:
    value = settings.get(key)
    if not isinstance(value, str) or not value.strip():
        problem(f"{where}.{key}", "is required: an http:// or https:// address")
        return
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problem(f"{where}.{key}", f"{value!r} is not an http:// or https:// address")
    elif parts.username or parts.password:
        problem(f"{where}.{key}", "must not hold a user name or password")


def check_limits(problem: Problem, where: str, settings: dict) -> None:
    for key, (kind, low, high) in LIMITS.items():
        value = settings.get(key)
        if value is None:
            continue
        number_ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not number_ok or (kind is int and not isinstance(value, int)):
            word = "a whole number" if kind is int else "a number"
            problem(f"{where}.{key}", f"must be {word} from {low} to {high}")
        elif not low <= value <= high:
            problem(f"{where}.{key}", f"{value} is outside {low} to {high}")
    allow = settings.get("allow_private")
    if allow is not None and not isinstance(allow, bool):
        problem(f"{where}.allow_private", "must be true or false")


def check_http(problem: Problem, where: str, settings: dict) -> None:
    check_url(problem, where, settings)
    check_limits(problem, where, settings)


def check_allow_list(problem: Problem, value) -> tuple[str, ...]:
    """The directory's top-level `allow_private`: host names or networks (CIDR) remote sources
    may reach although they are private, loopback or link-local."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problem("allow_private", "must be a list of host names or networks, e.g. 10.1.0.0/16")
        return ()
    for entry in value:
        if "/" in entry:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                problem("allow_private", f"{entry!r} is not a network like 10.1.0.0/16")
    return tuple(v.strip() for v in value)


def check_env_name(problem: Problem, where: str, settings: dict, key: str) -> None:
    value = settings.get(key)
    if not isinstance(value, str) or not ENV_NAME.match(value):
        problem(
            f"{where}.{key}", "is required: the name of an environment variable, e.g. HEALTH_DB"
        )


def check_sql(problem: Problem, where: str, settings: dict) -> None:
    check_env_name(problem, where, settings, "url_env")
    table, query = settings.get("table"), settings.get("query")
    if (table is None) == (query is None):
        problem(where, "needs exactly one of table or query")
    if table is not None and (not isinstance(table, str) or not TABLE_NAME.match(table)):
        problem(f"{where}.table", "must be a table name, optionally schema.table")
    if query is not None and (not isinstance(query, str) or not query.strip()):
        problem(f"{where}.query", "must be the text of one SELECT statement")
    batch = settings.get("batch_size")
    if batch is not None and (type(batch) is not int or not 1 <= batch <= 100_000):
        problem(f"{where}.batch_size", "must be a whole number from 1 to 100000")
    if "url" in settings:
        problem(f"{where}.url", "must not be written here: name an environment variable in url_env")
    check_limits(problem, where, settings)


PAGINATION = ("none", "page", "offset", "cursor")


def check_api(problem: Problem, where: str, settings: dict) -> None:
    check_url(problem, where, settings)
    check_limits(problem, where, settings)
    style = settings.get("pagination", "none")
    if style not in PAGINATION:
        problem(f"{where}.pagination", f"{style!r} is not one of {', '.join(PAGINATION)}")
    if style == "cursor" and not isinstance(settings.get("cursor_path"), str):
        problem(f"{where}.cursor_path", "is required for cursor pagination: where the next one is")
    if style == "offset" and settings.get("page_size") is None:
        problem(f"{where}.page_size", "is required for offset pagination")
    for key, low, high in (("page_size", 1, 100_000), ("max_pages", 1, 1_000_000)):
        value = settings.get(key)
        if value is not None and (type(value) is not int or not low <= value <= high):
            problem(f"{where}.{key}", f"must be a whole number from {low} to {high}")
    start = settings.get("start_page")
    if start is not None and type(start) is not int:
        problem(f"{where}.start_page", "must be a whole number")
    for key in ("records", "cursor_path", "page_param", "size_param"):
        if settings.get(key) is not None and not isinstance(settings[key], str):
            problem(f"{where}.{key}", "must be text")
    params = settings.get("params")
    if params is not None and (
        not isinstance(params, dict)
        or not all(isinstance(v, str | int | float) for v in params.values())
    ):
        problem(f"{where}.params", "must be a mapping of query parameters to text")


CKAN_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


def check_ckan(problem: Problem, where: str, settings: dict) -> None:
    check_url(problem, where, settings)
    check_limits(problem, where, settings)
    dataset, organization, words = (settings.get(k) for k in ("dataset", "organization", "q"))
    if dataset is None and organization is None and words is None:
        problem(where, "needs dataset (one remote dataset) or organization and/or q (a search)")
    elif dataset is not None and (organization is not None or words is not None):
        problem(where, "takes either dataset or a search (organization, q), not both")
    if dataset is not None and (not isinstance(dataset, str) or not dataset.strip()):
        problem(f"{where}.dataset", "must be the remote dataset's name or id")
    if organization is not None and (
        not isinstance(organization, str) or not CKAN_NAME.match(organization)
    ):
        problem(f"{where}.organization", "must be a remote organization name (a-z, 0-9, - and _)")
    if words is not None and (not isinstance(words, str) or len(words) > 500):
        problem(f"{where}.q", "must be search words (at most 500 characters)")
    resource = settings.get("resource")
    if resource is not None and (not isinstance(resource, str) or dataset is None):
        problem(f"{where}.resource", "must be the remote resource's name or id, with dataset")
    most = settings.get("max_datasets")
    if most is not None and (type(most) is not int or not 1 <= most <= 1000):
        problem(f"{where}.max_datasets", "must be a whole number from 1 to 1000")


def check_datapackage(problem: Problem, where: str, settings: dict) -> None:
    check_url(problem, where, settings)
    check_limits(problem, where, settings)
    resource = settings.get("resource")
    if resource is not None and not isinstance(resource, str):
        problem(f"{where}.resource", "must be the name of a resource in the package")


CHECKS: dict[str, Callable[[Problem, str, dict], None]] = {
    "http": check_http,
    "sql": check_sql,
    "api": check_api,
    "ckan": check_ckan,
    "datapackage": check_datapackage,
}
FILE_FORMAT_KINDS = ("http", "ckan", "datapackage")  # also take file's format settings
