import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from events.enums import Audience, EventKind, EventStatus, OrganizationKind, ProjectStage, RegistrationStatus
from events.models import (
    Event,
    Organization,
    ProjectStageChange,
    Registration,
    Session,
    StartupProject,
    Venue,
)
from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER
from events.validators import validate_vietnamese_phone

pytestmark = pytest.mark.django_db

SHOWCASE_KINDS = [EventKind.EXHIBITION, EventKind.MARKET_CONNECTION, EventKind.DEMO_DAY]
LOGIN_LINE = re.compile(r"username (\S+)\s+password (\S+)$")


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
    }


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
    assert Organization.objects.filter(district="").count() == 0
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
        assert "TP.HCM" in venue.address
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


# --- Staff -----------------------------------------------------------------------------------------------


def test_seed_demo_staff_users_are_in_their_groups_with_the_printed_passwords(seeded):
    passwords = logins(seeded)
    expected = {"demo-organiser": ORGANISER, "demo-door": DOOR_STAFF, "demo-reports": REPORT_VIEWER}

    assert set(passwords) == set(expected)
    for username, group in expected.items():
        user = get_user_model().objects.get(username=username)
        assert user.is_staff
        assert not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.check_password(passwords[username])


def test_seed_demo_ends_with_how_to_log_in(seeded):
    last_lines = seeded.rstrip().splitlines()[-4:]

    assert "http://testserver/admin/" in last_lines[0]
    assert [LOGIN_LINE.search(line).group(1) for line in last_lines[1:]] == [
        "demo-organiser",
        "demo-door",
        "demo-reports",
    ]


# --- Idempotency -----------------------------------------------------------------------------------------


def test_seed_demo_twice_gives_identical_data_and_new_passwords(seeded):
    before = counts()
    references = set(Registration.objects.values_list("reference", "status"))

    second = seed(force=True)

    assert counts() == before
    assert set(Registration.objects.values_list("reference", "status")) == references
    first_passwords, second_passwords = logins(seeded), logins(second)
    assert all(first_passwords[user] != second_passwords[user] for user in first_passwords)
