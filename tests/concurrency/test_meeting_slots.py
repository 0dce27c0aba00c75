"""Meeting slots under real concurrency: many teams accept at the same instant, each in its own thread,
connection and transaction. No project, visitor or table is ever booked twice for one slot, and those who
find no free slot get a clear `no_free_slot` refusal, never a server error. Staff marking one meeting
held and not held at once record one mark, with the support record matching it. Only PostgreSQL proves
this."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from events.enums import EventKind, ProjectStage, Sector
from events.exhibitions.models import (
    Exhibitor,
    ExhibitorStatus,
    Meeting,
    MeetingHeldUndo,
    MeetingStatus,
    SupportRecord,
    VisitorKind,
)
from events.exhibitions.services import (
    ExhibitorError,
    meeting_accept,
    meeting_record_held,
    meeting_request,
    meeting_slots,
    meeting_undo_held,
)
from events.models import Event, Session
from tests.concurrency.threads import all_at_once as _all_at_once
from tests.factories import EventFactory, StartupProjectFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def all_at_once(count, work):
    """Domain refusals (ExhibitorError) are results: their code; anything else is an error."""
    return _all_at_once(count, work, refusals=(ExhibitorError,))


THREADS = 12


def market_event(*, slots: int, tables: int) -> Event:
    """A market-connection event next week from 09:00 local with `slots` 20-minute slots."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    starts = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9, 0))
    event = EventFactory(
        kind=EventKind.MARKET_CONNECTION, session=None, meeting_minutes=20, meeting_tables=tables
    )
    Session.objects.create(
        event=event, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=20 * slots)
    )
    assert len(meeting_slots(event)) == slots
    return event


def exhibiting(event: Event, n: int) -> Exhibitor:
    project = StartupProjectFactory(name=f"Dự án {n}", sector=Sector.AGRITECH, stage=ProjectStage.INCUBATION)
    return Exhibitor.objects.create(
        event=event,
        project=project,
        status=ExhibitorStatus.APPROVED,
        showcase_vi="Sản phẩm mẫu",
        contact_name="Phạm Minh Khoa",
        contact_email=f"team{n}@duan.vn",
        contact_phone="0903123456",
    )


def ask(exhibitor: Exhibitor, email: str) -> Meeting:
    return meeting_request(
        exhibitor=exhibitor,
        requester_name="Khách tham quan",
        requester_email=email,
        requester_kind=VisitorKind.CUSTOMER,
        message="Xin được trao đổi về sản phẩm.",
    )


def accepted(event: Event) -> list[tuple]:
    return list(
        Meeting.objects.filter(event=event, status=MeetingStatus.ACCEPTED)
        .order_by("starts_at", "table")
        .values_list("exhibitor_id", "requester_email", "starts_at", "table")
    )


def refused_count(results: list, code: str = "no_free_slot") -> int:
    return sum(1 for result in results if result == code)


def test_meeting_accept_race_for_one_project_never_double_books_it(require_postgres):
    event = market_event(slots=3, tables=2)
    project = exhibiting(event, 1)
    meetings = [ask(project, f"khach{n}@example.vn") for n in range(THREADS)]

    results, errors = all_at_once(THREADS, lambda n: meeting_accept(meeting=meetings[n]))

    assert errors == []
    booked = accepted(event)
    starts = [start for start, _end in meeting_slots(event)]
    assert [row[2] for row in booked] == starts  # one meeting in each slot, none twice
    assert [row[3] for row in booked] == ["1", "1", "1"]
    assert (
        sorted(r if isinstance(r, str) else "accepted" for r in results)
        == ["accepted"] * 3 + ["no_free_slot"] * 9
    )
    assert Meeting.objects.filter(event=event, status=MeetingStatus.REQUESTED).count() == 9


def test_meeting_accept_race_across_projects_never_double_books_a_table(require_postgres):
    event = market_event(slots=3, tables=2)
    meetings = [ask(exhibiting(event, n), f"khach{n}@example.vn") for n in range(THREADS)]

    results, errors = all_at_once(THREADS, lambda n: meeting_accept(meeting=meetings[n]))

    assert errors == []
    booked = accepted(event)
    assert len(booked) == 6  # three slots, two tables
    assert Counter((start, table) for _p, _v, start, table in booked).most_common(1)[0][1] == 1
    assert sorted({table for *_rest, table in booked}) == ["1", "2"]
    assert refused_count(results) == 6


def test_meeting_accept_race_for_one_visitor_never_double_books_them(require_postgres):
    event = market_event(slots=3, tables=10)
    visitor = "nha.dau.tu@quyvn.vn"
    meetings = [ask(exhibiting(event, n), visitor if n % 2 else visitor.upper()) for n in range(6)]

    results, errors = all_at_once(6, lambda n: meeting_accept(meeting=meetings[n]))

    assert errors == []
    booked = accepted(event)
    assert [row[2] for row in booked] == [start for start, _end in meeting_slots(event)]
    assert len({row[0] for row in booked}) == 3
    assert refused_count(results) == 3


def test_meeting_accept_race_mixed_projects_and_visitors_keeps_every_rule(require_postgres):
    # Three projects, four visitors, every visitor asks every project: 12 accepts at once.
    event = market_event(slots=4, tables=2)
    projects = [exhibiting(event, n) for n in range(3)]
    meetings = [ask(p, f"khach{v}@example.vn") for p in projects for v in range(4)]

    results, errors = all_at_once(len(meetings), lambda n: meeting_accept(meeting=meetings[n]))

    assert errors == []
    booked = accepted(event)
    per_project = Counter((project, start) for project, _v, start, _t in booked)
    per_visitor = Counter((visitor.lower(), start) for _p, visitor, start, _t in booked)
    per_table = Counter((start, table) for _p, _v, start, table in booked)
    assert [max(c.values()) for c in (per_project, per_visitor, per_table)] == [1, 1, 1]
    assert len(booked) + refused_count(results) == len(meetings)


# --- Held marks: one mark wins, and the support record follows it ----------------------------------------


def started_meeting() -> Meeting:
    event = market_event(slots=3, tables=2)
    return meeting_accept(meeting=ask(exhibiting(event, 1), "khach@example.vn"))


def test_meeting_record_held_race_held_and_not_held_records_one_mark(require_postgres):
    meeting = started_meeting()

    results, errors = all_at_once(
        THREADS,
        lambda n: meeting_record_held(meeting=meeting, held=n % 2 == 0, now=meeting.starts_at).held,
    )

    assert errors == []
    held = Meeting.objects.get(pk=meeting.pk).held
    assert sorted(results, key=str) == sorted([held] * 6 + ["already_marked"] * 6, key=str)
    assert SupportRecord.objects.filter(meeting=meeting).count() == (1 if held else 0)


def test_meeting_undo_held_race_undoes_once(require_postgres):
    meeting = started_meeting()
    meeting_record_held(meeting=meeting, held=True, now=meeting.starts_at)

    results, errors = all_at_once(
        THREADS, lambda n: meeting_undo_held(meeting=meeting, reason=f"Nhầm lần {n}").held
    )

    assert errors == []
    assert sorted(results, key=str) == sorted([True] + ["not_marked"] * (THREADS - 1), key=str)
    assert (
        Meeting.objects.get(pk=meeting.pk).held,
        SupportRecord.objects.filter(meeting=meeting).count(),
    ) == (
        None,
        0,
    )
    assert MeetingHeldUndo.objects.filter(meeting=meeting).count() == 1
