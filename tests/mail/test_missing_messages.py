"""The messages that were missing: a reissued ticket, an issued certificate, a meeting request received
(and the team's request to answer), and a waitlisted person's place in the queue on request. Each is
queued through the outbox in the transaction that causes it, in the person's language."""

import datetime
import email as email_parser
import re

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from checkin.models import Ticket
from checkin.services import ticket_get_or_issue, ticket_reissue
from events import services
from events.enums import EventKind, RegistrationStatus
from events.exceptions import RegistrationError
from events.exhibitions.models import Meeting, VisitorKind
from events.exhibitions.services import meeting_request
from events.mail.models import EmailStatus, EmailTopic, OutgoingEmail
from events.models import Registration
from events.signing import registration_manage_path
from tests.checkin.helpers import decode_pdf, decode_png
from tests.exhibitors.helpers import exhibition_event, exhibitor_row, links, meeting_page_of, team_page_of
from tests.factories import EventFactory, RegistrationFactory, StartupProjectFactory
from tests.training.helpers import attend, ended_course, pdf_qr_texts, pdf_text_lines, sessions_of
from training import services as training
from training.models import Certificate

pytestmark = pytest.mark.django_db

TITLE_VI = "Tập huấn nghiệp vụ ươm tạo khởi nghiệp"
TITLE_EN = "Startup incubation skills"


def tr(language: str, message: str, **params) -> str:
    with translation.override(language):
        text = gettext(message)
    return text % params if params else text


class Rollback(Exception):
    pass


def parts(message) -> dict[str, list]:
    """The leaf MIME parts of a sent message by content type (attachments included)."""
    parsed = email_parser.message_from_bytes(message.message().as_bytes())
    found: dict[str, list] = {}
    for part in parsed.walk():
        if not part.is_multipart():
            found.setdefault(part.get_content_type(), []).append(part)
    return found


def paragraphs(message) -> list[str]:
    """The text of each paragraph of the message's HTML part."""
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return [" ".join(p.split()) for p in re.findall(r"<p>(.*?)</p>", html, re.S)]


# --- Ticket reissued ----------------------------------------------------------------------------------------


@pytest.fixture
def confirmed():
    event = EventFactory(title_vi="Hội thảo Đổi mới sáng tạo", title_en="Innovation workshop")
    return RegistrationFactory(event=event, full_name="Nguyễn Thị Hương", email="huong@example.vn")


@pytest.mark.parametrize(
    ("language", "title"), [("vi", "Hội thảo Đổi mới sáng tạo"), ("en", "Innovation workshop")]
)
def test_ticket_reissue_sends_the_new_ticket_once_and_says_the_old_code_is_void(
    confirmed, language, title, mailoutbox, django_capture_on_commit_callbacks
):
    Registration.objects.filter(pk=confirmed.pk).update(language=language)
    old = ticket_get_or_issue(registration=confirmed)

    with django_capture_on_commit_callbacks(execute=True):
        new = ticket_reissue(registration=confirmed, reason="Mất điện thoại")

    [sent] = mailoutbox
    assert sent.to == ["huong@example.vn"]
    assert sent.subject == tr(language, "Your new ticket: %(title)s", title=title)
    replaced = tr(
        language,
        "Your ticket has been replaced by a new one, attached to this message (QR code and PDF). "
        "The code of your old ticket no longer works at the door: use only the new one.",
    )
    assert replaced in sent.body.splitlines()
    assert paragraphs(sent).count(replaced) == 1
    found = parts(sent)
    [pdf] = found["application/pdf"]
    assert pdf.get_filename() == f"ticket-{confirmed.reference}.pdf"
    assert decode_pdf(pdf.get_payload(decode=True)) == [new.code]
    [qr] = found["image/png"]
    assert decode_png(qr.get_payload(decode=True)) == [new.code]
    assert new.code != old.code
    assert "text/calendar" not in found  # the event did not change
    [row] = OutgoingEmail.objects.all()
    assert (row.topic, row.kind, row.registration, row.status) == (
        EmailTopic.REGISTRATION,
        "ticket",
        confirmed,
        EmailStatus.SENT,
    )


