"""The API's request parser (REST framework's DEFAULT_PARSER_CLASSES). In a module of its own:
REST framework reads the setting while `core.api`'s views are being defined."""

from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings

NUL_IN_TEXT = "Text may not contain the NUL character (\\u0000)"


class JsonParser(JSONParser):
    """JSON, refusing text that holds the NUL character: no text field can keep it (PostgreSQL
    refuses it outright), so a body carrying one is refused (422, like any value the API cannot
    take) before any lookup is tried."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if holds_nul(data):
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [NUL_IN_TEXT]})
        return data


def holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False
