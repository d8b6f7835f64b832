import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import REPO, portal_env, run_portal, serve  # noqa: E402
from postgres import start_cluster  # noqa: E402

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
def postgres_cluster():
    """A real PostgreSQL server for the session; without one, its tests skip and say why."""
    cluster, reason = start_cluster()
    if cluster is None:
        if os.environ.get("PORTAL_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here: {reason}")
        pytest.skip(reason)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_kind(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, request, database_kind) -> Site:
    """The repo's demo directory harvested into a fresh data dir and catalogue DB (SQLite or
    PostgreSQL), served on a free loopback port."""
    data_dir = tmp_path_factory.mktemp(f"demo-{database_kind}")
    database_url = ""
    if database_kind == "postgresql":
        database_url = request.getfixturevalue("postgres_cluster").create_database()
    catalogue = REPO / "catalogue.yaml"
    env = portal_env(
        catalogue, data_dir, **({"DATABASE_URL": database_url} if database_url else {})
    )
    result = run_portal(["harvest", "--all"], env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    app = create_app(
        {"CATALOGUE": str(catalogue), "DATA_DIR": str(data_dir), "DATABASE_URL": database_url}
    )
    with serve(app) as url:
        yield Site(url, data_dir, load_directory(catalogue), result.stdout, env)


@pytest.fixture(autouse=True)
def _no_inherited_portal_env(monkeypatch):
    # Tests configure the portal explicitly; a developer's shell settings must not leak in.
    for key in ("PORTAL_CATALOGUE", "PORTAL_DATA_DIR", "DATABASE_URL", "PORTAL_SITE_URL"):
        if key in os.environ:
            monkeypatch.delenv(key)
