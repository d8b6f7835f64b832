"""Applying for a conditional dataset: a form whose application the department decides with
`portal access approve|refuse`; the approved applicant's token then unlocks the downloads."""

from flask import Blueprint, render_template, request

from portal import access, queries
from portal import feedback as store
from portal.context import db_session
from portal.errors import NotFound
from portal.web.feedback import guard_post, now
from portal.web.i18n import translate

applications = Blueprint("access", __name__)


def _conditional(name: str) -> dict:
    detail = queries.dataset_detail(db_session(), name)
    if detail is None or detail["name"] != name or detail["open"] != "conditional":
        raise NotFound(translate("没有这个有条件开放的数据集"))
    return detail


@applications.route("/dataset/<name>/apply", methods=["GET", "POST"])
def apply_form(name: str):
    detail = _conditional(name)
    form = {k: request.form.get(k, "") for k in ("applicant", "purpose")}
    if request.method == "GET":
        return render_template("access_apply.html", d=detail, form=form, error=None, number=None)
    try:
        guard_post()
        number = access.apply(db_session(), name, form["applicant"], form["purpose"], now())
    except store.FeedbackError as error:
        return render_template(
            "access_apply.html", d=detail, form=form, error=error, number=None
        ), 400
    return render_template("access_apply.html", d=detail, form={}, error=None, number=number)
