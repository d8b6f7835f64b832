"""Jinja filters for dates, numbers and sizes, formatted for the page's language."""

from datetime import datetime

from babel.dates import format_datetime
from flask import Flask

from datapackages.personal_data import mask_personal_data
from datapackages.values import TYPE_LABELS
from portal.web.i18n import LANGUAGES, current_language, format_day, format_number, translate


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["stamp"] = format_stamp
    app.jinja_env.filters["thousands"] = format_number
    app.jinja_env.filters["filesize"] = format_size
    app.jinja_env.filters["cell"] = format_cell
    app.jinja_env.filters["masked"] = mask_personal_data
    app.jinja_env.globals["type_labels"] = TYPE_LABELS


def format_stamp(value: datetime | None) -> str:
    if not value:
        return ""
    locale = LANGUAGES[current_language()]
    return format_datetime(value, format="medium", locale=locale, tzinfo=None) + " UTC"


def format_size(size: int | None) -> str:
    if not size:
        return "0 B"
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def format_cell(value, field_type: str) -> str:
    """A row store value as a citizen reads it: 是/否, 2500 rather than 2500.0, blank for none."""
    if value is None:
        return ""
    if field_type == "boolean":
        return translate("是") if value else translate("否")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
