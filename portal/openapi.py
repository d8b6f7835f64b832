"""The OpenAPI 3.1 description of the portal's API, built from the action specs."""

from portal.ckan.spec import ACTION_SPECS, Param

ENVELOPE = {
    "type": "object",
    "required": ["help", "success"],
    "properties": {
        "help": {"type": "string"},
        "success": {"type": "boolean"},
        "result": {},
        "error": {
            "type": "object",
            "properties": {"__type": {"type": "string"}, "message": {"type": "string"}},
        },
    },
}
ERRORS = {
    "400": "Unknown action or a body that is not a JSON object",
    "404": "Not Found Error",
    "409": "Validation Error or Search Query Error: a parameter is missing or has a bad value",
}
# Actions that answer 403 for a conditional dataset's resource without a token approved for it.
TOKEN_ACTIONS = ("resource_show", "datastore_search")
FILE_PATHS = {
    "/dataset/{name}/datapackage.json": (
        "The current version's Frictionless descriptor",
        "application/json",
    ),
    "/dataset/{name}/package.zip": (
        "The whole current version: descriptor, data, reports",
        "application/zip",
    ),
    "/dataset/{name}/download/{file}": (
        "The data as CSV with a UTF-8 BOM (opens in Excel); file is <name>.csv",
        "text/csv",
    ),
    "/dataset/{name}.ttl": (
        "DCAT description of a dataset (Turtle; also .jsonld, .rdf)",
        "text/turtle",
    ),
    "/catalog.ttl": ("DCAT catalogue, 100 datasets a page (also .jsonld, .rdf)", "text/turtle"),
}


def openapi_document(base_url: str, title: str) -> dict:
    paths = {}
    for action, (summary, params) in ACTION_SPECS.items():
        paths[f"/api/3/action/{action}"] = _action_path(action, summary, params)
    for path, (summary, media_type) in FILE_PATHS.items():
        paths[path] = _file_path(path, summary, media_type)
    paths["/api/publish/{dataset}"] = _publish_path()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{title} API",
            "version": "3",
            "description": "CKAN Action API v3 (also at /api/action/...), Frictionless data "
            "packages and DCAT feeds. Every action answers GET with query parameters and POST "
            "with a JSON body, in CKAN's envelope.",
        },
        "servers": [{"url": base_url}],
        "paths": paths,
        "components": {
            "schemas": {"Envelope": ENVELOPE},
            "securitySchemes": {
                "publishToken": {"type": "http", "scheme": "bearer"},
                "accessToken": {"type": "apiKey", "in": "header", "name": "Authorization"},
            },
        },
    }


def _action_path(action: str, summary: str, params: tuple[Param, ...]) -> dict:
    responses = {"200": _envelope_response("The action's result in the envelope")}
    responses.update({code: _envelope_response(text) for code, text in ERRORS.items()})
    # An approved applicant's token (optional): unlocks one conditional dataset's resources.
    security = [{}, {"accessToken": []}]
    if action in TOKEN_ACTIONS:
        responses["403"] = _envelope_response(
            "Authorization Error: the resource's dataset is conditional and no token approved "
            "for it was sent"
        )
    body_schema = {
        "type": "object",
        "properties": {p.name: {"type": p.type, "description": p.description} for p in params},
        "required": [p.name for p in params if p.required],
    }
    return {
        "get": {
            "operationId": f"{action}_get",
            "summary": summary,
            "parameters": [_query_parameter(p) for p in params],
            "responses": responses,
            "security": security,
        },
        "post": {
            "operationId": action,
            "summary": summary,
            "requestBody": {"content": {"application/json": {"schema": body_schema}}},
            "responses": responses,
            "security": security,
        },
    }


def _query_parameter(param: Param) -> dict:
    # In a query string lists and objects travel as JSON text.
    schema = {"type": "string"} if param.type in ("array", "object") else {"type": param.type}
    return {
        "name": param.name,
        "in": "query",
        "required": param.required,
        "description": param.description,
        "schema": schema,
    }


def _envelope_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Envelope"}}},
    }


def _file_path(path: str, summary: str, media_type: str) -> dict:
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in dict.fromkeys(
            part[1:-1] for part in path.replace(".", "/").split("/") if part.startswith("{")
        )
    ]
    return {
        "get": {
            "operationId": "get_" + "".join(c if c.isalnum() else "_" for c in path).strip("_"),
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": summary, "content": {media_type: {}}},
                "404": {"description": "No such published dataset"},
            },
        }
    }


def _publish_path() -> dict:
    form = {
        "type": "object",
        "required": ["table", "format"],
        "properties": {
            "table": {"type": "string", "contentMediaType": "application/octet-stream"},
            "format": {"type": "string", "enum": ["csv", "xlsx", "json"]},
            "options": {
                "type": "string",
                "description": "JSON object: encoding, delimiter, sheet, header_row, records",
            },
        },
    }
    codes = {
        "200": "Published or unchanged: dataset, status, version, rows",
        "403": "No valid token, or the dataset is another department's or closed",
        "404": "No such dataset in the directory",
        "409": "The packaging step refused the table (message and reason); nothing published",
        "413": "The upload is larger than 200 MB",
    }
    return {
        "post": {
            "operationId": "publish_dataset",
            "summary": "Push publishing: a department uploads a raw table of one of its datasets; "
            "the portal screens, validates and versions it like a harvest",
            "security": [{"publishToken": []}],
            "parameters": [
                {"name": "dataset", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": form}}},
            "responses": {code: _envelope_response(text) for code, text in codes.items()},
        }
    }
