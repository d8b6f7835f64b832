"""公众参与: the public list of feedback items and the two forms that add to it.

Forms post with a CSRF token, are bounded in size and rate-limited per client address. The
address is used only in memory for the limit and never stored.
"""

import hashlib
import threading
import time
from collections import deque
from datetime import UTC, datetime

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from portal import feedback as store
from portal import queries
from portal.context import db_session
from portal.errors import NotFound, PortalError
from portal.web.i18n import localized, translate
from portal.web.security import check_csrf

feedback = Blueprint("feedback", __name__)
PAGE_SIZE = 20
MAX_FORM_BYTES = 64 * 1024  # a full form, percent-encoded Chinese (9 bytes a character)
DEFAULT_RATE = (5, 600)  # posts per client address per this many seconds


class TooManyRequests(PortalError):
    status = 429
    ckan_type = ""


class RateLimiter:
    """A sliding window of post times per hashed client address, in this process's memory."""

    def __init__(self):
        self._times: dict[str, deque] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, limit: int, window: float) -> bool:
        key = hashlib.sha256(client.encode()).hexdigest()[:16]
        now = time.monotonic()
        with self._lock:
            times = self._times.setdefault(key, deque())
            while times and now - times[0] > window:
                times.popleft()
            if len(times) >= limit:
                return False
            times.append(now)
            if len(self._times) > 10_000:  # forget idle clients
                self._times = {k: v for k, v in self._times.items() if v}
            return True


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def guard_post() -> None:
    """Size bound, CSRF token and rate limit for every citizen's form post."""
    if (request.content_length or 0) > MAX_FORM_BYTES:
        raise store.FeedbackError("body", "提交内容过长")
    check_csrf()
    limit, window = current_app.config.get("FEEDBACK_RATE_LIMIT", DEFAULT_RATE)
    limiter = current_app.extensions.setdefault("feedback_rate", RateLimiter())
    if not limiter.allow(request.remote_addr or "", limit, window):
        raise TooManyRequests(translate("提交过于频繁，请稍后再试"))


def _submit(kind: str, dataset: dict | None, template: str, **context):
    form = {"subject": request.form.get("subject", ""), "body": request.form.get("body", "")}
    department = dataset["department"]["id"] if dataset else request.form.get("department", "")
    departments = {d["id"] for d in queries.departments_with_counts(db_session())}
    try:
        guard_post()
        item = store.Submission(
            kind=kind,
            subject=form["subject"],
            body=form["body"],
            dataset_name=dataset["name"] if dataset else "",
            department_id=department if department in departments else "",
        )
        number = store.submit(db_session(), item, now())
    except store.FeedbackError as error:
        return render_template(template, form=form, error=error, **context), 400
    return redirect(url_for("feedback.feedback_item", item_id=number), code=303)


def _dataset(name: str) -> dict:
    detail = queries.dataset_detail(db_session(), name)
    if detail is None or detail["name"] != name:
        raise NotFound(f"数据集 {name} 不存在或未发布")
    return detail


@feedback.route("/dataset/<name>/feedback", methods=["GET", "POST"])
def correction_form(name: str):
    detail = _dataset(name)
    if request.method == "POST":
        return _submit("correction", detail, "feedback_correction.html", d=detail)
    return render_template("feedback_correction.html", d=detail, form={}, error=None)


@feedback.route("/feedback/request", methods=["GET", "POST"])
def request_form():
    departments = queries.departments_with_counts(db_session())
    if request.method == "POST":
        return _submit("request", None, "feedback_request.html", departments=departments)
    return render_template("feedback_request.html", departments=departments, form={}, error=None)


def _department_names() -> dict[str, str]:
    return {d["id"]: localized(d) for d in queries.departments_with_counts(db_session())}


@feedback.route("/feedback")
def feedback_list():
    raw = request.args.get("page", "1")
    page = int(raw) if raw.isdecimal() and 0 < int(raw) < 100_000 else 1
    total, items = store.list_items(db_session(), now(), PAGE_SIZE, (page - 1) * PAGE_SIZE)
    departments = _department_names()
    return render_template(
        "feedback_list.html",
        items=items,
        departments=departments,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        page_args=lambda number: {"page": number},
        working_days=store.REPLY_WORKING_DAYS,
    )


@feedback.route("/feedback/<int:item_id>")
def feedback_item(item_id: int):
    item = store.get_item(db_session(), item_id, now())
    if item is None:
        raise NotFound(f"编号 {item_id} 的留言不存在")
    departments = _department_names()
    name = item["dataset_name"]
    dataset = queries.dataset_detail(db_session(), name) if name else None
    return render_template(
        "feedback_item.html",
        item=item,
        dataset=dataset,
        departments=departments,
        working_days=store.REPLY_WORKING_DAYS,
    )
