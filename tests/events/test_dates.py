"""Dates as people type and read them: dd/mm/yyyy (and dd/mm/yyyy hh:mm) in Vietnamese and in English, ISO
yyyy-mm-dd accepted too; never the American month first. Times are Asia/Ho_Chi_Minh."""

import datetime
import json
import re
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from events.enums import Audience, EventKind, EventStatus
from events.models import Event, ProjectStageChange, Session
from tests.factories import EventFactory, RegistrationFactory, StartupProjectFactory

pytestmark = pytest.mark.django_db

HCMC = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MAY_DAY_9AM = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=HCMC)

# The admin is under the language prefix: Vietnamese unprefixed, English under /en/.
PREFIX = {"vi": "", "en": "/en"}


def admin_url(language: str, name: str, *args) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # unprefixed, whatever the last request activated
        return PREFIX[language] + reverse(f"admin:{name}", args=args)


def event_with_session(day: str, time: str = "09:00", end_day: str | None = None, **extra) -> dict:
    """The admin's add form of an event with one session, filled in the way staff type it."""
    return {
        "kind": EventKind.WORKSHOP,
        "status": EventStatus.PUBLISHED,
        "slug": "hoi-thao-thang-5",
        "title_vi": "Hội thảo tháng 5",
        "title_en": "May workshop",
        "audience": Audience.PUBLIC,
        "description_vi": "",
        "description_en": "",
        "registration_opens_at_0": "",
        "registration_opens_at_1": "",
        "registration_closes_at_0": "",
        "registration_closes_at_1": "",
        "capacity": "",
        "waitlist_enabled": "on",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-starts_at_0": day,
        "sessions-0-starts_at_1": time,
        "sessions-0-ends_at_0": end_day or day,
        "sessions-0-ends_at_1": "12:00",
        "sessions-0-title_vi": "Buổi 1",
        "sessions-0-title_en": "Session 1",
        "sessions-0-room": "Hội trường A",
        **extra,
    }


