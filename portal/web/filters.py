"""Jinja filters for dates, numbers and sizes in the way Chinese readers expect them."""

from datetime import datetime

from flask import Flask

from datapackages.values import TYPE_LABELS


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["stamp"] = format_stamp
    app.jinja_env.filters["thousands"] = format_thousands
    app.jinja_env.filters["filesize"] = format_size
    app.jinja_env.filters["cell"] = format_cell
    app.jinja_env.globals["type_labels"] = TYPE_LABELS


def format_day(value: datetime | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        return value[:10]
    return f"{value.year}年{value.month}月{value.day}日"


def format_stamp(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") + " UTC" if value else ""


def format_thousands(value: int | float | None) -> str:
    return f"{value:,}" if isinstance(value, int | float) else ""


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
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
