"""Market-connection meetings: visitors ask, the team accepts or declines on its signed page, accepted
meetings get a slot and a table without double booking, staff record whether they took place."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from events.enums import EventStatus, ProjectStage, Sector
from events.exhibitions.models import (
    ExhibitorStatus,
    Meeting,
    MeetingHeldUndo,
    MeetingStatus,
    SupportKind,
    SupportRecord,
    VisitorKind,
)
from events.exhibitions.services import (
    ExhibitorError,
    meeting_accept,
    meeting_record_held,
    meeting_slots,
    meeting_undo_held,
)
from events.exhibitions.signing import exhibitor_team_path, meeting_path
from events.services import project_stage_set
from reports.indicators import Period, compute, drill
from tests.factories import StartupProjectFactory

from .helpers import (
    alert,
    exhibitor_row,
    facts,
    in_language,
    links,
    meeting_page_of,
    next_week_at,
    request_meeting,
    table_rows,
    team_page_of,
    vi,
)

MINUTES = datetime.timedelta(minutes=20)


def _exhibiting(event, name: str = "Nông Sản Xanh", **fields):
    project = StartupProjectFactory(name=name, sector=Sector.AGRITECH, stage=ProjectStage.INCUBATION)
    return exhibitor_row(event, project, **fields)


def _request_data(**overrides) -> dict:
    return {
        "requester_name": "Hoàng Anh",
        "requester_email": "hoang.anh@quydautu.vn",
        "requester_phone": "0912 345 678",
        "requester_organization": "Quỹ Đầu tư Sáng tạo VN",
        "requester_kind": VisitorKind.INVESTOR,
        "message": "Chúng tôi muốn tìm hiểu mô hình kinh doanh của dự án.",
        "consent": "on",
        **overrides,
    }


def _request_url(exhibitor) -> str:
    return f"/events/{exhibitor.event.slug}/exhibitors/{exhibitor.code}/meet/"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Requests ------------------------------------------------------------------------------------------


def test_meeting_request_page_asks_the_team_to_answer_and_tells_the_visitor(
    client, market, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = _exhibiting(market, contact_email="team@nongsanxanh.vn")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_request_url(exhibitor), _request_data())

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting_page_of(response["Location"]) == meeting
    assert (
        meeting.event,
        meeting.exhibitor,
        meeting.status,
        meeting.requester_name,
        meeting.requester_email,
        meeting.requester_kind,
        meeting.starts_at,
        meeting.table,
    ) == (
        market,
        exhibitor,
        MeetingStatus.REQUESTED,
        "Hoàng Anh",
        "hoang.anh@quydautu.vn",
        "investor",
        None,
        "",
    )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["team@nongsanxanh.vn"], vi("Please answer: meeting request for %(p)s", p="Nông Sản Xanh")),
        (["hoang.anh@quydautu.vn"], vi("Meeting request received: %(p)s", p="Nông Sản Xanh")),
    ]
    team, visitor = mailoutbox
    assert [team_page_of(link) for link in links(team.body)] == [exhibitor]
    assert "Chúng tôi muốn tìm hiểu mô hình kinh doanh của dự án." in team.body.splitlines()
    assert [meeting_page_of(link) for link in links(visitor.body)] == [meeting]


def test_event_page_of_a_market_connection_links_each_exhibitor_to_a_meeting_request(client, market):
    exhibitor = _exhibiting(market)

    page = client.get(f"/events/{market.slug}/").content.decode()

    assert page.count(f'href="{_request_url(exhibitor)}"') == 1


@pytest.mark.parametrize(
    "status", [ExhibitorStatus.SUBMITTED, ExhibitorStatus.WAITLISTED, ExhibitorStatus.REJECTED]
)
def test_meeting_request_to_a_project_that_is_not_exhibiting_is_refused(
    client, market, status, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = _exhibiting(market, status=status)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_request_url(exhibitor), _request_data())

    assert response.status_code == 409
    assert alert(response.content) == vi("This project is not exhibiting at this event.")
    assert Meeting.objects.count() == 0
    assert mailoutbox == []
    with pytest.raises(ExhibitorError) as refused:
        request_meeting(exhibitor)
    assert refused.value.code == "not_exhibiting"


def test_meeting_request_at_an_exhibition_is_refused(
    client, exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = _exhibiting(exhibition)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_request_url(exhibitor), _request_data())

    assert response.status_code == 409
    assert alert(response.content) == vi("Meetings can be requested only at market-connection events.")
    assert Meeting.objects.count() == 0
    assert mailoutbox == []
    with pytest.raises(ExhibitorError) as refused:
        request_meeting(exhibitor)
    assert refused.value.code == "not_market_connection"


def test_meeting_request_at_a_cancelled_market_connection_is_refused(market):
    exhibitor = _exhibiting(market)
    market.status = EventStatus.CANCELLED
    market.save()

    with pytest.raises(ExhibitorError) as refused:
        request_meeting(exhibitor)

    assert refused.value.code == "not_market_connection"
    assert Meeting.objects.count() == 0


def test_meeting_request_after_the_event_ended_is_refused(market):
    exhibitor = _exhibiting(market)
    market.sessions.update(
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )

    with pytest.raises(ExhibitorError) as refused:
        request_meeting(exhibitor)

    assert refused.value.code == "event_ended"
    assert Meeting.objects.count() == 0


def test_meeting_request_without_consent_shows_the_field_error(client, market):
    exhibitor = _exhibiting(market)
    data = _request_data()
    del data["consent"]

    response = client.post(_request_url(exhibitor), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"consent": [vi("This field is required.")]}
    assert Meeting.objects.count() == 0


def test_meeting_request_twice_by_the_same_visitor_gives_the_open_request_back(market):
    exhibitor = _exhibiting(market)
    first = request_meeting(exhibitor, email="hoang.anh@quydautu.vn")

    again = request_meeting(exhibitor, email="Hoang.Anh@QuyDauTu.vn")

    assert again == first
    assert Meeting.objects.count() == 1


def test_meeting_request_for_an_unknown_exhibitor_code_is_not_found(client, market):
    assert client.get(f"/events/{market.slug}/exhibitors/KHONGCO/meet/").status_code == 404


# --- The team's page -----------------------------------------------------------------------------------


def _accept(client, meeting, action: str = "accept"):
    path = exhibitor_team_path(meeting.exhibitor)
    return client.post(path, {"meeting": meeting.pk, "action": action}, follow=True)


def test_team_page_lists_the_meeting_requests(client, market):
    exhibitor = _exhibiting(market)
    request_meeting(exhibitor, name="Hoàng Anh")

    response = client.get(exhibitor_team_path(exhibitor))

    assert response.status_code == 200
    assert [m.requester_name for m in response.context["meetings"]] == ["Hoàng Anh"]


def test_team_page_accept_assigns_the_first_slot_and_tells_the_visitor(
    client, market, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = _exhibiting(market)
    meeting = request_meeting(exhibitor, email="hoang.anh@quydautu.vn")
    first_slot = next_week_at(9)

    with django_capture_on_commit_callbacks(execute=True):
        response = _accept(client, meeting)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.starts_at, meeting.ends_at, meeting.table) == (
        MeetingStatus.ACCEPTED,
        first_slot,
        first_slot + MINUTES,
        "1",
    )
    assert [(team_page_of(url), status) for url, status in response.redirect_chain] == [(exhibitor, 302)]
    when = timezone.localtime(first_slot).strftime("%d/%m %H:%M")
    assert _messages(response) == [vi("Meeting accepted: %(when)s, table %(table)s.", when=when, table="1")]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["hoang.anh@quydautu.vn"], vi("Meeting confirmed with %(p)s", p="Nông Sản Xanh"))
    ]
    assert f"{vi('Table')}: 1" in mailoutbox[0].body.splitlines()
    assert [meeting_page_of(link) for link in links(mailoutbox[0].body)] == [meeting]
    # The visitor's own page shows the time and the table.
    page = client.get(meeting_path(meeting))
    assert page.status_code == 200
    when = timezone.localtime(first_slot)
    assert facts(page.content) == [
        (vi("Event"), market.title_vi),
        (vi("Status"), vi("Accepted")),
        (vi("When"), f"{date_format(when, 'l d/m/Y H:i')}–{date_format(when + MINUTES, 'H:i')}"),
        (vi("Table"), "1"),
    ]


def test_team_page_two_accepts_for_one_project_get_different_slots(client, market):
    exhibitor = _exhibiting(market)
    first = request_meeting(exhibitor, email="khach.mot@example.vn")
    second = request_meeting(exhibitor, email="khach.hai@example.vn")

    _accept(client, first)
    _accept(client, second)

    first.refresh_from_db()
    second.refresh_from_db()
    nine = next_week_at(9)
    assert [(m.starts_at, m.table) for m in (first, second)] == [(nine, "1"), (nine + MINUTES, "1")]


def test_meeting_accept_one_visitor_with_two_projects_gets_different_slots(market):
    visitor = "dau.tu@quyvn.vn"
    one = request_meeting(_exhibiting(market, "Nông Sản Xanh"), email=visitor)
    two = request_meeting(_exhibiting(market, "Robot Giao Hàng"), email=visitor.upper())

    meeting_accept(meeting=one)
    meeting_accept(meeting=two)

    nine = next_week_at(9)
    assert list(Meeting.objects.order_by("pk").values_list("starts_at", "table")) == [
        (nine, "1"),
        (nine + MINUTES, "1"),
    ]


def test_meeting_accept_never_puts_two_meetings_at_one_table(market):
    meetings = [
        request_meeting(_exhibiting(market, f"Dự án {n}"), email=f"khach{n}@example.vn") for n in range(5)
    ]

    for meeting in meetings:
        meeting_accept(meeting=meeting)

    nine = next_week_at(9)
    assert list(Meeting.objects.order_by("pk").values_list("starts_at", "table")) == [
        (nine, "1"),
        (nine, "2"),
        (nine + MINUTES, "1"),
        (nine + MINUTES, "2"),
        (nine + 2 * MINUTES, "1"),
    ]


def test_meeting_accept_skips_slots_that_have_begun(market):
    meeting = request_meeting(_exhibiting(market))
    nine = next_week_at(9)

    meeting_accept(meeting=meeting, now=nine + datetime.timedelta(minutes=25))

    meeting.refresh_from_db()
    assert meeting.starts_at == nine + 2 * MINUTES


def test_meeting_slots_cut_sessions_into_meeting_length(market):
    nine = next_week_at(9)

    assert meeting_slots(market) == [(nine + n * MINUTES, nine + (n + 1) * MINUTES) for n in range(9)]


def test_team_page_accept_without_a_free_slot_shows_the_error(client, market, mailoutbox):
    market.sessions.update(ends_at=next_week_at(9) + MINUTES)  # one slot only
    exhibitor = _exhibiting(market)
    first = request_meeting(exhibitor, email="khach.mot@example.vn")
    second = request_meeting(exhibitor, email="khach.hai@example.vn")
    meeting_accept(meeting=first)

    response = _accept(client, second)

    assert _messages(response) == [vi("No free meeting time is left for this project and visitor.")]
    second.refresh_from_db()
    assert (second.status, second.starts_at, second.table) == (MeetingStatus.REQUESTED, None, "")
    with pytest.raises(ExhibitorError) as refused:
        meeting_accept(meeting=second)
    assert refused.value.code == "no_free_slot"


def test_team_page_decline_tells_the_visitor(client, market, mailoutbox, django_capture_on_commit_callbacks):
    meeting = request_meeting(_exhibiting(market), email="hoang.anh@quydautu.vn")

    with django_capture_on_commit_callbacks(execute=True):
        response = _accept(client, meeting, action="decline")

    assert _messages(response) == [vi("Meeting declined.")]
    assert Meeting.objects.get().status == MeetingStatus.DECLINED
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["hoang.anh@quydautu.vn"], vi("Meeting declined by %(p)s", p="Nông Sản Xanh"))
    ]


def test_meeting_accept_after_decline_is_refused(client, market):
    meeting = request_meeting(_exhibiting(market))
    _accept(client, meeting, action="decline")

    response = _accept(client, meeting)

    assert _messages(response) == [vi("This request is no longer open.")]
    assert Meeting.objects.get().status == MeetingStatus.DECLINED


def _tampered(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def test_team_page_with_a_tampered_token_is_not_found(client, market):
    exhibitor = _exhibiting(market)
    meeting = request_meeting(exhibitor)
    token = exhibitor_team_path(exhibitor).rstrip("/").rsplit("/", 1)[1]

    assert client.get(f"/exhibitors/{_tampered(token)}/").status_code == 404
    assert (
        client.post(
            f"/exhibitors/{_tampered(token)}/", {"meeting": meeting.pk, "action": "accept"}
        ).status_code
        == 404
    )
    # A visitor's meeting link is signed for another purpose: it does not open the team's page.
    meeting_token = meeting_path(meeting).rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/exhibitors/{meeting_token}/").status_code == 404
    assert client.get(f"/meetings/{_tampered(meeting_token)}/").status_code == 404
    assert Meeting.objects.get().status == MeetingStatus.REQUESTED


def test_team_page_cannot_answer_another_projects_meeting(client, market):
    ours = _exhibiting(market, "Nông Sản Xanh")
    theirs = request_meeting(_exhibiting(market, "Robot Giao Hàng"))

    response = client.post(exhibitor_team_path(ours), {"meeting": theirs.pk, "action": "accept"})

    assert response.status_code == 404
    assert Meeting.objects.get().status == MeetingStatus.REQUESTED


@pytest.mark.parametrize("posted", ["abc", "", "1.5", "-1", "٣", "9" * 30])
def test_team_page_with_a_malformed_meeting_id_is_not_found(client, market, posted):
    exhibitor = _exhibiting(market)
    request_meeting(exhibitor)

    response = client.post(exhibitor_team_path(exhibitor), {"meeting": posted, "action": "accept"})

    assert response.status_code == 404
    assert Meeting.objects.get().status == MeetingStatus.REQUESTED


# --- Staff: the meeting grid ---------------------------------------------------------------------------


def _grid(event) -> str:
    return f"/events/{event.slug}/meetings/"


def test_meeting_grid_for_anonymous_redirects_and_for_a_plain_user_is_forbidden(client, market, plain_user):
    response = client.get(_grid(market))
    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={_grid(market)}")

    client.force_login(plain_user)
    assert client.get(_grid(market)).status_code == 403


def test_meeting_grid_shows_accepted_meetings_by_slot_and_table(client, market, viewer):
    accepted = request_meeting(_exhibiting(market, "Nông Sản Xanh"), name="Hoàng Anh", email="a@example.vn")
    meeting_accept(meeting=accepted)
    request_meeting(_exhibiting(market, "Robot Giao Hàng"), name="Lê Bình", email="b@example.vn")
    client.force_login(viewer)

    response = client.get(_grid(market))

    assert response.status_code == 200
    assert response.context["pending"] == 1
    rows = table_rows(response.content, "matrix")
    when = timezone.localtime(next_week_at(9)).strftime("%d/%m %H:%M")
    assert rows == [[when, f"Nông Sản Xanh Hoàng Anh {vi('Held')} {vi('Not held')}", ""]]


def _started_meeting(market, exhibitor=None, *, minutes_ago: int = 30):
    """A meeting accepted while the event was ahead, whose slot began `minutes_ago` minutes ago: the
    event's session and the meeting are moved back together (arranging time, not a rule)."""
    meeting = meeting_accept(meeting=request_meeting(exhibitor or _exhibiting(market)))
    shift = timezone.now() - datetime.timedelta(minutes=minutes_ago) - meeting.starts_at
    session = market.sessions.get()
    market.sessions.update(starts_at=session.starts_at + shift, ends_at=session.ends_at + shift)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at + shift, ends_at=meeting.ends_at + shift
    )
    meeting.refresh_from_db()
    return meeting


