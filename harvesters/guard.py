"""The address guard: remote sources may only reach public addresses unless allow-listed.

The check runs on the socket's peer address right after each connection is made, so it holds
after DNS resolution and after every redirect (each hop opens its own checked connection), and a
name that resolves differently between a check and the connect cannot slip through.
"""

import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class AddressRefused(Exception):  # noqa: N818 - turned into AddressRefusedError with the dataset
    """Raised inside the HTTP stack; deliberately not an OSError so nothing retries it."""


@dataclass(frozen=True)
class AddressPolicy:
    allow_all: bool = False
    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = field(default_factory=tuple)

    @classmethod
    def from_allow_list(cls, entries: tuple[str, ...], allow_all: bool = False) -> "AddressPolicy":
        hosts, networks = set(), []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry.lower().rstrip("."))
        return cls(allow_all, frozenset(hosts), tuple(networks))

    def permits(self, host: str, address: IPAddress) -> bool:
        if self.allow_all or is_public(address):
            return True
        if host.lower().rstrip(".") in self.hosts:
            return True
        return any(address in network for network in self.networks)


def is_public(address: IPAddress) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    address = mapped or address
    return address.is_global and not address.is_multicast


def check_url(url: str) -> None:
    """Only http and https addresses with a host; raises ValueError naming the problem."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"address {url!r} is not http or https")
    if not parts.hostname:
        raise ValueError(f"address {url!r} has no host")
    if parts.username or parts.password:
        raise ValueError("addresses must not carry a user name or password")


def _check_peer(connection, sock: socket.socket) -> None:
    address = ipaddress.ip_address(sock.getpeername()[0].split("%")[0])
    if not connection.address_policy.permits(connection.host, address):
        sock.close()
        raise AddressRefused(
            f"{connection.host} resolves to {address}, a private, loopback or link-local "
            "address; allow-list the source (allow_private) if it is meant to be reached"
        )


class _GuardedHTTPConnection(HTTPConnection):
    address_policy = AddressPolicy()

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(self, sock)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    address_policy = AddressPolicy()

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(self, sock)
        return sock


class BodyTooLarge(Exception):  # noqa: N818 - turned into SourceTooLargeError with the dataset
    pass


class _BoundedBody:
    """The raw body of a response read whole by a client (ckanapi): stops past `limit` bytes."""

    def __init__(self, raw, limit: int):
        self._raw, self._limit, self._seen = raw, limit, 0

    def stream(self, amount=None, decode_content=None):
        for chunk in self._raw.stream(amount, decode_content=decode_content):
            self._seen += len(chunk)
            if self._seen > self._limit:
                raise BodyTooLarge(f"the answer is larger than {self._limit:,} bytes")
            yield chunk

    def __getattr__(self, name):
        return getattr(self._raw, name)


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose every connection passes the address policy; with `max_bytes`,
    bodies read whole (not streamed by us) stop past that size."""

    def __init__(self, policy: AddressPolicy, max_bytes: int | None = None):
        self._policy = policy
        self._max_bytes = max_bytes
        super().__init__(max_retries=0)

    def build_response(self, req, resp):
        response = super().build_response(req, resp)
        if self._max_bytes is not None:
            response.raw = _BoundedBody(response.raw, self._max_bytes)
        return response

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        http_connection = type("Conn", (_GuardedHTTPConnection,), {"address_policy": self._policy})
        https_connection = type(
            "Conn", (_GuardedHTTPSConnection,), {"address_policy": self._policy}
        )
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("Pool", (HTTPConnectionPool,), {"ConnectionCls": http_connection}),
            "https": type("Pool", (HTTPSConnectionPool,), {"ConnectionCls": https_connection}),
        }