def test_ticket_reissue_rolled_back_sends_nothing_and_keeps_the_old_ticket(
    confirmed, mailoutbox, django_capture_on_commit_callbacks
):
    old = ticket_get_or_issue(registration=confirmed)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback), transaction.atomic():
        ticket_reissue(registration=confirmed)
        raise Rollback

    assert mailoutbox == []
    assert OutgoingEmail.objects.count() == 0
    assert list(Ticket.objects.filter(revoked_at__isnull=True)) == [old]
    with django_capture_on_commit_callbacks(execute=True):
        new = ticket_reissue(registration=confirmed)
    [sent] = mailoutbox
    assert decode_pdf(parts(sent)["application/pdf"][0].get_payload(decode=True)) == [new.code]


# --- Certificate issued -------------------------------------------------------------------------------------


@pytest.fixture
def course():
    return ended_course(4, title_vi=TITLE_VI, title_en=TITLE_EN)


def trainee(course, *, language="vi", email="tuyet@example.vn", attended=4):
    registration = RegistrationFactory(
        event=course.event, full_name="Trần Thị Ánh Tuyết", email=email, language=language
    )
    attend(registration, sessions_of(course)[:attended])
    return registration


@pytest.mark.parametrize(("language", "title", "prefix"), [("vi", TITLE_VI, ""), ("en", TITLE_EN, "/en")])
def test_completion_sends_the_trainee_their_certificate_pdf_and_verification_link(
    course, language, title, prefix, mailoutbox, django_capture_on_commit_callbacks
):
    person = trainee(course, language=language)

    with django_capture_on_commit_callbacks(execute=True):
        training.course_evaluate_completion(course=course)

    certificate = Certificate.objects.get(registration=person)
    [sent] = mailoutbox
    assert sent.to == ["tuyet@example.vn"]
    assert sent.subject == tr(language, "Your certificate: %(title)s", title=title)
    verify = f"http://testserver{prefix}/certificates/{certificate.code}/"
    assert sent.body.splitlines().count(verify) == 1
    [(html, _kind)] = sent.alternatives
    assert html.count(f'<a href="{verify}">') == 1
    assert html.count(f'<html lang="{language}">') == 1
    congratulations = tr(
        language,
        'Congratulations: you have completed the training course "%(title)s". '
        "Your certificate is attached to this message (PDF).",
        title=title,
    )
    assert congratulations in sent.body.splitlines()
    [(filename, content, mimetype)] = sent.attachments
    assert (filename, mimetype) == (
        f"certificate-{certificate.year}-{certificate.number:06d}.pdf",
        "application/pdf",
    )
    lines = pdf_text_lines(content)
    assert lines[1:4] == [
        tr(language, "CERTIFICATE OF COMPLETION"),
        tr(language, "This certifies that"),
        "Trần Thị Ánh Tuyết",
    ]
    assert pdf_qr_texts(content) == [verify]
    [row] = OutgoingEmail.objects.all()
    assert (row.topic, row.kind, row.object_id, row.registration, row.status) == (
        EmailTopic.CERTIFICATE,
        "issued",
        certificate.pk,
        person,
        EmailStatus.SENT,
    )


def test_certificate_issued_twice_is_sent_once(course, mailoutbox, django_capture_on_commit_callbacks):
    person = trainee(course)

    with django_capture_on_commit_callbacks(execute=True):
        training.course_evaluate_completion(course=course)
        training.course_evaluate_completion(course=course)
        training.certificate_issue(registration=person, course=course)

    assert Certificate.objects.count() == 1
    assert [m.to for m in mailoutbox] == [["tuyet@example.vn"]]
    assert OutgoingEmail.objects.filter(topic=EmailTopic.CERTIFICATE).count() == 1


