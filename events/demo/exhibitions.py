"""Demo exhibitors, market-connection meetings and support records (called by `manage.py seed_demo`).

Applications, decisions, booths, meetings and "held" marks go through `events.exhibitions.services`, so
team members get their registrations and projects their support records (with the stage they had on
the day) exactly as in real use. Past events are played back at moments inside their sign-up window
(`now=`, or rows dated back afterwards), since the services refuse applications after the deadline and
meeting requests after the event. Every step looks for its row first, so a second run adds nothing.
"""

import datetime
import random
from collections import Counter
from typing import NamedTuple

from events.enums import EventKind, EventStatus, ProjectStage, RegistrationStatus
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
from events.exhibitions.services import (
    exhibitor_apply,
    exhibitor_approve,
    exhibitor_reject,
    exhibitor_waitlist,
    meeting_accept,
    meeting_decline,
    meeting_record_held,
    meeting_request,
    support_record_create,
)
from events.models import Event, ProjectStageChange, Registration

from . import data as demo_data
from .data import DemoContext, summary_line


class TeamMember(NamedTuple):
    full_name: str
    email: str
    phone: str
    role: str


def project_team(index: int, slug: str) -> list[TeamMember]:
    """The 2–3 people of demo project number `index` (the same at every event and on every run). The
    first leads the team: their e-mail is the project's contact address."""
    rng = random.Random(f"team:{slug}")
    members = []
    for number in range(2 + (rng.random() < 0.5)):
        female = rng.random() < 0.5
        family = rng.choice(demo_data.FAMILY_NAMES)
        middle = rng.choice(demo_data.FEMALE_MIDDLE if female else demo_data.MALE_MIDDLE)
        given = rng.choice(demo_data.FEMALE_GIVEN if female else demo_data.MALE_GIVEN)
        phone = rng.choice(demo_data.MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
        members.append(
            TeamMember(
                full_name=f"{family} {middle} {given}",
                # "nhom" (team) and the project number keep these apart from the visitors' addresses
                email=f"{demo_data.ascii_name(given)}.{demo_data.ascii_name(family)}"
                f".nhom{index + 1:02d}{number + 1}@example.vn",
                phone=f"{phone[:4]} {phone[4:7]} {phone[7:]}",
                role=demo_data.TEAM_ROLES[number],
            )
        )
    return members


def seed(ctx: DemoContext) -> list[str]:
    teams = {spec.slug: project_team(index, spec.slug) for index, spec in enumerate(demo_data.PROJECTS)}
    for slug, plan in demo_data.EXHIBITOR_PLANS.items():
        event = ctx.events[slug]
        if event.status == EventStatus.PUBLISHED:
            _seed_exhibitors(ctx, event, plan, teams)
    for slug in demo_data.EXHIBITOR_PLANS:
        event = ctx.events[slug]
        if event.kind == EventKind.MARKET_CONNECTION and event.status == EventStatus.PUBLISHED:
            _seed_meetings(ctx, event)
    _seed_support_records(ctx)
    return _summary(ctx)


# --- Exhibitors ----------------------------------------------------------------------------------------


def _seed_exhibitors(ctx: DemoContext, event: Event, plan: demo_data.ExhibitorPlan, teams) -> None:
    """Apply with every planned project, then decide as the plan says; projects that have applied
    before (an earlier run) are left alone."""
    done = set(event.exhibitors.values_list("project__slug", flat=True))
    rejected = dict(plan.rejected)
    order = [*plan.approved, *plan.waitlisted, *rejected, *plan.submitted]
    if all(slug in done for slug in order):
        return
    start, end = ctx.sign_up_window(event)
    step = (end - start) / (len(order) + 3)
    decided_at = start + step * (len(order) + 1.5)
    rng = ctx.random("exhibitors", event.slug)
    created: dict[str, Exhibitor] = {}
    for index, slug in enumerate(order):
        if slug in done:
            continue
        project = ctx.projects[slug]
        team = teams[slug]
        lead = team[0]
        exhibitor = exhibitor_apply(
            event=event,
            project_data={"name": project.name},
            kind=ParticipationKind.PITCH if plan.pitch else ParticipationKind.BOOTH,
            showcase_vi=project.description_vi,
            showcase_en=project.description_en,
            booth_needs=rng.choice(demo_data.BOOTH_NEEDS),
            contact_name=lead.full_name,
            contact_email=lead.email,
            contact_phone=lead.phone,
            members=[member._asdict() for member in team],
            now=start + step * (index + 1),
        )
        created[slug] = exhibitor
    for number, slug in enumerate(plan.approved, start=1):
        if slug in created:
            exhibitor_approve(exhibitor=created[slug], by=ctx.organiser, booth=f"A{number}")
    for slug in plan.waitlisted:
        if slug in created:
            exhibitor_waitlist(exhibitor=created[slug], by=ctx.organiser)
    for slug, reason in plan.rejected:
        if slug in created:
            exhibitor_reject(exhibitor=created[slug], by=ctx.organiser, reason=reason)
    _date_back(created, order, start, step, decided_at)


def _date_back(created: dict[str, Exhibitor], order: list[str], start, step, decided_at) -> None:
    """The services stamp applications, decisions and team members' registrations with the current
    time; date them to when they happened in the demo (inside the event's sign-up window)."""
    for index, slug in enumerate(order):
        exhibitor = created.get(slug)
        if exhibitor is None:
            continue
        applied_at = start + step * (index + 1)
        decided = Exhibitor.objects.filter(pk=exhibitor.pk).exclude(status=ExhibitorStatus.SUBMITTED)
        Exhibitor.objects.filter(pk=exhibitor.pk).update(applied_at=applied_at)
        decided.update(decided_at=decided_at)
        registrations = Registration.objects.filter(
            pk__in=ExhibitorMember.objects.filter(exhibitor=exhibitor).values("registration")
        )
        registrations.update(
            consent_at=applied_at,
            queued_at=applied_at,
            created_at=applied_at,
            confirmed_at=decided_at,
            updated_at=decided_at,
        )


# --- Meetings ------------------------------------------------------------------------------------------


def _seed_meetings(ctx: DemoContext, event: Event) -> None:
    """Visitors from funds, international programmes, enterprises and innovation centres ask approved
    projects for meetings; teams accept most (a slot and a table each), decline a few and leave some
    unanswered. At an event that is over, staff have recorded which accepted meetings took place."""
    exhibitors = list(
        event.exhibitors.filter(status=ExhibitorStatus.APPROVED).select_related("project").order_by("booth")
    )
    if not exhibitors:
        return
    visitors = list(
        event.registrations.filter(
            status=RegistrationStatus.CONFIRMED,
            is_exhibitor=False,
            organization__kind__in=list(demo_data.MEETING_REQUESTER_KINDS),
        )
        .select_related("organization")
        .order_by("email")
    )
    asked = {
        (exhibitor_id, email.lower())
        for exhibitor_id, email in event.meetings.values_list("exhibitor_id", "requester_email")
    }
    last_end = event.sessions.order_by("-ends_at").values_list("ends_at", flat=True).first()
    over = last_end is not None and last_end <= ctx.now
    start, end = ctx.sign_up_window(event)
    rng = ctx.random("meetings", event.slug)
    plan = []
    for visitor in visitors:
        for exhibitor in rng.sample(exhibitors, 1 + (rng.random() < 0.4)):
            plan.append((visitor, exhibitor, rng.random(), rng.random(), rng.random()))
    step = (end - start) / (len(plan) + 2)
    decided_at = end - step / 2
    for index, (visitor, exhibitor, answer, held_draw, message_draw) in enumerate(plan):
        if (exhibitor.pk, visitor.email.lower()) in asked:
            continue
        kind = demo_data.MEETING_REQUESTER_KINDS[visitor.organization.kind]
        messages = demo_data.MEETING_MESSAGES[kind]
        fields = {
            "requester_name": visitor.full_name,
            "requester_email": visitor.email,
            "requester_phone": visitor.phone,
            "requester_organization": visitor.organization_name,
            "requester_kind": kind,
            "message": messages[int(message_draw * len(messages))],
            "language": visitor.language,
        }
        if over:  # meeting_request refuses once the event has ended: the request is played back as a row
            meeting = Meeting.objects.create(event=event, exhibitor=exhibitor, **fields)
        else:
            meeting = meeting_request(exhibitor=exhibitor, **fields)
        if answer < 0.65:
            meeting = meeting_accept(meeting=meeting, now=decided_at if over else ctx.now)
            if over:  # recorded at the grid as the meeting ended
                meeting = meeting_record_held(
                    meeting=meeting, held=held_draw < 0.85, by=ctx.organiser, now=meeting.ends_at
                )
        elif answer > 0.85:
            meeting = meeting_decline(meeting=meeting)
        Meeting.objects.filter(pk=meeting.pk).update(
            created_at=start + step * (index + 1),
            updated_at=decided_at
            if meeting.status != MeetingStatus.REQUESTED
            else start + step * (index + 1),
        )


# --- Support records -----------------------------------------------------------------------------------


def _seed_support_records(ctx: DemoContext) -> None:
    """Support given outside events (mentoring, testing in a real environment, funding, introductions to
    investors), dated inside the stage the project was at, so the reports find projects at every stage
    from 2024 on."""
    history: dict[int, list[ProjectStageChange]] = {}
    for change in ProjectStageChange.objects.filter(project__in=ctx.projects.values()).order_by(
        "effective_on"
    ):
        history.setdefault(change.project_id, []).append(change)
    existing = set(
        SupportRecord.objects.filter(event__isnull=True, meeting__isnull=True).values_list(
            "project_id", "kind", "date"
        )
    )
    for slug, project in ctx.projects.items():
        rng = ctx.random("support", slug)
        changes = history.get(project.pk, [])
        for number, change in enumerate(changes):
            until = changes[number + 1].effective_on if number + 1 < len(changes) else ctx.today
            days = (until - change.effective_on).days
            if days < 10:
                continue
            for kind, notes in demo_data.SUPPORT_BY_STAGE[change.stage]:
                if rng.random() >= 0.6:
                    continue
                day = change.effective_on + datetime.timedelta(days=rng.randrange(5, days - 1))
                note = rng.choice(notes)
                if (project.pk, kind, day) in existing:
                    continue
                support_record_create(project=project, kind=kind, date=day, note=note, by=ctx.organiser)
                existing.add((project.pk, kind, day))


# --- Summary -------------------------------------------------------------------------------------------


def _summary(ctx: DemoContext) -> list[str]:
    events = [ctx.events[slug] for slug in demo_data.EXHIBITOR_PLANS]
    exhibitors = Exhibitor.objects.filter(event__in=events)
    statuses = Counter(exhibitors.values_list("status", flat=True))
    booths = exhibitors.exclude(booth="").count()
    members = ExhibitorMember.objects.filter(exhibitor__in=exhibitors, registration__isnull=False).count()
    meetings = Meeting.objects.filter(event__in=events)
    meeting_statuses = Counter(meetings.values_list("status", flat=True))
    held = meetings.filter(held=True).count()
    return [
        summary_line(
            "Exhibitors",
            f"{exhibitors.count()} applications at {len(events)} events "
            f"({_listing(statuses, ExhibitorStatus.values)}), {booths} booths, "
            f"{members} team members registered as exhibitors",
        ),
        summary_line(
            "Meetings",
            f"{meetings.count()} ({_listing(meeting_statuses, MeetingStatus.values)}), "
            f"{held} recorded as held",
        ),
    ]


def support_summary(ctx: DemoContext) -> str:
    """The support records line of the summary, written once every seeder has run (training adds some)."""
    records = SupportRecord.objects.filter(project__in=list(ctx.projects.values()))
    kinds = Counter(records.values_list("kind", flat=True))
    stages = Counter(records.values_list("stage", flat=True))
    dates = records.order_by("date").values_list("date", flat=True)
    first, last = dates.first(), dates.last()
    by_hand = records.filter(event__isnull=True, meeting__isnull=True).count()
    return summary_line(
        "Support records",
        f"{records.count()} ({_listing(kinds, SupportKind.values)}; {by_hand} recorded by hand), "
        f"by stage ({_listing(stages, ProjectStage.values)})"
        + (f", dated {first:%d/%m/%Y}–{last:%d/%m/%Y}" if first else ""),
    )


def _listing(counter: Counter, keys) -> str:
    return ", ".join(f"{key}: {counter[key]}" for key in keys if counter[key])
