"""Market-connection meetings in the personal calendar feeds: once the team accepts, the meeting is in
the visitor's feed and in the team's (contact and members), one UID for all; parsed back with icalendar
and with vobject, as the other feed tests do."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.calendar import services as calendar_services
from events.enums import EventKind, EventStatus, ProjectStage, Sector
from events.exhibitions.models import Exhibitor, Meeting, MeetingStatus, VisitorKind
from events.exhibitions.services import meeting_accept, meeting_decline
from events.exhibitions.signing import exhibitor_team_path, meeting_path
from events.models import Event, Venue
from tests.exhibitors.helpers import exhibition_event, exhibitor_row, next_week_at, request_meeting
from tests.factories import RegistrationFactory, StartupProjectFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CONTENT_TYPE = "text/calendar; charset=utf-8"
VISITOR = "hoang.anh@quydautu.vn"
CONTACT = "team@nong-san-xanh.vn"  # exhibitor_row's contact for the project's slug
MEMBER = "khoa@nong-san-xanh.vn"  # and its team member
MESSAGE = "Chúng tôi muốn tìm hiểu mô hình kinh doanh của dự án."
VENUE_NAME = "Trung tâm Khởi nghiệp Đổi mới sáng tạo TP.HCM"
VENUE_ADDRESS = "123 Lý Tự Trọng, Phường Bến Thành, Thành phố Hồ Chí Minh"
MINUTES = datetime.timedelta(minutes=20)


@dataclass
class Market:
    event: Event
    exhibitor: Exhibitor
    meeting: Meeting  # requested by VISITOR, not yet answered


@pytest.fixture
def market() -> Market:
    """A market-connection event next week (09:00-12:00, 20-minute slots, two tables) at a venue with
    coordinates; "Nông Sản Xanh" exhibits, and a visitor has asked it for a meeting."""
    venue = Venue.objects.create(
        name=VENUE_NAME, address=VENUE_ADDRESS, latitude=Decimal("10.776900"), longitude=Decimal("106.700900")
    )
    event = exhibition_event(
        kind=EventKind.MARKET_CONNECTION,
        slug="ket-noi-thi-truong-2030",
        title_vi="Kết nối thị trường cho dự án khởi nghiệp",
        title_en="Market connection for startup projects",
        venue=venue,
        meeting_minutes=20,
        meeting_tables=2,
    )
    project = StartupProjectFactory(
        name="Nông Sản Xanh", slug="nong-san-xanh", sector=Sector.AGRITECH, stage=ProjectStage.INCUBATION
    )
    exhibitor = exhibitor_row(event, project)
    meeting = request_meeting(exhibitor, email=VISITOR, name="Hoàng Anh")
    return Market(event, exhibitor, meeting)


def parse(body: bytes):
    """VEVENTs by UID from icalendar and from vobject; both parsers must see the same UIDs."""
    ical = icalendar.Calendar.from_ical(body)
    vcal = vobject.readOne(body.decode("utf-8"))
    ical_events = {str(e["UID"]): e for e in ical.walk("VEVENT")}
    vobj_events = {e.uid.value: e for e in vcal.contents.get("vevent", [])}
    assert set(ical_events) == set(vobj_events)
    return ical_events, vobj_events


def feed_url(email: str) -> str:
    return calendar_services.personal_feed_get_or_create(email=email).get_absolute_url()


def fetch(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304)
    return response


def feed_of(client, email: str, prefix: str = ""):
    response = fetch(client, prefix + feed_url(email))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    return parse(response.content)


def uid(meeting) -> str:
    return f"meeting-{meeting.pk}@testserver"


def stamp(meeting: Meeting) -> datetime.datetime:
    meeting = Meeting.objects.select_related("event").get(pk=meeting.pk)
    newest = max(meeting.updated_at, meeting.event.updated_at)
    return newest.astimezone(datetime.UTC).replace(microsecond=0)


# --- Who sees an accepted meeting -------------------------------------------------------------------------


def test_accepted_meeting_is_in_the_visitors_and_the_team_contacts_feeds_with_one_uid(client, market):
    meeting = meeting_accept(meeting=market.meeting)

    visitor_ical, visitor_vobj = feed_of(client, "Hoang.Anh@QuyDauTu.vn")
    team_ical, team_vobj = feed_of(client, CONTACT.upper())

    assert list(visitor_ical) == list(team_ical) == [uid(meeting)]
    vevent = visitor_ical[uid(meeting)]
    assert vevent.to_ical() == team_ical[uid(meeting)].to_ical()
    first_slot = next_week_at(9)
    assert vevent["SUMMARY"] == "Gặp gỡ: Nông Sản Xanh — Hoàng Anh"
    assert vevent["DTSTART"].dt == first_slot
    assert vevent["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert vevent["DTEND"].dt == first_slot + MINUTES
    assert vevent["DTEND"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert vevent["LOCATION"] == f"Bàn 1, {VENUE_NAME}, {VENUE_ADDRESS}"
    assert (vevent["GEO"].latitude, vevent["GEO"].longitude) == (10.7769, 106.7009)
    url = "http://testserver/events/ket-noi-thi-truong-2030/"
    assert vevent["DESCRIPTION"] == (
        f"Kết nối thị trường cho dự án khởi nghiệp\n\n{MESSAGE}\n\nChi tiết: {url}"
    )
    assert vevent["URL"] == url
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["SEQUENCE"] == 1  # the acceptance gave it its time: a revision of the request
    assert vevent["DTSTAMP"].dt == vevent["LAST-MODIFIED"].dt == stamp(meeting)
    assert vevent["CATEGORIES"].cats == ["Kết nối thị trường"]
    assert vevent["CLASS"] == "PRIVATE"
    assert vevent["TRANSP"] == "OPAQUE"

    other = team_vobj[uid(meeting)]
    assert other.summary.value == "Gặp gỡ: Nông Sản Xanh — Hoàng Anh"
    assert other.dtstart.value == first_slot
    assert other.dtstart.value.utcoffset() == datetime.timedelta(hours=7)
    assert other.dtstart.params["X-VOBJ-ORIGINAL-TZID"] == ["Asia/Ho_Chi_Minh"]
    assert other.dtend.value == first_slot + MINUTES
    assert other.location.value == f"Bàn 1, {VENUE_NAME}, {VENUE_ADDRESS}"
    assert other.sequence.value == "1"
    assert other.status.value == "CONFIRMED"
    assert visitor_vobj[uid(meeting)].description.value == vevent["DESCRIPTION"]


def test_team_members_feed_has_the_meeting_too(client, market):
    meeting = meeting_accept(meeting=market.meeting)

    ical_events, vobj_events = feed_of(client, MEMBER)

    assert list(ical_events) == [uid(meeting)]
    assert vobj_events[uid(meeting)].summary.value == "Gặp gỡ: Nông Sản Xanh — Hoàng Anh"


def test_meeting_in_english_under_en_prefix(client, market):
    meeting = meeting_accept(meeting=market.meeting)

    ical_events, vobj_events = feed_of(client, VISITOR, prefix="/en")

    vevent = ical_events[uid(meeting)]
    assert vevent["SUMMARY"] == "Meeting: Nông Sản Xanh — Hoàng Anh"
    assert vevent["LOCATION"] == f"Table 1, {VENUE_NAME}, {VENUE_ADDRESS}"
    url = "http://testserver/en/events/ket-noi-thi-truong-2030/"
    assert vevent["DESCRIPTION"] == f"Market connection for startup projects\n\n{MESSAGE}\n\nDetails: {url}"
    assert vobj_events[uid(meeting)].summary.value == "Meeting: Nông Sản Xanh — Hoàng Anh"


def test_meeting_sits_beside_the_sessions_of_the_persons_registrations(client, market):
    RegistrationFactory(event=market.event, email=VISITOR)
    meeting = meeting_accept(meeting=market.meeting)

    ical_events, _ = feed_of(client, VISITOR)

    session = market.event.sessions.get()
    assert sorted(ical_events) == sorted([uid(meeting), f"session-{session.pk}@testserver"])


# --- Who does not -----------------------------------------------------------------------------------------


def test_requested_meeting_is_in_no_feed(client, market):
    for email in (VISITOR, CONTACT, MEMBER):
        assert feed_of(client, email) == ({}, {})


def test_meeting_declined_before_acceptance_is_in_no_feed(client, market):
    meeting_decline(meeting=market.meeting)

    for email in (VISITOR, CONTACT, MEMBER):
        assert feed_of(client, email) == ({}, {})


def test_another_persons_feed_does_not_show_the_meeting(client, market):
    other_project = StartupProjectFactory(name="Xe Điện Sạch", slug="xe-dien-sach")
    other_exhibitor = exhibitor_row(market.event, other_project)
    theirs = meeting_accept(meeting=request_meeting(other_exhibitor, email="binh@example.vn", name="Bình"))
    meeting = meeting_accept(meeting=market.meeting)

    assert list(feed_of(client, VISITOR)[0]) == [uid(meeting)]
    assert list(feed_of(client, CONTACT)[0]) == [uid(meeting)]
    assert list(feed_of(client, "binh@example.vn")[0]) == [uid(theirs)]
    assert list(feed_of(client, "team@xe-dien-sach.vn")[0]) == [uid(theirs)]
    assert feed_of(client, "someone.else@example.vn") == ({}, {})


# --- Changes ----------------------------------------------------------------------------------------------


def test_meeting_declined_after_acceptance_stays_cancelled_with_a_higher_sequence(client, market):
    meeting = meeting_accept(meeting=market.meeting)
    url = feed_url(VISITOR)
    first = fetch(client, url)
    before = parse(first.content)[0][uid(meeting)]

    meeting = meeting_decline(meeting=meeting)
    second = fetch(client, url, if_none_match=first["ETag"])

    assert second.status_code == 200
    for email in (VISITOR, CONTACT, MEMBER):
        ical_events, vobj_events = feed_of(client, email)
        assert list(ical_events) == [uid(meeting)]
        cancelled = ical_events[uid(meeting)]
        assert cancelled["STATUS"] == "CANCELLED"
        assert (before["SEQUENCE"], cancelled["SEQUENCE"]) == (1, 2)
        assert cancelled["SUMMARY"] == "Đã hủy: Gặp gỡ: Nông Sản Xanh — Hoàng Anh"
        assert cancelled["DESCRIPTION"].split("\n\n")[0] == "Cuộc gặp này đã bị hủy."
        assert cancelled["DTSTART"].dt == before["DTSTART"].dt
        assert cancelled["DTSTAMP"].dt == stamp(meeting)
        assert cancelled["TRANSP"] == "TRANSPARENT"
        assert vobj_events[uid(meeting)].status.value == "CANCELLED"
        assert vobj_events[uid(meeting)].sequence.value == "2"


def test_cancelled_event_cancels_its_meetings(client, market):
    meeting = meeting_accept(meeting=market.meeting)
    event = Event.objects.get(pk=market.event.pk)
    event.status = EventStatus.CANCELLED
    event.save()

    vevent = feed_of(client, VISITOR)[0][uid(meeting)]

    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 2  # the meeting's revision plus the event's
    assert vevent["DESCRIPTION"].split("\n\n")[0] == "Sự kiện này đã bị hủy."


def test_meeting_sequence_counts_changes_of_time_table_or_status_and_only_those(market):
    meeting = meeting_accept(meeting=market.meeting)
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1

    meeting.message = "Thêm một câu hỏi về giá."  # not a change of time, table or status
    meeting.save()
    assert Meeting.objects.get(pk=meeting.pk).sequence == 1

    meeting.table = "2"
    meeting.save(update_fields=["table"])
    assert Meeting.objects.get(pk=meeting.pk).sequence == 2

    stale = Meeting.objects.get(pk=meeting.pk)
    stale.sequence = 0  # an out-of-date copy never lowers it
    stale.starts_at += MINUTES
    stale.ends_at += MINUTES
    stale.save()
    assert Meeting.objects.get(pk=meeting.pk).sequence == 3


def test_two_requests_without_change_give_identical_bytes(client, market):
    meeting_accept(meeting=market.meeting)
    url = feed_url(VISITOR)
    first = fetch(client, url)
    cache.clear()  # rebuilt from scratch, not served from the cache
    second = fetch(client, url)

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_etag_changes_when_a_meeting_is_accepted(client, market):
    url = feed_url(VISITOR)
    first = fetch(client, url)
    assert fetch(client, url, if_none_match=first["ETag"]).status_code == 304
    team_first = fetch(client, feed_url(MEMBER))

    meeting = meeting_accept(meeting=market.meeting)
    changed = fetch(client, url, if_none_match=first["ETag"])
    team_changed = fetch(client, feed_url(MEMBER), if_none_match=team_first["ETag"])

    assert changed.status_code == team_changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert list(parse(changed.content)[0]) == list(parse(team_changed.content)[0]) == [uid(meeting)]
    assert fetch(client, url, if_none_match=changed["ETag"]).status_code == 304


def test_member_leaving_the_team_leaves_the_meeting_out_of_their_feed(client, market):
    meeting_accept(meeting=market.meeting)
    url = feed_url(MEMBER)
    first = fetch(client, url)

    market.exhibitor.members.filter(email=MEMBER).delete()
    second = fetch(client, url, if_none_match=first["ETag"])

    assert second.status_code == 200
    assert parse(second.content) == ({}, {})


# --- Cost -------------------------------------------------------------------------------------------------


def _queries(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        fetch(client, url, **headers)
    return len(queries)


def _costs(client, url) -> tuple[int, int, int]:
    """Queries to build the feed, to serve it from the cache, and to answer a conditional request."""
    cache.clear()
    built = _queries(client, url)
    cached = _queries(client, url)
    etag = fetch(client, url)["ETag"]
    return built, cached, _queries(client, url, if_none_match=etag)


def _accepted_meetings(exhibitor: Exhibitor, count: int) -> None:
    """`count` accepted meetings of `exhibitor` with as many visitors, one a slot (written directly)."""
    start = next_week_at(13)
    Meeting.objects.bulk_create(
        Meeting(
            event=exhibitor.event,
            exhibitor=exhibitor,
            requester_name=f"Khách {i}",
            requester_email=f"khach{i}@example.vn",
            requester_kind=VisitorKind.CUSTOMER,
            message=MESSAGE,
            status=MeetingStatus.ACCEPTED,
            starts_at=start + i * MINUTES,
            ends_at=start + (i + 1) * MINUTES,
            table="1",
            sequence=1,
        )
        for i in range(count)
    )


def test_personal_feed_queries_do_not_grow_with_the_number_of_meetings(client, market):
    url = feed_url(CONTACT)
    meeting_accept(meeting=market.meeting)
    few = _costs(client, url)
    assert len(parse(fetch(client, url).content)[0]) == 1

    _accepted_meetings(market.exhibitor, 49)
    many = _costs(client, url)

    assert len(parse(fetch(client, url).content)[0]) == 50
    # The feed's owner, the version (one query for sessions and meetings), the sessions, the meetings.
    assert few == many == (4, 2, 2)


# --- Pages ------------------------------------------------------------------------------------------------


def _subscribe_url(content: bytes) -> list[str]:
    return re.findall(r'id="calendar-feed-personal" type="url" value="([^"]+)"', content.decode())


def _google_links(content: bytes) -> list[dict[str, list[str]]]:
    links = re.findall(r'href="(https://calendar\.google\.com/calendar/render\?[^"]+)"', content.decode())
    return [parse_qs(urlsplit(link.replace("&amp;", "&")).query) for link in links]


def test_visitor_page_of_an_accepted_meeting_offers_it_for_the_calendar(client, market):
    meeting = meeting_accept(meeting=market.meeting)

    page = client.get(meeting_path(meeting))

    assert page.status_code == 200
    assert _subscribe_url(page.content) == [f"http://testserver{feed_url(VISITOR)}"]
    start = next_week_at(9).astimezone(datetime.UTC)
    [google] = _google_links(page.content)
    assert google["text"] == ["Gặp gỡ: Nông Sản Xanh — Hoàng Anh"]
    assert google["dates"] == [f"{start:%Y%m%dT%H%M%SZ}/{start + MINUTES:%Y%m%dT%H%M%SZ}"]
    assert google["location"] == [f"Bàn 1, {VENUE_NAME}, {VENUE_ADDRESS}"]
    assert google["ctz"] == ["Asia/Ho_Chi_Minh"]


def test_visitor_page_of_a_requested_meeting_offers_no_calendar(client, market):
    page = client.get(meeting_path(market.meeting))

    assert page.status_code == 200
    assert _subscribe_url(page.content) == []
    assert _google_links(page.content) == []


def test_team_page_offers_each_accepted_meeting_and_the_contacts_feed(client, market):
    meeting = meeting_accept(meeting=market.meeting)
    request_meeting(market.exhibitor, email="binh@example.vn", name="Bình")  # still open

    page = client.get(exhibitor_team_path(market.exhibitor))

    assert page.status_code == 200
    assert _subscribe_url(page.content) == [f"http://testserver{feed_url(CONTACT)}"]
    [google] = _google_links(page.content)
    assert google["text"] == ["Gặp gỡ: Nông Sản Xanh — Hoàng Anh"]
    assert google["location"] == [f"Bàn {meeting.table}, {VENUE_NAME}, {VENUE_ADDRESS}"]


def test_team_page_queries_do_not_grow_with_the_number_of_accepted_meetings(client, market):
    meeting_accept(meeting=market.meeting)
    path = exhibitor_team_path(market.exhibitor)
    client.get(path)  # creates the contact's feed
    few = _queries(client, path)

    _accepted_meetings(market.exhibitor, 9)
    many = _queries(client, path)

    assert len(_google_links(client.get(path).content)) == 10
    assert few == many