def test_certificate_revoked_before_its_message_left_is_not_sent(
    course, mailoutbox, django_capture_on_commit_callbacks
):
    person = trainee(course)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        certificate = training.certificate_issue(registration=person, course=course)
        training.certificate_revoke(certificate=certificate, reason="Cấp nhầm")

    assert mailoutbox == []
    assert OutgoingEmail.objects.get().status == EmailStatus.GAVE_UP


def test_revoking_a_certificate_sends_nothing(course, mailoutbox, django_capture_on_commit_callbacks):
    person = trainee(course)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = training.certificate_issue(registration=person, course=course)
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        training.certificate_revoke(certificate=certificate, reason="Điểm danh sai")

    assert len(mailoutbox) == 1
    assert OutgoingEmail.objects.count() == 1


def test_only_trainees_who_completed_get_a_certificate_message(
    course, mailoutbox, django_capture_on_commit_callbacks
):
    completed = trainee(course, email="hoan.thanh@example.vn")
    trainee(course, email="vang.mat@example.vn", attended=1)

    with django_capture_on_commit_callbacks(execute=True):
        training.course_evaluate_completion(course=course)

    assert [m.to for m in mailoutbox] == [["hoan.thanh@example.vn"]]
    assert list(Certificate.objects.values_list("registration", flat=True)) == [completed.pk]


def test_certificate_issue_rolled_back_sends_nothing(course, mailoutbox, django_capture_on_commit_callbacks):
    person = trainee(course)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback), transaction.atomic():
        training.certificate_issue(registration=person, course=course)
        raise Rollback

    assert mailoutbox == []
    assert (Certificate.objects.count(), OutgoingEmail.objects.count()) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = training.certificate_issue(registration=person, course=course)
    [sent] = mailoutbox
    assert sent.attachments[0][0] == f"certificate-{certificate.year}-{certificate.number:06d}.pdf"


# --- Meeting requested --------------------------------------------------------------------------------------


@pytest.fixture
def exhibitor():
    market = exhibition_event(
        kind=EventKind.MARKET_CONNECTION,
        title_vi="Kết nối thị trường cho dự án khởi nghiệp",
        title_en="Market connection for startup projects",
    )
    project = StartupProjectFactory(name="Nông Sản Xanh")
    return exhibitor_row(market, project, contact_email="team@nongsanxanh.vn")