def test_meeting_grid_record_held_creates_a_meeting_support_record(client, market, staff):
    exhibitor = _exhibiting(market)
    project_stage_set(
        project=exhibitor.project, stage=ProjectStage.PRE_INCUBATION, effective_on=datetime.date(2024, 1, 1)
    )
    meeting = _started_meeting(market, exhibitor)
    client.force_login(staff)

    response = client.post(_grid(market), {"meeting": meeting.pk, "held": "yes"})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held, meeting.held_recorded_by) == (True, staff)
    assert timezone.now() - meeting.held_recorded_at < datetime.timedelta(minutes=1)
    record = SupportRecord.objects.get()
    assert (
        record.project,
        record.kind,
        record.date,
        record.stage,
        record.event,
        record.exhibitor,
        record.meeting,
        record.recorded_by,
    ) == (
        exhibitor.project,
        SupportKind.MEETING,
        timezone.localtime(meeting.starts_at).date(),
        ProjectStage.PRE_INCUBATION,
        market,
        exhibitor,
        meeting,
        staff,
    )


def test_meeting_grid_record_held_twice_keeps_one_record(client, market, staff):
    meeting = _started_meeting(market)
    client.force_login(staff)

    client.post(_grid(market), {"meeting": meeting.pk, "held": "yes"})
    client.post(_grid(market), {"meeting": meeting.pk, "held": "yes"})

    assert SupportRecord.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_meeting_grid_record_held_before_the_meeting_starts_is_refused(client, market, staff, prefix):
    meeting = meeting_accept(meeting=request_meeting(_exhibiting(market)))  # next week at 09:00
    client.force_login(staff)

    response = client.post(prefix + _grid(market), {"meeting": meeting.pk, "held": "yes"}, follow=True)

    when = timezone.localtime(next_week_at(9)).strftime("%d/%m/%Y %H:%M")
    message = "This meeting starts at %(when)s: it can be recorded as held only once it has started."
    assert _messages(response) == [in_language("en" if prefix else "vi", message, when=when)]
    meeting.refresh_from_db()
    assert (meeting.held, meeting.held_recorded_by, SupportRecord.objects.count()) == (None, None, 0)


