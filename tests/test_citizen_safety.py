"""Safety and language of the citizen's pages: headers, no inline script, CSRF, Chinese/English."""

import re
from pathlib import Path

import pytest
import requests
from citizen_site import Browser, citizen_site_fixture  # noqa: F401  (the fixture)

from directory.model import OPEN_LABELS, UPDATE_FREQUENCIES
from portal.web.errors import MESSAGES as ERROR_TITLES
from portal.web.messages_en import MESSAGES
from portal.web.search_page import FACET_TITLES, SORT_CHOICES

REPO = Path(__file__).resolve().parents[1]
PAGES = [
    "/",
    "/dataset",
    "/dataset?q=医院",
    "/dataset/hospitals",
    "/dataset/hospitals/changes",
    "/dataset/hospitals/feedback",
    "/feedback",
    "/feedback/request",
    "/directory",
    "/group",
    "/organization",
    "/dataset/nope",
]


@pytest.mark.parametrize("path", PAGES)
def test_citizen_safety_pages_forbid_inline_script_and_external_requests(citizen_site, path):
    response = requests.get(citizen_site.url + path, timeout=20)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp and "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = response.text
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all('type="application/ld+json"' in attrs for attrs in scripts), scripts
    assert not re.search(r"\sstyle=|<style|\son[a-z]+=", html, re.IGNORECASE)
    # Nothing the browser would fetch by itself from elsewhere: only links a citizen follows.
    assert not re.search(r'\s(src|srcset|action)="(https?:)?//', html)
    assert not re.search(r'<link[^>]+href="(https?:)?//', html)


def test_citizen_safety_downloads_are_attachments_with_nosniff(citizen_site):
    for suffix in (
        "download/hospitals.csv",
        "download/hospitals.xlsx",
        "download/hospitals.json",
        "package.zip",
        "datapackage.json",
    ):
        response = requests.get(f"{citizen_site.url}/dataset/hospitals/{suffix}", timeout=20)
        assert response.status_code == 200, suffix
        assert response.headers["X-Content-Type-Options"] == "nosniff", suffix
        if suffix != "datapackage.json":
            assert response.headers["Content-Disposition"].startswith("attachment"), suffix


def test_citizen_safety_form_without_matching_csrf_token_is_refused(citizen_site):
    browser = Browser(citizen_site.url)
    token = browser.csrf_from("/feedback/request")
    form = {"subject": "公交线路数据", "body": "希望开放全省公交线路的站点坐标。"}
    before = browser.get("/feedback").text.count('href="/feedback/')
    refused = [
        browser.post("/feedback/request", form),  # no token at all
        browser.post("/feedback/request", {**form, "csrf_token": "x" * 43}),  # wrong token
        requests.post(  # right token, but not this browser's cookie
            f"{citizen_site.url}/feedback/request",
            data={**form, "csrf_token": token},
            timeout=20,
            allow_redirects=False,
        ),
    ]
    for response in refused:
        assert response.status_code == 400
        assert "表单已过期" in response.text and "Traceback" not in response.text
    assert browser.get("/feedback").text.count('href="/feedback/') == before
    accepted = browser.post("/feedback/request", {**form, "csrf_token": token})
    assert accepted.status_code == 303


def test_citizen_safety_language_switch_keeps_the_page_and_refuses_other_hosts(citizen_site):
    browser = Browser(citizen_site.url)
    chinese = browser.get("/dataset/hospitals").text
    assert '<html lang="zh-CN">' in chinese and "提供部门" in chinese and "English" in chinese
    switched = browser.get("/lang/en?next=/dataset/hospitals?page=2", allow_redirects=False)
    assert switched.status_code == 303
    assert switched.headers["Location"].endswith("/dataset/hospitals?page=2")
    english = browser.get("/dataset/hospitals").text
    assert '<html lang="en">' in english and "Department" in english and "提供部门" not in english
    assert "Data preview" in english and "Report an error" in english
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        away = browser.get(f"/lang/zh?next={target}", allow_redirects=False)
        location = away.headers["Location"]
        assert location in ("/", f"{citizen_site.url}/"), target
    assert "提供部门" in browser.get("/dataset/hospitals").text


def test_citizen_safety_dates_and_numbers_follow_the_language(citizen_site):
    chinese = requests.get(f"{citizen_site.url}/dataset/hospitals", timeout=20).text
    english = requests.get(f"{citizen_site.url}/dataset/hospitals?lang=en", timeout=20).text
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", chinese)
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert re.search(rf"\d{{1,2}} ({months}) \d{{4}}", english)
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", english)


def _template_messages() -> set[str]:
    found = set()
    for path in (REPO / "portal" / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"_\(\s*'((?:[^'\\]|\\.)*)'", text))
        found |= set(re.findall(r"'(?:received|answered|resolved)': '([^']*)'", text))
    for path in (REPO / "portal" / "web").glob("*.py"):
        found |= set(re.findall(r'translate\(\s*"([^"]*)"', path.read_text(encoding="utf-8")))
    return found


def test_citizen_safety_every_message_has_an_english_translation():
    dynamic = {
        *OPEN_LABELS.values(),
        *(label for label, _ in UPDATE_FREQUENCIES.values()),
        *FACET_TITLES.values(),
        *(label for label, _ in SORT_CHOICES.values()),
        *ERROR_TITLES.values(),
    }
    messages = _template_messages() | dynamic
    assert len(messages) > 150  # the scan found the templates' messages
    missing = sorted(m for m in messages if m not in MESSAGES)
    assert not missing, missing
    for chinese, english in MESSAGES.items():
        assert re.findall(r"%\((\w+)\)s", chinese) == re.findall(r"%\((\w+)\)s", english) or (
            sorted(re.findall(r"%\((\w+)\)s", chinese))
            == sorted(re.findall(r"%\((\w+)\)s", english))
        ), chinese
        assert not re.search(r"[\u4e00-\u9fff]", english) or "医院" in english, english
