"""Kill `portal harvest` with SIGKILL at random moments and check what it leaves behind.

Used by tests/test_harvest_kill.py (a few kill points) and benchmarks/harvest_kill.py (many).
After each kill: every published version must be whole (descriptor readable, each data file
present with the size and hash the descriptor states), and the version served is the newest one.
"""

import hashlib
import json
import random
import signal
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from helpers import (
    HOSPITAL_HEADER,
    PORTAL_BIN,
    dataset_entry,
    hospital_rows,
    portal_env,
    run_portal,
    write_catalogue,
    write_csv,
)

HEADER = HOSPITAL_HEADER


@dataclass
class KillReport:
    points: int = 0
    killed_mid_run: int = 0
    inconsistent: list[str] = field(default_factory=list)
    db_behind_store: int = 0  # killed after a version was published, before it was indexed
    needed_repair_after_next_run: int = 0  # `portal reindex` after the next (cron) run


def prepare(folder: Path, rows: int) -> tuple[dict, float]:
    """A published first version; returns the environment and how long a full harvest takes."""
    write_csv(folder / "h.csv", HEADER, hospital_rows(rows))
    catalogue = write_catalogue(folder, [dataset_entry("hospitals", "h.csv")])
    env = portal_env(catalogue, folder / "var")
    started = time.monotonic()
    first = run_portal(["harvest", "--all"], env)
    assert first.returncode == 0, first.stdout + first.stderr
    return env, time.monotonic() - started


def kill_at_random_points(folder: Path, points: int, rows: int, seed: int) -> KillReport:
    env, run_seconds = prepare(folder, rows)
    chooser = random.Random(seed)
    report = KillReport()
    for point in range(points):
        write_csv(folder / "h.csv", HEADER, hospital_rows(rows + point + 1))  # a new version
        process = subprocess.Popen(
            [str(PORTAL_BIN), "harvest", "--all"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The first run is the slowest (it creates the catalogue DB): aim inside the later ones.
        time.sleep(chooser.uniform(0.05, 0.6 * run_seconds))
        if process.poll() is None:
            report.killed_mid_run += 1
        process.send_signal(signal.SIGKILL)
        process.wait()
        report.points += 1
        report.inconsistent += store_problems(folder / "var" / "packages" / "hospitals")
        report.db_behind_store += db_version(folder) != latest_version(folder)
        next_run = run_portal(["harvest", "--due"], env)  # the dataset is not due: no harvest
        assert "Harvesting 0 dataset(s)" in next_run.stdout, next_run.stdout + next_run.stderr
        if "nothing to repair" not in run_portal(["reindex"], env).stdout:
            report.needed_repair_after_next_run += 1
    return report


def store_problems(folder: Path) -> list[str]:
    problems = []
    for version in sorted(p for p in folder.iterdir() if p.name.isdigit()):
        try:
            descriptor = json.loads((version / "datapackage.json").read_text("utf-8"))
        except (OSError, ValueError) as problem:
            problems.append(f"{version.name}: descriptor unreadable ({problem})")
            continue
        for resource in descriptor.get("resources", []):
            data = version / resource["path"]
            if not data.is_file():
                problems.append(f"{version.name}: {resource['path']} missing")
                continue
            if resource.get("bytes") is not None and data.stat().st_size != resource["bytes"]:
                problems.append(f"{version.name}: {resource['path']} has the wrong size")
            expected = str(resource.get("hash", "")).removeprefix("sha256:")
            if expected and hashlib.sha256(data.read_bytes()).hexdigest() != expected:
                problems.append(f"{version.name}: {resource['path']} has the wrong hash")
    return problems


def latest_version(folder: Path) -> int:
    folder = folder / "var" / "packages" / "hospitals"
    return max((int(p.name) for p in folder.iterdir() if p.name.isdigit()), default=0)


def db_version(folder: Path) -> int:
    with sqlite3.connect(folder / "var" / "portal.db") as db:
        found = db.execute("select version from datasets where name = 'hospitals'").fetchone()
    return found[0] if found else 0
