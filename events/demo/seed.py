"""Fill the database with Vietnamese demo data for Ho Chi Minh City's 2024–2028 innovation support plan.

Idempotent: every row has a stable key (organisation and venue names, project and event slugs, one
registration per e-mail per event), so a second run updates in place instead of adding rows. Event dates
are offsets from today, so the catalogue always has past, running and upcoming events; one session of the
demo check-in event is placed around the current time on every run.

Registrations, approvals, rejections, cancellations and stage changes go through the services, so seats,
waiting lists and stage history obey the same rules as real sign-ups. Registrations are made at simulated
moments inside each event's registration window (`now=`), and the decisions are then dated back into that
window, so past events look as they would have.

Then exhibitors, meetings and support records are seeded (events.demo.exhibitions), and then each app to
the right of events adds its own demo data through `events.extensions.demo_seeders` (checkin: tickets,
door staff, past check-ins; training: courses, completions, certificates, a nomination link), all in the
same transaction with e-mails suppressed.
"""

import datetime
import random
import secrets
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events import extensions, services
from events.enums import (
    Audience,
    EventKind,
    EventStatus,
    OrganizationKind,
    ProjectStage,
    RegistrationSource,
    RegistrationStatus,
)
from events.exceptions import RegistrationError
from events.mail.services import emails_suppressed
from events.models import (
    Event,
    Organization,
    ProjectStageChange,
    Registration,
    Session,
    StartupProject,
    Venue,
)

from . import data as demo_data
from . import exhibitions as demo_exhibitors
from . import hosts as demo_hosts

PITCHING_KINDS = {EventKind.EXHIBITION, EventKind.MARKET_CONNECTION, EventKind.DEMO_DAY}
PROJECT_TEAM_KINDS = {
    OrganizationKind.STARTUP,
    OrganizationKind.UNIVERSITY,
    OrganizationKind.RESEARCH_INSTITUTE,
    OrganizationKind.INNOVATION_CENTRE,
}


@dataclass(frozen=True)
class Person:
    full_name: str
    email: str
    phone: str
    organization: Organization
    position: str
    language: str


