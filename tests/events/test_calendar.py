"""iCalendar feeds: every feed parsed back with icalendar and with vobject (an independent parser)."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.http import http_date
from django.utils.translation import gettext

from events import services
from events.calendar import builder as calendar_builder
from events.calendar import feeds as calendar_feeds
from events.calendar import links as calendar_links
from events.calendar import services as calendar_services
from events.calendar.models import PersonalFeed
from events.enums import EventKind, EventStatus, RegistrationStatus
from events.models import Event, Organization, Registration, Session, Venue
from events.signing import registration_manage_path

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.UTC
CONTENT_TYPE = "text/calendar; charset=utf-8"

COURSE_TITLE_VI = "Lớp tập huấn: Ươm tạo khởi nghiệp đổi mới sáng tạo cho tổ chức trung gian"
COURSE_TITLE_EN = "Training: innovative startup incubation for intermediaries"
COURSE_DESCRIPTION_VI = (
    "Khóa tập huấn dành cho cán bộ các trung tâm đổi mới sáng tạo, trường đại học, viện nghiên cứu; "
    "nội dung: xây dựng chương trình tiền ươm tạo, ươm tạo và tăng tốc, kết nối nhà đầu tư.\n"
    "Học viên hoàn thành được cấp chứng nhận. Ký tự đặc biệt: dấu phẩy, chấm phẩy; gạch chéo \\ 🚀"
)
COURSE_DESCRIPTION_EN = "A course for innovation centres, universities and research institutes."


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HCM)


def make_event(
    slug, *, kind=EventKind.COURSE, status=EventStatus.PUBLISHED, venue=None, organizer=None, **kw
):
    kw.setdefault("title_vi", f"Sự kiện {slug}")
    kw.setdefault("title_en", f"Event {slug}")
    return Event.objects.create(slug=slug, kind=kind, status=status, venue=venue, organizer=organizer, **kw)


def make_session(event, start, hours=3, **kw) -> Session:
    return Session.objects.create(
        event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=hours), **kw
    )


def register(event, email, status=RegistrationStatus.CONFIRMED, language="vi") -> Registration:
    return Registration.objects.create(
        event=event,
        full_name="Nguyễn Thị Lan",
        email=email,
        phone="0901234567",
        status=status,
        language=language,
        consent_at=timezone.now(),
    )


@dataclass
class Programme:
    venue: Venue
    organizer: Organization
    course: Event
    class_1: Session
    class_2: Session
    exhibition: Event
    exhibition_day: Session
    draft: Event
    draft_session: Session


@pytest.fixture
def programme() -> Programme:
    venue = Venue.objects.create(
        name="Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM",
        address="123 Lý Tự Trọng, Phường Bến Thành, Thành phố Hồ Chí Minh",
        latitude=Decimal("10.776900"),
        longitude=Decimal("106.700900"),
    )
    organizer = Organization.objects.create(name="Sở Khoa học và Công nghệ TP.HCM", kind="state_agency")
    course = make_event(
        "uom-tao-2030",
        venue=venue,
        organizer=organizer,
        title_vi=COURSE_TITLE_VI,
        title_en=COURSE_TITLE_EN,
        description_vi=COURSE_DESCRIPTION_VI,
        description_en=COURSE_DESCRIPTION_EN,
    )
    class_1 = make_session(
        course,
        local(2030, 3, 10, 8, 30),
        title_vi="Buổi 1: Tổng quan",
        title_en="Class 1: Overview",
        room="P.301",
    )
    class_2 = make_session(course, local(2030, 3, 17, 8, 30))
    exhibition = make_event("trien-lam-2030", kind=EventKind.EXHIBITION)
    exhibition_day = make_session(exhibition, local(2030, 4, 2, 9, 0), hours=8)
    draft = make_event("ban-nhap", status=EventStatus.DRAFT)
    draft_session = make_session(draft, local(2030, 5, 1, 9, 0))
    return Programme(
        venue, organizer, course, class_1, class_2, exhibition, exhibition_day, draft, draft_session
    )


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    return response


def parse(body: bytes):
    """The document read by both parsers: VEVENTs by UID from icalendar and from vobject, both calendars."""
    ical = icalendar.Calendar.from_ical(body)
    vcal = vobject.readOne(body.decode("utf-8"))
    ical_events = {str(e["UID"]): e for e in ical.walk("VEVENT")}
    vobj_events = {e.uid.value: e for e in vcal.contents.get("vevent", [])}
    assert set(ical_events) == set(vobj_events)
    return ical_events, vobj_events, ical, vcal


def uid(session) -> str:
    return f"session-{session.pk}@testserver"


def feed(client, url="/calendar.ics"):
    response = fetch(client, url)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    return parse(response.content)


# --- What the feeds hold --------------------------------------------------------------------------


def test_all_feed_lists_every_published_session_and_no_draft(client, programme):
    ical_events, vobj_events, _, _ = feed(client)

    assert sorted(ical_events) == sorted(
        uid(s) for s in (programme.class_1, programme.class_2, programme.exhibition_day)
    )
    assert uid(programme.draft_session) not in vobj_events


def test_vevent_properties_in_vietnamese(client, programme):
    ical_events, vobj_events, _, _ = feed(client)
    session = Session.objects.get(pk=programme.class_1.pk)
    stamp = max(session.updated_at, programme.course.updated_at).astimezone(UTC).replace(microsecond=0)
    url = "http://testserver/events/uom-tao-2030/"
    with translation.override("vi"):
        category = str(EventKind.COURSE.label)
        details = gettext("Details: %(url)s") % {"url": url}
    location = (
        "P.301, Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM, "
        "123 Lý Tự Trọng, Phường Bến Thành, Thành phố Hồ Chí Minh"
    )

    vevent = ical_events[uid(session)]
    assert vevent["SUMMARY"] == f"{COURSE_TITLE_VI}: Buổi 1: Tổng quan"
    assert vevent["DESCRIPTION"] == f"{COURSE_DESCRIPTION_VI}\n\n{details}"
    assert vevent["DTSTART"].dt == local(2030, 3, 10, 8, 30)
    assert vevent["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert vevent["DTEND"].dt == local(2030, 3, 10, 11, 30)
    assert vevent["DTEND"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert vevent["SEQUENCE"] == 0
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["LAST-MODIFIED"].dt == stamp
    assert vevent["DTSTAMP"].dt == stamp
    assert vevent["LOCATION"] == location
    assert (vevent["GEO"].latitude, vevent["GEO"].longitude) == (10.7769, 106.7009)
    assert vevent["URL"] == url
    assert vevent["CATEGORIES"].cats == [category]
    assert vevent["ORGANIZER"] == "mailto:no-reply@localhost"
    assert vevent["ORGANIZER"].params["CN"] == "Sở Khoa học và Công nghệ TP.HCM"
    assert vevent["TRANSP"] == "OPAQUE"

    other = vobj_events[uid(session)]
    assert other.summary.value == f"{COURSE_TITLE_VI}: Buổi 1: Tổng quan"
    assert other.description.value == f"{COURSE_DESCRIPTION_VI}\n\n{details}"
    assert other.dtstart.value == local(2030, 3, 10, 8, 30)
    assert other.dtstart.value.utcoffset() == datetime.timedelta(hours=7)
    # vobject resolved the TZID through the feed's own VTIMEZONE
    assert other.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Asia/Ho_Chi_Minh"]
    assert vobject.icalendar.TimezoneComponent.pickTzid(other.dtstart.value.tzinfo) == "Asia/Ho_Chi_Minh"
    assert other.dtend.value == local(2030, 3, 10, 11, 30)
    assert other.sequence.value == "0"
    assert other.status.value == "CONFIRMED"
    assert other.last_modified.value == stamp
    assert other.dtstamp.value == stamp
    assert other.location.value == location
    assert other.geo.value == "10.7769;106.7009"
    assert other.url.value == url
    assert other.categories.value == [category]
    assert other.organizer.value == "mailto:no-reply@localhost"
    assert other.organizer.params["CN"] == ["Sở Khoa học và Công nghệ TP.HCM"]


def test_event_without_venue_organiser_or_session_title(client, programme):
    ical_events, vobj_events, _, _ = feed(client)

    vevent = ical_events[uid(programme.exhibition_day)]
    assert vevent["SUMMARY"] == "Sự kiện trien-lam-2030"
    assert "LOCATION" not in vevent
    assert "GEO" not in vevent
    assert vevent["ORGANIZER"].params["CN"] == "Chương trình ĐMST TP.HCM"
    assert vobj_events[uid(programme.exhibition_day)].summary.value == "Sự kiện trien-lam-2030"


def test_raw_lines_name_the_time_zone(client, programme):
    body = fetch(client, "/calendar.ics").content.decode()

    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20300310T083000\r\n" in body
    assert "DTEND;TZID=Asia/Ho_Chi_Minh:20300310T113000\r\n" in body
    assert body.index("BEGIN:VTIMEZONE") < body.index("BEGIN:VEVENT")


def test_feed_carries_its_time_zone(client, programme):
    _, _, ical, vcal = feed(client)

    timezones = ical.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Asia/Ho_Chi_Minh"]
    seven = datetime.timedelta(hours=7)
    assert [(s["TZOFFSETFROM"].td, s["TZOFFSETTO"].td) for s in timezones[0].walk("STANDARD")] == [
        (seven, seven)
    ]
    assert timezones[0].walk("DAYLIGHT") == []
    assert ical.get_missing_tzids() == set()
    assert [tz.tzid.value for tz in vcal.contents["vtimezone"]] == ["Asia/Ho_Chi_Minh"]
    zone = vcal.vtimezone.gettzinfo()
    assert zone.utcoffset(datetime.datetime(2030, 3, 10, 8, 30)) == datetime.timedelta(hours=7)


def test_calendar_properties_in_vietnamese(client, programme):
    _, _, ical, vcal = feed(client)
    with translation.override("vi"):
        name = gettext("%(programme)s: events and training courses") % {
            "programme": gettext("HCMC Innovation")
        }

    assert ical["PRODID"] == "-//HCMC Innovation Programme//Events and training calendar 1.0//EN"
    assert ical["VERSION"] == "2.0"
    assert ical["CALSCALE"] == "GREGORIAN"
    assert ical["NAME"] == name
    assert ical["X-WR-CALNAME"] == name
    assert ical["X-WR-TIMEZONE"] == "Asia/Ho_Chi_Minh"
    assert ical["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=1)
    assert ical["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert ical["X-PUBLISHED-TTL"] == "PT1H"
    assert ical["URL"] == "http://testserver/"
    assert "METHOD" not in ical
    assert vcal.prodid.value == "-//HCMC Innovation Programme//Events and training calendar 1.0//EN"
    assert vcal.contents["x-wr-calname"][0].value == name
    assert vcal.contents["name"][0].value == name
    assert vcal.contents["refresh-interval"][0].value == "PT1H"
    assert vcal.contents["x-published-ttl"][0].value == "PT1H"


def test_english_feed_under_en_prefix(client, programme):
    ical_events, vobj_events, ical, _ = feed(client, "/en/calendar.ics")
    url = "http://testserver/en/events/uom-tao-2030/"
    with translation.override("en"):
        name = gettext("%(programme)s: events and training courses") % {
            "programme": gettext("HCMC Innovation")
        }

    assert ical["NAME"] == name
    assert ical["X-WR-CALNAME"] == name
    vevent = ical_events[uid(programme.class_1)]
    assert vevent["SUMMARY"] == f"{COURSE_TITLE_EN}: Class 1: Overview"
    assert vevent["DESCRIPTION"] == f"{COURSE_DESCRIPTION_EN}\n\nDetails: {url}"
    assert vevent["URL"] == url
    assert vevent["CATEGORIES"].cats == ["Training course"]
    assert vobj_events[uid(programme.class_1)].summary.value == f"{COURSE_TITLE_EN}: Class 1: Overview"
    assert vobj_events[uid(programme.class_2)].summary.value == COURSE_TITLE_EN


def test_vietnamese_text_survives_folding(client, programme):
    title = (
        "Hội thảo kết nối thị trường: Đổi mới sáng tạo ươm tạo tăng tốc khởi nghiệp – ngữ cảnh Việt Nam 🚀"
    )
    description = (
        "Kết nối doanh nghiệp khởi nghiệp với nhà đầu tư, chuyên gia, đối tác quốc tế; "
        "giới thiệu sản phẩm, dịch vụ.\nNgày 2: trình diễn, gặp gỡ. " * 4
    )
    event = make_event(
        "ket-noi-thi-truong", kind=EventKind.MARKET_CONNECTION, title_vi=title, description_vi=description
    )
    session = make_session(event, local(2030, 6, 1, 13, 30))

    body = fetch(client, "/calendar.ics").content

    lines = body.split(b"\r\n")
    assert lines[-1] == b""
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # no line ends or starts inside a multi-byte character
    assert sum(1 for line in lines if line.startswith(b" ")) > 10  # the text was folded
    ical_events, vobj_events, _, _ = parse(body)
    with translation.override("vi"):
        details = gettext("Details: %(url)s") % {"url": "http://testserver/events/ket-noi-thi-truong/"}
    assert ical_events[uid(session)]["SUMMARY"] == title
    assert ical_events[uid(session)]["DESCRIPTION"] == f"{description}\n\n{details}"
    assert vobj_events[uid(session)].summary.value == title
    assert vobj_events[uid(session)].description.value == f"{description}\n\n{details}"
    assert ical_events[uid(programme.class_1)]["DESCRIPTION"].startswith(COURSE_DESCRIPTION_VI)


# --- Stability and revisions ----------------------------------------------------------------------


def test_two_requests_without_change_give_identical_bytes(client, programme):
    first = fetch(client, "/calendar.ics")
    cache.clear()  # rebuilt from scratch, not served from the cache
    second = fetch(client, "/calendar.ics")

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    ical_events, _, _, _ = parse(second.content)
    assert (
        ical_events[uid(programme.class_2)]["DTSTAMP"].dt
        == ical_events[uid(programme.class_2)]["LAST-MODIFIED"].dt
    )


def test_moved_session_keeps_its_uid_and_raises_sequence(client, programme):
    before, _, _, _ = feed(client)
    session = Session.objects.get(pk=programme.class_2.pk)
    session.starts_at = local(2030, 3, 18, 13, 30)
    session.ends_at = local(2030, 3, 18, 16, 30)
    session.save()

    ical_events, vobj_events, _, _ = feed(client)

    moved = ical_events[uid(programme.class_2)]
    assert moved["SEQUENCE"] == 1
    assert moved["DTSTART"].dt == local(2030, 3, 18, 13, 30)
    assert session.updated_at > programme.class_2.updated_at
    assert moved["LAST-MODIFIED"].dt == session.updated_at.astimezone(UTC).replace(microsecond=0)
    assert before[uid(programme.class_2)]["SEQUENCE"] == 0
    assert moved["DTSTAMP"].dt == moved["LAST-MODIFIED"].dt
    assert vobj_events[uid(programme.class_2)].sequence.value == "1"
    assert vobj_events[uid(programme.class_2)].dtstart.value == local(2030, 3, 18, 13, 30)
    assert ical_events[uid(programme.class_1)]["SEQUENCE"] == 0


def test_sequence_counts_each_change_of_time_room_or_status_and_only_those(programme):
    session = Session.objects.get(pk=programme.class_1.pk)
    session.title_vi = "Buổi 1: Khai giảng"  # not a change of time, place or status
    session.save()
    assert Session.objects.get(pk=session.pk).sequence == 0
    session.room = "Hội trường A"
    session.save()
    session.ends_at += datetime.timedelta(minutes=30)
    session.save(update_fields=["ends_at"])
    stale = Session.objects.get(pk=session.pk)
    session.is_cancelled = True
    session.save()
    assert Session.objects.get(pk=session.pk).sequence == 3
    stale.room = "P.302"  # a form loaded before the cancellation: its sequence (2) must not win
    stale.save()

    assert Session.objects.get(pk=session.pk).sequence == 4


def test_admin_inline_edit_raises_sequence(client, programme):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    course = programme.course
    sessions = list(course.sessions.order_by("starts_at"))
    data = {
        "kind": course.kind,
        "status": course.status,
        "slug": course.slug,
        "title_vi": course.title_vi,
        "title_en": course.title_en,
        "audience": course.audience,
        "organizer": course.organizer_id,
        "venue": course.venue_id,
        "description_vi": course.description_vi,
        "description_en": course.description_en,
        "waitlist_enabled": "on",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "2",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for i, session in enumerate(sessions):
        start = timezone.localtime(session.starts_at)
        end = timezone.localtime(session.ends_at)
        data |= {
            f"sessions-{i}-id": session.pk,
            f"sessions-{i}-event": course.pk,
            f"sessions-{i}-starts_at_0": start.strftime("%Y-%m-%d"),
            f"sessions-{i}-starts_at_1": start.strftime("%H:%M:%S"),
            f"sessions-{i}-ends_at_0": end.strftime("%Y-%m-%d"),
            f"sessions-{i}-ends_at_1": end.strftime("%H:%M:%S"),
            f"sessions-{i}-title_vi": session.title_vi,
            f"sessions-{i}-title_en": session.title_en,
            f"sessions-{i}-room": session.room,
        }
    data["sessions-1-room"] = "Hội trường B"
    data["sessions-1-is_cancelled"] = "on"

    response = client.post(f"/en/admin/events/event/{course.pk}/change/", data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert [(s.room, s.is_cancelled, s.sequence) for s in course.sessions.order_by("starts_at")] == [
        ("P.301", False, 0),
        ("Hội trường B", True, 1),
    ]


def test_cancelled_session_stays_in_the_feed_as_cancelled(client, programme):
    session = Session.objects.get(pk=programme.class_2.pk)
    session.is_cancelled = True
    session.save()

    ical_events, vobj_events, _, _ = feed(client)

    with translation.override("vi"):
        summary = gettext("Cancelled: %(title)s") % {"title": COURSE_TITLE_VI}
        notice = gettext("This session has been cancelled.")
    cancelled = ical_events[uid(session)]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == 1
    assert cancelled["SUMMARY"] == summary
    assert cancelled["DESCRIPTION"].split("\n\n")[0] == notice
    assert cancelled["TRANSP"] == "TRANSPARENT"
    assert vobj_events[uid(session)].status.value == "CANCELLED"
    assert vobj_events[uid(session)].sequence.value == "1"
    assert ical_events[uid(programme.class_1)]["STATUS"] == "CONFIRMED"


def test_cancelled_event_cancels_every_session_with_a_higher_sequence(client, programme):
    session = Session.objects.get(pk=programme.class_1.pk)
    session.starts_at += datetime.timedelta(hours=1)
    session.ends_at += datetime.timedelta(hours=1)
    session.save()  # class 1 is at sequence 1 before the event is cancelled
    course = Event.objects.get(pk=programme.course.pk)
    course.status = EventStatus.CANCELLED
    course.save()

    ical_events, vobj_events, _, _ = feed(client)

    assert [
        (ical_events[uid(s)]["STATUS"], ical_events[uid(s)]["SEQUENCE"])
        for s in (programme.class_1, programme.class_2)
    ] == [
        ("CANCELLED", 2),
        ("CANCELLED", 1),
    ]
    assert vobj_events[uid(programme.class_2)].status.value == "CANCELLED"
    with translation.override("vi"):
        assert ical_events[uid(programme.class_2)]["DESCRIPTION"].split("\n\n")[0] == gettext(
            "This event has been cancelled."
        )
    assert ical_events[uid(programme.exhibition_day)]["STATUS"] == "CONFIRMED"


def test_new_venue_or_venue_address_raises_sequence_of_its_events(client, programme):
    venue = Venue.objects.get(pk=programme.venue.pk)
    venue.address = "456 Nguyễn Huệ, Phường Sài Gòn, Thành phố Hồ Chí Minh"
    venue.save()
    other = Venue.objects.create(
        name="Nhà Văn hóa Thanh niên", address="4 Phạm Ngọc Thạch, Phường Sài Gòn, Thành phố Hồ Chí Minh"
    )
    exhibition = Event.objects.get(pk=programme.exhibition.pk)
    exhibition.venue = other
    exhibition.save()

    ical_events, _, _, _ = feed(client)

    assert ical_events[uid(programme.class_1)]["SEQUENCE"] == 1
    assert ical_events[uid(programme.class_1)]["LOCATION"] == (
        "P.301, Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM, "
        "456 Nguyễn Huệ, Phường Sài Gòn, Thành phố Hồ Chí Minh"
    )
    assert ical_events[uid(programme.exhibition_day)]["SEQUENCE"] == 1
    assert ical_events[uid(programme.exhibition_day)]["LOCATION"] == (
        "Nhà Văn hóa Thanh niên, 4 Phạm Ngọc Thạch, Phường Sài Gòn, Thành phố Hồ Chí Minh"
    )


def test_edits_without_a_new_revision_still_reach_the_feed(client, programme):
    feed(client)  # documents and VEVENTs are cached now
    course = Event.objects.get(pk=programme.course.pk)
    course.description_vi = "Nội dung mới của khóa học."
    course.save()
    organizer = Organization.objects.get(pk=programme.organizer.pk)
    organizer.name = "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"
    organizer.save()

    ical_events, vobj_events, _, _ = feed(client)

    vevent = ical_events[uid(programme.class_1)]
    assert vevent["DESCRIPTION"].split("\n\n")[0] == "Nội dung mới của khóa học."
    assert vevent["ORGANIZER"].params["CN"] == "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"
    assert vevent["SEQUENCE"] == 0
    assert vobj_events[uid(programme.class_2)].description.value.split("\n\n")[0] == (
        "Nội dung mới của khóa học."
    )


# --- HTTP: conditional requests and caching -------------------------------------------------------


def test_feed_headers(client, programme):
    response = fetch(client, "/calendar.ics")
    newest = max(
        *Session.objects.values_list("updated_at", flat=True),
        *Event.objects.values_list("updated_at", flat=True),
    )

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert re.fullmatch(r'"[0-9a-f]{40}"', response["ETag"])
    assert response["Last-Modified"] == http_date(newest.timestamp())
    assert response["Cache-Control"] == "public, max-age=900"
    assert response["Content-Disposition"] == 'inline; filename="hcmc-innovation.ics"'


def test_etag_answers_304_until_a_session_changes(client, programme):
    first = fetch(client, "/calendar.ics")

    again = fetch(client, "/calendar.ics", if_none_match=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=900"

    session = Session.objects.get(pk=programme.exhibition_day.pk)
    session.room = "Sảnh B"
    session.save()
    changed = fetch(client, "/calendar.ics", if_none_match=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert fetch(client, "/calendar.ics", if_none_match=changed["ETag"]).status_code == 304


def test_if_modified_since(client, programme):
    first = fetch(client, "/calendar.ics")
    last_modified = first["Last-Modified"]

    not_modified = fetch(client, "/calendar.ics", if_modified_since=last_modified)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    older = http_date((timezone.now() - datetime.timedelta(days=1)).timestamp())
    assert fetch(client, "/calendar.ics", if_modified_since=older).status_code == 200


def test_removed_session_changes_the_feed(client, programme):
    first = fetch(client, "/calendar.ics")
    Session.objects.get(pk=programme.class_2.pk).delete()

    second = fetch(client, "/calendar.ics", if_none_match=first["ETag"])

    assert second.status_code == 200
    assert uid(programme.class_2) not in parse(second.content)[0]


def test_withdrawn_event_leaves_the_feed(client, programme):
    first = fetch(client, "/calendar.ics")
    Event.objects.filter(pk=programme.exhibition.pk).update(
        status=EventStatus.DRAFT, updated_at=timezone.now()
    )

    second = fetch(client, "/calendar.ics", if_none_match=first["ETag"])

    assert second.status_code == 200
    assert uid(programme.exhibition_day) not in parse(second.content)[0]


def _queries(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = fetch(client, url, **headers)
    assert response.status_code in (200, 304)
    return len(queries)


def _add_sessions(event, count):
    start = local(2031, 1, 1, 8, 0)
    Session.objects.bulk_create(
        Session(
            event=event,
            starts_at=start + datetime.timedelta(days=i),
            ends_at=start + datetime.timedelta(days=i, hours=2),
            title_vi=f"Buổi {i}",
        )
        for i in range(count)
    )


def test_feed_queries_do_not_grow_with_the_number_of_sessions(client, programme):
    _add_sessions(programme.course, 10 - 3)
    assert Session.objects.filter(event__status__in=["published", "cancelled"]).count() == 10
    few_built = _queries(client, "/calendar.ics")
    few_cached = _queries(client, "/calendar.ics")
    etag = fetch(client, "/calendar.ics")["ETag"]
    few_not_modified = _queries(client, "/calendar.ics", if_none_match=etag)

    _add_sessions(programme.exhibition, 990)
    cache.clear()
    assert Session.objects.filter(event__status__in=["published", "cancelled"]).count() == 1000
    many_built = _queries(client, "/calendar.ics")
    many_cached = _queries(client, "/calendar.ics")
    etag = fetch(client, "/calendar.ics")["ETag"]
    many_not_modified = _queries(client, "/calendar.ics", if_none_match=etag)

    assert (few_built, few_cached, few_not_modified) == (2, 1, 1)
    assert (many_built, many_cached, many_not_modified) == (2, 1, 1)
    assert len(parse(fetch(client, "/calendar.ics").content)[0]) == 1000


def test_event_and_personal_feed_queries_do_not_grow(client, programme):
    register(programme.course, "lan@example.com")
    personal = calendar_services.personal_feed_get_or_create(email="lan@example.com")
    few = (
        _queries(client, "/events/uom-tao-2030/calendar.ics"),
        _queries(client, personal.get_absolute_url()),
    )
    _add_sessions(programme.course, 500)
    cache.clear()
    many = (
        _queries(client, "/events/uom-tao-2030/calendar.ics"),
        _queries(client, personal.get_absolute_url()),
    )

    assert few == many == (3, 3)


# --- One kind, one event, a download --------------------------------------------------------------


def test_kind_feed_shows_only_that_kind(client, programme):
    ical_events, _, ical, _ = feed(client, "/calendar/exhibition.ics")
    with translation.override("vi"):
        name = f"{gettext('HCMC Innovation')}: {EventKind.EXHIBITION.label}"

    assert sorted(ical_events) == [uid(programme.exhibition_day)]
    assert ical["NAME"] == name
    assert ical["X-WR-CALNAME"] == name
    assert ical["URL"] == "http://testserver/?kind=exhibition"
    assert sorted(feed(client, "/en/calendar/course.ics")[0]) == sorted(
        [uid(programme.class_1), uid(programme.class_2)]
    )
    assert feed(client, "/calendar/market_connection.ics")[0] == {}


def test_unknown_kind_is_404(client, programme):
    assert fetch(client, "/calendar/party.ics").status_code == 404


def test_event_feed(client, programme):
    ical_events, _, ical, vcal = feed(client, "/events/uom-tao-2030/calendar.ics")

    assert sorted(ical_events) == sorted([uid(programme.class_1), uid(programme.class_2)])
    assert ical["NAME"] == COURSE_TITLE_VI
    assert vcal.contents["x-wr-calname"][0].value == COURSE_TITLE_VI
    assert ical["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=1)
    assert feed(client, "/en/events/uom-tao-2030/calendar.ics")[2]["X-WR-CALNAME"] == COURSE_TITLE_EN


def test_draft_event_has_no_feed(client, programme):
    assert fetch(client, "/events/ban-nhap/calendar.ics").status_code == 404
    assert fetch(client, "/events/ban-nhap/add-to-calendar.ics").status_code == 404


def test_event_download_is_a_file_to_import_once(client, programme):
    response = fetch(client, "/events/uom-tao-2030/add-to-calendar.ics")
    ical_events, _, ical, _ = parse(response.content)

    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="uom-tao-2030.ics"'
    assert sorted(ical_events) == sorted([uid(programme.class_1), uid(programme.class_2)])
    assert "REFRESH-INTERVAL" not in ical
    assert "X-PUBLISHED-TTL" not in ical
    assert calendar_feeds.event_ics(programme.course, "vi") == response.content
    assert (
        fetch(client, "/events/uom-tao-2030/add-to-calendar.ics", if_none_match=response["ETag"]).status_code
        == 304
    )


def test_uids_are_the_same_in_every_feed(client, programme):
    everywhere = [
        feed(client, url)[0][uid(programme.class_1)]["UID"]
        for url in (
            "/calendar.ics",
            "/en/calendar.ics",
            "/calendar/course.ics",
            "/events/uom-tao-2030/calendar.ics",
        )
    ]

    assert everywhere == [uid(programme.class_1)] * 4


# --- Personal feed --------------------------------------------------------------------------------


def test_personal_feed_shows_only_that_persons_confirmed_sessions(client, programme):
    mine = register(programme.course, "Lan@Example.com")
    register(programme.exhibition, "lan@example.com", status=RegistrationStatus.WAITLISTED)
    register(programme.exhibition, "binh@example.com")
    register(programme.draft, "lan@example.com")
    personal = calendar_services.personal_feed_get_or_create(email="LAN@example.com ")

    response = fetch(client, personal.get_absolute_url())
    ical_events, vobj_events, ical, _ = parse(response.content)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=900"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert sorted(ical_events) == sorted([uid(programme.class_1), uid(programme.class_2)])
    with translation.override("vi"):
        reference = gettext("Your registration reference: %(reference)s") % {"reference": mine.reference}
        name = gettext("My events: %(programme)s") % {"programme": gettext("HCMC Innovation")}
    assert ical_events[uid(programme.class_2)]["DESCRIPTION"].split("\n\n")[-2] == reference
    assert vobj_events[uid(programme.class_2)].description.value.split("\n\n")[-2] == reference
    assert ical["X-WR-CALNAME"] == name
    assert PersonalFeed.objects.get().email == "lan@example.com"
    assert len(personal.secret) >= 32


def test_personal_feed_follows_the_persons_registrations(client, programme):
    registration = register(programme.course, "lan@example.com")
    url = calendar_services.personal_feed_get_or_create(email="lan@example.com").get_absolute_url()
    first = fetch(client, url)

    services.registration_cancel(registration=registration)
    second = fetch(client, url, if_none_match=first["ETag"])

    assert second.status_code == 200
    assert parse(second.content)[0] == {}
    english = fetch(client, "/en" + url)
    assert english.status_code == 200
    assert english.content != second.content


def test_registration_page_shows_the_personal_feed_and_rotation_stops_the_old_address(client, programme):
    registration = register(programme.course, "lan@example.com")
    page = client.get(registration_manage_path(registration))
    personal = PersonalFeed.objects.get(email="lan@example.com")
    shown = re.findall(r'id="calendar-feed-personal" type="url" value="([^"]+)"', page.content.decode())
    assert shown == [f"http://testserver{personal.get_absolute_url()}"]
    old_url = personal.get_absolute_url()
    assert fetch(client, old_url).status_code == 200

    manage_path = registration_manage_path(registration)
    rotate_url = manage_path + "calendar/rotate/"
    assert client.get(rotate_url).status_code == 405
    response = client.post(rotate_url)

    assert response.status_code == 302
    # back to the same page (the same signed link, not one signed again a second later)
    assert response["Location"] == manage_path
    personal.refresh_from_db()
    assert personal.get_absolute_url() != old_url
    assert personal.rotated_at is not None
    assert fetch(client, old_url).status_code == 404
    assert fetch(client, personal.get_absolute_url()).status_code == 200
    page = client.get(registration_manage_path(registration))
    shown = re.findall(r'id="calendar-feed-personal" type="url" value="([^"]+)"', page.content.decode())
    assert shown == [f"http://testserver{personal.get_absolute_url()}"]


def test_rotation_needs_a_valid_registration_link(client, programme):
    assert client.post("/registrations/not-a-token/calendar/rotate/").status_code == 404


def test_unknown_personal_secret_is_404(client, programme):
    assert fetch(client, "/calendar/personal/" + "x" * 43 + ".ics").status_code == 404


def test_personal_feed_not_offered_before_confirmation(client, programme):
    registration = register(programme.course, "lan@example.com", status=RegistrationStatus.WAITLISTED)

    page = client.get(registration_manage_path(registration))

    assert page.status_code == 200
    assert 'id="calendar-feed-personal"' not in page.content.decode()
    assert PersonalFeed.objects.count() == 0


# --- Pages ----------------------------------------------------------------------------------------


def test_catalogue_offers_subscription(client, programme):
    content = client.get("/").content.decode()

    assert 'href="webcal://testserver/calendar.ics"' in content
    assert (
        'href="https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2Fcalendar.ics"'
        in content
    )
    assert 'value="http://testserver/calendar.ics"' in content
    assert 'href="webcal://testserver/calendar/course.ics"' in content
    assert 'data-copy-target="calendar-feed-all"' in content
    assert "/static/events/calendar.js" in content
    assert "<script>" not in content


def test_event_page_offers_add_to_calendar_and_subscription(client, programme):
    content = client.get("/en/events/uom-tao-2030/").content.decode()

    assert 'href="/en/events/uom-tao-2030/add-to-calendar.ics"' in content
    assert 'href="webcal://testserver/en/events/uom-tao-2030/calendar.ics"' in content
    with translation.override("en"):
        google = calendar_links.google_calendar_template_url(
            Session.objects.select_related("event__venue").get(pk=programme.class_1.pk)
        )
    assert f'href="{google.replace("&", "&amp;")}"' in content


def test_google_calendar_template_link(programme):
    session = Session.objects.select_related("event__venue").get(pk=programme.exhibition_day.pk)

    with translation.override("en"):
        url = calendar_links.google_calendar_template_url(session)

    assert url == (
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Event+trien-lam-2030"
        "&dates=20300402T020000Z%2F20300402T100000Z"
        "&details=http%3A%2F%2Ftestserver%2Fen%2Fevents%2Ftrien-lam-2030%2F&ctz=Asia%2FHo_Chi_Minh"
    )


# --- The ticket e-mail's attachment ---------------------------------------------------------------


def test_calendar_for_registration_uses_the_same_builder(client, programme):
    registration = register(programme.course, "lan@example.com", language="en")

    body = calendar_builder.calendar_for_registration(registration)
    ical_events, vobj_events, ical, _ = parse(body)

    assert ical["METHOD"] == "PUBLISH"
    assert "REFRESH-INTERVAL" not in ical
    assert sorted(ical_events) == sorted([uid(programme.class_1), uid(programme.class_2)])
    assert ical_events[uid(programme.class_1)]["SUMMARY"] == f"{COURSE_TITLE_EN}: Class 1: Overview"
    assert ical_events[uid(programme.class_1)]["DESCRIPTION"] == (
        f"{COURSE_DESCRIPTION_EN}\n\nYour registration reference: {registration.reference}"
        "\n\nDetails: http://testserver/en/events/uom-tao-2030/"
    )
    feed_event = feed(client, "/en/calendar.ics")[0][uid(programme.class_1)]
    for name in ("UID", "DTSTART", "DTEND", "SEQUENCE", "DTSTAMP", "LOCATION", "SUMMARY"):
        assert ical_events[uid(programme.class_1)][name].to_ical() == feed_event[name].to_ical()
    assert vobj_events[uid(programme.class_1)].summary.value == f"{COURSE_TITLE_EN}: Class 1: Overview"


def test_registration_ics_attachment(programme):
    registration = register(programme.course, "lan@example.com")

    part = calendar_builder.registration_ics_attachment(registration)

    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    assert part.get_param("charset") == "utf-8"
    assert part.get_filename() == "uom-tao-2030.ics"
    assert part.get_payload(decode=True) == calendar_builder.calendar_for_registration(registration)


def test_settings_domain_names_the_uids(client, programme, settings):
    settings.CALENDAR_UID_DOMAIN = "su-kien.example.vn"

    ical_events = feed(client)[0]

    assert f"session-{programme.class_1.pk}@su-kien.example.vn" in ical_events
    assert settings.SITE_URL == "http://testserver"
