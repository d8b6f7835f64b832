"""The published store: <root>/<dataset>/<version>/datapackage.json and its data, immutable.

A version is built in a staging folder beside the versions and becomes visible by one atomic
rename, so a killed job leaves at most a staging folder (never listed, removed by the next
build) and the last good version stays whole. Versions are numbered 1, 2, 3...
"""

import fcntl
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{1,99}$")
STAGING_PREFIX = ".staging-"


class PackageStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def dataset_dir(self, dataset_id: str) -> Path:
        if not SAFE_ID.match(dataset_id):
            raise ValueError(f"unsafe dataset id for a path: {dataset_id!r}")
        return self.root / dataset_id

    def dataset_ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and SAFE_ID.match(p.name))

    def versions(self, dataset_id: str) -> list[str]:
        folder = self.dataset_dir(dataset_id)
        if not folder.is_dir():
            return []
        numbers = [int(p.name) for p in folder.iterdir() if p.name.isdigit() and p.is_dir()]
        return [str(n) for n in sorted(numbers)]

    def latest(self, dataset_id: str) -> str | None:
        versions = self.versions(dataset_id)
        return versions[-1] if versions else None

    def version_dir(self, dataset_id: str, version: str) -> Path:
        if not version.isdigit():
            raise ValueError(f"not a version: {version!r}")
        return self.dataset_dir(dataset_id) / version

    def read_descriptor(self, dataset_id: str, version: str) -> dict:
        path = self.version_dir(dataset_id, version) / "datapackage.json"
        return json.loads(path.read_text(encoding="utf-8"))

    @contextmanager
    def lock(self, dataset_id: str) -> Iterator[None]:
        """Serialise builds of one dataset (other datasets build in parallel)."""
        folder = self.dataset_dir(dataset_id)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def staging(self, dataset_id: str) -> Iterator[Path]:
        """A fresh folder to build a version in; removed unless it was published."""
        folder = self.dataset_dir(dataset_id)
        self._remove_abandoned_staging(folder)
        stage = folder / f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        stage.mkdir(parents=True)
        try:
            yield stage
        finally:
            if stage.exists():
                shutil.rmtree(stage, ignore_errors=True)

    def publish(self, dataset_id: str, stage: Path, version: str) -> Path:
        """Make a staged version visible atomically; the caller holds the dataset's lock."""
        _fsync_tree(stage)
        target = self.version_dir(dataset_id, version)
        os.rename(stage, target)
        _fsync_dir(target.parent)
        return target

    @staticmethod
    def _remove_abandoned_staging(folder: Path) -> None:
        if not folder.is_dir():
            return
        for stage in folder.glob(f"{STAGING_PREFIX}*"):
            pid = stage.name[len(STAGING_PREFIX) :].split("-")[0]
            if pid.isdigit() and not _process_alive(int(pid)):
                shutil.rmtree(stage, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    for path in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
