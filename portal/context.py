"""Per-request access to the database session, the package store and the public base URL."""

from flask import current_app, g, request
from sqlalchemy.orm import Session

from datapackages import PackageStore


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["portal_db"].sessions()
    return g.db_session


def close_session(_exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def package_store() -> PackageStore:
    return current_app.extensions["portal_store"]


def base_url() -> str:
    configured = current_app.config["PORTAL"]["SITE_URL"]
    return (configured or request.host_url).rstrip("/")
