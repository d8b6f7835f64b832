"""The portal: one Flask app factory (portal/app.py); each part registers itself.

`create_app` is imported on first use, so a harvest, which imports parts of the portal but
never serves a page, does not load Flask and the web stack.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portal.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from portal.app import create_app

        return create_app
    raise AttributeError(f"module 'portal' has no attribute {name!r}")
