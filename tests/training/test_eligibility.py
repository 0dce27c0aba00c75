"""Courses admit only the organisation kinds they are meant for: the registration API and the public form
refuse other kinds with a stable code and a message that names the accepted kinds, and save nothing."""

import datetime

import pytest
from django.utils import timezone

from events.enums import OrganizationKind, RegistrationSource
from events.models import Registration
from tests.training.helpers import make_course, texts, vi
from training.models import Course

pytestmark = pytest.mark.django_db

ONLY_FOR = "This course is only for staff of: %(kinds)s."
TELL_US = "This course is for staff of: %(kinds)s. Tell us which kind of organisation you work for."


@pytest.fixture
def course() -> Course:
    return make_course(
        starts=[timezone.now() + datetime.timedelta(days=7)],
        slug="tap-huan-chinh-sach",
        capacity=30,
        eligible_kinds=[OrganizationKind.STATE_AGENCY, OrganizationKind.UNIVERSITY],
    )


def accepted_kinds() -> str:
    return f"{vi('State agency')}, {vi('University or school')}"


def register(api_client, course: Course, **fields):
    data = {
        "full_name": "Võ Thị Thu Trang",
        "email": "thutrang@example.vn",
        "phone": "0903 123 456",
        "organization_name": "Công ty TNHH Sáng Tạo Việt",
        "consent": True,
        **fields,
    }
    return api_client.post(f"/api/v1/events/{course.event.slug}/registrations/", data, format="json")


def test_eligibility_api_refuses_other_kind_with_403(api_client, course):
    response = register(api_client, course, organization_kind=OrganizationKind.ENTERPRISE)

    assert response.status_code == 403
    assert response.json() == {"code": "not_eligible", "detail": vi(ONLY_FOR) % {"kinds": accepted_kinds()}}
    assert Registration.objects.count() == 0


def test_eligibility_api_asks_for_missing_kind_with_409(api_client, course):
    """The kind is optional in the API's schema: a course that needs it answers as the event's other
    refusals do (it was a 400, a well-formed request refused as malformed)."""
    response = register(api_client, course)

    assert response.status_code == 409
    assert response.json() == {
        "code": "organization_kind_required",
        "detail": vi(TELL_US) % {"kinds": accepted_kinds()},
    }
    assert Registration.objects.count() == 0


def test_eligibility_api_refusal_in_english(api_client, course):
    response = api_client.post(
        f"/api/v1/events/{course.event.slug}/registrations/",
        {
            "full_name": "Jane Doe",
            "email": "jane@example.org",
            "phone": "0903123456",
            "organization_kind": OrganizationKind.STARTUP,
            "consent": True,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_eligible",
        "detail": "This course is only for staff of: State agency, University or school.",
    }


@pytest.mark.parametrize("kind", [OrganizationKind.STATE_AGENCY, OrganizationKind.UNIVERSITY])
def test_eligibility_api_accepts_listed_kinds(api_client, course, kind):
    response = register(api_client, course, organization_kind=kind)

    assert response.status_code == 201
    registration = Registration.objects.get()
    assert (registration.email, registration.organization_kind, registration.source, registration.status) == (
        "thutrang@example.vn",
        kind,
        RegistrationSource.API,
        "confirmed",
    )


@pytest.mark.parametrize("kind", ["", OrganizationKind.ENTERPRISE, OrganizationKind.OTHER])
def test_eligibility_course_without_kinds_accepts_anyone(api_client, kind):
    course = make_course(starts=[timezone.now() + datetime.timedelta(days=7)], eligible_kinds=[])

    response = register(api_client, course, organization_kind=kind)

    assert response.status_code == 201
    assert list(Registration.objects.values_list("organization_kind", flat=True)) == [kind]


def test_eligibility_public_form_shows_refusal_on_kind_field(client, course):
    response = client.post(
        f"/events/{course.event.slug}/register/",
        {
            "full_name": "Võ Thị Thu Trang",
            "email": "thutrang@example.vn",
            "phone": "0903123456",
            "organization_name": "Công ty TNHH Sáng Tạo Việt",
            "organization_kind": OrganizationKind.ENTERPRISE,
            "consent": "on",
        },
    )

    assert response.status_code == 409
    assert response.context["form"].errors == {
        "organization_kind": [vi(ONLY_FOR) % {"kinds": accepted_kinds()}]
    }
    shown = texts(response.content, r'<ul class="field__errors" id="id_organization_kind_error">(.*?)</ul>')
    assert shown == [vi(ONLY_FOR) % {"kinds": accepted_kinds()}]
    assert Registration.objects.count() == 0


def test_eligibility_public_form_missing_kind_is_an_error_on_the_field(client, course):
    response = client.post(
        f"/events/{course.event.slug}/register/",
        {
            "full_name": "Võ Thị Thu Trang",
            "email": "thutrang@example.vn",
            "phone": "0903123456",
            "consent": "on",
        },
    )

    assert response.status_code == 409
    assert response.context["form"].errors == {
        "organization_kind": [vi(TELL_US) % {"kinds": accepted_kinds()}]
    }
    assert Registration.objects.count() == 0


def test_eligibility_public_form_accepts_listed_kind(client, course):
    response = client.post(
        f"/events/{course.event.slug}/register/",
        {
            "full_name": "Võ Thị Thu Trang",
            "email": "thutrang@example.vn",
            "phone": "0903123456",
            "organization_name": "Sở Khoa học và Công nghệ",
            "organization_kind": OrganizationKind.STATE_AGENCY,
            "consent": "on",
        },
    )

    assert response.status_code == 302
    assert list(Registration.objects.values_list("email", "organization_kind")) == [
        ("thutrang@example.vn", OrganizationKind.STATE_AGENCY)
    ]


def test_eligibility_course_page_lists_who_may_enrol(client, course):
    response = client.get(f"/events/{course.event.slug}/")

    assert response.status_code == 200
    (section,) = texts(response.content, r'(<section class="course-info".*?</section>)')
    assert section == " ".join(
        [
            vi("About this course"),
            vi("Topic"),
            vi("Capacity building for support organisations"),
            vi("Who may enrol"),
            accepted_kinds(),
            vi("Completion"),
            vi("Attend at least %(p)s%% of the sessions").replace("%(p)s", "80").replace("%%", "%") + ".",
            vi("Trainees who complete the course receive a certificate that anyone can verify online."),
        ]
    )
