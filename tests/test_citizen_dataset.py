"""The dataset page against a live server: preview, chart, exports, version changes, API box."""

import csv
import io
import json
import re
from collections import Counter
from html import unescape

import ckanapi
import requests
from babel.numbers import format_decimal
from citizen_site import FORMULAS, citizen_site_fixture  # noqa: F401  (the fixture)
from openpyxl import load_workbook


def page(site, path: str) -> str:
    response = requests.get(site.url + path, timeout=20)
    assert response.status_code == 200, path
    return response.text


def preview_rows(html: str) -> list[list[str]]:
    body = html.split('<table class="preview">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    return [[unescape(c) for c in re.findall(r"<td>(.*?)</td>", r, re.S)] for r in rows]


def test_citizen_dataset_summary_and_key_facts_come_first(citizen_site):
    html = page(citizen_site, "/dataset/hospitals")
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    lead = text.index("全省各级医院的名称")
    for label in (
        "提供部门",
        "所属领域",
        "最近更新",
        "下次更新",
        "更新周期",
        "许可协议",
        "数据量",
        "质量评分",
    ):
        assert lead < text.index(label) < text.index("数据预览"), label
    assert f"{len(citizen_site.rows)} 行 × 6 列" in text
    assert "每月" in text


def test_citizen_dataset_preview_pages_sorts_and_filters_without_javascript(citizen_site):
    rows = citizen_site.rows
    first = preview_rows(page(citizen_site, "/dataset/hospitals"))
    assert [r[0] for r in first] == [r[0] for r in rows[:20]]
    second = preview_rows(page(citizen_site, "/dataset/hospitals?page=2"))
    assert [r[0] for r in second] == [r[0] for r in rows[20:40]]
    by_beds = sorted(rows, key=lambda r: int(r[3]), reverse=True)
    sorted_page = preview_rows(page(citizen_site, "/dataset/hospitals?sort=beds&order=desc"))
    assert [int(r[3]) for r in sorted_page] == [int(r[3]) for r in by_beds[:20]]
    html = page(citizen_site, "/dataset/hospitals?col=city&val=哈尔滨市")
    harbin = [r for r in rows if r[2] == "哈尔滨市"]
    assert [r[0] for r in preview_rows(html)] == [r[0] for r in harbin]
    assert f"共 {len(harbin)} 行" in unescape(html)
    # a column header is a link that sorts and keeps the filter
    head = html.split('<table class="preview">', 1)[1].split("</thead>", 1)[0]
    link = unescape(re.search(r'<a href="([^"]+)">床位数', head).group(1))
    followed = preview_rows(page(citizen_site, "/dataset/hospitals" + link.split("#")[0]))
    assert [r[0] for r in followed] == [r[0] for r in sorted(harbin, key=lambda r: int(r[3]))]


def test_citizen_dataset_preview_bad_filter_is_a_message_not_an_error(citizen_site):
    for query in ("col=beds&val=many", "col=opened&val=yesterday", "page=999999999", "sort=evil"):
        response = requests.get(f"{citizen_site.url}/dataset/hospitals?{query}", timeout=20)
        assert response.status_code == 200, query
        assert "Traceback" not in response.text
    bad = page(citizen_site, "/dataset/hospitals?col=beds&val=many")
    assert "筛选值与该列的类型不符" in bad and len(preview_rows(bad)) == 20


def test_citizen_dataset_chart_counts_rows_per_city(citizen_site):
    html = page(citizen_site, "/dataset/hospitals")
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and "style=" not in svg
    expected = Counter(r[2] for r in citizen_site.rows)
    labels = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    values = [int(v) for v in re.findall(r'class="bar"></rect><text[^>]*>([\d,]+)</text>', svg)]
    assert dict(zip(labels, values, strict=True)) == dict(expected)


def test_citizen_dataset_csv_and_xlsx_neutralise_formulas_but_keep_numbers(citizen_site):
    raw = requests.get(f"{citizen_site.url}/dataset/hospitals/download/hospitals.csv", timeout=20)
    assert raw.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig"))))
    assert table[0] == ["org_code", "name", "city", "beds", "opened", "grade"]
    names = [row[1] for row in table[1:]]
    for formula in FORMULAS:
        assert "'" + formula in names and formula not in names
    assert table[5][3] == "-5"  # integer field: the minus sign is a number, not a formula
    book = load_workbook(
        io.BytesIO(
            requests.get(
                f"{citizen_site.url}/dataset/hospitals/download/hospitals.xlsx", timeout=20
            ).content
        ),
        read_only=True,
    )
    sheet = list(book.active.iter_rows(values_only=True))
    assert sheet[0][:4] == ("机构代码", "机构名称", "所在城市", "床位数")
    assert [r[1] for r in sheet[1:5]] == ["'" + f for f in FORMULAS]
    assert sheet[5][3] == -5 and isinstance(sheet[1][3], int)
    assert sheet[7][1].endswith("分院") and "\x0b" not in sheet[7][1]
    assert len(sheet) == len(citizen_site.rows) + 1


def test_citizen_dataset_json_export_has_typed_raw_values(citizen_site):
    response = requests.get(
        f"{citizen_site.url}/dataset/hospitals/download/hospitals.json", timeout=20
    )
    document = json.loads(response.content)
    assert [f["id"] for f in document["fields"]][:2] == ["org_code", "name"]
    records = document["records"]
    assert len(records) == len(citizen_site.rows)
    assert [r["name"] for r in records[:4]] == FORMULAS
    assert records[4]["beds"] == -5 and records[0]["opened"].startswith("2019-")


def test_citizen_dataset_version_changes_count_rows_and_fields(citizen_site):
    html = page(citizen_site, "/dataset/hospitals")
    assert "与第 1 版比较" in html
    changes = unescape(
        re.sub(r"<[^>]+>", " ", page(citizen_site, "/dataset/hospitals/changes?from=1&to=2"))
    )
    numbers = {
        label: int(re.search(rf"{label}\s+(\d+)", changes).group(1))
        for label in ("新增行", "删除行", "修改行")
    }
    # v2 removed H0045, added H0046, changed H0010's beds; rows also gained a grade column,
    # which is compared on the columns both versions share.
    assert numbers == {"新增行": 1, "删除行": 1, "修改行": 1}
    assert "H0046" in changes and "H0045" in changes and "H0010" in changes
    assert re.search(r"新增字段\s+grade", changes)
    assert (
        requests.get(f"{citizen_site.url}/dataset/hospitals/changes?from=7", timeout=20).status_code
        == 404
    )


def test_citizen_dataset_downloads_are_counted(citizen_site):
    def count() -> int:
        text = unescape(re.sub(r"<[^>]+>", " ", page(citizen_site, "/dataset/hospitals")))
        return int(re.search(r"下载次数\s+([\d,]+)", text).group(1).replace(",", ""))

    before = count()
    for suffix in ("download/hospitals.csv", "package.zip"):
        requests.get(f"{citizen_site.url}/dataset/hospitals/{suffix}", timeout=20)
    assert count() == before + 2
    home = page(citizen_site, "/")
    assert "下载最多" in home and "/dataset/hospitals" in home.split("下载最多", 1)[1]


def test_citizen_dataset_api_box_snippets_run_as_shown(citizen_site):
    html = page(citizen_site, "/dataset/hospitals")
    box = unescape(html.split('class="api-box"', 1)[1])
    curls = re.findall(r'curl "([^"]+)"', box)
    assert len(curls) == 2
    for url in curls:
        assert requests.get(url, timeout=20).json()["success"] is True
    code = re.search(r"<pre[^>]*><code>(import ckanapi.*?)</code></pre>", box, re.S).group(1)
    scope: dict = {"ckanapi": ckanapi}
    exec(code, scope)  # the snippet exactly as a developer would paste it
    assert scope["dataset"]["name"] == "hospitals" and len(scope["rows"]) == len(citizen_site.rows)
    csv_url = re.search(r'pd\.read_csv\("([^"]+)"\)', box).group(1)
    assert requests.get(csv_url, timeout=20).text.startswith("org_code,name")


def test_citizen_dataset_chart_is_a_monthly_series_for_daily_readings(demo_site):
    html = requests.get(f"{demo_site.url}/dataset/air-quality-daily", timeout=20).text
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    published = next((demo_site.data_dir / "packages" / "air-quality-daily").glob("*/data/*.csv"))
    with published.open(encoding="utf-8") as handle:
        readings = list(csv.DictReader(handle))
    months = sorted({r["date"][:7] for r in readings})
    assert "<polyline" in svg and svg.count('class="dot"') == len(months)
    first = [int(r["aqi"]) for r in readings if r["date"].startswith(months[0])]
    table = unescape(html.split("<details>", 1)[1].split("</details>", 1)[0])
    average = format_decimal(round(sum(first) / len(first), 2), locale="zh_Hans_CN")
    assert f"<td>{months[0]}</td><td>{average}</td>" in table
