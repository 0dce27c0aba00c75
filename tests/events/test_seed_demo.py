import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from checkin.enums import CheckInSource, ScanResult
from checkin.models import CheckIn, DoorStaffAssignment, Ticket
from checkin.services import checkin_window, user_can_scan
from events import extensions
from events.enums import (
    Audience,
    EventKind,
    EventStatus,
    HostRole,
    OrganizationKind,
    ProjectStage,
    RegistrationStatus,
)
from events.exhibitions.models import (
    Exhibitor,
    ExhibitorMember,
    ExhibitorStatus,
    Meeting,
    MeetingStatus,
    ParticipationKind,
    SupportKind,
    SupportRecord,
)
from events.hosts import Host, HostMembership, hosts_of
from events.models import (
    Event,
    Organization,
    ProjectStageChange,
    Registration,
    Session,
    StartupProject,
    Venue,
)
from events.news.models import NewsPost
from events.roles import DOOR_STAFF, HOST_ORGANISER, ORGANISER, REPORT_VIEWER
from events.selectors import project_stage_on
from events.validators import validate_vietnamese_phone
from reports.indicators import Period, compute
from training.enums import CourseTopic
from training.models import Certificate, CertificateCounter, Completion, Course, NominationInvite

pytestmark = pytest.mark.django_db

SHOWCASE_KINDS = [EventKind.EXHIBITION, EventKind.MARKET_CONNECTION, EventKind.DEMO_DAY]
LOGIN_LINE = re.compile(r"username (\S+)\s+password (\S+)$")
DEMO_CHECKIN_SLUG = "ngay-hoi-khoi-nghiep-demo-check-in"
SUPPORT_ORGANISATION_KINDS = [
    OrganizationKind.SCIENCE_TECH,
    OrganizationKind.INNOVATION_CENTRE,
    OrganizationKind.INTERMEDIARY,
    OrganizationKind.UNIVERSITY,
    OrganizationKind.RESEARCH_INSTITUTE,
]


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module (a run takes seconds) and roll it back afterwards; each test still runs in
    its own savepoint, so what one test changes is gone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed(force=True)
        transaction.set_rollback(True)


def counts() -> dict:
    return {
        "organisations": Organization.objects.count(),
        "projects": StartupProject.objects.count(),
        "stage_changes": ProjectStageChange.objects.count(),
        "venues": Venue.objects.count(),
        "events": Event.objects.count(),
        "sessions": Session.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        **{
            f"registrations_{row['status']}": row["n"]
            for row in Registration.objects.values("status").annotate(n=Count("pk")).order_by()
        },
        "exhibitors": Exhibitor.objects.count(),
        "exhibitor_members": ExhibitorMember.objects.count(),
        "meetings": Meeting.objects.count(),
        "meetings_held": Meeting.objects.filter(held=True).count(),
        "support_records": SupportRecord.objects.count(),
        "tickets": Ticket.objects.count(),
        "checkins": CheckIn.objects.count(),
        "door_staff": DoorStaffAssignment.objects.count(),
        "courses": Course.objects.count(),
        "completions": Completion.objects.count(),
        "certificates": Certificate.objects.count(),
        "nomination_invites": NominationInvite.objects.count(),
        "hosts": Host.objects.count(),
        "host_memberships": HostMembership.objects.count(),
        "news": NewsPost.objects.count(),
    }


def ended(event: Event) -> bool:
    last = event.sessions.filter(is_cancelled=False).order_by("-ends_at").first()
    return last is not None and last.ends_at <= timezone.now()


def logins(output: str) -> dict[str, str]:
    return dict(match.groups() for line in output.splitlines() if (match := LOGIN_LINE.search(line)))


# --- Safety ----------------------------------------------------------------------------------------------


def test_seed_demo_refuses_without_force_when_debug_is_off(settings):
    settings.DEBUG = False
    before = counts()

    with pytest.raises(CommandError, match="--force"):
        seed()

    assert counts() == before


def test_seed_demo_runs_without_force_when_debug_is_on(seeded, settings):
    settings.DEBUG = True
    before = counts()

    seed()

    assert counts() == before


# --- Content ---------------------------------------------------------------------------------------------


