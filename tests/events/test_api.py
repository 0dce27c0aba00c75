import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from events.enums import EventStatus, RegistrationSource, RegistrationStatus
from events.hosts import Host, default_host
from events.models import Registration
from tests.events.helpers import expected_subject, sent
from tests.factories import EventFactory, OrganizationFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def payload(**overrides):
    data = {
        "full_name": "Đặng Quốc Khánh",
        "email": "khanh.dang@example.vn",
        "phone": "+84 903 123 456",
        "organization_name": "Sở Khoa học và Công nghệ",
        "position": "Chuyên viên",
        "consent": True,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register(api_client, event, data=None, **headers):
    return api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        payload() if data is None else data,
        format="json",
        headers=headers,
    )


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


# --- reading events ---------------------------------------------------------------------------------------


def test_event_list_shows_published_and_cancelled_events_only(api_client):
    EventFactory(slug="open", session__starts_at=timezone.now() + DAY)
    EventFactory(slug="called-off", status=EventStatus.CANCELLED, session__starts_at=timezone.now() + 2 * DAY)
    EventFactory(slug="draft", status=EventStatus.DRAFT)

    response = api_client.get("/api/v1/events/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [(e["slug"], e["status"], e["registration_state"]) for e in body["results"]] == [
        ("open", "published", "open"),
        ("called-off", "cancelled", "cancelled"),
    ]


def test_event_list_nests_sessions_and_seats_left(api_client):
    event = EventFactory(capacity=30, title_vi="Lớp tập huấn", title_en="Training course", session=None)
    first = SessionFactory(event=event, starts_at=timezone.now() + DAY, title_vi="Buổi 1", title_en="Day 1")
    second = SessionFactory(event=event, starts_at=timezone.now() + 2 * DAY, title_vi="Buổi 2", title_en="")
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    item = api_client.get("/api/v1/events/").json()["results"][0]

    assert (item["slug"], item["title"], item["capacity"], item["seats_left"]) == (
        event.slug,
        "Lớp tập huấn",
        30,
        27,
    )
    assert [(s["id"], s["title"], s["title_en"]) for s in item["sessions"]] == [
        (first.pk, "Buổi 1", "Day 1"),
        (second.pk, "Buổi 2", ""),
    ]
    assert item["starts_at"] == timezone.localtime(first.starts_at).isoformat()
    assert item["ends_at"] == timezone.localtime(second.ends_at).isoformat()
    assert item["url"] == f"http://testserver/events/{event.slug}/"


def test_event_list_seats_left_is_null_without_capacity(api_client):
    EventFactory(capacity=None)

    assert api_client.get("/api/v1/events/").json()["results"][0]["seats_left"] is None


def test_event_list_filters_by_kind(api_client):
    EventFactory(slug="course", kind="course")
    EventFactory(slug="expo", kind="exhibition")

    body = api_client.get("/api/v1/events/", {"kind": "course"}).json()

    assert [e["slug"] for e in body["results"]] == ["course"]


def test_event_list_query_count_same_for_one_and_many_events(api_client):
    EventFactory(capacity=10)
    with CaptureQueriesContext(connection) as one:
        assert api_client.get("/api/v1/events/").status_code == 200

    for event in EventFactory.create_batch(49, capacity=10):
        SessionFactory(event=event, starts_at=timezone.now() + 3 * DAY)
        RegistrationFactory(event=event)
    with CaptureQueriesContext(connection) as many:
        response = api_client.get("/api/v1/events/")

    assert response.json()["count"] == 50
    assert len(response.json()["results"]) == 20
    assert len(many) == len(one)


def test_event_detail_shows_description_and_organiser(api_client):
    event = EventFactory(
        capacity=5, description_vi="Mô tả", organizer=OrganizationFactory(name="Sở KH&CN TP.HCM")
    )

    response = api_client.get(f"/api/v1/events/{event.slug}/")

    body = response.json()
    assert response.status_code == 200
    assert (body["slug"], body["description"], body["organizer"], body["seats_left"]) == (
        event.slug,
        "Mô tả",
        "Sở KH&CN TP.HCM",
        5,
    )
    assert [s["id"] for s in body["sessions"]] == [event.sessions.get().pk]