def test_meeting_record_held_a_minute_before_the_start_is_refused_and_at_the_start_accepted(market, staff):
    meeting = meeting_accept(meeting=request_meeting(_exhibiting(market)))

    with pytest.raises(ExhibitorError) as refused:
        meeting_record_held(
            meeting=meeting, held=True, by=staff, now=meeting.starts_at - datetime.timedelta(minutes=1)
        )
    assert (refused.value.code, refused.value.status_code) == ("meeting_not_started", 409)
    assert (Meeting.objects.get().held, SupportRecord.objects.count()) == (None, 0)

    meeting_record_held(meeting=meeting, held=True, by=staff, now=meeting.starts_at)

    assert (Meeting.objects.get().held, SupportRecord.objects.count()) == (True, 1)


def test_meeting_grid_shows_an_undo_form_once_marked(client, market, staff):
    meeting = _started_meeting(market)
    meeting_record_held(meeting=meeting, held=True, by=staff)
    client.force_login(staff)

    response = client.get(_grid(market))

    rows = table_rows(response.content, "matrix")
    assert rows[0][1] == f"Nông Sản Xanh Hoàng Anh ✓ {vi('Held')} {vi('Undo')}"


def test_meeting_grid_not_held_after_held_is_refused_until_the_mark_is_undone(client, market, staff):
    meeting = _started_meeting(market)
    client.force_login(staff)
    client.post(_grid(market), {"meeting": meeting.pk, "held": "yes"})

    refused = client.post(_grid(market), {"meeting": meeting.pk, "held": "no"}, follow=True)

    assert _messages(refused) == [vi("This meeting is already marked. Undo the mark first, giving a reason.")]
    assert (Meeting.objects.get().held, SupportRecord.objects.count()) == (True, 1)

    undone = client.post(
        _grid(market), {"meeting": meeting.pk, "action": "undo", "reason": " Bấm nhầm ô  "}, follow=True
    )
    assert _messages(undone) == [vi("The mark was undone; the meeting can be marked again.")]
    meeting.refresh_from_db()
    assert (meeting.held, meeting.held_recorded_by, meeting.held_recorded_at) == (None, None, None)
    assert SupportRecord.objects.count() == 0
    undo = MeetingHeldUndo.objects.get()
    assert (undo.meeting, undo.held, undo.marked_by, undo.undone_by, undo.reason) == (
        meeting,
        True,
        staff,
        staff,
        "Bấm nhầm ô",
    )
    assert undo.marked_at < undo.undone_at

    client.post(_grid(market), {"meeting": meeting.pk, "held": "no"})

    assert (Meeting.objects.get().held, SupportRecord.objects.count()) == (False, 0)


