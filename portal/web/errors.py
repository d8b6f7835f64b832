"""One handler for every error: CKAN's envelope under /api, a Chinese page elsewhere. No traces."""

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from portal.errors import BadRequest, PortalError

log = logging.getLogger(__name__)
MESSAGES = {
    400: "请求有误",
    403: "该数据暂不公开",
    404: "页面不存在",
    405: "不支持的请求方法",
    409: "请求参数有误",
    500: "服务器内部错误",
}


def register_error_handlers(app: Flask) -> None:
    app.before_request(_refuse_nul_in_pages)
    app.register_error_handler(PortalError, _portal_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _refuse_nul_in_pages() -> None:
    # A NUL byte is never part of a real address, and PostgreSQL text cannot hold one.
    if request.path.startswith("/api/"):
        return
    if "\x00" in request.path or any("\x00" in v for v in request.args.values()):
        raise BadRequest("地址中含有非法字符")


def _portal_error(error: PortalError):
    return _respond(error.status, error.message, error.ckan_error())


def _http_error(error: HTTPException):
    status = error.code or 500
    return _respond(status, error.description or "", {"message": f"{status}: {error.name}"})


def _unexpected_error(error: Exception):
    log.exception("unhandled error on %s", request.path)
    return _respond(500, "", {"message": "Internal Server Error"})


def _respond(status: int, detail: str, ckan_error: dict):
    if request.path.startswith("/api/"):
        return jsonify({"success": False, "error": ckan_error}), status
    title = MESSAGES.get(status, "出错了")
    return render_template(
        "error.html", status=status, title=title, detail=detail if status < 500 else ""
    ), status
