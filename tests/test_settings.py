from pathlib import Path

import pytest
from helpers import REPO

from portal import create_app
from portal.settings import SETTINGS, StartupError, load_settings


def test_settings_every_setting_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.env}`" in readme, setting.env


def test_settings_layers_defaults_environment_then_overrides(tmp_path):
    env = {"PORTAL_DATA_DIR": str(tmp_path / "from-env"), "PORTAL_SITE_TITLE": "测试平台"}
    settings = load_settings(env, {"SITE_TITLE": "覆盖"})
    assert settings["DATA_DIR"] == str(tmp_path / "from-env")
    assert settings["SITE_TITLE"] == "覆盖"
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'from-env' / 'portal.db'}"
    assert Path(settings["CATALOGUE"]).name == "catalogue.yaml"


def test_settings_unknown_key_refuses_to_start(tmp_path):
    with pytest.raises(StartupError, match="unknown setting 'DATA_DIRECTORY'"):
        create_app({"DATA_DIRECTORY": str(tmp_path)})
