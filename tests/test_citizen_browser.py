"""The citizen's pages in real headless Chromium (Debian's package, driven by Playwright).

Skipped, with the reason, only where Chromium is not installed; `.ci/run` installs it.
Set PORTAL_SCREENSHOTS=<folder> to keep the screenshots of the main pages there.
"""

import csv
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from helpers import REPO, portal_env, run_portal, serve

from portal import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = None
try:
    import axe_playwright_python

    AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
except ImportError:  # pragma: no cover - the test extra installs it
    pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo directory harvested into SQLite and served (the browser does not care which DB)."""
    folder = tmp_path_factory.mktemp("browser")
    env = portal_env(REPO / "catalogue.yaml", folder)
    harvest = run_portal(["harvest", "--all"], env, timeout=600)
    assert harvest.returncode == 0, harvest.stdout + harvest.stderr
    app = create_app(
        {"CATALOGUE": str(REPO / "catalogue.yaml"), "DATA_DIR": str(folder), "DATABASE_URL": ""}
    )
    app.config["FEEDBACK_RATE_LIMIT"] = (1000, 60)
    with serve(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    """A fresh browser context; every request and every console error is recorded."""
    context = browser.new_context(base_url=site, accept_downloads=True, locale="zh-CN")
    tab = context.new_page()
    tab.requests, tab.console_errors = [], []
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()


def test_citizen_browser_search_facet_and_open_a_dataset(page, site):
    page.goto("/")
    page.get_by_role("searchbox").fill("医院")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dataset?q=*")
    assert "找到" in page.inner_text("#found")
    page.locator(".facets section", has_text="领域").locator("a").first.click()
    page.wait_for_url("**groups=*")
    results = page.locator(".dataset-item h3 a")
    assert results.count() >= 1
    title = results.first.inner_text()
    results.first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert all(url.startswith(site) for url in page.requests), page.requests
    assert not page.console_errors, page.console_errors


def test_citizen_browser_preview_pages_and_sorts(page):
    page.goto("/dataset/hospitals")
    pager = page.get_by_role("navigation", name="数据预览分页")
    pager.get_by_role("link", name="下一页").click()
    page.wait_for_url("**page=2*")
    assert "第 21–40 行" in page.inner_text("#preview")
    header = page.locator("table.preview th", has_text="床位数")
    header.get_by_role("link").click()
    page.wait_for_url("**sort=beds*")
    assert page.locator("table.preview th", has_text="床位数").get_attribute("aria-sort") == (
        "ascending"
    )
    page.locator("table.preview th", has_text="床位数").get_by_role("link").click()
    page.wait_for_url("**order=desc*")
    column = [th.inner_text().strip() for th in page.locator("table.preview thead th").all()].index(
        page.locator("table.preview th", has_text="床位数").inner_text().strip()
    )
    beds = [
        int(row.locator("td").nth(column).inner_text())
        for row in page.locator("table.preview tbody tr").all()
    ]
    assert beds == sorted(beds, reverse=True) and len(beds) == 20


def test_citizen_browser_switches_language_and_back(page):
    page.goto("/dataset/hospitals")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Data preview").is_visible()
    page.goto("/feedback")
    assert page.locator("h1").inner_text() == "Participate"
    page.get_by_role("link", name="中文").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "公众参与"


def test_citizen_browser_sends_a_correction_and_sees_it_listed(page):
    page.goto("/dataset/hospitals")
    page.get_by_label("标题").fill("电话号码已变更")
    page.get_by_label("哪里有误？正确的应是什么？").fill("第一医院的电话已改为 0451-12345678。")
    page.get_by_role("button", name="提交纠错").click()
    page.wait_for_url("**/feedback/*")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("#") and "电话号码已变更" in heading
    number = heading.split()[0]
    page.goto("/feedback")
    row = page.locator("table.feedback tr", has_text=number)
    assert "已受理" in row.inner_text() and "电话号码已变更" in row.inner_text()


def test_citizen_browser_applies_for_a_conditional_dataset(page):
    page.goto("/dataset/dibao-recipients")
    page.get_by_role("link", name="申请使用本数据集").click()
    page.get_by_label("申请人（单位或个人名称及联系方式）").fill("某某研究院 0451-00000000")
    page.get_by_label("用途").fill("研究城乡低保覆盖的区域差异。")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    assert "申请已提交，编号" in page.get_by_role("status").inner_text()


def test_citizen_browser_downloads_each_format(page):
    page.goto("/dataset/hospitals")
    contents = {}
    for label in ("CSV 表格", "Excel 工作簿（XLSX）", "JSON", "完整数据包 ZIP"):
        with page.expect_download() as info:
            page.get_by_role("link", name=label, exact=True).click()
        contents[label] = Path(info.value.path()).read_bytes()
    header = next(csv.reader(io.StringIO(contents["CSV 表格"].decode("utf-8-sig"))))
    assert contents["CSV 表格"].startswith(b"\xef\xbb\xbf") and header[0] == "org_code"
    assert contents["Excel 工作簿（XLSX）"][:2] == b"PK"
    records = json.loads(contents["JSON"])["records"]
    assert records and "org_code" in records[0]
    names = zipfile.ZipFile(io.BytesIO(contents["完整数据包 ZIP"])).namelist()
    assert "hospitals/datapackage.json" in names


def test_citizen_browser_keyboard_reaches_skip_link_and_search(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(10):  # from the main region, Tab reaches the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("许可")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    assert page.locator(".dataset-item").count() >= 1


@pytest.mark.parametrize("path", ["/", "/dataset?q=医院", "/dataset/hospitals", "/feedback"])
def test_citizen_browser_fits_a_360_pixel_screen(browser, site, path):
    context = browser.new_context(base_url=site, viewport={"width": 360, "height": 740})
    tab = context.new_page()
    tab.goto(path)
    width = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 360, f"{path} is {width}px wide"


AXE_PAGES = [
    "/",
    "/dataset?q=医院",
    "/dataset/hospitals",
    "/dataset/air-quality-daily",
    "/feedback",
    "/feedback/request",
    "/dataset/dibao-recipients/apply",
    "/lang/en?next=/dataset/hospitals",
]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_citizen_browser_axe_finds_no_accessibility_violations(page, path):
    if AXE_JS is None or not AXE_JS.exists():
        pytest.skip("axe-core is not installed (pip install axe-playwright-python)")
    page.goto(path)
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))  # evaluate is not subject to the CSP
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]
    ]
    assert violations == []
    assert not page.console_errors, page.console_errors


def test_citizen_browser_screenshots_of_the_main_pages(browser, site, tmp_path):
    """Screenshots render at both widths; with PORTAL_SCREENSHOTS set they are kept there."""
    folder = Path(os.environ.get("PORTAL_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shots = {
        "home": "/",
        "search": "/dataset?q=医院",
        "dataset": "/dataset/air-quality-daily",
        "feedback": "/feedback",
    }
    for width, suffix in ((1280, ""), (360, "-mobile")):
        context = browser.new_context(base_url=site, viewport={"width": width, "height": 900})
        tab = context.new_page()
        for name, path in shots.items():
            tab.goto(path)
            target = folder / f"{name}{suffix}.png"
            tab.screenshot(path=str(target), full_page=False)
            assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        context.close()
