"""Downloads of published packages: data files, datapackage.json and a zip, for any version.

File names are looked up in the version's descriptor, never joined from the request.
"""

import tempfile
import zipfile
from pathlib import Path

from flask import Blueprint, Response, jsonify, request, send_file

from portal import queries
from portal.access import token_allows
from portal.context import db_session, package_store
from portal.errors import Forbidden, NotFound
from portal.web import exports
from portal.web.counts import record_download

downloads = Blueprint("downloads", __name__)
CHUNK = 1 << 16


def published_detail(name: str) -> dict:
    detail = queries.dataset_detail(db_session(), name)
    if detail is None or detail["name"] != name:
        raise NotFound(f"数据集 {name} 不存在或未发布")
    if detail["open"] != "open" and not token_allows(db_session(), name, access_token()):
        raise Forbidden("该数据集为有条件开放，需申请获批后方可下载")
    return detail


def access_token() -> str:
    """An approved applicant's token: the Authorization header (as CKAN's API keys) or ?token=."""
    return header_token() or request.args.get("token", "")


def header_token() -> str:
    """The Authorization header's token, with or without "Bearer "."""
    return request.headers.get("Authorization", "").strip().removeprefix("Bearer ").strip()


def _version_dir(detail: dict, version: int | None) -> tuple[Path, dict]:
    number = version if version is not None else detail["version"]
    if number not in {v["number"] for v in detail["versions"]}:
        raise NotFound(f"版本 {number} 不存在")
    store = package_store()
    return store.version_dir(detail["name"], str(number)), store.read_descriptor(
        detail["name"], str(number)
    )


def _data_file(folder: Path, descriptor: dict, filename: str) -> Path:
    for resource in descriptor["resources"]:
        if Path(resource["path"]).name == filename:
            return folder / resource["path"]
    raise NotFound(f"文件 {filename} 不存在")


def _attachment(path: Path, filename: str, mimetype: str, prefix: bytes = b"") -> Response:
    def stream():
        yield prefix
        with path.open("rb") as handle:
            yield from iter(lambda: handle.read(CHUNK), b"")

    response = Response(stream(), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Content-Length"] = str(path.stat().st_size + len(prefix))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@downloads.route("/dataset/<name>/datapackage.json")
@downloads.route("/dataset/<name>/version/<int:version>/datapackage.json")
def datapackage_json(name: str, version: int | None = None):
    _, descriptor = _version_dir(published_detail(name), version)
    response = jsonify(descriptor)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@downloads.route("/dataset/<name>/data/<filename>")
@downloads.route("/dataset/<name>/version/<int:version>/data/<filename>")
def data_file(name: str, filename: str, version: int | None = None):
    folder, descriptor = _version_dir(published_detail(name), version)
    return _attachment(_data_file(folder, descriptor, filename), filename, "text/csv")


@downloads.route("/dataset/<name>/resource/<resource_id>/download/<filename>")
def resource_download(name: str, resource_id: str, filename: str):
    detail = published_detail(name)
    resource = next((r for r in detail["all_resources"] if r["id"] == resource_id), None)
    if resource is None:
        raise NotFound(f"资源 {resource_id} 不存在")
    folder, _ = _version_dir(detail, None)
    return _attachment(folder / resource["path"], Path(resource["path"]).name, "text/csv")


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@downloads.route("/dataset/<name>/download/<name_again>.<any(csv, json, xlsx):fmt>")
def export(name: str, name_again: str, fmt: str):
    """The first resource as CSV (UTF-8 with BOM, so Excel shows Chinese right), XLSX or JSON."""
    detail = published_detail(name)
    folder, descriptor = _version_dir(detail, None)
    if name_again != name or not descriptor["resources"]:
        raise NotFound("文件不存在")
    path = folder / descriptor["resources"][0]["path"]
    fields = detail["fields"]
    record_download(db_session(), name)
    filename = f"{name}.{fmt}"
    if fmt == "xlsx":
        spooled = exports.xlsx_file(path, fields, detail["title"])
        response = send_file(
            spooled, mimetype=EXPORT_TYPES[fmt], as_attachment=True, download_name=filename
        )
    else:
        chunks = exports.csv_chunks if fmt == "csv" else exports.json_chunks
        response = Response(
            (c.encode("utf-8") for c in chunks(path, fields)), mimetype=EXPORT_TYPES[fmt]
        )
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@downloads.route("/dataset/<name>/package.zip")
@downloads.route("/dataset/<name>/version/<int:version>/package.zip")
def package_zip(name: str, version: int | None = None):
    detail = published_detail(name)
    folder, descriptor = _version_dir(detail, version)
    record_download(db_session(), name)
    # send_file closes the spooled file once the response has been sent.
    spooled = tempfile.SpooledTemporaryFile(max_size=32 << 20)  # noqa: SIM115
    with zipfile.ZipFile(spooled, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, f"{name}/{path.relative_to(folder).as_posix()}")
    spooled.seek(0)
    filename = f"{name}-v{descriptor['version']}.zip"
    response = send_file(
        spooled, mimetype="application/zip", as_attachment=True, download_name=filename
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
