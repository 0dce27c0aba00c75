import pytest
from django.utils import timezone

from checkin.enums import ScanResult
from checkin.models import CheckIn
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RECORDS = "/api/v1/checkin/records/"


@pytest.fixture
def staff_client(api_client):
    api_client.force_login(UserFactory(superuser=True))
    return api_client


def test_records_filter_by_session(staff_client, open_session):
    CheckIn.objects.create(
        session=open_session, code="X", result=ScanResult.INVALID, scanned_at=timezone.now()
    )

    found = staff_client.get(RECORDS, {"session": open_session.pk})
    unknown = staff_client.get(RECORDS, {"session": 999_999})

    assert [r["session"] for r in found.json()["results"]] == [open_session.pk]
    # an id that names no session matches nothing (it was a 400, "select a valid choice")
    assert (unknown.status_code, unknown.json()["results"]) == (200, [])


def test_records_filter_refuses_a_session_that_is_not_an_id(staff_client):
    response = staff_client.get(RECORDS, {"session": "1.5"}, headers={"accept-language": "en"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"session": ["Enter a whole number."]}
