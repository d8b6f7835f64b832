"""Kill `portal harvest` (SIGKILL) at many random points; count versions left inconsistent.

PATH=$PWD/.venv/bin:$PATH .venv/bin/python benchmarks/harvest_kill.py [points] [rows] [seed]
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from kill_points import kill_at_random_points  # noqa: E402


def main() -> None:
    points = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kill-bench-") as folder:
        report = kill_at_random_points(Path(folder), points, rows, seed)
    print(f"kill points: {report.points} ({report.killed_mid_run} while the harvest was running)")
    print(f"versions left inconsistent: {len(report.inconsistent)}")
    for problem in report.inconsistent:
        print(f"  {problem}")
    print(f"kills that left the DB one version behind the store: {report.db_behind_store}")
    print(
        "`portal reindex` had something to repair after the next `harvest --due`: "
        f"{report.needed_repair_after_next_run}"
    )
    print(f"({time.monotonic() - started:.0f}s, {rows:,} rows, seed {seed})")
    sys.exit(1 if report.inconsistent else 0)


if __name__ == "__main__":
    main()
