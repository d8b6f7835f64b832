"""Response headers that keep pages safe, and CSRF protection for the citizen's forms.

CSRF uses the double-submit pattern: a random token in a SameSite cookie and the same token in a
hidden form field. It needs no server-side session, so any worker can check any form.
"""

import hmac
import secrets

from flask import Flask, g, request
from werkzeug.wrappers import Response

from portal.errors import BadRequest
from portal.web.i18n import translate

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
CSRF_COOKIE = "csrf"
CSRF_FIELD = "csrf_token"


class CsrfError(BadRequest):
    """A form post whose token is missing or does not match this browser's cookie."""


def csrf_token() -> str:
    """The token of this browser, made on first use; templates put it in every form."""
    if "csrf_token" not in g:
        existing = request.cookies.get(CSRF_COOKIE, "")
        g.csrf_token = existing if len(existing) == 43 else secrets.token_urlsafe(32)
    return g.csrf_token


def check_csrf() -> None:
    """Refuse a form post whose hidden token does not match its cookie."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.form.get(CSRF_FIELD, "")
    if not cookie or not sent or not hmac.compare_digest(cookie, sent):
        raise CsrfError(translate("表单已过期或来源不明，请刷新页面后重新提交"))


def _secure_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if not request.path.startswith("/api/"):
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
    token = g.get("csrf_token")
    if token and request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, samesite="Strict", httponly=True)
    return response


def register_security(app: Flask) -> None:
    app.after_request(_secure_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