def test_meeting_grid_undo_without_a_reason_is_refused(client, market, staff):
    meeting = _started_meeting(market)
    meeting_record_held(meeting=meeting, held=True, by=staff)
    client.force_login(staff)

    response = client.post(
        _grid(market), {"meeting": meeting.pk, "action": "undo", "reason": "  "}, follow=True
    )

    assert _messages(response) == [vi("Give a reason for undoing the mark.")]
    assert (Meeting.objects.get().held, SupportRecord.objects.count(), MeetingHeldUndo.objects.count()) == (
        True,
        1,
        0,
    )


def test_meeting_grid_undo_of_an_unmarked_meeting_is_refused(client, market, staff):
    meeting = _started_meeting(market)
    client.force_login(staff)

    response = client.post(
        _grid(market), {"meeting": meeting.pk, "action": "undo", "reason": "Nhầm"}, follow=True
    )

    assert _messages(response) == [vi("This meeting has no mark to undo.")]
    assert MeetingHeldUndo.objects.count() == 0


def test_meeting_grid_undo_needs_the_change_permission(client, market, staff, viewer):
    meeting = _started_meeting(market)
    meeting_record_held(meeting=meeting, held=True, by=staff)
    client.force_login(viewer)

    response = client.post(_grid(market), {"meeting": meeting.pk, "action": "undo", "reason": "Nhầm"})

    assert response.status_code == 403
    assert (Meeting.objects.get().held, SupportRecord.objects.count()) == (True, 1)


