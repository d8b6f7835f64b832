"""Start and stop the servers the HTTP benchmarks drive: free loopback port, wait until ready."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def running(
    command: list[str], port: int, ready_path: str, env: dict | None = None, log: Path | None = None
) -> Iterator[None]:
    """Run `command` (which listens on `port`) until the block ends; stop its process group."""
    out = open(log or os.devnull, "w")  # noqa: SIM115 (closed below, after the process)
    process = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_ready(process, f"http://{HOST}:{port}{ready_path}")
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        out.close()


def _wait_ready(process: subprocess.Popen, url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited ({process.returncode}) before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())
