"""公众参与: error reports and data requests become public numbered items answered by the CLI."""

import re
from datetime import UTC, date, datetime
from html import unescape

import requests
from citizen_site import Browser, citizen_site_fixture, data_dir  # noqa: F401  (the fixture)
from helpers import run_portal, serve
from sqlalchemy import inspect, select

from portal import create_app
from portal import feedback as store
from portal.db import Database
from portal.models import FeedbackRow


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def post_correction(browser: Browser, subject: str, body: str) -> requests.Response:
    token = browser.csrf_from("/dataset/hospitals")
    return browser.post(
        "/dataset/hospitals/feedback", {"subject": subject, "body": body, "csrf_token": token}
    )


def test_citizen_feedback_working_days_skip_weekends():
    friday = date(2026, 11, 27)
    assert store.add_working_days(friday, 1) == date(2026, 11, 30)
    assert store.add_working_days(friday, 10) == date(2026, 12, 11)
    monday = date(2026, 11, 30)
    assert store.add_working_days(monday, 5) == date(2026, 12, 7)


def test_citizen_feedback_correction_is_listed_then_answered_by_the_department(citizen_site):
    browser = Browser(citizen_site.url)
    sent = post_correction(browser, "床位数有误", "第10人民医院的床位数应为 500 张，不是 999 张。")
    assert sent.status_code == 303
    number = int(re.search(r"/feedback/(\d+)$", sent.headers["Location"]).group(1))
    item = text(browser.get(f"/feedback/{number}").text)
    due = store.add_working_days(datetime.now(UTC).date(), store.REPLY_WORKING_DAYS)
    assert f"#{number} 床位数有误" in item and "已受理" in item and "部门尚未答复" in item
    assert f"{due.year}年{due.month}月{due.day}日" in item and "黑龙江省卫生健康委员会" in item
    listing = text(browser.get("/feedback").text)
    assert f"#{number}" in listing and "床位数有误" in listing
    row = browser.get("/feedback").text.split(f'href="/feedback/{number}"', 1)[1].split("</tr>")[0]
    assert "已受理" in row and "overdue-mark" not in row
    answered = run_portal(
        [
            "feedback",
            "answer",
            str(number),
            "--text",
            "已核实并更正，下月发布新版本。",
            "--resolve",
        ],
        citizen_site.env,
    )
    assert answered.returncode == 0, answered.stderr
    item = text(browser.get(f"/feedback/{number}").text)
    assert "已解决" in item and "已核实并更正，下月发布新版本。" in item
    listed = run_portal(["feedback", "list"], citizen_site.env)
    assert re.search(rf"#{number}\s+correction\s+resolved", listed.stdout)


def test_citizen_feedback_cli_refuses_unknown_item_and_empty_answer(citizen_site):
    missing = run_portal(["feedback", "answer", "999999", "--text", "好"], citizen_site.env)
    assert missing.returncode == 1 and "no feedback item #999999" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_citizen_feedback_request_stores_only_what_was_typed(citizen_site):
    browser = Browser(citizen_site.url)
    token = browser.csrf_from("/feedback/request")
    form = {
        "subject": "  全省公交实时到站数据 ",
        "body": "用于开发候车提醒小程序。\r\n希望按线路提供。",
        "department": "health",
        "csrf_token": token,
    }
    sent = browser.post("/feedback/request", form, headers={"User-Agent": "citizen-agent/1.0"})
    number = int(sent.headers["Location"].rsplit("/", 1)[1])
    database = Database(_database_url(citizen_site))
    columns = {c["name"] for c in inspect(database.engine).get_columns("feedback_items")}
    assert columns == {
        "id",
        "kind",
        "dataset_name",
        "department_id",
        "subject",
        "body",
        "status",
        "created",
        "due",
        "answer",
        "answered",
    }
    with database.session() as session:
        row = session.scalars(select(FeedbackRow).where(FeedbackRow.id == number)).one()
        assert (row.kind, row.subject, row.body, row.department_id) == (
            "request",
            "全省公交实时到站数据",
            "用于开发候车提醒小程序。\n希望按线路提供。",
            "health",
        )
        stored = " ".join(str(getattr(row, c)) for c in columns)
    database.dispose()
    assert "127.0.0.1" not in stored and "citizen-agent" not in stored


