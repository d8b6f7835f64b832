"""Packaging benchmark: our whole packaging step beside `frictionless validate`, same file and run.

    make bench                      # 1,000,000 rows
    BENCH_ROWS=200000 make bench    # a quicker look
    BENCH_REPEAT=3 make bench       # baseline and ours alternately, 3 rounds, median ratios

Generates (once, cached under var/bench/) a realistic 行政许可 CSV, then runs, each as its own
process so wall time and peak memory (ru_maxrss of the child) are its alone:
  baseline  `frictionless validate FILE`
  ours      decode, normalise, screen, check, write the package, load the row store (SQLite),
            in a process that opens the portal's catalogue database, as a harvest does
  ours      the same, creating that database first (a portal's first harvest)
  ours      the package alone, for comparison
and prints rows per second, peak memory and the ratios. Figures go into docs/benchmarks.md.
"""

import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from government_csv import FIELDS, HEADERS, write_csv  # noqa: E402


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """(seconds, peak MB, stdout) of one child process, its own rusage from wait4."""
    seconds, peak, _cpu, out = timed_with_cpu(command, cwd)
    return seconds, peak, out


def timed_with_cpu(command: list[str], cwd: Path | None = None) -> tuple[float, float, float, str]:
    """(seconds, peak MB, CPU seconds, stdout) of one child process, from wait4."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{command} failed ({process.returncode}):\n{err.read()[-2000:]}")
        cpu = usage.ru_utime + usage.ru_stime
        return seconds, usage.ru_maxrss / 1024, cpu, out.read()


# Rows are looked up by credit code (the row API benchmark filters on it); the primary key
# decision_no is indexed anyway.
INDEXED = {"holder_code": {"index": True}}
# The step runs in a process that opens the portal's catalogue database: as every harvest does
# but a portal's first, or as the first creates it (its migrations run in the timed process).
CATALOGUES = {
    "existing": "catalogue database exists",
    "new": "catalogue database created in the step",
}


def catalogue_for(source: Path, folder: Path) -> Path:
    entry = {
        "id": "licences",
        "title": "行政许可决定信息",
        "department": "market",
        "area": "market-regulation",
        "open": "open",
        "update": "daily",
        "primary_key": ["decision_no"],
        "fields": [
            {"name": name, "title": title, "type": kind, **INDEXED.get(name, {})}
            for (name, kind), title in zip(FIELDS, HEADERS, strict=True)
        ],
        "source": {"kind": "file", "path": str(source)},
    }
    doc = {
        "areas": [{"id": "market-regulation", "name": "市场监管", "priority": True}],
        "departments": [{"id": "market", "name": "黑龙江省市场监督管理局"}],
        "datasets": [entry],
    }
    path = folder / "catalogue.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main() -> None:
    rows = int(os.environ.get("BENCH_ROWS", "1000000"))
    folder = REPO / "var" / "bench"
    source = folder / f"gov_{rows}.csv"
    if not source.exists():
        print(f"generating {rows:,} rows -> {source}", flush=True)
        write_csv(source, rows)
    size_mb = source.stat().st_size / 1e6
    data_dir = folder / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    catalogue = catalogue_for(source, folder)
    compile_project()

    print(f"file: {source.name}, {rows:,} rows, {size_mb:.0f} MB", flush=True)
    # frictionless refuses absolute paths as unsafe: run it beside the file.
    validate = [str(BIN / "frictionless"), "validate", source.name]
    step = [sys.executable, str(HERE / "packaging_step.py"), str(catalogue), str(data_dir)]
    ratios: dict[str, list[float]] = {kind: [] for kind in CATALOGUES}
    for pair in range(max(1, int(os.environ.get("BENCH_REPEAT", "1")))):
        shutil.rmtree(data_dir, ignore_errors=True)
        base_s, base_mb, base_cpu, _ = timed_with_cpu(validate, cwd=folder)
        print(
            f"baseline frictionless validate: {base_s:.1f} s (CPU {base_cpu:.1f} s), "
            f"peak {base_mb:.0f} MB",
            flush=True,
        )
        # Alternated, so that neither always runs first after the baseline.
        for kind in list(CATALOGUES) if pair % 2 == 0 else list(CATALOGUES)[::-1]:
            shutil.rmtree(data_dir, ignore_errors=True)
            if kind == "existing":
                timed([*step, "licences", "prepare"])
            ours_s, ours_mb, ours_cpu, out = timed_with_cpu([*step, "licences", "whole"])
            stages = json.loads(out)
            ratios[kind].append(base_s / ours_s)
            print(
                f"ours, whole step, {CATALOGUES[kind]}: {ours_s:.1f} s ({rows / ours_s:,.0f} "
                f"rows/s, CPU {ours_cpu:.1f} s on {os.cpu_count()} cores), peak {ours_mb:.0f} MB "
                f"[package with the row file written alongside {stages['package_seconds']:.1f} s, "
                f"then indexing it {stages['row_store_seconds']:.1f} s; load average "
                f"{os.getloadavg()[0]:.1f}]: {ratios[kind][-1]:.2f}x frictionless validate",
                flush=True,
            )
    for kind, found in ratios.items():
        print(
            f"{CATALOGUES[kind]}: ratios {', '.join(f'{r:.2f}' for r in found)}; "
            f"median {median(found):.2f}x"
        )
    shutil.rmtree(data_dir, ignore_errors=True)
    alone_s, alone_mb, _ = timed([*step, "licences", "package"])
    print(
        f"ours, the package alone (no row store): {alone_s:.1f} s, peak {alone_mb:.0f} MB, "
        f"{base_s / alone_s:.1f}x"
    )


def compile_project() -> None:
    """Byte-compile our packages as an install does, once, before anything is timed.

    frictionless runs from site-packages, which pip compiled when it installed it; our packages
    run from the source tree, and where PYTHONDONTWRITEBYTECODE is set (CI and these machines)
    each timed process would otherwise compile every module it imports again, about 0.1 s.
    """
    for package in ("datapackages", "directory", "harvesters", "portal"):
        compileall.compile_dir(REPO / package, quiet=1)


if __name__ == "__main__":
    main()