def test_seed_demo_organisations_cover_every_kind(seeded):
    assert Organization.objects.count() >= 30
    assert set(Organization.objects.values_list("kind", flat=True)) == set(OrganizationKind.values)
    # every demo organisation has a district (the programme office's host, made by the migrations, has none)
    assert Organization.objects.filter(district="").exclude(host__is_programme_office=True).count() == 0
    assert Organization.objects.filter(name="Sở Khoa học và Công nghệ TP.HCM").count() == 1


def test_seed_demo_projects_cover_every_stage_with_history(seeded):
    today = timezone.localdate()
    projects = StartupProject.objects.prefetch_related("stage_changes")

    assert projects.count() >= 40
    assert set(projects.values_list("stage", flat=True)) == set(ProjectStage.values)
    assert len(set(projects.values_list("sector", flat=True))) >= 6
    for project in projects:
        history = list(project.stage_changes.all())  # ordered by effective_on
        assert history, project.slug
        assert project.stage == history[-1].stage
        assert all(change.effective_on < today for change in history)
        assert project.description_vi
        assert project.description_en
    full_path = [ProjectStage.PRE_INCUBATION, ProjectStage.INCUBATION, ProjectStage.ACCELERATION]
    moved_all_the_way = [p for p in projects if [c.stage for c in p.stage_changes.all()] == full_path]
    assert len(moved_all_the_way) >= 5


def test_seed_demo_courses_have_several_sessions_for_support_bodies_and_state_agencies(seeded):
    courses = Event.objects.filter(kind=EventKind.COURSE).annotate(n=Count("sessions"))

    assert courses.count() == 8
    assert all(3 <= course.n <= 5 for course in courses)
    assert set(courses.values_list("audience", flat=True)) == {
        Audience.SUPPORT_ORGANISATIONS,
        Audience.STATE_AGENCIES,
    }


def test_seed_demo_showcase_events_span_several_days(seeded):
    showcases = Event.objects.filter(kind__in=SHOWCASE_KINDS)

    assert showcases.count() >= 4
    assert set(showcases.values_list("kind", flat=True)) == set(SHOWCASE_KINDS)
    for event in showcases:
        days = {timezone.localdate(starts) for starts in event.sessions.values_list("starts_at", flat=True)}
        assert len(days) >= 2, event.slug


def test_seed_demo_venues_have_addresses_and_coordinates(seeded):
    venues = Venue.objects.all()

    assert venues.count() >= 5
    for venue in venues:
        # since 1 July 2025 (no more districts): "<street>, Phường <ward>, Thành phố Hồ Chí Minh"
        assert venue.address.endswith(f", {venue.district}, Thành phố Hồ Chí Minh")
        assert venue.district.startswith(("Phường ", "Xã "))
        assert 10.3 < venue.latitude < 11.2
        assert 106.3 < venue.longitude < 107.1


def test_seed_demo_events_lie_before_and_after_today_in_both_languages(seeded):
    now = timezone.now()
    events = Event.objects.with_schedule()

    assert events.filter(last_end__lt=now).count() >= 3
    assert events.filter(first_start__gt=now).count() >= 3
    assert events.filter(title_en="").count() == 0
    assert events.filter(description_en="").count() == 0
    assert events.filter(capacity__isnull=True).count() == 0
    assert events.filter(requires_approval=True).count() == 1
    assert events.filter(status=EventStatus.CANCELLED).count() == 1
    assert events.filter(registration_opens_at__gt=now).count() == 1


def test_seed_demo_registrations_in_every_status_within_capacity(seeded):
    assert set(Registration.objects.values_list("status", flat=True)) == set(RegistrationStatus.values)
    for event in Event.objects.with_seats().filter(capacity__isnull=False):
        assert event.confirmed_count <= event.capacity, event.slug
        if event.registrations.filter(status=RegistrationStatus.WAITLISTED).exists():
            assert event.confirmed_count == event.capacity, event.slug
    cancelled_event = Event.objects.get(status=EventStatus.CANCELLED)
    assert set(cancelled_event.registrations.values_list("status", flat=True)) == {
        RegistrationStatus.CANCELLED
    }


