"""What the demo harvest published: valid Frictionless packages holding no personal data."""

import re
import subprocess

import pytest
from helpers import FRICTIONLESS_BIN, resident_id

from datapackages import PackageStore

ID_CANDIDATE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")

# The published files do not depend on the catalogue database: check them once.
pytestmark = pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)


def latest_packages(site):
    store = PackageStore(site.data_dir / "packages")
    for dataset_id in store.dataset_ids():
        version = store.latest(dataset_id)
        if version:
            yield dataset_id, store.version_dir(dataset_id, version)


def test_published_every_open_and_conditional_entry_has_a_version(demo_site):
    published = {name for name, _ in latest_packages(demo_site)}
    assert published == {d.id for d in demo_site.directory.datasets if d.open != "closed"}


def test_published_packages_pass_frictionless_validate(demo_site):
    for name, folder in latest_packages(demo_site):
        result = subprocess.run(
            [str(FRICTIONLESS_BIN), "validate", "datapackage.json"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, f"{name}: {result.stdout[-2000:]}"


def test_published_data_holds_no_id_or_mobile_numbers(demo_site):
    for name, folder in latest_packages(demo_site):
        for data in (folder / "data").iterdir():
            text = data.read_text(encoding="utf-8")
            ids = [c for c in ID_CANDIDATE.findall(text) if resident_id(c[:17]) == c.upper()]
            assert ids == [], f"{name}: resident ID numbers published"
            assert MOBILE.findall(text) == [], f"{name}: mobile numbers published"


def test_published_sensitive_drop_fields_are_absent(demo_site):
    for entry in demo_site.directory.datasets:
        dropped = [f.name for f in entry.fields if f.sensitive == "drop"]
        if not dropped:
            continue
        folder = dict(latest_packages(demo_site))[entry.id]
        header = (folder / "data" / f"{entry.id}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert not set(dropped) & set(header.split(",")), entry.id
