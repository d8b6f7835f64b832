"""HTTP side of the CKAN API: read the call, run the action, answer in CKAN's envelope."""

from flask import Blueprint, current_app, jsonify, request

from portal.ckan.actions import ACTIONS, ActionContext
from portal.ckan.params import Params
from portal.context import base_url, db_session
from portal.errors import BadRequest, PortalError
from portal.openapi import openapi_document
from portal.web.downloads import header_token

api = Blueprint("ckan_api", __name__)


@api.route("/api/3/action/<name>", methods=["GET", "POST"])
@api.route("/api/action/<name>", methods=["GET", "POST"])
def call_action(name: str):
    help_url = f"{base_url()}/api/3/action/help_show?name={name}"
    try:
        action = ACTIONS.get(name)
        if action is None:
            raise BadRequest(f"Bad request - Action name not known: {name}")
        context = ActionContext(
            session=db_session(),
            base_url=base_url(),
            settings=current_app.config["PORTAL"],
            token=api_token(),
        )
        result = action(context, read_params())
    except PortalError as error:
        body = {"help": help_url, "success": False, "error": error.ckan_error()}
        return jsonify(body), error.status
    return jsonify({"help": help_url, "success": True, "result": result})


@api.route("/api/3")
@api.route("/api")
def api_version():
    return jsonify({"version": 3})


@api.route("/api/openapi.json")
def openapi_json():
    return jsonify(openapi_document(base_url(), current_app.config["PORTAL"]["SITE_TITLE"]))


def read_params() -> Params:
    data = dict(request.args.items())
    if request.method == "POST" and request.get_data(cache=True):
        if request.mimetype == "application/x-www-form-urlencoded" or request.form:
            data.update(request.form.items())
        else:
            body = request.get_json(force=True, silent=True)
            if not isinstance(body, dict):
                raise BadRequest("Bad request - JSON Error: the body must be a JSON object")
            data.update(body)
            return Params(data, from_query=False)
    return Params(data, from_query=True)


def api_token() -> str:
    """The API key as CKAN clients send it (ckanapi sends both headers); never from the URL."""
    return header_token() or request.headers.get("X-CKAN-API-Key", "").strip()