def test_seed_demo_registrations_are_dated_inside_their_registration_window(seeded):
    now = timezone.now()
    for registration in Registration.objects.select_related("event"):
        event = registration.event
        first_start = event.sessions.order_by("starts_at").first().starts_at
        assert event.registration_opens_at <= registration.consent_at < first_start
        if event.registration_closes_at:
            assert registration.consent_at < event.registration_closes_at
        assert registration.created_at == registration.consent_at
        for moment in (registration.confirmed_at, registration.cancelled_at, registration.queued_at):
            assert moment is None or registration.consent_at <= moment < min(first_start, now)


def test_seed_demo_people_have_vietnamese_names_example_emails_and_valid_phones(seeded):
    registrations = Registration.objects.all()

    for registration in registrations:
        validate_vietnamese_phone(registration.phone)
        assert registration.email.endswith(("@example.vn", "@example.com"))
        if registration.is_exhibitor:  # a team member of an exhibiting project (not all have a company)
            assert registration.startup_project_id is not None
        else:
            assert registration.organization_id is not None
    with_diacritics = [r for r in registrations if not r.full_name.isascii()]
    assert len(with_diacritics) >= registrations.count() * 0.9


def test_seed_demo_has_a_session_open_now_with_confirmed_registrations(seeded):
    now = timezone.now()
    open_now = Session.objects.filter(starts_at__lte=now, ends_at__gt=now).select_related("event")

    assert open_now.count() == 1
    session = open_now.get()
    # started an hour ago (to the minute, when the module's data was seeded) and runs for four hours
    assert now - datetime.timedelta(minutes=75) <= session.starts_at <= now - datetime.timedelta(hours=1)
    assert session.ends_at - session.starts_at == datetime.timedelta(hours=4)
    assert session.event.status == EventStatus.PUBLISHED
    confirmed = session.event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    assert confirmed.count() >= 10


def test_seed_demo_moves_the_open_session_to_the_current_time_on_every_run(seeded):
    session = Session.objects.get(starts_at__lte=timezone.now(), ends_at__gt=timezone.now())
    Session.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at - datetime.timedelta(days=3),
        ends_at=session.ends_at - datetime.timedelta(days=3),
    )

    seed(force=True)

    session.refresh_from_db()
    now = timezone.now()
    assert session.starts_at <= now < session.ends_at


def test_seed_demo_sends_no_email(seeded, mailoutbox, django_capture_on_commit_callbacks):
    demo = Event.objects.get(slug="ngay-hoi-khoi-nghiep-demo-check-in")
    demo.registrations.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        seed(force=True)

    assert demo.registrations.count() == 20
    assert mailoutbox == []


def test_seed_demo_runs_the_checkin_then_the_training_then_the_feedback_seeder():
    assert [seeder.__module__ for seeder in extensions.demo_seeders] == [
        "checkin.receivers",
        "training.receivers",
        "feedback.receivers",
    ]


# --- Training --------------------------------------------------------------------------------------------


def test_seed_demo_every_course_event_has_its_course_matching_the_audience(seeded):
    courses = Course.objects.select_related("event")

    assert courses.count() == Event.objects.filter(kind=EventKind.COURSE).count() == 8
    for course in courses:
        if course.event.audience == Audience.STATE_AGENCIES:
            assert course.topic == CourseTopic.POLICY_IMPLEMENTATION
            assert course.eligible_kinds == [OrganizationKind.STATE_AGENCY]
        else:
            assert course.topic == CourseTopic.CAPACITY_BUILDING
            assert course.eligible_kinds == SUPPORT_ORGANISATION_KINDS
        assert len(course.trainer_list) >= 2
        assert course.outcomes_vi
        assert course.outcomes_en
        assert course.min_attendance_percent == 80
        assert course.certificates_enabled
        assert course.certificate_signer_name
        assert course.certificate_signer_title.startswith("Giám đốc")
    assert set(courses.values_list("topic", flat=True)) == set(CourseTopic.values)


def test_seed_demo_course_enrolments_are_of_kinds_the_course_admits(seeded):
    enrolled = 0
    for course in Course.objects.select_related("event"):
        kinds = set(course.event.registrations.values_list("organization_kind", flat=True))
        assert kinds <= set(course.eligible_kinds), course.event.slug
        enrolled += course.event.registrations.count()
    assert enrolled >= 120  # one course opens for registration only later


