"""The citizen's pages over plain HTTP against the live demo site."""

import io
import re
import zipfile
from html import unescape

import pytest
import requests


def get(site, path: str, status: int = 200) -> str:
    response = requests.get(f"{site.url}{path}", timeout=10)
    assert response.status_code == status, f"{path}: {response.status_code}"
    return response.text


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_pages_home_shows_priority_areas_first_with_counts(demo_site):
    page = text_of(get(demo_site, "/"))
    positions = [page.index(name) for name in ("民生保障", "公共服务", "市场监管")]
    assert positions == sorted(positions)
    other = [a.name for a in demo_site.directory.areas if not a.priority]
    assert all(page.index(name) > positions[-1] for name in other)
    for area in demo_site.directory.areas:
        if area.priority:
            count = sum(
                1 for d in demo_site.directory.datasets if d.area == area.id and d.open != "closed"
            )
            assert re.search(rf"{area.name}\s+{count} 个数据集", page), area.name
    for department in demo_site.directory.departments:
        assert department.name in page


def test_pages_area_and_department_pages_list_their_datasets(demo_site):
    for area in demo_site.directory.areas[:3]:
        page = text_of(get(demo_site, f"/group/{area.id}"))
        for d in demo_site.directory.datasets:
            if d.area == area.id and d.open != "closed":
                assert d.title in page
    department = demo_site.directory.departments[0]
    page = text_of(get(demo_site, f"/organization/{department.id}"))
    assert all(
        d.title in page
        for d in demo_site.directory.datasets
        if d.department == department.id and d.open != "closed"
    )


def test_pages_search_box_finds_chinese_words(demo_site):
    page = text_of(get(demo_site, "/dataset?q=医院"))
    expected = [
        d.title
        for d in demo_site.directory.datasets
        if d.open != "closed" and ("医院" in d.title or "医院" in d.summary or "医院" in d.keywords)
    ]
    assert expected and all(t in page for t in expected)
    assert "没有找到相关数据集" in text_of(get(demo_site, "/dataset?q=火星探测器"))


def test_pages_dataset_page_shows_everything_a_citizen_needs(demo_site):
    entry = next(d for d in demo_site.directory.datasets if d.open == "open")
    page = text_of(get(demo_site, f"/dataset/{entry.id}"))
    for label in (
        "提供部门",
        "所属领域",
        "更新周期",
        "开放属性",
        "许可协议",
        "最近更新",
        "数据预览",
        "数据项",
        "数据质量",
        "保密审查",
        "版本历史",
        "第 1 版",
        "CSV 表格",
        "datapackage.json",
        "完整数据包 ZIP",
    ):
        assert label in page, label
    assert entry.title in page and entry.summary[:20] in page
    for field in entry.published_fields:
        assert field.title in page and field.name in page
    for field in entry.fields:
        if field.sensitive == "drop":
            assert f"<code>{field.name}</code>" not in get(demo_site, f"/dataset/{entry.id}")


def test_pages_downloads_csv_with_bom_json_and_zip(demo_site):
    entry = next(d for d in demo_site.directory.datasets if d.open == "open")
    csv_response = requests.get(
        f"{demo_site.url}/dataset/{entry.id}/download/{entry.id}.csv", timeout=10
    )
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in csv_response.headers["Content-Disposition"]
    header = csv_response.content[3:].decode("utf-8").splitlines()[0]
    assert header.split(",") == [f.name for f in entry.published_fields]
    descriptor = requests.get(
        f"{demo_site.url}/dataset/{entry.id}/datapackage.json", timeout=10
    ).json()
    assert descriptor["name"] == entry.id and descriptor["version"] == "1"
    archive = zipfile.ZipFile(
        io.BytesIO(
            requests.get(f"{demo_site.url}/dataset/{entry.id}/package.zip", timeout=10).content
        )
    )
    names = archive.namelist()
    assert f"{entry.id}/datapackage.json" in names and f"{entry.id}/data/{entry.id}.csv" in names


def test_pages_directory_lists_closed_entries_with_reason_only_there(demo_site):
    page = text_of(get(demo_site, "/directory"))
    closed = [d for d in demo_site.directory.datasets if d.open == "closed"]
    for entry in closed:
        assert entry.title in page and entry.reason in page
        get(demo_site, f"/dataset/{entry.id}", status=404)
        for path in (
            "/",
            "/dataset",
            f"/group/{entry.area}",
            f"/organization/{entry.department}",
            "/dataset?q=" + entry.title[:2],
        ):
            assert entry.title not in text_of(get(demo_site, path)), path


def test_pages_conditional_dataset_shows_its_conditions(demo_site):
    entry = next(d for d in demo_site.directory.datasets if d.open == "conditional")
    page = text_of(get(demo_site, f"/dataset/{entry.id}"))
    assert "开放条件" in page and entry.reason in page and "完整数据包 ZIP" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/dataset/nope",
        "/group/nope",
        "/organization/nope",
        "/nope",
        "/dataset/nope/datapackage.json",
        "/dataset?page=abc&sort=evil",
        "/dataset/%00",
        "/dataset?q=%00",
        "/dataset?page=%C2%B2",
        "/group/livelihood?page=%E2%91%A0",
    ],
)
def test_pages_errors_are_chinese_pages_without_traces(demo_site, path):
    response = requests.get(f"{demo_site.url}{path}", timeout=10)
    assert response.status_code in (200, 400, 404)
    assert "Traceback" not in response.text
    if response.status_code == 404:
        assert "页面不存在" in response.text


def test_pages_dataset_page_summarises_its_screening_report(demo_site):
    entry = next(
        d
        for d in demo_site.directory.datasets
        if d.open == "open" and {"drop", "mask"} <= {f.sensitive for f in d.fields}
    )
    page = text_of(get(demo_site, f"/dataset/{entry.id}"))
    assert "居民身份证号码（含 15 位旧版）、手机号码、银行卡号、电子邮箱地址" in page
    assert "未发现未经声明的个人信息" in page
    dropped = "、".join(f.title for f in entry.fields if f.sensitive == "drop")
    masked = "、".join(f.title for f in entry.fields if f.sensitive == "mask")
    assert f"按目录规定不予发布的字段：{dropped}。" in page
    assert f"脱敏发布的字段：{masked}。" in page