def test_meeting_undo_held_takes_the_meeting_out_of_the_reports(market, staff):
    meeting = _started_meeting(market)
    meeting_record_held(meeting=meeting, held=True, by=staff)
    today = timezone.localdate()
    period = Period(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))
    figures = ("meetings_held", "projects_supported")
    assert [compute(period).figure(key).value for key in figures] == [1, 1]

    meeting_undo_held(meeting=meeting, reason="Khách không đến, bấm nhầm", by=staff)

    assert [compute(period).figure(key).value for key in figures] == [0, 0]
    assert drill("meetings_held", period).rows == []


# --- Staff: held marks in the admin ----------------------------------------------------------------------


def _admin_action(client, action: str, meeting, reason: str = ""):
    return client.post(
        "/admin/events/meeting/",
        {"action": action, "_selected_action": [meeting.pk], "index": "0", "reason": reason},
        follow=True,
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_admin_record_held_before_the_meeting_starts_is_refused(client, market, superuser, prefix):
    meeting = meeting_accept(meeting=request_meeting(_exhibiting(market)))
    client.force_login(superuser)

    response = client.post(
        prefix + "/admin/events/meeting/",
        {"action": "record_held", "_selected_action": [meeting.pk], "index": "0", "reason": ""},
        follow=True,
    )

    when = timezone.localtime(next_week_at(9)).strftime("%d/%m/%Y %H:%M")
    message = "This meeting starts at %(when)s: it can be recorded as held only once it has started."
    assert _messages(response) == [f"{meeting}: {in_language('en' if prefix else 'vi', message, when=when)}"]
    assert (Meeting.objects.get().held, SupportRecord.objects.count()) == (None, 0)


def test_admin_record_held_and_undo_with_a_reason(client, market, superuser):
    meeting = _started_meeting(market)
    client.force_login(superuser)

    held = _admin_action(client, "record_held", meeting)
    assert _messages(held) == [vi("%(n)d meeting(s) updated.", n=1)]
    assert (Meeting.objects.get().held, SupportRecord.objects.count()) == (True, 1)

    refused = _admin_action(client, "undo_held", meeting, reason="")
    assert _messages(refused) == [f"{meeting}: {vi('Give a reason for undoing the mark.')}"]

    _admin_action(client, "undo_held", meeting, reason="Ghi nhầm cuộc gặp")

    assert (Meeting.objects.get().held, SupportRecord.objects.count()) == (None, 0)
    undo = MeetingHeldUndo.objects.get()
    assert (undo.held, undo.marked_by, undo.undone_by, undo.reason) == (
        True,
        superuser,
        superuser,
        "Ghi nhầm cuộc gặp",
    )
    page = client.get(f"/admin/events/meeting/{meeting.pk}/change/")
    [undos] = page.context["inline_admin_formsets"]
    assert [form.instance.reason for form in undos.formset.forms] == ["Ghi nhầm cuộc gặp"]


def test_meeting_grid_record_held_for_a_meeting_not_accepted_is_refused(client, market, staff):
    meeting = request_meeting(_exhibiting(market))
    client.force_login(staff)

    response = client.post(_grid(market), {"meeting": meeting.pk, "held": "yes"}, follow=True)

    assert _messages(response) == [vi("Only accepted meetings can be marked.")]
    assert (Meeting.objects.get().held, SupportRecord.objects.count()) == (None, 0)


def test_meeting_grid_record_held_needs_the_change_permission(client, market, viewer):
    meeting = request_meeting(_exhibiting(market))
    meeting_accept(meeting=meeting)
    client.force_login(viewer)

    response = client.post(_grid(market), {"meeting": meeting.pk, "held": "yes"})

    assert response.status_code == 403
    assert (Meeting.objects.get().held, SupportRecord.objects.count()) == (None, 0)


@pytest.mark.parametrize("posted", ["abc", ""])
def test_meeting_grid_with_a_malformed_meeting_id_is_not_found(client, market, staff, posted):
    client.force_login(staff)

    assert client.post(_grid(market), {"meeting": posted, "held": "yes"}).status_code == 404


def test_team_and_meeting_links_stop_opening_30_days_after_the_event(client, market, settings):
    settings.EXHIBITOR_LINKS_VALID_DAYS_AFTER_EVENT = 30
    exhibitor = _exhibiting(market)
    meeting = request_meeting(exhibitor)
    paths = [exhibitor_team_path(exhibitor), meeting_path(meeting)]

    def statuses(ended_days_ago: int) -> list[int]:
        ends = timezone.now() - datetime.timedelta(days=ended_days_ago)
        market.sessions.update(starts_at=ends - datetime.timedelta(hours=3), ends_at=ends)
        return [client.get(path).status_code for path in paths]

    assert statuses(29) == [200, 200]
    assert statuses(31) == [404, 404]
    assert "Không tìm thấy trang" in client.get(paths[0]).content.decode()


def test_meeting_request_refuses_line_breaks_in_one_line_fields(client, market):
    exhibitor = _exhibiting(market)
    data = _request_data(
        requester_name="Hoàng\nAnh",
        requester_organization="Quỹ Đầu tư\r\nSáng tạo VN",
        requester_phone="0912\r345 678",
        message="Xin chào.\nChúng tôi muốn tìm hiểu mô hình kinh doanh.",  # the message may have lines
    )

    response = client.post(_request_url(exhibitor), data)

    line_break = [vi("Enter this on one line, without line breaks.")]
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "requester_name": line_break,
        "requester_phone": line_break,
        "requester_organization": line_break,
    }
    assert Meeting.objects.count() == 0