def test_seed_demo_ended_courses_have_completions_and_certificates_numbered_without_gaps(seeded):
    over = [course for course in Course.objects.select_related("event") if ended(course.event)]
    running = [course for course in Course.objects.select_related("event") if not ended(course.event)]

    assert len(over) == 3
    for course in over:
        trainees = course.event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        completions = Completion.objects.filter(course=course)
        assert course.completion_evaluated_at is not None
        assert completions.count() == trainees.count()
        completed = completions.filter(completed=True)
        assert trainees.count() * 0.6 < completed.count() <= trainees.count()
        assert set(course.certificates.values_list("registration", flat=True)) == set(
            completed.values_list("registration", flat=True)
        )
    # someone missed too many classes
    assert Completion.objects.filter(completed=False).exists()
    for course in running:
        assert not Completion.objects.filter(course=course).exists()
        assert not course.certificates.exists()
    for counter in CertificateCounter.objects.all():
        numbers = list(
            Certificate.objects.filter(year=counter.year).order_by("number").values_list("number", flat=True)
        )
        assert numbers == list(range(1, counter.last_number + 1))
    # numbered in the order they were issued
    issued = list(Certificate.objects.order_by("year", "number").values_list("issued_at", flat=True))
    assert issued == sorted(issued)
    assert all(moment <= timezone.now() for moment in issued)


def test_seed_demo_invites_a_partner_organisation_to_nominate_for_an_upcoming_course(seeded):
    invite = NominationInvite.objects.select_related("course__event", "organization").get()
    event = invite.course.event

    assert invite.course.accepts(invite.organization.kind)
    assert event.sessions.order_by("starts_at").first().starts_at > timezone.now()
    assert event.registration_state == "open"
    assert invite.revoked_at is None
    assert f"Nomination link:  http://testserver{invite.get_absolute_url()}" in seeded


# --- Check-in --------------------------------------------------------------------------------------------


def test_seed_demo_checkin_demo_has_tickets_and_door_staff(seeded):
    demo = Event.objects.get(slug=DEMO_CHECKIN_SLUG)
    door = get_user_model().objects.get(username="demo-door")
    confirmed = demo.registrations.filter(status=RegistrationStatus.CONFIRMED)

    assert confirmed.count() >= 10
    for registration in confirmed:
        assert registration.tickets.filter(revoked_at__isnull=True).count() == 1
    assert (
        not Ticket.objects.filter(registration__event=demo)
        .exclude(registration__status=RegistrationStatus.CONFIRMED)
        .exists()
    )
    assert DoorStaffAssignment.objects.get(event=demo, user=door).gate == "Cổng A"
    assert user_can_scan(door, demo)
    # the open session is left for the newcomer's first scan
    assert not CheckIn.objects.filter(session__event=demo).exists()


def test_seed_demo_door_staff_are_assigned_to_upcoming_exhibitions(seeded):
    door = get_user_model().objects.get(username="demo-door")
    upcoming = Event.objects.with_schedule().filter(
        kind__in=SHOWCASE_KINDS, status=EventStatus.PUBLISHED, first_start__gt=timezone.now()
    )

    assert upcoming.count() >= 2
    for event in upcoming:
        assert DoorStaffAssignment.objects.get(event=event, user=door).gate.startswith("Cổng ")
    assert not DoorStaffAssignment.objects.filter(event__status=EventStatus.CANCELLED).exists()


def test_seed_demo_checkins_only_for_sessions_already_held(seeded):
    now = timezone.now()
    checkins = CheckIn.objects.select_related("session", "registration")

    assert checkins.filter(result=ScanResult.OK).count() >= 300
    for checkin in checkins:
        assert checkin.session.starts_at <= now
        assert checkin.session.ends_at <= now
        assert checkin.scanned_at <= now
        assert checkin.registration.event_id == checkin.session.event_id
        if checkin.source == CheckInSource.SCAN:
            opens, closes = checkin_window(checkin.session)
            assert opens <= checkin.scanned_at <= closes
    assert set(checkins.values_list("result", flat=True)) == {ScanResult.OK, ScanResult.ALREADY_CHECKED_IN}
    held = Event.objects.filter(sessions__ends_at__lte=now, status=EventStatus.PUBLISHED).distinct()
    assert set(checkins.values_list("session__event", flat=True).distinct()) == set(
        held.values_list("pk", flat=True)
    )


