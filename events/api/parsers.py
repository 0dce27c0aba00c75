from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class NestedTooDeeply(ParseError):
    default_detail = _("The request body is nested too deeply.")
    default_code = "parse_error"


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, and a body nested deeper than Python's decoder follows (thousands of brackets)
    is a 400 like any other malformed body, where DRF lets the decoder's RecursionError through (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise NestedTooDeeply() from exc
