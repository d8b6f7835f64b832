"""The publish endpoint for push publishing: a department's token, its own datasets only."""

import tempfile
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request

from directory import DirectoryError, load_directory
from harvesters import RawTable
from portal.context import db_session, package_store
from portal.errors import BadRequest, Forbidden, NotFound, PortalError, ValidationError
from portal.push import publish_received, table_options
from portal.tokens import token_department

publish = Blueprint("publish", __name__)
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
CHUNK = 1024 * 1024
FORM_OVERHEAD = 1024 * 1024  # multipart boundaries and the small form fields
FORMATS = ("csv", "xlsx", "json")


class TooLarge(PortalError):
    status = 413
    ckan_type = "Validation Error"


@publish.route("/api/publish/<dataset_id>", methods=["POST"])
def publish_dataset(dataset_id: str):
    try:
        department = _department_of_token()
        entry = _entry(dataset_id, department)
        if (request.content_length or 0) > MAX_UPLOAD_BYTES + FORM_OVERHEAD:
            raise TooLarge(f"the upload is larger than {MAX_UPLOAD_BYTES:,} bytes")
        request.max_content_length = MAX_UPLOAD_BYTES + FORM_OVERHEAD  # also for chunked bodies
        fmt = request.form.get("format", "")
        if fmt not in FORMATS:
            raise ValidationError({"format": ["must be csv, xlsx or json"]})
        options = table_options(request.form.get("options", ""))
        with tempfile.TemporaryDirectory(prefix="publish-") as work:
            path = _save_upload(Path(work) / f"{entry.id}.{fmt}")
            table = RawTable(entry.id, f"upload from {department}", fmt, path, options)
            outcome = publish_received(
                current_app.extensions["portal_db"],
                package_store(),
                _directory(),
                entry,
                table,
                department,
            )
    except PortalError as error:
        return jsonify({"success": False, "error": error.ckan_error()}), error.status
    if outcome.status == "failed":
        body = {"__type": "Validation Error", "message": outcome.error, "reason": outcome.reason}
        return jsonify({"success": False, "error": body}), 409
    result = {"dataset": entry.id, "status": outcome.status, "version": outcome.version}
    return jsonify({"success": True, "result": {**result, "rows": outcome.rows}})


def _department_of_token() -> str:
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip()
    department = token_department(db_session(), token) if token else None
    db_session().rollback()  # the request's session only read; the publish uses its own
    if department is None:
        raise Forbidden("a valid publish token is required (Authorization: Bearer <token>)")
    return department


def _directory():
    try:
        return load_directory(current_app.config["PORTAL"]["CATALOGUE"])
    except DirectoryError:
        raise PortalError("the portal's directory cannot be read") from None


def _entry(dataset_id: str, department: str):
    entry = _directory().dataset(dataset_id)
    if entry is None:
        raise NotFound("Not found")
    if entry.department != department:
        raise Forbidden(f"this token may only publish datasets of department {department}")
    if not entry.is_published:
        raise Forbidden("this dataset is closed: it is never published")
    return entry


def _save_upload(target: Path) -> Path:
    upload = request.files.get("table")
    if upload is None:
        raise BadRequest("the table file is missing (multipart field 'table')")
    written = 0
    with target.open("wb") as out:
        while chunk := upload.stream.read(CHUNK):
            written += len(chunk)
            if written > MAX_UPLOAD_BYTES:
                raise TooLarge(f"the upload is larger than {MAX_UPLOAD_BYTES:,} bytes")
            out.write(chunk)
    return target
