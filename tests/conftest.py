import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import REPO, portal_env, run_portal, serve  # noqa: E402

from directory import Directory, load_directory  # noqa: E402
from portal import create_app  # noqa: E402


@dataclass
class Site:
    url: str
    data_dir: Path
    directory: Directory
    harvest_output: str
    env: dict


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Site:
    """The repo's demo directory harvested into a fresh data dir, served on a free loopback port."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    catalogue = REPO / "catalogue.yaml"
    env = portal_env(catalogue, data_dir)
    result = run_portal(["harvest", "--all"], env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    app = create_app({"CATALOGUE": str(catalogue), "DATA_DIR": str(data_dir), "DATABASE_URL": ""})
    with serve(app) as url:
        yield Site(url, data_dir, load_directory(catalogue), result.stdout, env)


@pytest.fixture(autouse=True)
def _no_inherited_portal_env(monkeypatch):
    # Tests configure the portal explicitly; a developer's shell settings must not leak in.
    for key in ("PORTAL_CATALOGUE", "PORTAL_DATA_DIR", "DATABASE_URL", "PORTAL_SITE_URL"):
        if key in os.environ:
            monkeypatch.delenv(key)
