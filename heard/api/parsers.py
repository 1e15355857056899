"""JSON bodies bounded in size and nesting before they are parsed.

Python's JSON decoder recurses once per level of nesting, so a body of a few thousand
``[`` raises ``RecursionError``; and a stream is otherwise read to its end whatever its
length. Both are refused here as ordinary bad input, in the endpoint's error contract.
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BodyTooLarge(ParseError):
    status_code = 413


def json_depth_exceeds(text: str, limit: int) -> bool:
    """True when arrays and objects nest deeper than ``limit`` (brackets in strings ignored)."""
    depth = 0
    in_string = False
    escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


class BoundedJSONParser(JSONParser):
    """JSONParser that reads at most ``HEARD_API_MAX_BODY_BYTES`` and nests at most
    ``HEARD_API_MAX_JSON_DEPTH`` levels."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.HEARD_API_MAX_BODY_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge(
                _("The request body is too large: send at most %(size)s bytes.") % {"size": limit}
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(_("The input is not valid JSON.")) from error
        if json_depth_exceeds(text, settings.HEARD_API_MAX_JSON_DEPTH):
            raise ParseError(
                _("The input nests more than %(depth)s levels deep.")
                % {"depth": settings.HEARD_API_MAX_JSON_DEPTH}
            )
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(_("The input is not valid JSON.")) from error


def _refuse_constant(name):
    # NaN and Infinity are not JSON.
    raise ValueError(name)