def test_event_detail_is_english_under_accept_language_en(api_client):
    event = EventFactory(title_vi="Ngày hội khởi nghiệp", title_en="Startup day")

    assert api_client.get(f"/api/v1/events/{event.slug}/").json()["title"] == "Ngày hội khởi nghiệp"
    english = api_client.get(f"/api/v1/events/{event.slug}/", headers={"accept-language": "en"})
    assert english.json()["title"] == "Startup day"


def test_event_detail_draft_is_not_found(api_client):
    event = EventFactory(status=EventStatus.DRAFT)

    response = api_client.get(f"/api/v1/events/{event.slug}/")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Không tìm thấy."}


def test_event_detail_unknown_event_is_json_404(api_client):
    response = api_client.get("/api/v1/events/khong-co/", headers={"accept-language": "en"})

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found."}


# --- registering ------------------------------------------------------------------------------------------


def test_registration_create_returns_201_with_reference_and_status(
    api_client, event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(api_client, event)

    registration = Registration.objects.get()
    body = response.json()
    assert response.status_code == 201
    assert (body["reference"], body["event"], body["status"], body["created"]) == (
        registration.reference,
        event.slug,
        "confirmed",
        True,
    )
    assert body["message"] == in_language("vi", "Your registration is confirmed.")
    assert (registration.source, registration.phone, registration.language) == (
        RegistrationSource.API,
        "0903123456",
        "vi",
    )
    assert sent(mailoutbox) == [(["khanh.dang@example.vn"], expected_subject("confirmed", event, "vi"))]


def test_registration_create_waitlisted_when_full(api_client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    response = register(api_client, event)

    assert (response.status_code, response.json()["status"]) == (201, "waitlisted")


def test_registration_create_pending_when_approval_required(api_client):
    event = EventFactory(capacity=5, requires_approval=True)

    response = register(api_client, event)

    assert (response.status_code, response.json()["status"]) == (201, "pending")


def test_registration_create_language_follows_accept_language(
    api_client, event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(api_client, event, **{"accept-language": "en"})

    assert response.json()["message"] == "Your registration is confirmed."
    assert Registration.objects.get().language == "en"
    assert sent(mailoutbox) == [(["khanh.dang@example.vn"], expected_subject("confirmed", event, "en"))]


def test_registration_create_language_field_wins(api_client, event):
    register(api_client, event, payload(language="en"))

    assert Registration.objects.get().language == "en"


def test_registration_create_duplicate_returns_200_and_resends_link(
    api_client, event, mailoutbox, django_capture_on_commit_callbacks
):
    existing = RegistrationFactory(event=event, email="khanh.dang@example.vn", full_name="Đặng Quốc Khánh")

    with django_capture_on_commit_callbacks(execute=True):
        response = register(api_client, event, payload(email="Khanh.Dang@Example.VN", full_name="Người khác"))

    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["reference"], body["status"], "ticket" in body) == (
        False,
        None,
        None,
        False,
    )
    assert Registration.objects.count() == 1
    assert Registration.objects.get().full_name == "Đặng Quốc Khánh"
    assert sent(mailoutbox) == [([existing.email], expected_subject("confirmed", event, "vi"))]


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        (
            {},
            {
                "full_name": ["Trường này là bắt buộc."],
                "email": ["Trường này là bắt buộc."],
                "phone": ["Trường này là bắt buộc."],
                "consent": ["Trường này là bắt buộc."],
            },
        ),
        (payload(email="khanh@"), {"email": ["Nhập một địa chỉ email hợp lệ."]}),
        (payload(phone="0912"), {"phone": ["PHONE"]}),
        (payload(full_name="A" * 10_000), {"full_name": ["Trường này không được dài quá 200 ký tự."]}),
        (payload(position="Chuyên\x00viên"), {"position": ["Không được dùng ký tự rỗng (NUL)."]}),
        (
            payload(full_name="Khánh\x01", organization_name="Sở\x1bKH"),
            {
                "full_name": ["Vui lòng xóa các ký tự điều khiển vô hình khỏi nội dung này."],
                "organization_name": ["Vui lòng xóa các ký tự điều khiển vô hình khỏi nội dung này."],
            },
        ),
        (
            payload(
                full_name="Đặng\nKhánh",
                organization_name="Sở KH\r\nCN",
                position="Chuyên\u2028viên",
                phone="0912\r345 678",
            ),
            {
                "full_name": ["Vui lòng nhập trên một dòng, không xuống dòng."],
                "phone": ["Vui lòng nhập trên một dòng, không xuống dòng."],
                "organization_name": ["Vui lòng nhập trên một dòng, không xuống dòng."],
                "position": ["Vui lòng nhập trên một dòng, không xuống dòng."],
            },
        ),
        (payload(consent="có"), {"consent": ["Phải là giá trị đúng/sai hợp lệ."]}),
        (payload(full_name=["Khánh"]), {"full_name": ["Không phải là chuỗi ký tự hợp lệ."]}),
        (payload(full_name=123), {"full_name": ["Không phải là chuỗi ký tự hợp lệ."]}),
        (payload(consent=1), {"consent": ["Phải là giá trị đúng/sai hợp lệ."]}),
        (payload(phone="09١٢٣٤٥٦٧٨"), {"phone": ["PHONE"]}),
        (payload(full_name="   "), {"full_name": ["Trường này không được bỏ trống."]}),
        (payload(consent=False), {"consent": ["CONSENT"]}),
    ],
    ids=[
        "missing_fields",
        "bad_email",
        "bad_phone",
        "ten_kilobyte_name",
        "nul_character",
        "control_characters",
        "line_breaks",
        "consent_not_boolean",
        "name_not_a_string",
        "name_a_number",
        "consent_a_number",
        "phone_in_arabic_digits",
        "blank_name",
        "no_consent",
    ],
)
def test_registration_create_invalid_input_is_400(
    api_client, event, data, fields, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(api_client, event, data)

    expected_fields = {name: [_expand(message) for message in messages] for name, messages in fields.items()}
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": in_language("vi", "Some fields are not valid."),
        "fields": expected_fields,
    }
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def _expand(message: str) -> str:
    with translation.override("vi"):
        if message == "PHONE":
            return gettext("Enter a Vietnamese phone number, for example 0912 345 678 or +84 912 345 678.")
        if message == "CONSENT":
            return gettext("You must agree to the processing of your personal data to register.")
    return message