def test_seed_demo_attendance_has_late_arrivals_absences_and_one_correction(seeded):
    course_checkins = CheckIn.objects.successful().filter(session__event__kind=EventKind.COURSE)
    late = [
        c
        for c in course_checkins.filter(source=CheckInSource.SCAN).select_related("session")
        if c.scanned_at > c.session.starts_at + datetime.timedelta(minutes=15)
    ]
    correction = CheckIn.objects.get(source=CheckInSource.CORRECTION)
    past_course_sessions = Session.objects.filter(event__kind=EventKind.COURSE, ends_at__lte=timezone.now())
    expected = sum(
        s.event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        for s in past_course_sessions.select_related("event")
    )

    assert len(late) >= 3
    assert correction.result == ScanResult.OK
    assert correction.reason
    assert correction.user.username == "demo-organiser"
    assert correction.session.event.kind == EventKind.COURSE
    assert 0.8 * expected < course_checkins.count() < expected
    visitors = CheckIn.objects.successful().filter(
        session__event__kind__in=SHOWCASE_KINDS, registration__is_exhibitor=False
    )
    teams = CheckIn.objects.successful().filter(registration__is_exhibitor=True)
    assert visitors.count() >= 50
    assert teams.count() >= 50


# --- Exhibitors, meetings, support records ---------------------------------------------------------------


def test_seed_demo_exhibitors_have_unique_booths_and_registered_teams(seeded):
    showcases = Event.objects.filter(kind__in=SHOWCASE_KINDS, status=EventStatus.PUBLISHED)

    for event in showcases:
        approved = event.exhibitors.filter(status=ExhibitorStatus.APPROVED).order_by("pk")
        assert 6 <= approved.count() <= 10, event.slug
        booths = list(approved.values_list("booth", flat=True))
        assert sorted(booths) == sorted(f"A{n}" for n in range(1, len(booths) + 1))
        expected_kind = (
            ParticipationKind.PITCH if event.kind == EventKind.DEMO_DAY else ParticipationKind.BOOTH
        )
        assert set(approved.values_list("kind", flat=True)) == {expected_kind}
        for exhibitor in approved:
            assert exhibitor.decided_at is not None
            assert exhibitor.applied_at < exhibitor.decided_at <= timezone.now()
            members = list(exhibitor.members.select_related("registration").order_by("pk"))
            assert 2 <= len(members) <= 3
            for member in members:
                assert member.registration.status == RegistrationStatus.CONFIRMED
                assert member.registration.is_exhibitor
                assert member.registration.startup_project_id == exhibitor.project_id
            assert exhibitor.project.contact_email == exhibitor.contact_email == members[0].email
        others = event.exhibitors.exclude(status=ExhibitorStatus.APPROVED)
        assert others.filter(booth="").count() == others.count()
        assert not event.exhibitors.filter(status=ExhibitorStatus.REJECTED, decision_reason="").exists()
        if ended(event):
            assert not event.exhibitors.filter(status=ExhibitorStatus.SUBMITTED).exists()
    statuses = set(Exhibitor.objects.values_list("status", flat=True))
    assert statuses == {
        ExhibitorStatus.APPROVED,
        ExhibitorStatus.SUBMITTED,
        ExhibitorStatus.WAITLISTED,
        ExhibitorStatus.REJECTED,
    }
    assert not Exhibitor.objects.filter(event__status=EventStatus.CANCELLED).exists()


def test_seed_demo_exhibitions_carry_support_records_with_the_stage_on_the_day(seeded):
    for exhibitor in Exhibitor.objects.filter(status=ExhibitorStatus.APPROVED).select_related("event"):
        kind = SupportKind.PITCH if exhibitor.kind == ParticipationKind.PITCH else SupportKind.EXHIBITION
        record = SupportRecord.objects.get(project=exhibitor.project, kind=kind, event=exhibitor.event)
        first_day = timezone.localdate(exhibitor.event.sessions.order_by("starts_at").first().starts_at)
        assert record.date == first_day
    for record in SupportRecord.objects.select_related("project"):
        assert record.stage == (project_stage_on(project=record.project, day=record.date) or ""), record.pk


def test_seed_demo_meetings_are_booked_and_held_ones_recorded(seeded):
    now = timezone.now()
    market = Event.objects.filter(kind=EventKind.MARKET_CONNECTION, status=EventStatus.PUBLISHED)
    past = [event for event in market if ended(event)]
    upcoming = [event for event in market if not ended(event)]

    assert len(past) == 1
    assert len(upcoming) == 1
    for event in market:
        meetings = event.meetings.select_related("exhibitor")
        assert meetings.filter(status=MeetingStatus.ACCEPTED).count() >= 5
        assert meetings.filter(status=MeetingStatus.REQUESTED).exists()
        sessions = list(event.sessions.all())
        for meeting in meetings:
            assert meeting.exhibitor.status == ExhibitorStatus.APPROVED
            assert meeting.exhibitor.event_id == event.pk
            assert event.registrations.filter(
                email__iexact=meeting.requester_email, is_exhibitor=False
            ).exists()
            if meeting.status == MeetingStatus.ACCEPTED:
                assert meeting.table
                assert any(s.starts_at <= meeting.starts_at < meeting.ends_at <= s.ends_at for s in sessions)
            else:
                assert meeting.held is None
    for meeting in past[0].meetings.filter(status=MeetingStatus.ACCEPTED):
        assert meeting.held is not None
        assert meeting.created_at < meeting.starts_at
        records = SupportRecord.objects.filter(meeting=meeting, kind=SupportKind.MEETING)
        assert records.count() == (1 if meeting.held else 0)
    assert past[0].meetings.filter(held=True).count() >= 5
    assert past[0].meetings.filter(held=False).exists()
    assert not upcoming[0].meetings.filter(held__isnull=False).exists()
    assert all(m.starts_at > now for m in upcoming[0].meetings.filter(status=MeetingStatus.ACCEPTED))


def test_seed_demo_support_records_cover_every_stage_and_kind_since_2024(seeded):
    today = timezone.localdate()
    records = SupportRecord.objects.all()
    by_hand = records.filter(event__isnull=True, meeting__isnull=True)

    assert set(records.values_list("stage", flat=True)) == set(ProjectStage.values)
    assert set(records.values_list("kind", flat=True)) == set(SupportKind.values)
    assert set(by_hand.values_list("kind", flat=True)) == {
        SupportKind.TESTING,
        SupportKind.FUNDING,
        SupportKind.MENTORING,
        SupportKind.INVESTOR_CONNECTION,
    }
    dates = sorted(by_hand.values_list("date", flat=True))
    assert dates[0] < today - datetime.timedelta(days=2 * 365)  # from the plan's first year
    assert dates[-1] < today
    assert by_hand.filter(recorded_by__username="demo-organiser").count() == by_hand.count()
    assert not by_hand.filter(note="").exists()


def test_seed_demo_reports_of_this_year_count_nothing_after_today(seeded):
    """The demo approves exhibitors of events still to come, whose support records are dated ahead: this
    year's figures (a period that ends after today) are those of 1 January to today, counted by hand
    from the records here."""
    today = timezone.localdate()
    first = datetime.date(today.year, 1, 1)
    ahead = SupportRecord.objects.filter(date__gt=today)
    assert ahead.exists()

    this_year = compute(Period(first, datetime.date(today.year, 12, 31))).as_dict()
    to_today = compute(Period(first, today)).as_dict()

    supported = SupportRecord.objects.filter(date__gte=first, date__lte=today)
    assert (
        this_year["indicators"]["projects_supported"]
        == supported.values("project").order_by().distinct().count()
    )
    since_plan = SupportRecord.objects.filter(date__gte=datetime.date(2024, 1, 1), date__lte=today)
    assert [t["value"] for t in this_year["targets"]] == [
        since_plan.filter(stage=stage).values("project").order_by().distinct().count()
        for stage in ProjectStage.values
    ]
    assert this_year["indicators"] == to_today["indicators"]
    assert this_year["projects_by_stage"] == to_today["projects_by_stage"]
    assert this_year["projects_by_support_kind"] == to_today["projects_by_support_kind"]
    assert Meeting.objects.filter(held=True, starts_at__gt=timezone.now()).count() == 0


def test_seed_demo_reports_show_every_indicator_and_progress_on_every_target(seeded):
    report = compute(Period.plan_so_far()).as_dict()

    assert {key for key, value in report["indicators"].items() if not value} == set()
    assert all(row["count"] > 0 for row in report["projects_by_stage"])
    assert all(target["value"] > 0 for target in report["targets"])
    assert len(report["targets"]) == 3


