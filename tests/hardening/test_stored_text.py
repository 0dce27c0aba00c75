"""Every output survives any text the database already holds: rows written before names were checked,
by a script, or by an import. The text is stored directly (no validation) and each output is produced:
iCalendar feeds (read back by icalendar and vobject), e-mails (one-line subjects), ticket and
certificate PDFs, Excel and CSV exports."""

import csv
import datetime
import io

import icalendar
import pypdfium2
import pytest
import vobject
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from checkin.links import ticket_urls
from checkin.services import ticket_get_or_issue
from events.calendar.services import personal_feed_get_or_create
from events.enums import EventKind
from events.exhibitions import emails as exhibition_emails
from events.exhibitions.models import Exhibitor, Meeting
from events.exhibitions.services import meeting_accept
from events.mail import messages as mail_messages
from events.models import Event, Organization, Registration, Session, StartupProject, Venue
from tests.events.helpers import SUBJECTS
from tests.exhibitors.helpers import exhibition_event, exhibitor_row, request_meeting
from tests.factories import OrganizationFactory, StartupProjectFactory
from training.models import Certificate, Course

pytestmark = pytest.mark.django_db

# Every kind of line break, tab, control characters (no NUL: PostgreSQL refuses it), a right-to-left
# mark, an emoji. `stored(n)` pads it to a column's full length.
HOSTILE = "Dòng một\r\nDòng hai\rba\nbốn\tnăm\x0b\x0c\x1c\x1f\x7f\x85\u2028\u2029\u200f🚀 "
# The same on one line (calendar titles and places, e-mail subjects, names on tickets and certificates).
ONE_LINE = "Dòng một Dòng hai ba bốn năm \u200f🚀 "
# The same as text of several lines (calendar descriptions): line breaks as \n, no control characters.
LINES = "Dòng một\nDòng hai\nba\nbốn\tnăm\n\n\n\n\n\n\u200f🚀 "
# The same in a spreadsheet cell: what the file format cannot hold is dropped, line breaks are \n.
IN_A_CELL = "Dòng một\nDòng hai\nba\nbốn\tnăm\x7f\x85\u2028\u2029\u200f🚀 "
PAD = "Ư"


def stored(length: int) -> str:
    return (HOSTILE + PAD * length)[:length]


def one_line(length: int) -> str:
    return ONE_LINE + PAD * (length - len(HOSTILE))


def in_a_cell(length: int) -> str:
    return IN_A_CELL + PAD * (length - len(HOSTILE))


LONG_DESCRIPTION = HOSTILE * 1000  # about 33,000 characters


@pytest.fixture
def hostile(certificate):
    """The hardening course, its venue, organiser, session, trainee and certificate, every text field
    overwritten with hostile text; and a market-connection meeting of the trainee's with a project."""
    event = certificate.course.event
    organizer = OrganizationFactory()
    Event.objects.filter(pk=event.pk).update(
        title_vi=stored(255),
        title_en=stored(255),
        description_vi=LONG_DESCRIPTION,
        organizer=organizer,
        updated_at=timezone.now(),
    )
    Organization.objects.filter(pk=organizer.pk).update(name=stored(255))
    Venue.objects.filter(pk=event.venue_id).update(name=stored(255), address=stored(255))
    Session.objects.filter(event=event).update(title_vi=stored(255), title_en=stored(255), room=stored(120))
    Registration.objects.filter(pk=certificate.registration_id).update(
        full_name=stored(200), organization_name=stored(255), position=stored(200)
    )
    Certificate.objects.filter(pk=certificate.pk).update(full_name=stored(200), organization_name=stored(255))
    Course.objects.filter(pk=certificate.course_id).update(
        certificate_signer_name=stored(200), certificate_signer_title=stored(200)
    )

    market = exhibition_event(kind=EventKind.MARKET_CONNECTION, slug="ket-noi-cung-cau")
    exhibitor = exhibitor_row(market, StartupProjectFactory(name="Nông Sản Xanh"))
    meeting = request_meeting(exhibitor, email=certificate.registration.email)
    meeting_accept(meeting=meeting)
    StartupProject.objects.filter(pk=exhibitor.project_id).update(name=stored(255))
    Exhibitor.objects.filter(pk=exhibitor.pk).update(contact_name=stored(200), booth=stored(32))
    Meeting.objects.filter(pk=meeting.pk).update(
        requester_name=stored(200), requester_organization=stored(255), message=LONG_DESCRIPTION
    )
    mail.outbox.clear()
    return certificate


def calendars(body: bytes) -> tuple[list, list]:
    """The VEVENTs of a document, as icalendar and as vobject (an independent parser) read them."""
    ical = icalendar.Calendar.from_ical(body)
    vcal = vobject.readOne(body.decode())
    return list(ical.walk("VEVENT")), list(vcal.contents.get("vevent", []))