def _database_url(site) -> str:
    return site.env.get("DATABASE_URL") or f"sqlite:///{data_dir(site) / 'portal.db'}"


def test_citizen_feedback_size_bounds_and_control_characters_are_refused(citizen_site):
    browser = Browser(citizen_site.url)
    before = browser.get("/feedback").text.count('<tr class="overdue">') + browser.get(
        "/feedback"
    ).text.count("<tr>")
    for subject, body, message in (
        ("标", "内容足够长的说明文字", "至少需要 2 个字"),
        ("标题", "长" * 2001, "不能超过 2000 个字"),
        ("标题\x07", "内容足够长的说明文字", "控制字符"),
    ):
        response = post_correction(browser, subject, body)
        assert response.status_code == 400 and message in text(response.text), message
    huge = browser.post(
        "/feedback/request", {"subject": "x" * 70_000, "body": "y", "csrf_token": "z"}
    )
    assert huge.status_code == 400
    after = browser.get("/feedback").text.count('<tr class="overdue">') + browser.get(
        "/feedback"
    ).text.count("<tr>")
    assert after == before


def test_citizen_feedback_overdue_items_are_marked(citizen_site):
    database = Database(_database_url(citizen_site))
    long_ago = datetime(2025, 1, 6, 9, 0)
    with database.session() as session:
        item = store.Submission("request", "旧的数据申请", "一年前提交的申请，至今未答复。")
        number = store.submit(session, item, long_ago)
    database.dispose()
    html = requests.get(f"{citizen_site.url}/feedback/{number}", timeout=20).text
    assert "已超期" in html and "2025年1月20日" in text(html)
    listing = requests.get(f"{citizen_site.url}/feedback", timeout=20).text
    row = re.search(rf'<tr class="overdue">\s*<td><a href="/feedback/{number}"', listing)
    assert row is not None


def test_citizen_feedback_posts_are_rate_limited(citizen_site, tmp_path):
    app = create_app(
        {
            "CATALOGUE": str(data_dir(citizen_site).parent / "catalogue.yaml"),
            "DATA_DIR": str(data_dir(citizen_site)),
            "DATABASE_URL": citizen_site.env.get("DATABASE_URL", ""),
        }
    )
    app.config["FEEDBACK_RATE_LIMIT"] = (2, 600)
    with serve(app) as url:
        browser = Browser(url)
        statuses = [
            post_correction(browser, f"标题{i}", "限流测试的正文内容").status_code for i in range(3)
        ]
    assert statuses == [303, 303, 429]


def test_citizen_feedback_text_is_shown_as_text_not_markup(citizen_site):
    browser = Browser(citizen_site.url)
    sent = post_correction(
        browser, "<script>alert(1)</script>", '<img src=x onerror="alert(2)">说明'
    )
    number = sent.headers["Location"].rsplit("/", 1)[1]
    for path in (f"/feedback/{number}", "/feedback"):
        html = browser.get(path).text
        assert "<script>alert(1)" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


def test_citizen_feedback_pages_mask_personal_data_a_citizen_typed(citizen_site):
    mobile, id_number = "13912345678", "11010519491231002X"
    database = Database(_database_url(citizen_site))
    with database.session() as session:
        item = store.Submission(
            "request", f"请联系我 {mobile}", f"我的身份证号{id_number}，邮箱 wang@example.com"
        )
        number = store.submit(session, item, datetime.now(UTC).replace(tzinfo=None))
    with database.session() as session:
        stored = session.get(FeedbackRow, number)
        assert mobile in stored.subject and id_number in stored.body  # kept as typed
    database.dispose()
    for path in (f"/feedback/{number}", "/feedback"):
        page = text(requests.get(f"{citizen_site.url}{path}", timeout=20).text)
        assert mobile not in page and id_number not in page and "wang@" not in page, path
        assert "139****5678" in page, path
    page = text(requests.get(f"{citizen_site.url}/feedback/{number}", timeout=20).text)
    assert "110105********002X" in page and "w***@example.com" in page
