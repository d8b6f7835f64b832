"""Source kind `api`: a JSON web API whose records come a page at a time.

Pagination styles: `page` (page=1,2,...), `offset` (offset=0,100,...), `cursor` (the next cursor
is read from each answer at `cursor_path`), or none (one request). Every page goes through the
same guarded, bounded, retried download as `http`; the records of all pages are written to one
JSON array in the job's work folder, bounded by `max_bytes` in total.
"""

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from directory import Dataset
from harvesters.context import HarvestContext
from harvesters.errors import HarvestError, SourceContentError, SourceTooLargeError
from harvesters.fetch import FetchLimits, fetch, open_session
from harvesters.http import source_policy
from harvesters.table import RawTable

DEFAULT_MAX_PAGES = 1000


def harvest_api(entry: Dataset, context: HarvestContext) -> list[RawTable]:
    source = entry.source
    limits = FetchLimits.from_settings(source.settings)
    pages = _Pages(entry.id, source.settings)
    target = context.work_file(f"{entry.id}.json")
    page_file = context.work_file(f"{entry.id}.page")
    written = 0
    policy = source_policy(source, context)
    with open_session(policy) as session, target.open("w", encoding="utf-8") as out:
        out.write("[")
        for number in range(1, pages.max_pages + 2):
            if number > pages.max_pages:
                raise HarvestError(entry.id, f"more than max_pages ({pages.max_pages}) pages")
            url = pages.url(number)
            fetch(entry.id, url, page_file, limits, policy, None, session)
            answer = _json_page(entry.id, url, page_file)
            records = _records(entry.id, url, answer, source.get("records") or "")
            for record in records:
                chunk = ("," if written else "") + json.dumps(record, ensure_ascii=False)
                written += len(chunk.encode("utf-8"))
                if written > limits.max_bytes:
                    raise SourceTooLargeError(
                        entry.id, f"the records are larger than max_bytes ({limits.max_bytes:,})"
                    )
                out.write(chunk)
            if not pages.advance(answer, len(records)):
                break
        out.write("]")
    return [RawTable(entry.id, str(source.get("url")), "json", target, {"encoding": "utf-8"})]


class _Pages:
    """Where the next page is, in the source's pagination style; `advance` says if there is one."""

    def __init__(self, dataset_id: str, settings: dict):
        self.dataset_id = dataset_id
        self.style = settings.get("pagination", "none")
        self.base = str(settings.get("url"))
        self.params = {str(k): str(v) for k, v in (settings.get("params") or {}).items()}
        self.size = settings.get("page_size")
        self.size_param = settings.get("size_param") or (
            "limit" if self.style == "offset" else "page_size"
        )
        self.param = settings.get("page_param") or {
            "page": "page",
            "offset": "offset",
            "cursor": "cursor",
        }.get(self.style, "")
        self.position = settings.get("start_page", 1) if self.style == "page" else 0
        self.cursor: str | None = None
        self.seen_cursors: set[str] = set()
        self.cursor_path = settings.get("cursor_path") or ""
        self.max_pages = settings.get("max_pages", DEFAULT_MAX_PAGES)

    def url(self, number: int) -> str:
        params = dict(self.params)
        if self.size and self.style != "none":
            params[self.size_param] = str(self.size)
        if self.style in ("page", "offset"):
            params[self.param] = str(self.position)
        elif self.style == "cursor" and self.cursor is not None:
            params[self.param] = self.cursor
        return _with_query(self.base, params)

    def advance(self, answer, count: int) -> bool:
        if self.style == "none" or count == 0:
            return False
        if self.style == "page":
            self.position += 1
            return not (self.size and count < self.size)
        if self.style == "offset":
            self.position += count
            return not (self.size and count < self.size)
        cursor = _at_path(answer, self.cursor_path)
        if cursor in (None, ""):
            return False
        cursor = str(cursor)[:2000]
        if cursor in self.seen_cursors:
            raise HarvestError(self.dataset_id, f"the API sent cursor {cursor!r} twice: a loop")
        self.seen_cursors.add(cursor)
        self.cursor = cursor
        return True


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _json_page(dataset_id: str, url: str, path: Path):
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise SourceContentError(dataset_id, f"{url} is not UTF-8 JSON ({problem})") from None


def _records(dataset_id: str, url: str, answer, path: str) -> list[dict]:
    records = _at_path(answer, path)
    if not isinstance(records, list):
        where = f"at {path!r}" if path else "at the top level"
        raise SourceContentError(dataset_id, f"{url}: no list of records {where}")
    for index, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise SourceContentError(dataset_id, f"{url}: record {index} is not an object")
    return records


def _at_path(doc, path: str):
    for key in filter(None, path.split(".")):
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc
