import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from events.enums import Audience, EventKind, EventStatus, RegistrationStatus
from events.models import Registration
from events.signing import registration_manage_path, registration_token
from tests.events.helpers import expected_subject, field_errors, field_has_error_class, manage_link, sent
from tests.factories import EventFactory, RegistrationFactory, VenueFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def form_data(**overrides):
    data = {
        "full_name": "Phạm Minh Châu",
        "email": "chau.pham@example.vn",
        "phone": "0903 123 456",
        "organization_name": "Trường Đại học Bách khoa",
        "position": "Giảng viên",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def in_language(language: str, message) -> str:
    with translation.override(language):
        return str(message)


def phone_message(language: str) -> str:
    with translation.override(language):
        return gettext("Enter a Vietnamese phone number, for example 0912 345 678 or +84 912 345 678.")


def texts(content: bytes, css_class: str) -> list[str]:
    """The text of every element with class `css_class` (tags stripped, spaces collapsed)."""
    found = re.findall(rf'<(\w+) class="{css_class}"[^>]*>(.*?)</\1>', content.decode(), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split()) for _tag, inner in found]


def has_field(content: bytes, name: str) -> bool:
    return re.search(rf'id="field-{name}"', content.decode()) is not None


def month_start(months_ahead: int) -> datetime.datetime:
    today = timezone.localdate()
    years, month = divmod(today.month - 1 + months_ahead, 12)
    return datetime.datetime(today.year + years, month + 1, 1, 9, tzinfo=timezone.get_current_timezone())


def slugs(response) -> list[str]:
    return [event.slug for event in response.context["events"]]


# --- catalogue ----------------------------------------------------------------------------------------


def test_catalogue_shows_published_and_cancelled_upcoming_events(client):
    soon = EventFactory(slug="soon", session__starts_at=timezone.now() + DAY)
    later = EventFactory(slug="later", session__starts_at=timezone.now() + 9 * DAY)
    called_off = EventFactory(
        slug="called-off", status=EventStatus.CANCELLED, session__starts_at=timezone.now() + 5 * DAY
    )
    EventFactory(slug="draft", status=EventStatus.DRAFT)
    EventFactory(
        slug="past",
        session__starts_at=timezone.now() - 3 * DAY,
        session__ends_at=timezone.now() - 3 * DAY + HOUR,
    )

    response = client.get("/")

    assert response.status_code == 200
    assert slugs(response) == ["soon", "called-off", "later"]
    assert texts(response.content, "card__title") == [soon.title_vi, called_off.title_vi, later.title_vi]


def test_catalogue_past_filter_includes_past_events(client):
    EventFactory(slug="upcoming")
    EventFactory(
        slug="past",
        session__starts_at=timezone.now() - 3 * DAY,
        session__ends_at=timezone.now() - 3 * DAY + HOUR,
    )

    response = client.get("/", {"past": "on"})

    assert slugs(response) == ["past", "upcoming"]


def test_catalogue_filters_by_kind(client):
    EventFactory(slug="course", kind=EventKind.COURSE)
    EventFactory(slug="expo", kind=EventKind.EXHIBITION)

    response = client.get("/", {"kind": EventKind.COURSE})

    assert slugs(response) == ["course"]


def test_catalogue_filters_by_audience(client):
    EventFactory(slug="agencies", audience=Audience.STATE_AGENCIES)
    EventFactory(slug="everyone", audience=Audience.PUBLIC)

    response = client.get("/", {"audience": Audience.STATE_AGENCIES})

    assert slugs(response) == ["agencies"]


def test_catalogue_filters_by_month(client):
    first, second = month_start(2), month_start(3)
    EventFactory(slug="in-first", session__starts_at=first + 9 * DAY)
    EventFactory(slug="in-second", session__starts_at=second + 9 * DAY)
    EventFactory(  # spans the turn of the month: belongs to both
        slug="across",
        session__starts_at=second - 2 * DAY,
        session__ends_at=second + 2 * DAY,
    )

    response = client.get("/", {"month": f"{first:%Y-%m}"})

    assert slugs(response) == ["in-first", "across"]


