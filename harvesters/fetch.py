"""Download one address into a local file: guarded, bounded in bytes and time, retried, conditional.

The network part is small: `_attempt` makes one request (following redirects by hand so each hop
is checked) and streams the body; everything around it decides what a response means.
"""

import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

from harvesters.errors import (
    AddressRefusedError,
    HarvestError,
    SourceContentError,
    SourceNotFoundError,
    SourceTooLargeError,
    SourceUnavailableError,
)
from harvesters.guard import AddressPolicy, AddressRefused, GuardedAdapter, check_url

CHUNK = 64 * 1024
MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "provincial-open-data-portal-harvester/0.1"


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_seconds: float = 600.0  # the whole download, however slowly the bytes trickle
    max_bytes: int = 200 * 1024 * 1024  # the unpacked body
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubled each time

    @classmethod
    def from_settings(cls, settings) -> "FetchLimits":
        defaults = cls()
        keys = ("connect_timeout", "read_timeout", "max_seconds", "max_bytes", "retries", "backoff")
        return cls(**{k: settings.get(k, getattr(defaults, k)) for k in keys})


@dataclass
class Fetched:
    url: str  # after redirects
    not_modified: bool = False
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    bytes: int = 0
    attempts: int = 1


class _Transient(Exception):  # noqa: N818 - worth retrying: timeouts, resets, 5xx, truncation
    pass


def open_session(policy: AddressPolicy, max_bytes: int | None = None) -> requests.Session:
    """A session for one source: guarded connections, no proxies from the environment; with
    `max_bytes`, answers that a client reads whole are cut off past that size."""
    session = requests.Session()
    session.trust_env = False  # a proxy from the environment would hide the real peer address
    adapter = GuardedAdapter(policy, max_bytes)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
    return session


def fetch(
    dataset_id: str,
    url: str,
    target: Path,
    limits: FetchLimits,
    policy: AddressPolicy,
    validators: dict | None = None,
    session: requests.Session | None = None,
) -> Fetched:
    """Download `url` into `target`; retries transient failures with backoff, then raises."""
    own = session is None
    session = session or open_session(policy)
    try:
        for attempt in range(limits.retries + 1):
            try:
                fetched = _attempt(dataset_id, session, url, target, limits, validators or {})
                fetched.attempts = attempt + 1
                return fetched
            except _Transient as problem:
                if attempt == limits.retries:
                    raise SourceUnavailableError(
                        dataset_id, f"{url}: {problem} (after {attempt + 1} attempt(s))"
                    ) from None
                time.sleep(limits.backoff * 2**attempt)
    finally:
        if own:
            session.close()
    raise AssertionError("unreachable")


def _attempt(dataset_id, session, url, target, limits, validators) -> Fetched:
    headers = {}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    final_url, response = _request(dataset_id, session, url, headers, limits)
    with response:
        status = response.status_code
        if status == 304 and headers:
            return Fetched(final_url, not_modified=True)
        if status in (404, 410):
            raise SourceNotFoundError(dataset_id, f"{final_url} answered HTTP {status}: not found")
        if status == 429 or status >= 500:
            raise _Transient(f"{final_url} answered HTTP {status}")
        if status != 200:
            raise HarvestError(dataset_id, f"{final_url} answered HTTP {status}, expected 200")
        size = _stream_body(dataset_id, final_url, response, target, limits)
        return Fetched(
            final_url,
            content_type=response.headers.get("Content-Type", ""),
            etag=response.headers.get("ETag", ""),
            last_modified=response.headers.get("Last-Modified", ""),
            bytes=size,
        )


def _request(dataset_id, session, url, headers, limits):
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            check_url(url)
        except ValueError as problem:
            raise HarvestError(dataset_id, str(problem)) from None
        try:
            response = session.get(
                url,
                headers=headers,
                stream=True,
                allow_redirects=False,
                timeout=(limits.connect_timeout, limits.read_timeout),
            )
        except AddressRefused as refused:
            raise AddressRefusedError(dataset_id, f"{url}: {refused}") from None
        except requests.Timeout:
            raise _Transient("timed out") from None
        except requests.ConnectionError as problem:
            raise _Transient(f"cannot connect ({_reason(problem)})") from None
        except requests.RequestException as problem:
            raise HarvestError(dataset_id, f"{url}: {_reason(problem)}") from None
        if response.status_code in REDIRECTS and response.headers.get("Location"):
            response.close()
            url = urljoin(url, response.headers["Location"])
            continue
        return url, response
    raise HarvestError(dataset_id, f"{url}: more than {MAX_REDIRECTS} redirects")


def _stream_body(dataset_id, url, response, target: Path, limits: FetchLimits) -> int:
    decoder = _Decoder(dataset_id, url, response.headers.get("Content-Encoding", ""))
    declared = response.headers.get("Content-Length")
    deadline = time.monotonic() + limits.max_seconds
    received = written = 0
    with target.open("wb") as out:
        while True:
            try:
                data = response.raw.read(CHUNK, decode_content=False)
            except Exception as problem:  # urllib3 raises several kinds on a cut or slow body
                raise _Transient(f"the body broke off ({_reason(problem)})") from None
            if not data:
                break
            received += len(data)
            for piece in decoder.feed(data):
                written += len(piece)
                if written > limits.max_bytes:
                    raise SourceTooLargeError(
                        dataset_id, f"{url} is larger than max_bytes ({limits.max_bytes:,} bytes)"
                    )
                out.write(piece)
            if time.monotonic() > deadline:
                raise _Transient(f"the download took longer than {limits.max_seconds:g}s")
        for piece in decoder.finish():
            written += len(piece)
            out.write(piece)
    if declared and declared.isdigit() and received < int(declared):
        raise _Transient(f"the body broke off after {received:,} of {int(declared):,} bytes")
    if written > limits.max_bytes:
        raise SourceTooLargeError(dataset_id, f"{url} is larger than max_bytes")
    return written


class _Decoder:
    """Unpacks gzip/deflate in bounded pieces, so a small bomb never fills memory."""

    def __init__(self, dataset_id: str, url: str, encoding: str):
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._inflater = None
        elif encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise SourceContentError(dataset_id, f"{url}: unsupported Content-Encoding {encoding}")
        self._where = f"{url}"
        self._dataset_id = dataset_id

    def feed(self, data: bytes):
        if self._inflater is None:
            yield data
            return
        try:
            piece = self._inflater.decompress(data, CHUNK)
            yield piece
            while self._inflater.unconsumed_tail:
                yield self._inflater.decompress(self._inflater.unconsumed_tail, CHUNK)
        except zlib.error as problem:
            raise SourceContentError(
                self._dataset_id, f"{self._where}: the compressed body is damaged ({problem})"
            ) from None

    def finish(self):
        if self._inflater is not None:
            yield self._inflater.flush(CHUNK)


def _reason(problem: Exception) -> str:
    """The innermost cause in one line, without the stack of wrappers urllib3 adds."""
    while problem.__context__ is not None and problem.args and "Max retries" in str(problem):
        problem = problem.__context__
    text = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
    return text[:300]
