"""The citizen-facing extras wired in one call: language, safety headers, CSRF, feedback."""

from flask import Flask

from portal.feedback import REPLY_WORKING_DAYS
from portal.web.access import applications
from portal.web.charts import render_svg
from portal.web.feedback import feedback
from portal.web.i18n import register_i18n
from portal.web.security import register_security


def register_citizen(app: Flask) -> None:
    register_i18n(app)
    register_security(app)
    app.register_blueprint(feedback)
    app.register_blueprint(applications)
    app.jinja_env.globals.update(render_chart=render_svg, working_days=REPLY_WORKING_DAYS)
