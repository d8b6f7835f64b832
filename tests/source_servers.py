"""Real source servers on loopback for harvester tests, and a small harvesting site around them.

`SourceServer` is a ThreadingHTTPServer on a free 127.0.0.1 port whose answers per path are
plain functions the test swaps between runs (a good CSV, a 500, a slow or truncated body...).
"""

import csv
import gzip
import io
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from helpers import (
    BASE_AREAS,
    BASE_DEPARTMENTS,
    HOSPITAL_HEADER,
    dataset_entry,
    hospital_rows,
    serve,
    write_csv,
)

from datapackages import PackageStore
from directory import Directory, load_directory
from portal.db import Database
from portal.jobs import ItemOutcome, prepare_catalogue, run_harvest
from portal.models import HarvestItemRow

Responder = Callable[[BaseHTTPRequestHandler], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        path = self.path.split("?")[0]
        self.server.hits[path] += 1
        self.server.requests.append((self.path, dict(self.headers)))
        responder = self.server.routes.get(path)
        if responder is None:
            send(self, 404, b"not found", "text/plain")
        else:
            responder(self)

    def log_message(self, *args) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # a client that hangs up on a slow answer is what the fault tests do on purpose


class SourceServer:
    def __init__(self) -> None:
        self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.routes = {}
        self.httpd.hits = Counter()
        self.httpd.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"

    @property
    def routes(self) -> dict[str, Responder]:
        return self.httpd.routes

    @property
    def hits(self) -> Counter:
        return self.httpd.hits

    @property
    def requests(self) -> list:
        return self.httpd.requests

    def __enter__(self) -> "SourceServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send(handler, status: int, body: bytes, content_type: str, **headers: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def static_file(body: bytes, content_type: str = "text/csv; charset=utf-8", etag: str = ""):
    """Answers 200 with the body, or 304 when the client sends the current ETag."""

    def respond(handler) -> None:
        if etag and handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        send(handler, 200, body, content_type, **({"ETag": etag} if etag else {}))

    return respond


def status(code: int, body: bytes = b"server error") -> Responder:
    return lambda handler: send(handler, code, body, "text/plain")


def slow(seconds: float, body: bytes) -> Responder:
    def respond(handler) -> None:
        time.sleep(seconds)
        send(handler, 200, body, "text/csv")

    return respond


def truncated(body: bytes, claimed_extra: int = 1000) -> Responder:
    def respond(handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/csv")
        handler.send_header("Content-Length", str(len(body) + claimed_extra))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    return respond


def dropped(handler) -> None:
    """Accepts the request and hangs up without an answer."""
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


def gzipped(body: bytes) -> Responder:
    packed = gzip.compress(body)
    return lambda handler: send(handler, 200, packed, "text/csv", Content_Encoding="gzip")


def redirect(location: str) -> Responder:
    def respond(handler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


def closed_port() -> int:
    """A loopback port nothing listens on: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class HarvestSite:
    """A directory, a package store and a catalogue DB in one folder, harvested in-process."""

    folder: Path
    store: PackageStore
    database: Database
    directory_entries: list[dict] = field(default_factory=list)  # as last written

    def write_directory(self, datasets: list[dict], allow_private=("127.0.0.1",)) -> Directory:
        self.directory_entries = list(datasets)
        doc = {"areas": BASE_AREAS, "departments": BASE_DEPARTMENTS, "datasets": datasets}
        if allow_private:
            doc["allow_private"] = list(allow_private)
        path = self.folder / "catalogue.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
        return load_directory(path)

    def harvest(self, directory: Directory, dataset_id: str) -> ItemOutcome:
        prepare_catalogue(self.database, self.store, directory)
        summary = run_harvest(
            self.database, self.store, directory, [directory.dataset(dataset_id)], "test"
        )
        return summary.items[0]

    def recorded(self, dataset_id: str) -> list[HarvestItemRow]:
        from sqlalchemy import select

        with self.database.session() as session:
            query = select(HarvestItemRow).where(HarvestItemRow.dataset_id == dataset_id)
            return list(session.scalars(query.order_by(HarvestItemRow.id)))


def make_site(folder: Path, database_url: str = "") -> HarvestSite:
    url = database_url or f"sqlite:///{folder / 'portal.db'}"
    database = Database(url)
    database.create_schema()
    return HarvestSite(folder, PackageStore(folder / "var" / "packages"), database)


CITY_HEADER = HOSPITAL_HEADER


@contextmanager
def city_portal(
    folder: Path, rows: int = 17, districts: int = 0
) -> Iterator[tuple[HarvestSite, str]]:
    """A second instance of this portal (a city's) on loopback, with a published dataset of its
    health department, `districts` more of it (district-N-clinics, 5+N rows), one of market."""
    from portal import create_app

    site = make_site(folder)
    write_csv(site.folder / "clinics.csv", CITY_HEADER, hospital_rows(rows))
    entries = [dataset_entry("harbin-clinics", "clinics.csv", title="哈尔滨市诊所名录")]
    for n in range(1, districts + 1):
        write_csv(site.folder / f"d{n}.csv", CITY_HEADER, hospital_rows(5 + n))
        entries.append(dataset_entry(f"district-{n}-clinics", f"d{n}.csv", title=f"{n}区诊所"))
    if districts:
        entries.append(dataset_entry("shops", "clinics.csv", department="market", title="商户"))
    directory = site.write_directory(entries, allow_private=())
    for entry in entries:
        assert site.harvest(directory, entry["id"]).status == "published"
    app = create_app(
        {
            "CATALOGUE": str(directory.path),
            "DATA_DIR": str(site.folder / "var"),
            "DATABASE_URL": f"sqlite:///{site.folder / 'portal.db'}",
        }
    )
    try:
        with serve(app) as url:
            yield site, url
    finally:
        site.database.dispose()
