"""Accept a query string sent as raw UTF-8 (curl 'http://…?q=医院'), as well as percent-encoded.

Browsers always percent-encode; command-line users often do not. WSGI servers hand raw bytes over
as a Latin-1 string (PEP 3333; Werkzeug's development server adds one more UTF-8 round on top),
and the app would see mojibake (å»é¢) and find nothing. Percent-encoding the raw bytes first
gives both spellings the same meaning.
"""

from collections.abc import Callable, Iterable


class RawUtf8Query:
    def __init__(self, app: Callable):
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "")
        if query and not query.isascii():
            raw = _raw_bytes(query)
            if raw is not None:
                environ["QUERY_STRING"] = "".join(chr(b) if b < 0x80 else f"%{b:02X}" for b in raw)
        return self.app(environ, start_response)


def _raw_bytes(query: str) -> bytes | None:
    try:
        raw = query.encode("latin-1")
    except UnicodeEncodeError:
        return None  # not a WSGI string: leave it as the server gave it
    try:  # undo the development server's extra round, when there was one
        inner = raw.decode("utf-8").encode("latin-1")
        inner.decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return raw
    return inner