def _upsert(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """The row matching `lookup`, created or updated to `values`; saved (after full_clean) only when
    something differs, so a second run leaves rows and their `updated_at` untouched."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup)
    elif all(getattr(obj, name) == value for name, value in values.items()):
        return obj
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


class SeedDemoCommand(BaseCommand):
    help = (
        "Create or refresh Vietnamese demo data (organisations, startup projects, venues, courses, "
        "exhibitions, registrations, staff users). Safe to run again; refuses when DEBUG is off unless "
        "--force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (never on a production database).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a production database. "
                "Run with --force if you really want demo data here."
            )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(_("The database is not ready: run “manage.py migrate” first."))
        started = time.monotonic()
        self.verbosity = options.get("verbosity", 1)
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.tz = timezone.get_current_timezone()
        # Nothing is e-mailed while seeding: the demo addresses are made up, and hundreds of confirmations
        # (each rendering its ticket as PNG and PDF) would take minutes. Tickets are issued without e-mail
        # (checkin's seeder) for the check-in demo and past events, on first use for the others.
        with emails_suppressed(), transaction.atomic():
            logins = self._seed_users()
            self.organiser = next(
                user for user, _role, _pw in logins if user.username == demo_data.ORGANISER_USERNAME
            )
            organizations = self._seed_organizations()
            venues = self._seed_venues()
            projects = self._seed_projects(organizations)
            people = self._people(organizations)
            events = [self._seed_event(spec, venues, organizations) for spec in demo_data.EVENTS]
            for event, spec in zip(events, demo_data.EVENTS, strict=True):
                self._seed_registrations(event, spec, people, projects)
            context = demo_data.DemoContext(
                now=self.now,
                events={event.slug: event for event in events},
                organizations=organizations,
                projects={project.slug: project for project in projects},
                organiser=self.organiser,
                door_staff=next(
                    user for user, _role, _pw in logins if user.username == demo_data.DOOR_USERNAME
                ),
            )
            # events' own exhibitors first: checkin scans their team members at past events
            self._timing("events", started)
            part_started = time.monotonic()
            exhibitor_lines = demo_exhibitors.seed(context)
            self._timing("events.demo.exhibitions", part_started)
            app_lines = []
            for seeder in extensions.demo_seeders:
                part_started = time.monotonic()
                app_lines.extend(seeder(context) or [])
                self._timing(seeder.__module__, part_started)
            # counted last: checkin's scans of startup teams at courses add training support records
            more_lines = [*exhibitor_lines, demo_exhibitors.support_summary(context), *app_lines]
            # last: the rows every seeder made at an event follow the event to its partner host
            host_login, host_line = demo_hosts.seed(organizations, self.organiser)
            logins.append(host_login)
            more_lines.append(host_line)
        self._report(organizations, venues, projects, events, logins, more_lines, time.monotonic() - started)

    def _timing(self, part: str, since: float) -> None:
        if self.verbosity >= 2:
            self.stdout.write(f"  {part}: {time.monotonic() - since:.1f} s")

    # --- Users -----------------------------------------------------------------------------------

    def _seed_users(self) -> list[tuple]:
        """The demo staff, each in its role's group, with a fresh random password on every run."""
        user_model = get_user_model()
        logins = []
        for username, first_name, last_name, group_name, role in demo_data.DEMO_USERS:
            group, _created = Group.objects.get_or_create(name=group_name)
            user = user_model.objects.filter(username=username).first() or user_model(username=username)
            user.first_name, user.last_name = first_name, last_name
            user.email = f"{username}@example.vn"
            user.is_staff = True
            user.is_active = True
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            user.groups.add(group)
            logins.append((user, role, password))
        return logins

    # --- Organisations, venues, projects ---------------------------------------------------------

    def _seed_organizations(self) -> dict[str, Organization]:
        return {
            name: _upsert(Organization, {"name": name}, {"kind": kind, "district": district})
            for name, kind, district in demo_data.ORGANIZATIONS
        }

    def _seed_venues(self) -> dict[str, Venue]:
        return {
            spec.key: _upsert(
                Venue,
                {"name": spec.name},
                {
                    "address": spec.address,
                    "district": spec.district,
                    "latitude": Decimal(spec.latitude),
                    "longitude": Decimal(spec.longitude),
                },
            )
            for spec in demo_data.VENUES
        }

    def _seed_projects(self, organizations: dict[str, Organization]) -> list[StartupProject]:
        projects = []
        for index, spec in enumerate(demo_data.PROJECTS):
            project = _upsert(
                StartupProject,
                {"slug": spec.slug},
                {
                    "name": spec.name,
                    "sector": spec.sector,
                    "organization": organizations.get(spec.organization),
                    "description_vi": spec.description_vi,
                    "description_en": spec.description_en,
                    # the team lead applies with this address (events.exhibitions.services checks it)
                    "contact_email": demo_exhibitors.project_team(index, spec.slug)[0].email,
                },
            )
            # History dated from the project's first seeding, so later runs find the same days.
            anchor = timezone.localdate(project.created_at)
            for stage, effective_on in zip(
                spec.path, self._stage_dates(index, len(spec.path), anchor), strict=True
            ):
                note = demo_data.STAGE_NOTES[stage]
                if not ProjectStageChange.objects.filter(
                    project=project, effective_on=effective_on, stage=stage, note=note
                ).exists():
                    services.project_stage_set(
                        project=project, stage=stage, effective_on=effective_on, note=note, by=self.organiser
                    )
            projects.append(project)
        return projects

    @staticmethod
    def _stage_dates(index: int, count: int, anchor: datetime.date) -> list[datetime.date]:
        """Past days on which project `index` entered each of its `count` stages (spread, deterministic).
        The earliest lie about two and a half years back, so support is recorded from the plan's start."""
        first = anchor - datetime.timedelta(days=120 + (index * 47) % 800)
        gaps = [75 + (index * 31) % 120, 90 + (index * 23) % 150][: count - 1]
        dates = [first]
        for gap in gaps:
            dates.append(dates[-1] + datetime.timedelta(days=gap))
        overshoot = (dates[-1] - (anchor - datetime.timedelta(days=7))).days
        if overshoot > 0:
            dates = [day - datetime.timedelta(days=overshoot) for day in dates]
        return dates

    # --- People ----------------------------------------------------------------------------------

    def _people(self, organizations: dict[str, Organization]) -> list[Person]:
        """A fixed pool of registrants (same names, e-mails and phones on every run)."""
        rng = random.Random(2028)
        orgs = list(organizations.values())
        people = []
        for number in range(1, demo_data.PEOPLE_COUNT + 1):
            female = rng.random() < 0.5
            family = rng.choice(demo_data.FAMILY_NAMES)
            middle = rng.choice(demo_data.FEMALE_MIDDLE if female else demo_data.MALE_MIDDLE)
            given = rng.choice(demo_data.FEMALE_GIVEN if female else demo_data.MALE_GIVEN)
            phone = rng.choice(demo_data.MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
            organization = orgs[number % len(orgs)]
            domain = demo_data.EMAIL_DOMAINS[number % len(demo_data.EMAIL_DOMAINS)]
            people.append(
                Person(
                    full_name=f"{family} {middle} {given}",
                    email=f"{demo_data.ascii_name(given)}.{demo_data.ascii_name(family)}.{number}@{domain}",
                    phone=f"{phone[:4]} {phone[4:7]} {phone[7:]}",
                    organization=organization,
                    position=rng.choice(demo_data.POSITIONS[organization.kind]),
                    language="en"
                    if organization.kind == OrganizationKind.INTERNATIONAL and number % 2
                    else "vi",
                )
            )
        return people

    # --- Events and sessions ---------------------------------------------------------------------

    def _at(self, day: datetime.date, hhmm: str) -> datetime.datetime:
        hour, minute = (int(part) for part in hhmm.split(":"))
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.tz)

    def _session_times(
        self, spec: demo_data.EventSpec
    ) -> list[tuple[str, str, datetime.datetime, datetime.datetime, str]]:
        if spec.slug == demo_data.DEMO_CHECKIN_SLUG:
            starts = (self.now - datetime.timedelta(hours=1)).replace(second=0, microsecond=0)
            title_vi, title_en, room = demo_data.DEMO_CHECKIN_SESSION
            return [(title_vi, title_en, starts, starts + datetime.timedelta(hours=4), room)]
        return [
            (
                s.title_vi,
                s.title_en,
                self._at(self.today + datetime.timedelta(days=s.day), s.starts),
                self._at(self.today + datetime.timedelta(days=s.day), s.ends),
                s.room,
            )
            for s in spec.sessions
        ]

    def _seed_event(self, spec: demo_data.EventSpec, venues: dict, organizations: dict) -> Event:
        sessions = self._session_times(spec)
        first_day = timezone.localdate(min(starts for _vi, _en, starts, _ends, _room in sessions))
        if spec.opens_in_days is not None:
            opens_day = self.today + datetime.timedelta(days=spec.opens_in_days)
        else:
            opens_day = first_day - datetime.timedelta(days=30)
            if spec.plan is not None:  # people have registered already, so the window opened a while ago
                opens_day = min(opens_day, self.today - datetime.timedelta(days=10))
        closes_at = None
        if spec.closes_days_before is not None:
            closes_at = self._at(first_day - datetime.timedelta(days=spec.closes_days_before), "17:00")
        event = _upsert(
            Event,
            {"slug": spec.slug},
            {
                "kind": spec.kind,
                "title_vi": spec.title_vi,
                "title_en": spec.title_en,
                "description_vi": spec.description_vi,
                "description_en": spec.description_en,
                "what_to_bring_vi": demo_data.WHAT_TO_BRING.get(spec.slug, ("", ""))[0],
                "what_to_bring_en": demo_data.WHAT_TO_BRING.get(spec.slug, ("", ""))[1],
                "status": spec.status,
                "venue": venues[spec.venue],
                "audience": spec.audience,
                "organizer": organizations[spec.organizer],
                "registration_opens_at": self._at(opens_day, "08:00"),
                "registration_closes_at": closes_at,
                "capacity": spec.capacity,
                "requires_approval": spec.requires_approval,
                "waitlist_enabled": spec.waitlist_enabled,
            },
        )
        for title_vi, title_en, starts, ends, room in sessions:
            _upsert(
                Session,
                {"event": event, "title_vi": title_vi},
                {"title_en": title_en, "starts_at": starts, "ends_at": ends, "room": room},
            )
        return event

    # --- Registrations ---------------------------------------------------------------------------

    def _seed_registrations(self, event: Event, spec: demo_data.EventSpec, people, projects) -> None:
        """Sign up the event's people through the services at moments inside its registration window, then
        approve, reject and cancel as the plan says. Only people not yet registered are touched, so a
        second run changes nothing (and never revives a cancelled registration)."""
        plan = spec.plan
        if plan is None:
            return
        if spec.kind == EventKind.COURSE:  # only kinds the course admits (training checks eligibility)
            kinds = set(demo_data.COURSE_KINDS[spec.audience])
        else:
            kinds = demo_data.AUDIENCE_KINDS[spec.audience]
        candidates = [person for person in people if person.organization.kind in kinds]
        chosen = random.Random(spec.slug).sample(candidates, plan.count)
        registered = {email.lower() for email in event.registrations.values_list("email", flat=True)}
        if all(person.email.lower() in registered for person in chosen):
            return

        window_start, window_end = demo_data.sign_up_window(event, self.now)
        if window_end <= window_start:
            raise CommandError(f"{spec.slug}: its registration window has no room for the demo sign-ups.")
        step = (window_end - window_start) / (plan.count + 3)
        decided_at = window_start + step * (plan.count + 1.5)

        final_status = event.status
        if final_status != EventStatus.PUBLISHED:  # people signed up before the event was cancelled
            Event.objects.filter(pk=event.pk).update(status=EventStatus.PUBLISHED)
        projects_by_org: dict[int, list[StartupProject]] = {}
        for project in projects:
            projects_by_org.setdefault(project.organization_id, []).append(project)

        created: dict[int, Registration] = {}
        for index, person in enumerate(chosen):
            if person.email.lower() in registered:
                continue
            project = None
            own = projects_by_org.get(person.organization.pk)
            if spec.kind in PITCHING_KINDS and person.organization.kind in PROJECT_TEAM_KINDS:
                project = (
                    own[index % len(own)] if own else projects[(index * 7 + len(spec.slug)) % len(projects)]
                )
            elif spec.slug in demo_data.PROJECT_TEAM_COURSES and own:
                project = own[index % len(own)]
            try:
                outcome = services.registration_create(
                    event=event,
                    full_name=person.full_name,
                    email=person.email,
                    phone=person.phone,
                    consent=True,
                    organization_name=person.organization.name,
                    organization=person.organization,
                    position=person.position,
                    startup_project=project,
                    source=RegistrationSource.NOMINATION
                    if spec.audience == Audience.STATE_AGENCIES
                    else RegistrationSource.WEB,
                    language=person.language,
                    now=window_start + step * (index + 1),
                )
            except RegistrationError as exc:  # the demo data broke a rule: say which row, then stop
                raise CommandError(f"{spec.slug}: {person.email}: {exc.message} ({exc.code})") from exc
            created[index] = outcome.registration

        acted = set()
        for index in range(plan.approve):
            if index in created:
                services.registration_approve(registration=created[index], by=self.organiser)
                acted.add(created[index].pk)
        for offset, index in enumerate(range(plan.approve, plan.approve + plan.reject)):
            if index in created:
                reason = demo_data.REJECT_REASONS[offset % len(demo_data.REJECT_REASONS)]
                services.registration_reject(registration=created[index], by=self.organiser, reason=reason)
                acted.add(created[index].pk)
        for offset, index in enumerate(plan.cancel):
            if index in created:
                reason = demo_data.SELF_CANCEL_REASONS[offset % len(demo_data.SELF_CANCEL_REASONS)]
                services.registration_cancel(registration=created[index], reason=reason)
                acted.add(created[index].pk)
        if plan.staff_cancel_all:
            for registration in created.values():
                services.registration_cancel(
                    registration=registration, by=self.organiser, reason=demo_data.EVENT_CANCELLED_REASON
                )
                acted.add(registration.pk)

        self._date_back([r.pk for r in created.values()], acted, window_end, decided_at)
        if final_status != EventStatus.PUBLISHED:
            Event.objects.filter(pk=event.pk).update(status=final_status)

    @staticmethod
    def _date_back(pks: list[int], acted: set[int], window_end, decided_at) -> None:
        """Approvals, rejections, cancellations and promotions happened just now; date them to
        `decided_at`, inside the registration window, and date each row's creation to its sign-up."""
        rows = Registration.objects.filter(pk__in=pks)
        decided = set(
            rows.filter(
                Q(pk__in=acted)
                | Q(confirmed_at__gt=window_end)
                | Q(queued_at__gt=window_end)
                | Q(cancelled_at__gt=window_end)
            ).values_list("pk", flat=True)
        )
        rows.filter(confirmed_at__gt=window_end).update(confirmed_at=decided_at)
        rows.filter(queued_at__gt=window_end).update(queued_at=decided_at)
        rows.filter(cancelled_at__gt=window_end).update(cancelled_at=decided_at)
        rows.update(created_at=F("consent_at"), updated_at=F("consent_at"))
        rows.filter(pk__in=decided).update(updated_at=decided_at)

    # --- Summary ---------------------------------------------------------------------------------

    def _report(self, organizations, venues, projects, events, logins, more_lines, seconds: float) -> None:
        write = self.stdout.write
        org_kinds = Counter(org.kind for org in organizations.values())
        stages = Counter(
            StartupProject.objects.filter(pk__in=[p.pk for p in projects]).values_list("stage", flat=True)
        )
        event_kinds = Counter(event.kind for event in events)
        registrations = Registration.objects.filter(event__in=events)
        statuses = Counter(registrations.values_list("status", flat=True))
        sessions = Session.objects.filter(event__in=events)

        write(self.style.SUCCESS(f"Demo data ready in {seconds:.1f} s."))
        write(f"  Organisations:    {len(organizations)} ({len(org_kinds)} kinds)")
        write(
            f"  Startup projects: {len(projects)} ("
            + ", ".join(f"{stage}: {stages[stage]}" for stage in ProjectStage.values)
            + f"), {ProjectStageChange.objects.filter(project__in=projects).count()} stage changes"
        )
        write(f"  Venues:           {len(venues)}")
        write(
            f"  Events:           {len(events)} ("
            + ", ".join(f"{kind}: {event_kinds[kind]}" for kind in EventKind.values if event_kinds[kind])
            + f"), {sessions.count()} sessions"
        )
        write(
            f"  Registrations:    {registrations.count()} ("
            + ", ".join(f"{status}: {statuses[status]}" for status in RegistrationStatus.values)
            + ")"
        )
        demo = next(event for event in events if event.slug == demo_data.DEMO_CHECKIN_SLUG)
        session = demo.sessions.order_by("starts_at").first()
        confirmed = demo.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        with translation.override(settings.LANGUAGE_CODE):
            demo_url = settings.SITE_URL + demo.get_absolute_url()
            admin_url = settings.SITE_URL + reverse("admin:index")
        write(
            f"  Check-in demo:    {demo.title_vi}, open now "
            f"({timezone.localtime(session.starts_at):%H:%M}–{timezone.localtime(session.ends_at):%H:%M}), "
            f"{confirmed} confirmed registrations: {demo_url}"
        )
        for line in more_lines:
            write(line)
        write("")
        write(f"Log in at {admin_url} (passwords are new on every run):")
        for user, role, password in logins:
            write(f"  {role + ':':15} username {user.username}  password {password}")
