"""API responses through orjson mean what Flask's own encoder meant, at the edges too."""

import json
import math
from datetime import date

from portal import create_app


def _body(tmp_path, value) -> str:
    app = create_app({"DATA_DIR": str(tmp_path)})
    with app.app_context():
        response = app.json.response(value)
    assert response.mimetype == "application/json"
    return response.get_data(as_text=True)


def test_text_order_and_dates_read_as_flask_wrote_them(tmp_path):
    value = {"名称": "医院", "b": 1, "a": [1.5, None], "day": date(2026, 11, 30)}
    body = _body(tmp_path, value)
    assert '"名称":"医院"' in body  # UTF-8, not \u escapes
    assert list(json.loads(body)) == ["名称", "b", "a", "day"]
    assert json.loads(body)["day"] == "Mon, 30 Nov 2026 00:00:00 GMT"
    assert body.endswith("\n")


def test_values_orjson_refuses_fall_back_and_nan_is_valid_json(tmp_path):
    assert json.loads(_body(tmp_path, {"n": 2**70})) == {"n": 2**70}
    assert json.loads(_body(tmp_path, {"x": math.nan})) == {"x": None}
