"""The OpenAPI schema (`/api/schema/`) states every error answer, with the API's one error shape, and its
links lead to operations that exist. (.ci/api-contract holds the running API to it with schemathesis.)"""

import jsonschema
import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from events.api.schema import ERROR_SCHEMA, LINKS
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/?format=json", headers={"accept-language": "en"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    return [
        (f"{method.upper()} {path}", operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def test_schema_is_valid_openapi(schema):
    validate_schema(schema)


def test_schema_every_operation_declares_its_4xx_with_the_error_component(schema):
    """Each operation answers 400 (a malformed request or an invalid parameter), 401 where it reads
    credentials, 403 where a permission can refuse, 404 where the path names something, 415 where it
    takes a body, 429 where a throttle counts; each of them, and every other 4xx, with the `Error` body."""
    expected, declared = {}, {}
    for name, operation in operations(schema):
        security = operation.get("security", [{}])
        statuses = {"400"}
        statuses |= {"401"} if any(security) else set()  # credentials are read: wrong ones are refused
        statuses |= {"403"} if {} not in security else set()  # credentials are needed: they can fall short
        statuses |= {"404"} if "{" in name else set()
        statuses |= {"415"} if "requestBody" in operation else set()
        expected[name] = statuses
        errors = {status: r for status, r in operation["responses"].items() if status.startswith("4")}
        declared[name] = set(errors) & statuses
        for status, response in errors.items():
            assert response["content"] == {"application/json": {"schema": ERROR_REF}}, (name, status)
            assert response["description"], (name, status)

    assert declared == expected
    assert schema["components"]["schemas"]["Error"] == ERROR_SCHEMA


def test_schema_declares_the_domain_refusals(schema):
    responses = {name: set(operation["responses"]) for name, operation in operations(schema)}

    assert responses["POST /api/v1/events/{slug}/registrations/"] == {
        "200", "201", "400", "403", "404", "409", "415", "429",
    }  # fmt: skip
    assert responses["POST /api/v1/checkin/scan/"] == {"200", "400", "401", "403", "404", "409", "415", "429"}
    assert responses["GET /api/v1/events/"] == {"200", "400", "401", "404"}
    assert responses["GET /api/v1/certificates/{code}/"] == {"200", "400", "404"}
    assert responses["POST /api/v1/checkin/scan/"] >= {"429"}
    assert schema["paths"]["/api/v1/checkin/scan/"]["post"]["responses"]["429"]["headers"] == {
        "Retry-After": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "integer", "minimum": 0},
        }
    }


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/api/v1/events/?page_size=many", {}, 400),
        ("/api/v1/registrations/", {}, 401),
        ("/api/v1/registrations/", {"authorization": "Token nope"}, 401),
        ("/api/v1/events/khong-co/", {}, 404),
        ("/api/v1/events/?page=99", {}, 404),
    ],
)
def test_schema_error_component_describes_the_error_answers(schema, path, headers, status):
    EventFactory()
    response = APIClient().get(path, headers=headers)

    assert response.status_code == status
    jsonschema.validate(response.json(), schema["components"]["schemas"]["Error"])


def test_schema_error_component_describes_invalid_fields(schema, event):
    response = APIClient().post(
        f"/api/v1/events/{event.slug}/registrations/", {"full_name": 7, "consent": 1}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"full_name", "email", "phone", "consent"}
    jsonschema.validate(response.json(), schema["components"]["schemas"]["Error"])


def test_schema_links_lead_to_operations_with_those_path_parameters(schema):
    by_id = {operation["operationId"]: (name, operation) for name, operation in operations(schema)}
    written = 0
    for (source, status), links in LINKS.items():
        assert by_id[source][1]["responses"][status]["links"] == {
            name: {"operationId": target, "parameters": parameters}
            for name, (target, parameters) in links.items()
        }
        for target, parameters in links.values():
            target_name, target_operation = by_id[target]
            path_parameters = {p["name"] for p in target_operation["parameters"] if p["in"] == "path"}
            assert set(parameters) == path_parameters, (source, target_name)
            written += 1

    assert written == 24
