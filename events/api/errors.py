"""One JSON error shape for the whole API: {"code": ..., "detail": ..., "fields": {...}}.

`code` is stable and machine-readable, `detail` translated into the request's language, `fields` only
for invalid input (field name -> list of messages)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from events.exceptions import DomainError


def _text(value) -> str:
    """A message as JSON can carry it: a lone surrogate that a client sent and a message repeats (a
    choice field names the value it refuses) is written as its escape, where encoding it would fail."""
    return str(value).encode("utf-8", "backslashreplace").decode("utf-8")


def _flatten(detail):
    if isinstance(detail, dict):
        return {_text(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [_text(item) for item in detail]
        return [_flatten(item) for item in detail]
    return [_text(detail)]


def error_body(code: str, detail: str, fields: dict | None = None) -> dict:
    body = {"code": code, "detail": _text(detail)}
    if fields:
        body["fields"] = fields
    return body


def _drf_wait_sentence(wait: int) -> str:
    """The sentence DRF's `Throttled` appends to its detail, as it writes it."""
    throttled = exceptions.Throttled
    return ngettext(
        throttled.extra_detail_singular.format(wait=wait),
        throttled.extra_detail_plural.format(wait=wait),
        wait,
    )


def _throttled_detail(exc: exceptions.Throttled) -> str:
    """DRF's 429 message in the request's language, with the wait in seconds.

    DRF cannot translate its wait sentence: it puts the number into the message before looking the message
    up (`ngettext("... in {wait} seconds.".format(wait=wait), ...)`), so no catalog entry ever matches
    (encode/django-rest-framework#7419), and its Vietnamese catalog has neither sentence. Our catalog
    translates both; a detail a throttle passes itself (the scanner's unknown-code limit) is kept and gets
    the translated wait sentence."""
    detail = str(exc.detail)
    if exc.wait is None:
        return detail
    base = detail.removesuffix(" " + _drf_wait_sentence(exc.wait))
    if base == detail:  # not the detail DRF composed: leave it as it is
        return detail
    if base == str(exc.default_detail):
        # DRF's own msgid, translated by our catalog; written here so that makemessages keeps it there
        base = _("Request was throttled.")
    wait = ngettext(
        "Expected available in %(wait)d second.", "Expected available in %(wait)d seconds.", exc.wait
    ) % {"wait": exc.wait}
    return f"{base} {wait}"


_JSON_PARSE_ERROR = "JSON parse error - "
_MULTIPART_PARSE_ERROR = "Multipart form parse error"


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = _flatten(detail)
        response.data = error_body("invalid", _("Some fields are not valid."), fields)
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
        detail = exc.detail if isinstance(exc.detail, str) else exc.default_detail
        if isinstance(exc, exceptions.Throttled):
            detail = _throttled_detail(exc)
        elif isinstance(exc, exceptions.ParseError):
            # DRF's parser writes "JSON parse error - <the decoder's reason>" untranslated: the sentence is
            # ours, in the request's language; the decoder's reason (where the body breaks) is kept as it is
            reason = str(exc.detail)
            if reason.startswith(_JSON_PARSE_ERROR):
                detail = _("The request body is not valid JSON: %(reason)s") % {
                    "reason": reason.removeprefix(_JSON_PARSE_ERROR)
                }
            elif reason.startswith(_MULTIPART_PARSE_ERROR):
                detail = _("Malformed request.")
            else:  # ours (a body nested too deeply), already in the request's language
                detail = reason
    else:
        detail = str(exc)
    response.data = error_body(code, detail)
    return response
