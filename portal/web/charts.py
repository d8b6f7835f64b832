"""An automatic chart for a dataset, when its data suits one, drawn on the server as SVG.

Chosen in this order: rows per prefecture (a city column, unless every city has as many rows),
a monthly time series of a measure (a date column and a number column), a count by category
(a text column with 2-12 values).
Aggregates are computed in the database over the row store table; the SVG uses attributes only
(no inline style), so the page's Content-Security-Policy holds.
"""

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import Connection, func, select

from portal.rowstore import row_table

CITY_NAMES = {"city", "prefecture"}
SKIPPED_WORDS = ("code", "name", "address", "phone", "id", "url")
MAX_CATEGORIES = 12
MIN_MONTHS = 3


@dataclass(frozen=True)
class Chart:
    kind: str  # "bars" or "series"
    field_title: str
    measure_title: str
    points: list[tuple[str, float]]


def choose_chart(conn: Connection, resource: dict, primary_key: list[str]) -> Chart | None:
    with row_table(conn, resource["row_table"], resource["fields"]) as (rows, table):
        return _chart(rows, table, resource["fields"], primary_key)


def _chart(conn: Connection, table, fields: list[dict], primary_key: list[str]) -> Chart | None:
    city = next((f for f in fields if f["name"] in CITY_NAMES and f["type"] == "string"), None)
    if city is not None:
        points = _counts(conn, table.columns[city["name"]])
        # Equal counts everywhere (a daily reading per city) say nothing: try a time series.
        if len(points) >= 2 and len({v for _, v in points}) > 1:
            return Chart("bars", _title(city), "", points)
    series = _time_series(conn, table, fields, primary_key)
    if series is not None:
        return series
    for field in _category_candidates(fields, primary_key):
        points = _counts(conn, table.columns[field["name"]])
        if 2 <= len(points) <= MAX_CATEGORIES:
            return Chart("bars", _title(field), "", points)
    return None


def _title(field: dict) -> str:
    return field.get("title") or field["name"]


def _counts(conn: Connection, column, limit: int = 20) -> list[tuple[str, float]]:
    statement = (
        select(column, func.count())
        .where(column.is_not(None))
        .group_by(column)
        .order_by(func.count().desc(), column)
        .limit(limit + 1)
    )
    rows = [(str(value), float(n)) for value, n in conn.execute(statement)]
    return rows if len(rows) <= limit else []


def _plain(field: dict, primary_key: list[str]) -> bool:
    name = field["name"].lower()
    return field["name"] not in primary_key and not any(w in name for w in SKIPPED_WORDS)


def _category_candidates(fields: list[dict], primary_key: list[str]) -> list[dict]:
    return [f for f in fields if f["type"] == "string" and _plain(f, primary_key)][:4]


def _time_series(conn: Connection, table, fields: list[dict], primary_key: list[str]):
    when = next((f for f in fields if f["type"] in ("date", "datetime")), None)
    measure = next(
        (f for f in fields if f["type"] in ("integer", "number") and _plain(f, primary_key)), None
    )
    if when is None or measure is None:
        return None
    day, value = table.columns[when["name"]], table.columns[measure["name"]]
    statement = (
        select(day, func.sum(value), func.count(value)).where(day.is_not(None)).group_by(day)
    )
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for moment, total, count in conn.execute(statement):
        month = str(moment)[:7]
        totals[month][0] += float(total or 0)
        totals[month][1] += int(count)
    months = sorted(m for m, (_, n) in totals.items() if n)
    if len(months) < MIN_MONTHS:
        return None
    points = [(m, totals[m][0] / totals[m][1]) for m in months]
    return Chart("series", _title(when), _title(measure), points)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value.is_integer() else f"{value:,.2f}"


def render_svg(chart: Chart, label: str) -> Markup:
    """The chart as an accessible SVG; `label` is its already translated description."""
    return _bars_svg(chart, label) if chart.kind == "bars" else _series_svg(chart, label)


def _bars_svg(chart: Chart, label: str) -> Markup:
    row, left, width = 26, 130, 640
    biggest = max(v for _, v in chart.points) or 1
    height = row * len(chart.points) + 10
    parts = [_svg_open(width, height, label)]
    for i, (name, value) in enumerate(chart.points):
        y = 5 + i * row
        length = max(1.0, (width - left - 80) * value / biggest)
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{escape(name[:12])}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" '
            f'class="bar"></rect>'
            f'<text x="{left + length + 6:.1f}" y="{y + 17}">{_number(value)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _series_svg(chart: Chart, label: str) -> Markup:
    width, height, pad = 640, 240, 44
    values = [v for _, v in chart.points]
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = (width - 2 * pad) / max(1, len(values) - 1)
    coords = [
        (pad + i * step, height - pad - (v - low) / span * (height - 2 * pad))
        for i, v in enumerate(values)
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts = [
        _svg_open(width, height, label),
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'class="axis"></line>',
        f'<polyline points="{line}" class="line"></polyline>',
        f'<text x="4" y="{pad - 8}">{_number(high)}</text>',
        f'<text x="4" y="{height - pad}">{_number(low)}</text>',
        f'<text x="{pad}" y="{height - 14}">{escape(chart.points[0][0])}</text>',
        f'<text x="{width - pad}" y="{height - 14}" text-anchor="end">'
        f"{escape(chart.points[-1][0])}</text>",
    ]
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="dot"></circle>' for x, y in coords]
    parts.append("</svg>")
    return Markup("".join(parts))


def _svg_open(width: int, height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
    )