def ask(exhibitor, *, language="vi", email="hoang.anh@quydautu.vn") -> Meeting:
    return meeting_request(
        exhibitor=exhibitor,
        requester_name="Hoàng Anh",
        requester_email=email,
        requester_kind=VisitorKind.INVESTOR,
        requester_organization="Quỹ Đầu tư Sáng tạo VN",
        message="Chúng tôi muốn tìm hiểu mô hình kinh doanh của dự án.",
        language=language,
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_meeting_request_tells_the_visitor_it_was_received_with_their_meeting_page(
    exhibitor, language, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = ask(exhibitor, language=language)

    [visitor] = [m for m in mailoutbox if m.to == ["hoang.anh@quydautu.vn"]]
    assert visitor.subject == tr(language, "Meeting request received: %(p)s", p="Nông Sản Xanh")
    assert tr(language, "Dear %(who)s,", who="Hoàng Anh") in visitor.body.splitlines()
    assert (
        tr(
            language,
            "We have received your request to meet %(p)s and passed it on to the team. "
            "You will get an e-mail when they accept or decline it.",
            p="Nông Sản Xanh",
        )
        in visitor.body.splitlines()
    )
    [page] = links(visitor.body)
    assert meeting_page_of(page) == meeting
    assert OutgoingEmail.objects.filter(recipient="hoang.anh@quydautu.vn").values_list(
        "topic", "kind", "object_id"
    ).get() == (EmailTopic.MEETING, "received", meeting.pk)


def test_meeting_request_asks_the_team_to_answer_on_their_page(
    exhibitor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(exhibitor, language="en")  # the team is written to in its own language, not the visitor's

    [team] = [m for m in mailoutbox if m.to == ["team@nongsanxanh.vn"]]
    assert team.subject == tr("vi", "Please answer: meeting request for %(p)s", p="Nông Sản Xanh")
    lines = team.body.splitlines()
    assert lines[:4] == [
        tr("vi", "Dear %(p)s team,", p="Nông Sản Xanh"),
        "",
        tr(
            "vi",
            "%(who)s (%(org)s) would like to meet your team.",
            who="Hoàng Anh",
            org="Quỹ Đầu tư Sáng tạo VN",
        ),
        f"{tr('vi', 'Visitor')}: {tr('vi', 'Investor')}",
    ]
    answer = tr(
        "vi",
        "Please answer this request on your team's page: accept it (the meeting then gets a time and a "
        "table) or decline it. The visitor is told your answer by e-mail.",
    )
    [page] = links(team.body)
    assert lines[lines.index(answer) + 1] == page
    assert team_page_of(page) == exhibitor


def test_meeting_asked_again_while_open_sends_nothing_more(
    exhibitor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(exhibitor)
    with django_capture_on_commit_callbacks(execute=True):
        again = ask(exhibitor, email="HOANG.ANH@quydautu.vn")

    assert again == first
    assert sorted(m.to[0] for m in mailoutbox) == ["hoang.anh@quydautu.vn", "team@nongsanxanh.vn"]


def test_meeting_request_rolled_back_sends_nothing(exhibitor, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback), transaction.atomic():
        ask(exhibitor)
        raise Rollback

    assert mailoutbox == []
    assert (Meeting.objects.count(), OutgoingEmail.objects.count()) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        ask(exhibitor)
    assert sorted(m.to[0] for m in mailoutbox) == ["hoang.anh@quydautu.vn", "team@nongsanxanh.vn"]


# --- Waiting-list position on request -----------------------------------------------------------------------


@pytest.fixture
def queue():
    """A full event: one confirmed person and three in line, in the order they arrived."""
    event = EventFactory(capacity=1, title_vi="Ngày hội khởi nghiệp", title_en="Startup day")
    RegistrationFactory(event=event)
    start = timezone.now() - datetime.timedelta(hours=1)
    return [
        RegistrationFactory(
            event=event,
            status=RegistrationStatus.WAITLISTED,
            queued_at=start + datetime.timedelta(minutes=n),
            email=f"cho{n}@example.vn",
        )
        for n in range(3)
    ]


def position_url(registration) -> str:
    return registration_manage_path(registration) + "position/"


def flashes(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_waitlisted_page_shows_the_place_and_the_button(client, queue):
    page = client.get(registration_manage_path(queue[1]))

    content = page.content.decode()
    assert page.context["waitlist_position"] == 2
    assert content.count("· " + tr("vi", "number %(n)s in line", n=2)) == 1
    assert (
        content.count(
            tr(
                "vi",
                "You are number %(n)s on the waiting list. Seats that become free go to the people in line "
                "in order, and we write to you as soon as you have one.",
                n=2,
            )
        )
        == 1
    )
    assert re.findall(r'<form method="post" action="([^"]+)">', content).count(position_url(queue[1])) == 1
    assert content.count(tr("vi", "E-mail me my place in the queue")) == 1


def test_confirmed_page_has_no_queue_button(client, queue):
    confirmed = Registration.objects.get(status=RegistrationStatus.CONFIRMED)
    button = tr("vi", "E-mail me my place in the queue")

    pages = [client.get(registration_manage_path(r)).content.decode() for r in (confirmed, queue[0])]

    assert [page.count(button) for page in pages] == [0, 1]
    assert position_url(confirmed) not in pages[0]


@pytest.mark.parametrize(("language", "title"), [("vi", "Ngày hội khởi nghiệp"), ("en", "Startup day")])
def test_button_emails_the_current_place_once(
    client, queue, language, title, mailoutbox, django_capture_on_commit_callbacks
):
    person = queue[2]
    Registration.objects.filter(pk=person.pk).update(language=language)
    services.registration_cancel(registration=queue[0])  # one place up

    page = registration_manage_path(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page + "position/", follow=True)

    assert response.redirect_chain == [(page, 302)]
    assert flashes(response) == [tr("vi", "We have e-mailed you your place in the queue: number %(n)d.", n=2)]
    [sent] = [m for m in mailoutbox if m.to == [person.email]]
    assert sent.subject == tr(language, "Number %(n)s on the waiting list: %(title)s", n=2, title=title)
    asked_at = Registration.objects.get(pk=person.pk).position_emailed_at
    place = tr(
        language,
        "You are number %(n)s in line on the waiting list (on %(when)s). "
        "We will write to you as soon as a seat becomes free.",
        n=2,
        when=timezone.localtime(asked_at).strftime("%d/%m/%Y %H:%M"),
    )
    assert place in sent.body.splitlines()
    assert paragraphs(sent).count(place) == 1
    assert sent.attachments == []  # no ticket and no calendar while waiting
    assert OutgoingEmail.objects.filter(registration=person).values_list("kind", "payload").get() == (
        "waitlist_position",
        {"position": 2, "at": asked_at.isoformat()},
    )


def test_button_pressed_again_within_ten_minutes_is_refused_on_the_page(
    client, queue, mailoutbox, django_capture_on_commit_callbacks
):
    person = queue[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(position_url(person), follow=True)
    asked_at = Registration.objects.get(pk=person.pk).position_emailed_at

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(position_url(person), follow=True)

    again = timezone.localtime(asked_at + datetime.timedelta(minutes=10)).strftime("%H:%M")
    assert flashes(response) == [
        tr(
            "vi",
            "We e-mailed you your place in the queue a few minutes ago. You can ask again from %(time)s.",
            time=again,
        )
    ]
    assert len(mailoutbox) == 1
    assert Registration.objects.get(pk=person.pk).position_emailed_at == asked_at


def test_place_can_be_asked_again_after_ten_minutes(queue, mailoutbox, django_capture_on_commit_callbacks):
    person = queue[0]
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_position_email(registration=person, now=now)
    with pytest.raises(RegistrationError) as refused:
        services.registration_position_email(
            registration=person, now=now + datetime.timedelta(minutes=9, seconds=59)
        )
    assert (refused.value.code, refused.value.status_code) == ("position_email_too_soon", 429)

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.registration_position_email(
                registration=person, now=now + datetime.timedelta(minutes=10)
            )
            == 1
        )

    assert [m.to for m in mailoutbox] == [[person.email], [person.email]]


def test_button_for_a_registration_not_on_the_waiting_list_sends_nothing(
    client, queue, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed = Registration.objects.get(status=RegistrationStatus.CONFIRMED)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(position_url(confirmed), follow=True)

    assert flashes(response) == [
        tr("vi", "Only a registration on the waiting list has a place in the queue.")
    ]
    assert mailoutbox == []
    assert OutgoingEmail.objects.count() == 0


def test_button_needs_a_post_with_the_csrf_token(queue, mailoutbox, django_capture_on_commit_callbacks):
    strict = Client(enforce_csrf_checks=True)

    with django_capture_on_commit_callbacks(execute=True):
        assert strict.get(position_url(queue[0])).status_code == 405
        assert strict.post(position_url(queue[0])).status_code == 403

    assert mailoutbox == []


def test_place_request_rolled_back_sends_nothing_and_does_not_count(
    queue, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback), transaction.atomic():
        services.registration_position_email(registration=queue[0])
        raise Rollback

    assert mailoutbox == []
    assert Registration.objects.get(pk=queue[0].pk).position_emailed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_position_email(registration=queue[0])
    assert len(mailoutbox) == 1