def test_catalogue_filters_by_search(client):
    EventFactory(slug="agri", title_vi="Kết nối thị trường nông nghiệp", title_en="Agritech market day")
    EventFactory(slug="fin", title_vi="Ngày hội tài chính", title_en="Fintech day")
    EventFactory(slug="at-venue", venue=VenueFactory(name="Saigon Innovation Hub"))

    assert slugs(client.get("/", {"q": "agritech"})) == ["agri"]
    assert slugs(client.get("/", {"q": "nông nghiệp"})) == ["agri"]
    assert slugs(client.get("/", {"q": "innovation hub"})) == ["at-venue"]


def test_catalogue_invalid_filter_shows_everything_upcoming(client):
    EventFactory(slug="one")

    response = client.get("/", {"kind": "no-such-kind", "month": "soon"})

    assert response.status_code == 200
    assert slugs(response) == ["one"]


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1999-12", "2101-01"])
def test_catalogue_month_out_of_range_is_a_field_error_not_a_server_error(client, month):
    EventFactory(slug="one")

    response = client.get("/", {"month": month})

    assert response.status_code == 200
    assert slugs(response) == ["one"]
    assert "Vui lòng chọn tháng trong khoảng từ năm 2000 đến năm 2100." in response.content.decode()


def test_catalogue_mistyped_filter_shows_its_error_and_keeps_the_others(client):
    EventFactory(slug="course", kind=EventKind.COURSE)
    EventFactory(slug="expo", kind=EventKind.EXHIBITION)

    for bad in ({"month": "abc"}, {"q": "x" * 101}, {"audience": "aliens"}):
        response = client.get("/", {"kind": EventKind.COURSE, **bad})

        assert response.status_code == 200
        assert slugs(response) == ["course"], bad
        assert 'class="errorlist' in response.content.decode(), bad


def test_catalogue_shows_seats_left(client):
    event = EventFactory(capacity=5)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)

    response = client.get("/")

    with translation.override("vi"):
        expected = ngettext("%(n)s seat left", "%(n)s seats left", 3) % {"n": 3}
        audience = str(Audience.PUBLIC.label)
    assert texts(response.content, "card__seats") == [f"{expected} · {audience}"]
    assert response.context["events"][0].seats_left == 3


def test_catalogue_does_not_offer_seats_of_cancelled_or_past_events(client):
    EventFactory(slug="cancelled", capacity=300, status=EventStatus.CANCELLED)
    EventFactory(
        slug="past",
        capacity=300,
        session__starts_at=timezone.now() - 3 * DAY,
        session__ends_at=timezone.now() - 3 * DAY + HOUR,
    )
    EventFactory(slug="open", capacity=300)

    response = client.get("/", {"past": "on"})
    detail = client.get("/en/events/cancelled/").content.decode()

    audience = "Mọi đối tượng"
    assert slugs(response) == ["past", "cancelled", "open"]
    assert texts(response.content, "card__seats") == [
        f"Đã đóng đăng ký · {audience}",
        f"Sự kiện đã bị hủy · {audience}",
        f"Còn 300 chỗ · {audience}",
    ]
    assert "Event cancelled" in detail
    assert "300 seats left" not in detail


def test_catalogue_is_vietnamese_by_default_and_english_under_en(client):
    EventFactory(title_vi="Ngày hội khởi nghiệp", title_en="Startup day")

    assert texts(client.get("/").content, "card__title") == ["Ngày hội khởi nghiệp"]
    assert texts(client.get("/en/").content, "card__title") == ["Startup day"]
    assert client.get("/").headers["Content-Language"] == "vi"
    assert client.get("/en/").headers["Content-Language"] == "en"


def test_catalogue_query_count_same_for_one_and_many_events(client):
    EventFactory(capacity=10)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/").status_code == 200

    for event in EventFactory.create_batch(49, capacity=10):
        RegistrationFactory(event=event)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/")

    assert len(response.context["events"]) == 12  # one full page
    assert len(many) == len(one)


# --- event page ----------------------------------------------------------------------------------------


def test_event_detail_shows_event_sessions_and_form(client, event):
    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert response.context["event"] == event
    assert response.context["seats_left"] == 10
    assert [s.pk for s in response.context["event"].sessions.all()] == [event.sessions.get().pk]
    assert has_field(response.content, "email") is True


def test_event_detail_draft_is_not_found(client):
    event = EventFactory(status=EventStatus.DRAFT)

    assert client.get(event.get_absolute_url()).status_code == 404


def test_event_detail_unknown_event_is_not_found(client):
    assert client.get("/events/khong-co/").status_code == 404
    assert client.get("/events/khong-co/register/").status_code == 404
    assert client.post("/events/khong-co/register/", form_data()).status_code == 404


