"""What a harvest job lends a harvester: a work folder, remembered source state, the allow-list.

Remote sources are written into `work_dir` (the job removes it after packaging). Source state
(HTTP validators, for example) is staged with `remember` and written by the job with `commit` only
after the package was built, so a failed build is retried in full on the next run. State is
kept with the fingerprint of the directory entry and packaging code it was built under
(`entry_key`) and the version it was published as: once either changed, or that version is no
longer the latest (removed from the store, a restored backup), the remembered state is forgotten
and the source is fetched and built in full.
"""

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class HarvestContext:
    work_dir: Path
    state_dir: Path | None = None
    allow_private: tuple[str, ...] = ()  # the directory's top-level allow-list (hosts, networks)
    conditional: bool = True  # False when nothing is published yet: fetch in full
    entry_key: str = ""  # the entry's fingerprint and the packaging code's revision
    published_version: str = ""  # the latest version in the store ("" when none)
    _pending: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def temporary(cls, allow_private: tuple[str, ...] = ()) -> "HarvestContext":
        """A context with a fresh work folder and no remembered state (for one-off use)."""
        return cls(Path(tempfile.mkdtemp(prefix="harvest-")), allow_private=allow_private)

    def work_file(self, name: str) -> Path:
        """A path in the work folder; `name` is ours (a dataset id), never a remote name."""
        self.work_dir.mkdir(parents=True, exist_ok=True)
        return self.work_dir / name

    def recall(self, dataset_id: str) -> dict:
        if not self.conditional or self.state_dir is None:
            return {}
        try:
            state = json.loads((self.state_dir / f"{dataset_id}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(state, dict) or state.get("entry", "") != self.entry_key:
            return {}
        if state.get("version", "") != self.published_version:
            return {}
        return state

    def remember(self, dataset_id: str, state: dict) -> None:
        self._pending[dataset_id] = {**state, "entry": self.entry_key}

    def commit(self, version: str) -> None:
        """Write the staged state atomically; called by the job after a successful build that
        left `version` the latest (published, or unchanged from it)."""
        if self.state_dir is None:
            return
        self.state_dir.mkdir(parents=True, exist_ok=True)
        for dataset_id, state in self._pending.items():
            target = self.state_dir / f"{dataset_id}.json"
            temporary = target.with_suffix(".tmp")
            document = {**state, "version": version}
            temporary.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, target)
        self._pending.clear()
