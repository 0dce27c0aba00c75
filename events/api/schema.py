"""The OpenAPI schema's error answers: every operation declares the 4xx statuses it can answer, each with the
API's one error body (`errors.error_body`: `{"code", "detail", "fields"}`), as the `Error` component.

Most statuses follow from how a view is built, so they are derived here rather than repeated on each view:
400 for every operation (a parameter or body that is not valid, a malformed request), 401 where the view
reads credentials (a token that is not valid is refused even where none is needed), 403 where a permission
can refuse (or a session's CSRF check, on a write), 404 for a path parameter or a page past the last,
415 for a request body, 429 where a throttle counts. A status that only the view's own logic answers (a
domain 409, a 404 for an object named in the body) is declared on the view with `error_response`."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication

NO_NUL_PATTERN = r"^[^\u0000]*$"
ERROR_COMPONENT = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
ERROR_SCHEMA = {
    "type": "object",
    "description": "The API's one error shape, for every 4xx answer.",
    "properties": {
        "code": {
            "type": "string",
            "minLength": 1,
            "description": "Stable and machine-readable: `invalid` (see `fields`), `parse_error`, "
            "`bad_request`, `not_authenticated`, `authentication_failed`, `permission_denied`, "
            "`not_found`, `unsupported_media_type`, `throttled`, or a domain code such as "
            "`registration_closed`.",
        },
        "detail": {"type": "string", "description": "What went wrong, in the request's language."},
        "fields": {
            "type": "object",
            "description": "Only with `invalid`: each field that is not valid, with its messages (a list of "
            "strings), or, for a nested object or list, its errors in the same shape.",
            "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "object"}]},
        },
    },
    "required": ["code", "detail"],
    "additionalProperties": False,
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}

_DESCRIPTIONS = {
    400: "The request is malformed, or a parameter or field is not valid (`invalid`, with `fields`).",
    401: "No credentials where they are needed, or credentials that are not valid.",
    403: "These credentials do not allow this.",
    404: "Not found (an unknown identifier, or a page past the last).",
    415: "The request body's media type is not supported.",
    429: "Too many requests: try again after `Retry-After` seconds.",
}


def error_response(description) -> OpenApiResponse:
    """A 4xx answer with the `Error` body, for `extend_schema(responses={...})`."""
    return OpenApiResponse(response=ERROR_REF, description=description)


class AutoSchema(SpectacularAutoSchema):
    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            # Every optional query parameter sent empty is as if it were absent (a filter, a page, a
            # period), as HTML forms and most clients send them.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
            # A NUL in the address is refused before any view (config.middleware): free text states it.
            schema = parameter.get("schema", {})
            if schema.get("type") == "string" and not schema.keys() & {"enum", "format", "pattern"}:
                schema["pattern"] = NO_NUL_PATTERN
        return parameters

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        # A text field that may be blank and has a pattern is written as oneOf [its rules, the empty string];
        # where its pattern takes the empty string too, "" matches both and oneOf would refuse it: anyOf.
        if schema.get("oneOf", [None])[-1] == {"type": "string", "maxLength": 0}:
            schema["anyOf"] = schema.pop("oneOf")
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        self.registry.register_on_missing(
            ResolvedComponent(
                name=ERROR_COMPONENT,
                type=ResolvedComponent.SCHEMA,
                object=ERROR_COMPONENT,
                schema=ERROR_SCHEMA,
            )
        )
        for status in sorted(self._error_statuses()):
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(
                    error_response(_DESCRIPTIONS[status]), str(status)
                )
                if status == 429:
                    responses[str(status)]["headers"] = RETRY_AFTER
        return dict(sorted(responses.items()))

    def _error_statuses(self) -> set[int]:
        statuses = {400}
        authenticators = self.view.get_authenticators()
        if authenticators:
            statuses.add(401)
        writes = self.method not in permissions.SAFE_METHODS
        refusing = [
            p
            for p in self.view.get_permissions()
            if not isinstance(p, permissions.AllowAny)
            and not (isinstance(p, permissions.IsAuthenticatedOrReadOnly) and not writes)
        ]
        if refusing or (writes and any(isinstance(a, SessionAuthentication) for a in authenticators)):
            statuses.add(403)
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            statuses.add(404)
        if writes:
            statuses.add(415)
        if self.view.get_throttles():
            statuses.add(429)
        return statuses


# OpenAPI links: which operation a response leads to, with the parameter its body gives (the stateful
# phase of the contract check follows them, and clients can too). By operation id: (source, status) ->
# {link name: (target, {target parameter: runtime expression})}.
def _first(path: str) -> str:
    return f"$response.body#/results/0/{path}"


_EVENT = {"slug": _first("slug")}
_REGISTRATION = {"reference": "$response.body#/reference"}
LINKS = {
    ("v1_events_list", "200"): {
        "Event": ("v1_events_retrieve", _EVENT),
        "EventExhibitors": ("v1_events_exhibitors_list", _EVENT),
        "Register": ("v1_events_registrations_create", _EVENT),
        "OfflinePackage": ("v1_checkin_events_offline_retrieve", _EVENT),
    },
    ("v1_events_registrations_create", "201"): {
        "Registration": ("v1_registrations_retrieve", _REGISTRATION),
        "Approve": ("v1_registrations_approve_create", _REGISTRATION),
        "Reject": ("v1_registrations_reject_create", _REGISTRATION),
        "Cancel": ("v1_registrations_cancel_create", _REGISTRATION),
    },
    ("v1_registrations_list", "200"): {
        "Registration": ("v1_registrations_retrieve", {"reference": _first("reference")}),
        "Approve": ("v1_registrations_approve_create", {"reference": _first("reference")}),
        "Reject": ("v1_registrations_reject_create", {"reference": _first("reference")}),
        "Cancel": ("v1_registrations_cancel_create", {"reference": _first("reference")}),
    },
    ("v1_sessions_list", "200"): {
        "Session": ("v1_sessions_retrieve", {"id": _first("id")}),
        "SessionCounts": ("v1_checkin_sessions_counts_retrieve", {"id": _first("id")}),
        "SessionSearch": ("v1_checkin_sessions_search_retrieve", {"id": _first("id")}),
        "ManualCheckIn": ("v1_checkin_sessions_checkin_create", {"id": _first("id")}),
        "Event": ("v1_events_retrieve", {"slug": _first("event")}),
    },
    ("v1_checkin_events_offline_retrieve", "200"): {
        "SessionCounts": ("v1_checkin_sessions_counts_retrieve", {"id": "$response.body#/sessions/0/id"}),
        "SessionSearch": ("v1_checkin_sessions_search_retrieve", {"id": "$response.body#/sessions/0/id"}),
    },
    ("v1_courses_list", "200"): {
        "Course": ("v1_courses_retrieve", {"slug": _first("slug")}),
        "CourseAttendance": ("v1_courses_attendance_retrieve", {"slug": _first("slug")}),
    },
    ("v1_projects_list", "200"): {"Project": ("v1_projects_retrieve", {"slug": _first("slug")})},
    ("v1_organisations_list", "200"): {"Organisation": ("v1_organisations_retrieve", {"id": _first("id")})},
    ("v1_checkin_records_list", "200"): {"Record": ("v1_checkin_records_retrieve", {"id": _first("id")})},
}


def add_links(result, generator, request, public):
    """drf-spectacular post-processing hook: write `LINKS` into the responses. A link to or from an
    operation that is not in the schema is an error, so that the table follows the API."""
    operations = {
        operation["operationId"]: operation
        for methods in result["paths"].values()
        for operation in methods.values()
    }
    for (source, status), links in LINKS.items():
        response = operations[source]["responses"][status]
        for name, (target, parameters) in links.items():
            assert target in operations, f"link {name} of {source} to unknown operation {target}"
            response.setdefault("links", {})[name] = {"operationId": target, "parameters": parameters}
    return result
