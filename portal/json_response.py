"""JSON responses encoded by orjson: a page of 100 rows costs a fraction of `json.dumps`'s time.

Only responses (`jsonify`) change; `dumps`/`loads` (templates' `tojson`, request bodies) stay
Flask's own. The output means the same as Flask's: keys in insertion order, non-ASCII text as
UTF-8, dates and dataclasses through Flask's `default`. Two differences: NaN and infinities
become `null` (valid JSON, where `json.dumps` writes the invalid `NaN`), and anything orjson
refuses (an integer beyond 64 bits) falls back to Flask's encoder.
"""

from typing import Any

import orjson
from flask import Flask, Response
from flask.json.provider import DefaultJSONProvider

_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME  # Flask writes dates as HTTP dates; keep that
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_NON_STR_KEYS
    | orjson.OPT_APPEND_NEWLINE
)


class FastJSONProvider(DefaultJSONProvider):
    ensure_ascii = False
    sort_keys = False

    def response(self, *args: Any, **kwargs: Any) -> Response:
        if (self.compact is None and self._app.debug) or self.compact is False:
            return super().response(*args, **kwargs)  # indented for people reading it
        obj = self._prepare_response_obj(args, kwargs)
        try:
            body = orjson.dumps(obj, default=self.default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return super().response(*args, **kwargs)
        return self._app.response_class(body, mimetype=self.mimetype)


def use_fast_json(app: Flask) -> None:
    app.json = FastJSONProvider(app)
