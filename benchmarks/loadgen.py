"""A small HTTP load generator for the benchmarks: N concurrent clients for a bounded time.

One asyncio loop, one new connection per request (gunicorn's sync workers close the connection
after each response anyway, so every server is driven the same way). Each client sends its next
request as soon as the previous answer has been read in full. Used for ours and the baseline alike.
"""

import asyncio
import itertools
import time
from dataclasses import dataclass, field


@dataclass
class Result:
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    first_error: str = ""

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def rate(self, kind: str | None = None) -> float:
        count = self.requests if kind is None else len(self.latencies.get(kind, []))
        return count / self.seconds if self.seconds else 0.0

    def percentile(self, kind: str, share: float) -> float:
        """Latency in ms at `share` (0.5, 0.99) of the successful requests of one kind."""
        values = sorted(self.latencies.get(kind, []))
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(share * len(values)))] * 1000


async def _fetch(host: str, port: int, path: str, timeout: float) -> tuple[int, bytes]:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
        writer.write(request.encode("ascii"))
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


async def _drive(
    host: str, port: int, paths: list[tuple[str, str]], seconds: float, clients: int, timeout: float
) -> Result:
    result = Result()
    turns = itertools.cycle(paths)
    started = time.perf_counter()
    deadline = started + seconds

    async def client() -> None:
        while time.perf_counter() < deadline:
            kind, path = next(turns)
            sent = time.perf_counter()
            try:
                status, body = await _fetch(host, port, path, timeout)
            except (TimeoutError, OSError) as error:
                status, body = 0, repr(error).encode()
            if status == 200:
                result.latencies.setdefault(kind, []).append(time.perf_counter() - sent)
            else:
                result.errors[kind] = result.errors.get(kind, 0) + 1
                result.first_error = result.first_error or f"{kind} {status}: {body[:300]!r}"

    await asyncio.gather(*(client() for _ in range(clients)))
    # Requests in flight at the deadline finish and count: the run ends with the last answer.
    result.seconds = time.perf_counter() - started
    return result


def run(
    host: str,
    port: int,
    paths: list[tuple[str, str]],
    seconds: float = 5.0,
    clients: int = 4,
    timeout: float = 120.0,
) -> Result:
    """Drive (kind, path) pairs round-robin from `clients` concurrent clients for `seconds`."""
    return asyncio.run(_drive(host, port, paths, seconds, clients, timeout))