def test_registration_create_invalid_input_is_english_under_en(api_client, event):
    response = register(api_client, event, payload(email="khanh@", phone="0912"), **{"accept-language": "en"})

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some fields are not valid.",
        "fields": {
            "email": ["Enter a valid email address."],
            "phone": ["Enter a Vietnamese phone number, for example 0912 345 678 or +84 912 345 678."],
        },
    }


def test_registration_create_malformed_json_is_400(api_client, event):
    response = api_client.post(
        f"/api/v1/events/{event.slug}/registrations/", data="{'full_name': ", content_type="application/json"
    )

    body = response.json()
    assert response.status_code == 400
    assert body == {
        "code": "parse_error",
        "detail": (
            "Nội dung yêu cầu không phải là JSON hợp lệ: "
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
        ),
    }
    assert Registration.objects.count() == 0


def test_registration_create_json_array_is_400(api_client, event):
    response = api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        data=json.dumps([payload()]),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Registration.objects.count() == 0


def test_registration_create_unsupported_media_type_is_415(api_client, event):
    response = api_client.post(
        f"/api/v1/events/{event.slug}/registrations/", data="full_name=x", content_type="text/plain"
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("event_kwargs", "code", "message"),
    [
        (
            {"registration_closes_at": lambda now: now - HOUR},
            "registration_closed",
            "Registration for this event has closed.",
        ),
        ({"status": EventStatus.CANCELLED}, "event_cancelled", "This event has been cancelled."),
        (
            {"registration_opens_at": lambda now: now + DAY},
            "registration_not_open",
            "Registration opens on %(date)s.",
        ),
        ({"capacity": 0, "waitlist_enabled": False}, "event_full", "This event is full."),
    ],
    ids=["closed", "cancelled", "not_yet_open", "full"],
)
def test_registration_create_refused_is_409_with_stable_code(
    api_client, event_kwargs, code, message, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    values = {"capacity": 10} | {
        key: value(now) if callable(value) else value for key, value in event_kwargs.items()
    }
    event = EventFactory(**values)
    opens = f"{timezone.localtime(now + DAY):%d/%m/%Y %H:%M}"

    with django_capture_on_commit_callbacks(execute=True):
        response = register(api_client, event)

    assert response.status_code == 409
    assert response.json() == {"code": code, "detail": in_language("vi", message).replace("%(date)s", opens)}
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_registration_create_refusal_is_english_under_en(api_client):
    event = EventFactory(status=EventStatus.CANCELLED)

    response = register(api_client, event, **{"accept-language": "en"})

    assert response.json() == {"code": "event_cancelled", "detail": "This event has been cancelled."}


def test_registration_create_draft_event_is_404(api_client):
    event = EventFactory(status=EventStatus.DRAFT)

    response = register(api_client, event)

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Không tìm thấy."}
    assert Registration.objects.count() == 0


def test_registration_create_unknown_event_is_404(api_client):
    response = api_client.post("/api/v1/events/khong-co/registrations/", payload(), format="json")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Không tìm thấy."}


def test_registration_create_needs_no_login_or_csrf(event):
    client = APIClient(enforce_csrf_checks=True)

    response = client.post(f"/api/v1/events/{event.slug}/registrations/", payload(), format="json")

    assert response.status_code == 201


def test_event_list_is_read_only(api_client, event):
    response = api_client.post("/api/v1/events/", {"slug": "x"}, format="json")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize("field", ["organization_kind", "language"])
def test_registration_create_lone_surrogate_in_a_choice_is_a_400(api_client, event, field):
    body = json.dumps({**payload(), field: "\ud800"})  # json.dumps writes the escape \ud800: valid JSON

    response = api_client.post(
        f"/api/v1/events/{event.slug}/registrations/", data=body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]
    assert Registration.objects.count() == 0


def test_registration_create_body_nested_too_deeply_is_a_400(api_client, event):
    body = "[" * 50_000 + "]" * 50_000

    response = api_client.post(
        f"/api/v1/events/{event.slug}/registrations/", data=body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"code": "parse_error", "detail": "Nội dung yêu cầu lồng nhau quá nhiều tầng."}
    assert Registration.objects.count() == 0


def test_registration_create_refuses_a_form_body(api_client, event):
    """The API takes JSON: a form cannot say true, null or a list, so it would not mean what the schema
    says."""
    response = api_client.post(
        f"/api/v1/events/{event.slug}/registrations/",
        "full_name=Khánh&email=khanh%40example.vn&phone=0903123456&consent=true",
        content_type="application/x-www-form-urlencoded",
        headers={"accept-language": "en"},
    )

    assert response.status_code == 415
    assert response.json() == {
        "code": "unsupported_media_type",
        "detail": 'Unsupported media type "application/x-www-form-urlencoded" in request.',
    }
    assert Registration.objects.count() == 0


# --- parameters: what the schema states, the server holds to ----------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page_size=many", "page_size", "Enter a page size from 1 to 100."),
        ("page_size=0", "page_size", "Enter a page size from 1 to 100."),
        ("page_size=101", "page_size", "Enter a page size from 1 to 100."),
        ("page=first", "page", "Enter a page number from 1."),
        ("page=last", "page", "Enter a page number from 1."),
        ("page=-1", "page", "Enter a page number from 1."),
    ],
)
def test_event_list_refuses_a_page_that_is_not_a_whole_number_in_range(
    api_client, event, query, field, message
):
    response = api_client.get(f"/api/v1/events/?{query}", headers={"accept-language": "en"})

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some fields are not valid.",
        "fields": {field: [message]},
    }


