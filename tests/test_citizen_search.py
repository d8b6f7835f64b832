"""Home and search pages on the demo directory: facets with counts, sorts, pages, suggestions."""

import re
from collections import Counter
from html import unescape

import requests

from directory.model import UPDATE_FREQUENCIES
from portal.web.search_page import safe_snippet


def get(site, path: str) -> str:
    response = requests.get(f"{site.url}{path}", timeout=20)
    assert response.status_code == 200, path
    return response.text


def result_names(html: str) -> list[str]:
    return re.findall(r'<li class="dataset-item">\s*<h3><a href="/dataset/([^"]+)"', html)


def facet(html: str, title: str) -> dict[str, int]:
    block = html.split(f"<h2>{title}</h2>", 1)[1].split("</section>", 1)[0]
    pairs = re.findall(r'>([^<>]+)</a> <span class="count">(\d+)', block)
    return {unescape(label): int(n) for label, n in pairs}


def published(site):
    return [d for d in site.directory.datasets if d.open != "closed"]


def test_citizen_search_home_puts_the_search_box_first(demo_site):
    html = get(demo_site, "/")
    main = html.split('<main id="main"', 1)[1]
    assert main.index('role="search"') < main.index("重点领域") < main.index("其他领域")
    assert main.index("数据提供部门") < main.index("最近更新") and "下载最多" in main
    cards = main.split('<li class="card">')[1:]
    priority = [a for a in demo_site.directory.areas if a.priority]
    assert len(cards) == len(priority)
    for area, card in zip(priority, cards, strict=True):
        assert f'href="/group/{area.id}"' in card
        newest = re.findall(
            r'href="/dataset/([^"]+)"', card.split('class="recent"', 1)[1].split("</ul>", 1)[0]
        )
        assert newest and all(demo_site.directory.dataset(n).area == area.id for n in newest)


def test_citizen_search_update_frequency_facet_counts_and_filters(demo_site):
    expected = Counter(UPDATE_FREQUENCIES[d.update][0] for d in published(demo_site))
    html = get(demo_site, "/dataset")
    assert facet(html, "更新周期") == dict(expected)
    monthly = get(demo_site, "/dataset?update=monthly")
    names = set(result_names(monthly))
    assert names == {d.id for d in published(demo_site) if d.update == "monthly"}
    areas = facet(monthly, "领域")
    assert sum(areas.values()) == len(names)


def test_citizen_search_area_facet_and_pages(demo_site):
    everything = published(demo_site)
    first, second = get(demo_site, "/dataset"), get(demo_site, "/dataset?page=2")
    assert len(result_names(first)) == min(20, len(everything))
    assert set(result_names(first)) | set(result_names(second)) == {d.id for d in everything}
    area = demo_site.directory.areas[0]
    filtered = get(demo_site, f"/dataset?groups={area.id}")
    assert set(result_names(filtered)) == {d.id for d in everything if d.area == area.id}
    assert "取消筛选" in filtered


def test_citizen_search_sorts_by_name_and_downloads(demo_site):
    by_name = result_names(get(demo_site, "/dataset?sort=name&page=1"))
    titles = [demo_site.directory.dataset(n).title for n in by_name]
    assert titles == sorted(titles)
    target = published(demo_site)[-1].id
    for _ in range(3):
        requests.get(f"{demo_site.url}/dataset/{target}/package.zip", timeout=20)
    assert result_names(get(demo_site, "/dataset?sort=downloads"))[0] == target


def test_citizen_search_empty_result_suggests_what_to_try(demo_site):
    html = get(demo_site, "/dataset?q=火星探测器&groups=livelihood")
    assert "没有找到相关数据集" in html
    assert "去掉全部筛选条件" in html and 'href="/feedback/request"' in html


def test_citizen_search_snippet_keeps_only_the_highlight_markup():
    snippet = safe_snippet("<mark>医院</mark>名录<script>alert(1)</script><b>x</b>")
    assert str(snippet).startswith("<mark>医院</mark>名录&lt;script&gt;")
    assert "<b>" not in str(snippet)