def inputs(content: bytes, name: str) -> list[tuple[str, str]]:
    """(value, placeholder) of the input named `name` in a page."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', content.decode())
    assert tag is not None, name
    value = re.search(r'value="([^"]*)"', tag.group(0))
    placeholder = re.search(r'placeholder="([^"]*)"', tag.group(0))
    return [(value.group(1) if value else "", placeholder.group(1) if placeholder else "")]


# --- Typing dates in the admin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "day"),
    [
        ("vi", "01/05/2026"),  # what a Vietnamese person types for 1 May
        ("vi", "1/5/2026"),
        ("en", "01/05/2026"),  # English: day first too, as the placeholder says
    ],
)
def test_admin_session_typed_day_first_is_that_day(admin_client, language, day):
    response = admin_client.post(admin_url(language, "events_event_add"), event_with_session(day))

    assert response.status_code == 302, response.context["errors"] if response.context else response
    session = Session.objects.get(event__slug="hoi-thao-thang-5")
    assert (session.starts_at, session.ends_at) == (MAY_DAY_9AM, MAY_DAY_9AM.replace(hour=12))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_admin_session_typed_in_iso_is_that_day_and_shown_day_first(admin_client, language):
    response = admin_client.post(admin_url(language, "events_event_add"), event_with_session("2026-05-01"))

    assert response.status_code == 302
    session = Session.objects.get(event__slug="hoi-thao-thang-5")
    assert session.starts_at == MAY_DAY_9AM
    page = admin_client.get(admin_url(language, "events_event_change", session.event_id))
    assert inputs(page.content, "sessions-0-starts_at_0") == [("01/05/2026", "dd/mm/yyyy")]


def test_admin_event_registration_dates_typed_day_first(admin_client):
    data = event_with_session(
        "01/05/2026",
        registration_opens_at_0="02/04/2026",
        registration_opens_at_1="08:00",
        registration_closes_at_0="30/04/2026",
        registration_closes_at_1="17:30",
    )

    response = admin_client.post(admin_url("vi", "events_event_add"), data)

    assert response.status_code == 302
    event = Event.objects.get(slug="hoi-thao-thang-5")
    assert (event.registration_opens_at, event.registration_closes_at) == (
        datetime.datetime(2026, 4, 2, 8, 0, tzinfo=HCMC),
        datetime.datetime(2026, 4, 30, 17, 30, tzinfo=HCMC),
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_admin_month_first_date_is_refused_not_misread(admin_client, language):
    # 05/13/2026 is the American 13 May: there is no month 13, so it is refused instead of guessed.
    response = admin_client.post(admin_url(language, "events_event_add"), event_with_session("05/13/2026"))

    assert response.status_code == 200
    assert Event.objects.count() == 0
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["starts_at"] == [
        "Nhập một ngày hợp lệ." if language == "vi" else "Enter a valid date."
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_admin_date_field_typed_day_first(admin_client, language):
    project = StartupProjectFactory()

    response = admin_client.post(
        admin_url(language, "events_projectstagechange_add"),
        {"project": project.pk, "stage": "incubation", "effective_on": "01/05/2026", "note": ""},
    )

    assert response.status_code == 302
    assert ProjectStageChange.objects.get(project=project, stage="incubation").effective_on == datetime.date(
        2026, 5, 1
    )


# --- Reading dates in the admin -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_admin_inputs_show_day_first_with_the_format_as_hint(admin_client, language):
    event = EventFactory(
        session__starts_at=MAY_DAY_9AM,
        registration_closes_at=datetime.datetime(2026, 4, 30, 17, 30, tzinfo=HCMC),
    )

    response = admin_client.get(admin_url(language, "events_event_change", event.pk))

    assert response.status_code == 200
    assert inputs(response.content, "sessions-0-starts_at_0") == [("01/05/2026", "dd/mm/yyyy")]
    assert inputs(response.content, "sessions-0-starts_at_1") == [("09:00", "hh:mm")]
    assert inputs(response.content, "registration_closes_at_0") == [("30/04/2026", "dd/mm/yyyy")]
    assert inputs(response.content, "registration_opens_at_0") == [("", "dd/mm/yyyy")]


def test_admin_lists_show_day_first_in_vietnamese_and_the_month_in_words_in_english(admin_client):
    EventFactory(title_vi="Ngày hội khởi nghiệp", session__starts_at=MAY_DAY_9AM)
    changelist = "events_event_changelist"

    vi = admin_client.get(admin_url("vi", changelist)).content.decode()
    en = admin_client.get(admin_url("en", changelist)).content.decode()

    assert re.findall(r'<td class="field-first_session nowrap">([^<]*)</td>', vi) == ["01/05/2026 09:00"]
    assert re.findall(r'<td class="field-first_session nowrap">([^<]*)</td>', en) == ["1 May 2026, 09:00"]


def test_admin_date_hierarchy_names_days_and_months_day_first(admin_client):
    registration = RegistrationFactory()
    type(registration).objects.filter(pk=registration.pk).update(created_at=MAY_DAY_9AM)
    changelist = admin_url("vi", "events_registration_changelist")

    by_year = admin_client.get(changelist, {"created_at__year": "2026"}).content.decode()
    by_month = admin_client.get(
        changelist, {"created_at__year": "2026", "created_at__month": "5"}
    ).content.decode()

    assert re.findall(r'created_at__month=5&amp;created_at__year=2026">([^<]*)</a>', by_year) == ["05/2026"]
    assert re.findall(r'created_at__day=1&amp;[^"]*">([^<]*)</a>', by_month) == ["01/05"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_admin_calendar_widget_writes_day_first(admin_client, language):
    """The admin's calendar and clock (DateTimeShortcuts.js) write what they pick in the first input format
    of the JavaScript catalogue, and read the field's value back with it."""
    response = admin_client.get(PREFIX[language] + "/admin/jsi18n/")

    formats = json.loads(re.search(r"django.formats = (\{.*?\});", response.content.decode(), re.S).group(1))
    assert (
        formats["DATE_INPUT_FORMATS"][0],
        formats["TIME_INPUT_FORMATS"][0],
        formats["FIRST_DAY_OF_WEEK"],
    ) == (
        "%d/%m/%Y",
        "%H:%M",
        1,
    )


# --- The public catalogue's month ---------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["05/2026", "5/2026", "2026-05"])
def test_catalogue_month_typed_as_people_write_it(client, month):
    may = EventFactory(title_vi="Triển lãm tháng 5", session__starts_at=MAY_DAY_9AM)
    EventFactory(title_vi="Hội thảo tháng 6", session__starts_at=MAY_DAY_9AM.replace(month=6))

    response = client.get("/", {"month": month, "past": "on"})

    assert [event.pk for event in response.context["events"]] == [may.pk]
    assert inputs(response.content, "month") == [(month, "mm/yyyy")]


def test_catalogue_month_input_is_text_with_its_format_as_hint(client):
    page = client.get("/").content.decode()

    assert re.findall(r'<input[^>]*name="month"[^>]*>', page) == [
        '<input type="text" name="month" placeholder="mm/yyyy" id="id_month">'
    ]