def test_event_detail_closed_event_shows_message_instead_of_form(client):
    event = EventFactory(registration_closes_at=timezone.now() - HOUR)

    response = client.get(event.get_absolute_url())

    assert texts(response.content, "register")[0].endswith(
        in_language("vi", gettext("Registration for this event has closed."))
    )
    assert has_field(response.content, "email") is False


# --- registration form ------------------------------------------------------------------------------------


def test_register_confirms_and_shows_confirmation_page(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{event.slug}/register/", form_data())

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url.startswith("/registrations/")
    assert response.url.endswith("/?new=1")
    assert registration.status == RegistrationStatus.CONFIRMED
    assert (registration.full_name, registration.phone, registration.language) == (
        "Phạm Minh Châu",
        "0903123456",
        "vi",
    )
    assert sent(mailoutbox) == [(["chau.pham@example.vn"], expected_subject("confirmed", event, "vi"))]

    page = client.get(response.url)

    assert page.status_code == 200
    assert page.context["registration"] == registration
    assert page.context["is_new"] is True
    assert texts(page.content, "reference") == [registration.reference]


def test_register_in_english_records_language(client, event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/events/{event.slug}/register/", form_data())

    registration = Registration.objects.get()
    assert response.url.startswith("/en/registrations/")
    assert registration.language == "en"
    assert sent(mailoutbox) == [(["chau.pham@example.vn"], expected_subject("confirmed", event, "en"))]
    assert manage_link(mailoutbox[0]) == ("/en", registration)


def test_register_waitlisted_page_shows_position(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    response = client.post(f"/events/{event.slug}/register/", form_data(), follow=True)

    assert response.context["registration"].status == RegistrationStatus.WAITLISTED
    assert response.context["waitlist_position"] == 2


def test_register_form_errors_are_vietnamese_by_default(client, event):
    response = client.post(
        f"/events/{event.slug}/register/", form_data(email="not-an-email", phone="12345", full_name="")
    )

    assert response.status_code == 200
    assert field_errors(response.content, "email") == ["Nhập một địa chỉ email hợp lệ."]
    assert field_errors(response.content, "full_name") == ["Trường này là bắt buộc."]
    assert field_errors(response.content, "phone") == [
        "Vui lòng nhập số điện thoại Việt Nam, ví dụ 0912 345 678 hoặc +84 912 345 678."
    ]
    assert field_errors(response.content, "organization_name") == []
    assert [field_has_error_class(response.content, name) for name in ("email", "phone", "position")] == [
        True,
        True,
        False,
    ]
    assert Registration.objects.count() == 0


def test_register_form_errors_are_english_under_en(client, event):
    response = client.post(
        f"/en/events/{event.slug}/register/", form_data(email="not-an-email", phone="12345")
    )

    assert field_errors(response.content, "email") == ["Enter a valid email address."]
    assert field_errors(response.content, "phone") == [phone_message("en")]
    assert Registration.objects.count() == 0


def test_register_ten_kilobyte_name_is_refused(client, event):
    response = client.post(f"/events/{event.slug}/register/", form_data(full_name="A" * 10_240))

    assert response.status_code == 200
    assert field_errors(response.content, "full_name") == [
        "Giá trị này chỉ có tối đa 200 kí tự (hiện có 10240)"
    ]
    assert Registration.objects.count() == 0


def test_register_line_breaks_in_one_line_fields_are_refused(client, event):
    response = client.post(
        f"/events/{event.slug}/register/",
        form_data(
            full_name="Phạm Minh\nChâu",
            phone="0903\n123 456",
            organization_name="Trường Đại học\r\nBách khoa",
            position="Giảng\u2028viên",
        ),
    )

    fields = ("full_name", "phone", "organization_name", "position")
    assert response.status_code == 200
    assert [field_errors(response.content, name) for name in fields] == [
        ["Vui lòng nhập trên một dòng, không xuống dòng."]
    ] * 4
    assert Registration.objects.count() == 0


def test_register_whitespace_name_is_refused(client, event):
    response = client.post(f"/events/{event.slug}/register/", form_data(full_name="   \t  "))

    assert field_errors(response.content, "full_name") == ["Trường này là bắt buộc."]
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "email", ["chau@", "chau pham@example.vn", "chau@example..vn", "<script>@example.vn", "a" * 250 + "@x.vn"]
)
def test_register_malformed_email_is_refused(client, event, email):
    response = client.post(f"/events/{event.slug}/register/", form_data(email=email))

    assert field_has_error_class(response.content, "email") is True
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("phone", ["123", "0912 345 67", "+1 212 555 0100", "số điện thoại", "0" * 30])
def test_register_malformed_phone_is_refused(client, event, phone):
    response = client.post(f"/events/{event.slug}/register/", form_data(phone=phone))

    assert field_has_error_class(response.content, "phone") is True
    assert Registration.objects.count() == 0


def test_register_without_consent_is_refused(client, event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{event.slug}/register/", form_data(consent=None))

    with translation.override("vi"):
        expected = gettext("You must agree to the processing of your personal data to register.")
    assert field_errors(response.content, "consent") == [expected]
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_register_closed_event_shows_clear_message(client, mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(registration_closes_at=timezone.now() - HOUR)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{event.slug}/register/", form_data())

    assert response.status_code == 409
    assert texts(response.content, "notice notice--danger") == [
        in_language("vi", gettext("Registration for this event has closed."))
    ]
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_register_cancelled_event_shows_clear_message(client):
    event = EventFactory(status=EventStatus.CANCELLED)

    response = client.post(f"/events/{event.slug}/register/", form_data())

    assert response.status_code == 409
    assert texts(response.content, "notice notice--danger") == [
        in_language("vi", gettext("This event has been cancelled."))
    ]
    assert Registration.objects.count() == 0


def test_register_same_email_again_does_not_reveal_registration(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    existing = RegistrationFactory(event=event, email="chau.pham@example.vn", full_name="Phạm Minh Châu")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/events/{event.slug}/register/",
            form_data(email="CHAU.PHAM@example.vn", full_name="Kẻ Giả Mạo"),
        )

    assert response.status_code == 302
    assert response.url == event.get_absolute_url()
    assert Registration.objects.count() == 1
    assert Registration.objects.get().full_name == "Phạm Minh Châu"
    # The link goes to the address's owner, not to whoever typed it.
    assert sent(mailoutbox) == [(["chau.pham@example.vn"], expected_subject("confirmed", event, "vi"))]
    assert manage_link(mailoutbox[0]) == ("", existing)

    page = client.get(response.url)

    assert existing.reference.encode() not in page.content
    assert registration_token(existing).encode() not in page.content
    assert [str(m) for m in page.context["messages"]] == [
        in_language(
            "vi",
            gettext(
                "This e-mail address is already registered for this event. We have sent the link "
                "to your registration to that address again."
            ),
        )
    ]


# --- manage link ----------------------------------------------------------------------------------------


def test_registration_page_shows_registration(client, event):
    registration = RegistrationFactory(event=event, full_name="Võ Thị Sáu")

    response = client.get(registration_manage_path(registration))

    assert response.status_code == 200
    assert response.context["registration"] == registration
    assert response.context["is_new"] is False
    assert texts(response.content, "reference") == [registration.reference]


def test_registration_cancel_by_participant_promotes_next(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    registration = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    path = registration_manage_path(registration)

    assert client.get(f"{path}cancel/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{path}cancel/", {"confirm": "on"})

    assert response.status_code == 302
    assert response.url == path
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CONFIRMED,
    ]
    assert sent(mailoutbox) == [
        ([registration.email], expected_subject("cancelled", event, "vi")),
        ([waiting.email], expected_subject("promoted", event, "vi")),
    ]
    assert client.get(path).context["registration"].status == RegistrationStatus.CANCELLED


def test_registration_cancel_needs_confirmation(client, event):
    registration = RegistrationFactory(event=event)

    # A browser always posts the CSRF token, so the form is bound even with the box left unticked.
    response = client.post(f"{registration_manage_path(registration)}cancel/", {"csrfmiddlewaretoken": "x"})

    assert response.status_code == 200
    assert texts(response.content, "field__errors") == ["Trường này là bắt buộc."]
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("suffix", ["", "cancel/"])
def test_registration_tampered_token_is_not_found(client, event, suffix):
    registration = RegistrationFactory(event=event)
    token = registration_token(registration)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    assert client.get(f"/registrations/{tampered}/{suffix}").status_code == 404
    assert client.post(f"/registrations/{tampered}/{suffix}", {"confirm": "on"}).status_code == 404
    assert client.get(f"/registrations/{registration.reference}/{suffix}").status_code == 404
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
