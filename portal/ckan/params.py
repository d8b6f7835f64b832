"""Read action parameters from a GET query or a POST JSON body; bad values raise ValidationError."""

import json
from typing import Any

from portal.errors import ValidationError

INTEGER_CEILING = 2**31 - 1
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


class Params:
    """The parameters of one call. From a query string, every value arrives as text."""

    def __init__(self, data: dict[str, Any], from_query: bool):
        for key, value in data.items():
            if _holds_nul(key) or _holds_nul(value):
                # PostgreSQL text cannot hold NUL, and no real parameter needs one.
                raise ValidationError(
                    {str(key).replace("\x00", ""): ["must not contain NUL characters"]}
                )
        self.data = data
        self.from_query = from_query

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if value is None:
            return default
        if isinstance(value, list | dict):
            raise ValidationError({key: ["must be a string"]})
        return str(value)

    def required_text(self, key: str, *aliases: str) -> str:
        for name in (key, *aliases):
            value = self.text(name)
            if value.strip():
                return value.strip()
        raise ValidationError({key: ["Missing value"]})

    def integer(
        self,
        key: str,
        default: int | None,
        minimum: int = 0,
        maximum: int | None = None,
        clamp: bool = False,
    ) -> int | None:
        """An integer parameter; with `clamp`, values over `maximum` are lowered to it, as CKAN
        does for its configured row limits."""
        value = self.data.get(key)
        if value is None or value == "":
            return default
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError({key: ["Invalid integer"]}) from None
        if number < minimum:
            raise ValidationError({key: [f"Must be at least {minimum}"]})
        if maximum is not None and number > maximum:
            if clamp:
                return maximum
            raise ValidationError({key: [f"Must be at most {maximum}"]})
        if number > INTEGER_CEILING:
            raise ValidationError({key: [f"Must be at most {INTEGER_CEILING}"]})
        return number

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError({key: ["Invalid boolean"]})

    def json_value(self, key: str, default: Any) -> Any:
        """A list or dict, given as JSON (always the case in a query string) or directly."""
        value = self.data.get(key)
        if value is None or value == "":
            return default
        if isinstance(value, str):
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                raise ValidationError({key: ["Invalid JSON"]}) from None
        return value

    def text_list(self, key: str) -> list[str] | None:
        """A list given as a JSON list, a list, or comma-separated text."""
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            stripped = value.strip()
            if stripped.startswith("["):
                value = self.json_value(key, [])
            else:
                value = [v.strip() for v in stripped.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError({key: ["must be a list of strings"]})
        return value


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False
