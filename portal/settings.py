"""Settings declared once, read in layers (defaults, environment, test overrides), checked."""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS = (
    Setting(
        "CATALOGUE", "PORTAL_CATALOGUE", "./catalogue.yaml", "The directory file (catalogue.yaml)."
    ),
    Setting("DATA_DIR", "PORTAL_DATA_DIR", "./var", "Published packages and the SQLite database."),
    Setting(
        "DATABASE_URL",
        "DATABASE_URL",
        "",
        "SQLAlchemy URL of the catalogue DB; default SQLite in DATA_DIR.",
    ),
    Setting(
        "SITE_TITLE",
        "PORTAL_SITE_TITLE",
        "黑龙江省公共数据开放平台",
        "Site title shown on pages and in site_read.",
    ),
    Setting(
        "SITE_URL",
        "PORTAL_SITE_URL",
        "",
        "Public base URL for links in the API; default the request's host.",
    ),
)
SETTING_NAMES = tuple(s.name for s in SETTINGS)


class StartupError(Exception):
    """A setting is unknown or unusable: the portal refuses to start."""


def load_settings(
    environ: Mapping[str, str] | None = None, overrides: Mapping | None = None
) -> dict:
    environ = os.environ if environ is None else environ
    values = {s.name: environ.get(s.env) or s.default for s in SETTINGS}
    for key, value in (overrides or {}).items():
        if key not in SETTING_NAMES:
            raise StartupError(
                f"unknown setting {key!r}; known settings: {', '.join(SETTING_NAMES)}"
            )
        values[key] = str(value)
    values["DATA_DIR"] = str(Path(values["DATA_DIR"]).resolve())
    values["CATALOGUE"] = str(Path(values["CATALOGUE"]).resolve())
    if not values["DATABASE_URL"]:
        values["DATABASE_URL"] = f"sqlite:///{Path(values['DATA_DIR']) / 'portal.db'}"
    return values


def packages_dir(settings: Mapping) -> Path:
    return Path(settings["DATA_DIR"]) / "packages"