# --- Staff -----------------------------------------------------------------------------------------------


def test_seed_demo_staff_users_are_in_their_groups_with_the_printed_passwords(seeded):
    passwords = logins(seeded)
    expected = {
        "demo-organiser": ORGANISER,
        "demo-door": DOOR_STAFF,
        "demo-reports": REPORT_VIEWER,
        "demo-host": HOST_ORGANISER,
    }

    assert set(passwords) == set(expected)
    for username, group in expected.items():
        user = get_user_model().objects.get(username=username)
        assert user.is_staff
        assert not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.check_password(passwords[username])


def test_seed_demo_ends_with_how_to_log_in(seeded):
    last_lines = seeded.rstrip().splitlines()[-5:]

    assert "http://testserver/admin/" in last_lines[0]
    assert [LOGIN_LINE.search(line).group(1) for line in last_lines[1:]] == [
        "demo-organiser",
        "demo-door",
        "demo-reports",
        "demo-host",
    ]


def test_seed_demo_partner_hosts_run_some_events_with_their_support_records_and_news(seeded):
    office = Host.objects.get(is_programme_office=True)
    partners = {host.slug: host for host in Host.objects.filter(is_programme_office=False)}
    assert set(partners) == {"vuon-uom-shtp-ic", "sihub", "dai-hoc-bach-khoa"}
    assert set(Event.objects.filter(host=partners["sihub"]).values_list("slug", flat=True)) == {
        "huan-luyen-co-van-khoi-nghiep",
        "demo-day-chuong-trinh-tang-toc",
        "trien-lam-giai-phap-do-thi-thong-minh",
    }
    assert Event.objects.filter(host=office).count() == Event.objects.count() - 7
    assert Event.objects.get(slug=DEMO_CHECKIN_SLUG).host == office
    # Records made at an event belong to its host; the partners have some.
    assert not SupportRecord.objects.filter(event__isnull=False).exclude(host=F("event__host")).exists()
    assert SupportRecord.objects.exclude(host=office).exists()
    news = dict(NewsPost.objects.values_list("slug", "host__slug"))
    assert news == {
        "mo-dang-ky-dien-dan-dmst-2028": office.slug,
        "shtp-ic-demo-day-uom-tao-dot-1": "vuon-uom-shtp-ic",
        "sihub-demo-day-tang-toc": "sihub",
    }
    host_organiser = get_user_model().objects.get(username="demo-host")
    assert list(host_organiser.host_memberships.values_list("host__slug", "role")) == [
        ("vuon-uom-shtp-ic", HostRole.ORGANISER)
    ]
    assert list(hosts_of(host_organiser)) == [partners["vuon-uom-shtp-ic"]]


# --- Idempotency -----------------------------------------------------------------------------------------


def test_seed_demo_twice_gives_identical_data_and_new_passwords(seeded):
    before = counts()
    references = set(Registration.objects.values_list("reference", "status"))
    checkins = set(CheckIn.objects.values_list("nonce", "session", "registration", "result", "scanned_at"))
    certificates = set(Certificate.objects.values_list("year", "number", "registration", "issued_at"))
    booths = set(Exhibitor.objects.values_list("event", "project", "status", "booth"))
    meetings = set(Meeting.objects.values_list("code", "status", "starts_at", "table", "held"))
    support = set(SupportRecord.objects.values_list("project", "kind", "date", "stage"))
    tickets = set(Ticket.objects.values_list("registration", "code"))

    second = seed(force=True)

    assert counts() == before
    assert set(Registration.objects.values_list("reference", "status")) == references
    assert (
        set(CheckIn.objects.values_list("nonce", "session", "registration", "result", "scanned_at"))
        == checkins
    )
    assert set(Certificate.objects.values_list("year", "number", "registration", "issued_at")) == certificates
    assert set(Exhibitor.objects.values_list("event", "project", "status", "booth")) == booths
    assert set(Meeting.objects.values_list("code", "status", "starts_at", "table", "held")) == meetings
    assert set(SupportRecord.objects.values_list("project", "kind", "date", "stage")) == support
    assert set(Ticket.objects.values_list("registration", "code")) == tickets
    first_passwords, second_passwords = logins(seeded), logins(second)
    assert all(first_passwords[user] != second_passwords[user] for user in first_passwords)
