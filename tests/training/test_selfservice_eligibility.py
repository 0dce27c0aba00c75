"""Changing one's details keeps a course's eligibility rule (issue 19): the same check as registering,
with the same message, and nothing saved when it refuses."""

import datetime
import re

import pytest
from django.utils import timezone

from events.enums import OrganizationKind
from events.selfservice.models import RegistrationChange
from events.signing import registration_manage_path
from tests.factories import RegistrationFactory
from tests.training.helpers import make_course, vi
from training.models import Course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course() -> Course:
    return make_course(
        starts=[timezone.now() + datetime.timedelta(days=7)],
        slug="tap-huan-doi-thong-tin",
        eligible_kinds=[OrganizationKind.STATE_AGENCY, OrganizationKind.UNIVERSITY],
    )


def edit(client, registration, kind: str, prefix: str = ""):
    path = prefix + registration_manage_path(registration).rstrip("/") + "/edit/"
    return client.post(
        path,
        {
            "full_name": registration.full_name,
            "email": registration.email,
            "phone": registration.phone,
            "organization_name": "Sở Khoa học và Công nghệ",
            "organization_kind": kind,
            "position": "",
        },
    )


def kind_errors(response) -> list[str]:
    found = re.search(
        r'id="errors-organization_kind" role="alert">(.*?)</ul>', response.content.decode(), re.S
    )
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


def test_selfservice_kind_the_course_does_not_admit_is_refused(client, course):
    registration = RegistrationFactory(event=course.event, organization_kind=OrganizationKind.STATE_AGENCY)

    response = edit(client, registration, OrganizationKind.STARTUP)

    assert response.status_code == 400
    kinds = f"{vi('State agency')}, {vi('University or school')}"
    assert kind_errors(response) == [vi("This course is only for staff of: %(kinds)s.") % {"kinds": kinds}]
    registration.refresh_from_db()
    assert (registration.organization_kind, registration.organization_name) == (
        OrganizationKind.STATE_AGENCY,
        "",
    )
    assert RegistrationChange.objects.count() == 0


def test_selfservice_kind_removed_is_refused_in_english(client, course):
    registration = RegistrationFactory(event=course.event, organization_kind=OrganizationKind.UNIVERSITY)

    response = edit(client, registration, "", prefix="/en")

    assert kind_errors(response) == [
        "This course is for staff of: State agency, University or school. "
        "Tell us which kind of organisation you work for."
    ]


def test_selfservice_admitted_kind_is_saved(client, course):
    registration = RegistrationFactory(event=course.event, organization_kind=OrganizationKind.STATE_AGENCY)

    response = edit(client, registration, OrganizationKind.UNIVERSITY)

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.organization_kind == OrganizationKind.UNIVERSITY
    assert RegistrationChange.objects.get().changes == {
        "organization_name": ["", "Sở Khoa học và Công nghệ"],
        "organization_kind": [OrganizationKind.STATE_AGENCY, OrganizationKind.UNIVERSITY],
    }