def test_calendar_feeds_and_downloads_survive_stored_text(client, hostile):
    event = hostile.course.event
    personal = personal_feed_get_or_create(email=hostile.registration.email)
    urls = [
        "/calendar.ics",
        "/en/calendar.ics",
        "/calendar/course.ics",
        f"/events/{event.slug}/calendar.ics",
        f"/events/{event.slug}/add-to-calendar.ics",
        f"/calendar/personal/{personal.secret}.ics",
    ]

    responses = [client.get(url) for url in urls]

    assert [response.status_code for response in responses] == [200] * len(urls)
    uid = f"session-{event.sessions.get().pk}@testserver"
    title = f"{one_line(255)}: {one_line(255)}"
    place = f"{one_line(120)}, {one_line(255)}, {one_line(255)}"
    for url, response in zip(urls, responses, strict=True):
        ical_events, vobject_events = calendars(response.content)
        session = [e for e in ical_events if str(e["UID"]) == uid]
        assert [(str(e["SUMMARY"]), str(e["LOCATION"])) for e in session] == [(title, place)], url
        assert [str(e["DESCRIPTION"]).startswith(LINES * 1000) for e in session] == [True], url
        assert [e.organizer.params["CN"] for e in vobject_events if e.uid.value == uid] == [
            [one_line(255)]
        ], url
        assert sorted(e.summary.value for e in vobject_events) == sorted(
            str(e["SUMMARY"]) for e in ical_events
        )

    ical_events, _ = calendars(responses[-1].content)
    [meeting] = [e for e in ical_events if str(e["UID"]).startswith("meeting-")]
    assert str(meeting["SUMMARY"]) == f"Gặp gỡ: {one_line(255)} — {one_line(200)}"


def test_emails_survive_stored_text(hostile, mailoutbox):
    registration = hostile.registration
    exhibitor = Exhibitor.objects.select_related("event", "project").get()
    meeting = Meeting.objects.select_related("event", "exhibitor__project").get()
    messages = [
        mail_messages.build_registration_email(registration, kind) for kind in sorted(mail_messages.KINDS)
    ]
    messages += [
        exhibition_emails.build_exhibitor_email(exhibitor, kind)
        for kind in ("submitted", "approved", "waitlisted", "rejected", "booth")
    ]
    messages += [
        exhibition_emails.build_meeting_email(meeting, kind) for kind in ("requested", "accepted", "declined")
    ]

    for message in messages:
        message.send()

    assert len(mailoutbox) == len(messages) == 14
    for message in mailoutbox:
        message.message().as_bytes()  # every header, body and attachment serialised
    assert [message.subject.splitlines() for message in mailoutbox] == [[m.subject] for m in mailoutbox]
    with translation.override("vi"):
        expected = [
            gettext(SUBJECTS[kind]) % {"title": one_line(255)} for kind in sorted(mail_messages.KINDS)
        ]
    assert [message.subject for message in mailoutbox[:6]] == expected
    [ics] = [
        part
        for part in mailoutbox[1].attachments
        if not isinstance(part, tuple) and part.get_content_type() == "text/calendar"
    ]
    ical_events, _ = calendars(ics.get_payload(decode=True))
    assert [str(e["SUMMARY"]) for e in ical_events] == [f"{one_line(255)}: {one_line(255)}"]


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_ticket_and_certificate_pdfs_survive_stored_text(client, hostile):
    ticket = ticket_get_or_issue(registration=hostile.registration)
    ticket_url = ticket_urls(ticket)["pdf_url"].removeprefix("http://testserver")

    responses = [client.get(ticket_url), client.get(f"/certificates/{hostile.code}/certificate.pdf")]

    assert [(r.status_code, r["Content-Type"]) for r in responses] == [(200, "application/pdf")] * 2
    texts = [pdf_text(r.content) for r in responses]
    # The name is printed on one line (the PDF's text keeps what the font can draw).
    assert ["Dòng một Dòng hai ba bốn năm" in text for text in texts] == [True, True]


def test_exports_survive_stored_text(client, superuser, hostile):
    client.force_login(superuser)
    event = hostile.course.event
    start = timezone.localdate() - datetime.timedelta(days=30)
    end = timezone.localdate()

    attendance = client.get(f"/courses/{event.slug}/attendance/", {"format": "xlsx"})
    report = client.get("/reports/", {"start": start, "end": end, "format": "xlsx"})
    report_csv = client.get("/reports/", {"start": start, "end": end, "format": "csv"})
    registrations_csv = client.post(
        "/admin/events/registration/",
        {"action": "export_csv", "_selected_action": [hostile.registration_id]},
    )

    assert [r.status_code for r in (attendance, report, report_csv, registrations_csv)] == [200] * 4
    attendance_rows = list(load_workbook(io.BytesIO(attendance.content)).worksheets[0].values)
    assert attendance_rows[1][:2] == (in_a_cell(200), in_a_cell(255))
    report_cells = {
        value
        for sheet in load_workbook(io.BytesIO(report.content)).worksheets
        for row in sheet.values
        for value in row
    }
    assert {in_a_cell(255), in_a_cell(200)} <= report_cells  # the course's title, the trainee's name
    assert len(list(csv.reader(io.StringIO(report_csv.content.decode("utf-8-sig"))))) > 1
    [header, row] = list(csv.reader(io.StringIO(registrations_csv.content.decode("utf-8-sig"))))
    assert (len(header), row[1], row[2]) == (9, in_a_cell(255), in_a_cell(200))