def test_event_list_pages_with_a_page_size_and_ignores_empty_parameters(api_client):
    for day in (1, 2, 3):
        EventFactory(slug=f"su-kien-{day}", session__starts_at=timezone.now() + day * DAY)

    second = api_client.get("/api/v1/events/?page=2&page_size=2")
    empty = api_client.get("/api/v1/events/?page=&page_size=&kind=&starts_after=")

    assert second.status_code == 200
    assert [e["slug"] for e in second.json()["results"]] == ["su-kien-3"]
    assert [e["slug"] for e in empty.json()["results"]] == ["su-kien-1", "su-kien-2", "su-kien-3"]


def test_event_list_page_past_the_last_is_404(api_client, event):
    response = api_client.get("/api/v1/events/?page=2", headers={"accept-language": "en"})

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Invalid page."}


@pytest.mark.parametrize(("value", "slugs"), [("true", ["huy"]), ("0", ["mo"]), ("FALSE", ["mo"])])
def test_session_list_filters_by_cancelled(api_client, value, slugs):
    EventFactory(slug="mo")
    EventFactory(slug="huy", session__is_cancelled=True)

    response = api_client.get(f"/api/v1/sessions/?is_cancelled={value}")

    assert [s["event"] for s in response.json()["results"]] == slugs


