"""The page language: Simplified Chinese by default, English on request, kept in a cookie.

Templates write Chinese and wrap it in `_()`; the English text comes from `messages_en.MESSAGES`.
A message missing there falls back to Chinese, and a test checks that none is missing. Dates and
numbers are formatted with Babel's CLDR data for the chosen locale.
"""

from datetime import date, datetime
from urllib.parse import urlsplit

from babel.dates import format_date
from babel.numbers import format_decimal
from flask import Blueprint, Flask, g, redirect, request

from portal.web.messages_en import MESSAGES

LANGUAGES = {"zh": "zh_Hans_CN", "en": "en_GB"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}
DEFAULT = "zh"
COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600

language = Blueprint("language", __name__)


def current_language() -> str:
    if "language" not in g:
        chosen = request.args.get("lang") or request.cookies.get(COOKIE, DEFAULT)
        g.language = chosen if chosen in LANGUAGES else DEFAULT
    return g.language


def translate(message: str, **values) -> str:
    """`message` (Chinese) in the current language, with %(name)s placeholders filled."""
    text = MESSAGES.get(message, message) if current_language() == "en" else message
    return text % values if values else text


def localized(item: dict, key: str = "name") -> str:
    """A directory value (area, department, dataset title) in the current language if known."""
    if current_language() == "en":
        return item.get(f"{key}_en") or item.get(key, "")
    return item.get(key, "")


def format_day(value: datetime | date | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value, format="long", locale=LANGUAGES[current_language()])


def format_number(value: int | float | None) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    return format_decimal(value, locale=LANGUAGES[current_language()])


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another host."""
    target = (target or "").replace("\\", "/")  # browsers read "/\\host" as "//host"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@language.route("/lang/<code>")
def switch_language(code: str):
    response = redirect(safe_next(request.args.get("next")), code=303)
    if code in LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


def register_i18n(app: Flask) -> None:
    app.register_blueprint(language)
    app.jinja_env.globals.update(
        _=translate, localized=localized, current_language=current_language, html_lang=HTML_LANG
    )
