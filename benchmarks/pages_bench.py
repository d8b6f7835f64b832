"""Server time and weight of the citizen's pages on the demo directory.

    .venv/bin/python benchmarks/pages_bench.py [--data-dir DIR] [--repeat N]

Harvests the demo directory into a temporary folder (or uses DIR if it already holds one), then
renders each page N times in-process through Flask's test client (no network, so the figure is
server time only) and prints the median per page, its ratio to a baseline measured in the same
run (the tiny `status_show` API action), and the page weight: HTML plus the CSS and icon it loads.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from portal import create_app  # noqa: E402

BASELINE = "/api/3/action/status_show"
PAGES = [
    "/",
    "/dataset",
    "/dataset?q=医院",
    "/dataset?groups=livelihood&sort=downloads",
    "/dataset/hospitals",
    "/dataset/hospitals?sort=beds&order=desc&page=3",
    "/dataset/air-quality-daily",
    "/dataset/price-monitoring?col=city&val=哈尔滨市",
    "/dataset/hospitals/changes",
    "/feedback",
    "/feedback/request",
    "/directory",
]
ASSETS = ["/static/portal.css", "/static/favicon.svg"]


def harvested(data_dir: Path) -> Path:
    if not (data_dir / "portal.db").exists():
        env = {"PORTAL_CATALOGUE": str(REPO / "catalogue.yaml"), "PORTAL_DATA_DIR": str(data_dir)}
        portal = Path(sys.executable).parent / "portal"
        subprocess.run(
            [str(portal), "harvest", "--all"],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
    return data_dir


def timed(client, path: str, repeat: int) -> tuple[float, int]:
    client.get(path)  # warm caches, as a running server would be
    times = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
        size = len(response.data)
    return statistics.median(times) * 1000, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = harvested((args.data_dir or Path(scratch)).resolve())
        app = create_app({"CATALOGUE": str(REPO / "catalogue.yaml"), "DATA_DIR": str(data_dir)})
        client = app.test_client()
        baseline, _ = timed(client, BASELINE, args.repeat)
        assets = sum(len(client.get(a).data) for a in ASSETS)
        print(f"baseline {BASELINE}: {baseline:.2f} ms (median of {args.repeat})")
        print(f"{'page':<52} {'ms':>7} {'x base':>7} {'HTML KB':>8} {'total KB':>9}")
        for path in PAGES:
            ms, size = timed(client, path, args.repeat)
            print(
                f"{path:<52} {ms:7.2f} {ms / baseline:7.1f} {size / 1024:8.1f} "
                f"{(size + assets) / 1024:9.1f}"
            )


if __name__ == "__main__":
    main()