def test_session_list_refuses_a_boolean_filter_that_is_not_one(api_client, event):
    """`yes` was read as no filter at all, and answered every session."""
    response = api_client.get("/api/v1/sessions/?is_cancelled=maybe", headers={"accept-language": "en"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"is_cancelled": ["Enter true or false."]}


@pytest.mark.parametrize("value", ["1900-01-01T00:00:00+05:00", "2200-12-31T23:00:00-05:00"])
def test_event_list_date_filter_takes_the_years_as_written(api_client, event, value):
    """The schema states years 1900 to 2200 as written; the offset may carry the time past either end."""
    response = api_client.get("/api/v1/events/", {"starts_after": value})

    assert response.status_code == 200


def test_event_list_date_filter_refuses_a_year_outside_the_range(api_client, event):
    response = api_client.get(
        "/api/v1/events/", {"starts_after": "2201-01-01T00:00:00Z"}, headers={"accept-language": "en"}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"starts_after": ["Enter a date and time between 1900 and 2200."]}


def test_event_list_shows_each_events_host_and_filters_by_it(api_client):
    office = Host.objects.get(pk=default_host())
    partner = Host.objects.create(
        organization=OrganizationFactory(name="Vườn ươm Doanh nghiệp Công nghệ cao"), slug="vuon-uom"
    )
    EventFactory(slug="o-van-phong", session__starts_at=timezone.now() + DAY)
    EventFactory(slug="o-vuon-uom", host=partner, session__starts_at=timezone.now() + 2 * DAY)

    body = api_client.get("/api/v1/events/").json()
    assert [(e["slug"], e["host"]) for e in body["results"]] == [
        ("o-van-phong", {"name": office.organization.name, "slug": office.slug}),
        ("o-vuon-uom", {"name": "Vườn ươm Doanh nghiệp Công nghệ cao", "slug": "vuon-uom"}),
    ]
    detail = api_client.get("/api/v1/events/o-vuon-uom/").json()
    assert detail["host"] == {"name": "Vườn ươm Doanh nghiệp Công nghệ cao", "slug": "vuon-uom"}

    filtered = api_client.get("/api/v1/events/", {"host": "vuon-uom"}).json()
    assert [e["slug"] for e in filtered["results"]] == ["o-vuon-uom"]
    assert api_client.get("/api/v1/events/", {"host": "khong-co"}).json()["count"] == 0


def test_event_list_query_count_same_for_events_of_many_hosts(api_client):
    EventFactory()
    with CaptureQueriesContext(connection) as one:
        assert api_client.get("/api/v1/events/").status_code == 200
    for n in range(5):
        host = Host.objects.create(organization=OrganizationFactory(), slug=f"don-vi-{n}")
        EventFactory.create_batch(3, host=host)
    with CaptureQueriesContext(connection) as many:
        response = api_client.get("/api/v1/events/")

    assert response.json()["count"] == 16
    assert len({e["host"]["slug"] for e in response.json()["results"]}) == 6
    assert len(many) == len(one)
