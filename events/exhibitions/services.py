"""Exhibitor applications, booths, market-connection meetings and support records (services)."""

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import selectors
from events.enums import EventKind, EventStatus, RegistrationSource, RegistrationStatus
from events.exceptions import DomainError
from events.mail.models import EmailTopic
from events.mail.services import email_queue
from events.models import Event, ProjectStageChange, Registration, StartupProject
from events.services import registration_notify
from events.validators import normalize_vietnamese_phone

from .models import (
    Exhibitor,
    ExhibitorMember,
    ExhibitorStatus,
    Meeting,
    MeetingHeldUndo,
    MeetingStatus,
    ParticipationKind,
    SupportKind,
    SupportRecord,
)

logger = logging.getLogger(__name__)

EXHIBIT_KINDS = (EventKind.EXHIBITION, EventKind.MARKET_CONNECTION, EventKind.DEMO_DAY)
MAX_MEMBERS = 10


class ExhibitorError(DomainError):
    code = "exhibitor_error"
    status_code = 409


def _user(by):
    return by if by and getattr(by, "is_authenticated", False) else None


def _queue(task_name: str, obj_id: int, kind: str) -> None:
    """Record a team or visitor e-mail in the outbox (sent after commit, retried on failure)."""
    if task_name == "exhibitor_notify":
        exhibitor = Exhibitor.objects.get(pk=obj_id)
        email_queue(topic=EmailTopic.EXHIBITOR, obj=exhibitor, kind=kind, recipient=exhibitor.contact_email)
    else:
        meeting = Meeting.objects.select_related("exhibitor").get(pk=obj_id)
        to = meeting.exhibitor.contact_email if kind == "requested" else meeting.requester_email
        email_queue(topic=EmailTopic.MEETING, obj=meeting, kind=kind, recipient=to)


# --- Support records ---------------------------------------------------------------------------------------


def support_record_create(
    *,
    project: StartupProject,
    kind: str,
    date: datetime.date,
    event: Event | None = None,
    exhibitor: Exhibitor | None = None,
    meeting: Meeting | None = None,
    note: str = "",
    by: AbstractBaseUser | None = None,
    host=None,
) -> SupportRecord:
    """Record support given to `project` on `date`, with the stage the project had on that date (from its
    stage history, not today's stage). Automatic records are idempotent per project, kind and event. A
    record at an event belongs to the event's host; one without, to `host` (by default the programme
    office's)."""
    stage = selectors.project_stage_on(project=project, day=date) or ""
    lookup = (
        {"project": project, "kind": kind, "event": event} if event is not None and meeting is None else None
    )
    with transaction.atomic():
        if lookup:
            existing = SupportRecord.objects.filter(**lookup, meeting__isnull=True).first()
            if existing:
                return existing
        if meeting is not None:
            existing = SupportRecord.objects.filter(meeting=meeting).first()
            if existing:
                return existing
        try:
            with transaction.atomic():
                return SupportRecord.objects.create(
                    **({"host": host} if host is not None else {}),
                    project=project,
                    kind=kind,
                    date=date,
                    stage=stage,
                    event=event,
                    exhibitor=exhibitor,
                    meeting=meeting,
                    note=note[:500],
                    recorded_by=_user(by),
                )
        except IntegrityError:
            return SupportRecord.objects.get(**(lookup or {"meeting": meeting}))


def support_record_change(*, record: SupportRecord) -> SupportRecord:
    """Save an edited support record with the stage its project had on its (possibly new) date."""
    record.stage = selectors.project_stage_on(project=record.project, day=record.date) or ""
    record.save()
    return record


def event_first_day(event: Event) -> datetime.date:
    first = event.sessions.order_by("starts_at").values_list("starts_at", flat=True).first()
    return timezone.localtime(first).date() if first else timezone.localdate()


# --- Applications -----------------------------------------------------------------------------------------


def _check_accepting(event: Event, now: datetime.datetime) -> None:
    if event.kind not in EXHIBIT_KINDS:
        raise ExhibitorError(_("This event does not take exhibitor applications."), code="not_exhibition")
    if event.status != EventStatus.PUBLISHED:
        raise ExhibitorError(_("This event is not open for applications."), code="event_not_published")
    deadline = event.exhibitor_deadline
    if deadline is None:
        deadline = event.sessions.order_by("-ends_at").values_list("ends_at", flat=True).first()
    if deadline is not None and now >= deadline:
        raise ExhibitorError(_("The deadline for exhibitor applications has passed."), code="deadline_passed")


def exhibitor_apply(
    *,
    event: Event,
    project_data: dict,
    showcase_vi: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    members: list[dict],
    kind: str = ParticipationKind.BOOTH,
    showcase_en: str = "",
    booth_needs: str = "",
    logo=None,
    language: str = "vi",
    now: datetime.datetime | None = None,
) -> Exhibitor:
    """Apply to exhibit with a project: an existing one (same name and same contact e-mail) or a new
    one. Refused after the deadline, twice for the same project, or with more than 10 members.
    `logo` must already be cleaned (events.exhibitions.images.clean_logo). All saved or nothing."""

    now = now or timezone.now()
    if len(members) > MAX_MEMBERS:
        raise ExhibitorError(
            _("At most %(n)d team members.") % {"n": MAX_MEMBERS}, code="too_many_members", status_code=400
        )
    stored_logo = []  # the file saved for this application, to remove should the transaction roll back
    try:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event.pk)
            _check_accepting(event, now)
            name = " ".join(project_data["name"].split())
            project = StartupProject.objects.filter(name__iexact=name).first()
            if project is not None:
                if not project.contact_email or project.contact_email.lower() != contact_email.lower():
                    raise ExhibitorError(
                        _(
                            "A project with this name is already registered by someone else. "
                            "Contact the organisers."
                        ),
                        code="project_taken",
                    )
            else:
                from django.utils.text import slugify

                base = slugify(name)[:100] or "project"
                slug, n = base, 1
                while StartupProject.objects.filter(slug=slug).exists():
                    n += 1
                    slug = f"{base}-{n}"
                project = StartupProject.objects.create(
                    name=name,
                    slug=slug,
                    sector=project_data["sector"],
                    stage=project_data["stage"],
                    description_vi=project_data.get("description_vi", ""),
                    description_en=project_data.get("description_en", ""),
                    website=project_data.get("website", ""),
                    contact_email=contact_email,
                )
                ProjectStageChange.objects.create(
                    project=project,
                    stage=project_data["stage"],
                    effective_on=timezone.localdate(now),
                    note=str(_("Declared when applying to exhibit")),
                )
            if Exhibitor.objects.filter(event=event, project=project).exists():
                raise ExhibitorError(
                    _("This project has already applied to this event."), code="already_applied"
                )
            # Stored only once every check has passed: a rollback does not remove a file from storage.
            if logo is not None:
                project.logo.save(f"{project.slug}.png", logo, save=False)
                stored_logo.append(project.logo.name)
                project.save(update_fields=["logo"])
            exhibitor = Exhibitor.objects.create(
                event=event,
                project=project,
                kind=kind,
                showcase_vi=showcase_vi,
                showcase_en=showcase_en,
                booth_needs=booth_needs,
                contact_name=contact_name,
                contact_email=contact_email,
                contact_phone=normalize_vietnamese_phone(contact_phone),
                language=language,
            )
            seen = set()
            for member in members:
                email = member["email"].strip().lower()
                if email in seen:
                    continue
                seen.add(email)
                ExhibitorMember.objects.create(
                    exhibitor=exhibitor,
                    full_name=member["full_name"].strip(),
                    email=member["email"].strip(),
                    phone=normalize_vietnamese_phone(member["phone"]),
                    role=member.get("role", ""),
                )
            _queue("exhibitor_notify", exhibitor.pk, "submitted")
            return exhibitor
    except BaseException:
        # A rollback takes the rows back but not a file already written to storage.
        for name in stored_logo:
            StartupProject.logo.field.storage.delete(name)
        raise


def _register_member(member: ExhibitorMember, event: Event, now) -> Registration:
    """A team member of an approved exhibitor gets a confirmed registration (and so a ticket) that does
    not take one of the visitors' seats."""
    registration = event.registrations.filter(email__iexact=member.email).first()
    if registration is None:
        registration = Registration(event=event, email=member.email, queued_at=now, consent_at=now)
    registration.full_name = member.full_name
    registration.phone = member.phone
    registration.organization_name = member.exhibitor.project.name
    registration.position = member.role
    registration.startup_project = member.exhibitor.project
    registration.is_exhibitor = True
    if registration.status != RegistrationStatus.CONFIRMED:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.source = RegistrationSource.STAFF
        registration.language = member.exhibitor.language
        notify = True
    else:
        notify = False
    registration.save()
    if notify:
        registration_notify(registration, "confirmed")
    return registration


def exhibitor_approve(
    *, exhibitor: Exhibitor, by: AbstractBaseUser | None = None, booth: str = ""
) -> Exhibitor:
    """Approve an application: members get tickets, the project gets a support record for the event
    (exhibition or pitch) dated the event's first day with its stage then, the team is told."""
    now = timezone.now()
    with transaction.atomic():
        exhibitor = (
            Exhibitor.objects.select_for_update().select_related("event", "project").get(pk=exhibitor.pk)
        )
        if exhibitor.status == ExhibitorStatus.APPROVED:
            return exhibitor
        if exhibitor.status == ExhibitorStatus.WITHDRAWN:
            raise ExhibitorError(_("This application was withdrawn."), code="withdrawn")
        exhibitor.status = ExhibitorStatus.APPROVED
        exhibitor.decided_at = now
        exhibitor.decided_by = _user(by)
        exhibitor.decision_reason = ""
        exhibitor.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        if booth:
            exhibitor_assign_booth(exhibitor=exhibitor, booth=booth, by=by, notify=False)
        for member in exhibitor.members.all():
            registration = _register_member(member, exhibitor.event, now)
            # A person in two teams at one event has one registration (one ticket): it stays linked
            # to the member row that first got it.
            if not ExhibitorMember.objects.filter(registration=registration).exclude(pk=member.pk).exists():
                member.registration = registration
                member.save(update_fields=["registration"])
        support_record_create(
            project=exhibitor.project,
            kind=SupportKind.PITCH if exhibitor.kind == ParticipationKind.PITCH else SupportKind.EXHIBITION,
            date=event_first_day(exhibitor.event),
            event=exhibitor.event,
            exhibitor=exhibitor,
            by=by,
        )
        _queue("exhibitor_notify", exhibitor.pk, "approved")
        return exhibitor


def _decide(exhibitor: Exhibitor, status: str, by, reason: str, kind: str, refuse_approved) -> Exhibitor:
    with transaction.atomic():
        exhibitor = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
        # Checked on the locked row, not the caller's copy: it may predate an approval.
        if exhibitor.status == ExhibitorStatus.APPROVED:
            raise ExhibitorError(refuse_approved, code="already_approved")
        if exhibitor.status == status:
            return exhibitor
        exhibitor.status = status
        exhibitor.decided_at = timezone.now()
        exhibitor.decided_by = _user(by)
        exhibitor.decision_reason = reason[:500]
        exhibitor.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        _queue("exhibitor_notify", exhibitor.pk, kind)
        return exhibitor


def exhibitor_reject(*, exhibitor: Exhibitor, by: AbstractBaseUser | None = None, reason: str) -> Exhibitor:
    if not reason.strip():
        raise ExhibitorError(_("Give the team a reason."), code="reason_required", status_code=400)
    return _decide(
        exhibitor,
        ExhibitorStatus.REJECTED,
        by,
        reason.strip(),
        "rejected",
        refuse_approved=_("An approved exhibitor cannot be rejected."),
    )


def exhibitor_waitlist(*, exhibitor: Exhibitor, by: AbstractBaseUser | None = None) -> Exhibitor:
    return _decide(
        exhibitor,
        ExhibitorStatus.WAITLISTED,
        by,
        "",
        "waitlisted",
        refuse_approved=_("This exhibitor is already approved."),
    )


def exhibitor_assign_booth(
    *, exhibitor: Exhibitor, booth: str, by: AbstractBaseUser | None = None, notify: bool = True
) -> Exhibitor:
    """Give an approved exhibitor a booth. Two projects never share a booth at one event (a database
    constraint, so also under concurrent assignments)."""
    booth = booth.strip().upper()[:32]
    if exhibitor.status != ExhibitorStatus.APPROVED:
        raise ExhibitorError(_("Only approved exhibitors get a booth."), code="not_approved")
    try:
        with transaction.atomic():
            updated = Exhibitor.objects.filter(pk=exhibitor.pk).update(booth=booth)
    except IntegrityError as exc:
        raise ExhibitorError(
            _("Booth %(booth)s is already assigned to another project.") % {"booth": booth},
            code="booth_taken",
        ) from exc
    if updated:
        exhibitor.booth = booth
        if notify:
            _queue("exhibitor_notify", exhibitor.pk, "booth")
    return exhibitor


# --- Meetings ---------------------------------------------------------------------------------------------


def meeting_request(
    *,
    exhibitor: Exhibitor,
    requester_name: str,
    requester_email: str,
    requester_kind: str,
    message: str,
    requester_phone: str = "",
    requester_organization: str = "",
    language: str = "vi",
) -> Meeting:
    """A visitor asks an exhibiting project for a meeting. Only approved exhibitors of a published
    market-connection event take requests; the same visitor asking twice gets the open request back.
    The team is asked to answer (with their page's link) and the visitor told the request was received
    (with their meeting page's link), both queued in this transaction."""
    event = exhibitor.event
    if event.kind != EventKind.MARKET_CONNECTION or event.status != EventStatus.PUBLISHED:
        raise ExhibitorError(
            _("Meetings can be requested only at market-connection events."), code="not_market_connection"
        )
    if exhibitor.status != ExhibitorStatus.APPROVED:
        raise ExhibitorError(_("This project is not exhibiting at this event."), code="not_exhibiting")
    last_end = event.sessions.order_by("-ends_at").values_list("ends_at", flat=True).first()
    if last_end is not None and last_end <= timezone.now():
        raise ExhibitorError(_("This event has ended."), code="event_ended")
    with transaction.atomic():
        open_request = Meeting.objects.filter(
            exhibitor=exhibitor,
            requester_email__iexact=requester_email,
            status__in=[MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED],
        ).first()
        if open_request:
            return open_request
        meeting = Meeting.objects.create(
            event=event,
            exhibitor=exhibitor,
            requester_name=requester_name.strip(),
            requester_email=requester_email.strip(),
            requester_phone=requester_phone,
            requester_organization=requester_organization,
            requester_kind=requester_kind,
            message=message.strip()[:1000],
            language=language,
        )
        _queue("meeting_notify", meeting.pk, "requested")
        _queue("meeting_notify", meeting.pk, "received")
        return meeting


def meeting_slots(event: Event) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The event's meeting slots: each session cut into `meeting_minutes` pieces."""
    length = datetime.timedelta(minutes=max(event.meeting_minutes, 5))
    slots = []
    for session in event.sessions.filter(is_cancelled=False).order_by("starts_at"):
        start = session.starts_at
        while start + length <= session.ends_at:
            slots.append((start, start + length))
            start += length
    return slots


def meeting_accept(*, meeting: Meeting, now: datetime.datetime | None = None) -> Meeting:
    """The team accepts: the meeting gets the earliest future slot and table where neither the project
    nor the visitor has another meeting. Accepting runs under a lock on the event row, and database
    constraints forbid double booking, so concurrent accepts never collide."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=meeting.event_id)
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == MeetingStatus.ACCEPTED:
            return meeting
        if meeting.status != MeetingStatus.REQUESTED:
            raise ExhibitorError(_("This request is no longer open."), code="not_open")
        booked = Meeting.objects.filter(event=event, status=MeetingStatus.ACCEPTED).values_list(
            "starts_at", "exhibitor_id", "requester_email", "table"
        )
        busy_project, busy_visitor, busy_table = set(), set(), set()
        for starts_at, exhibitor_id, email, table in booked:
            if exhibitor_id == meeting.exhibitor_id:
                busy_project.add(starts_at)
            if email.lower() == meeting.requester_email.lower():
                busy_visitor.add(starts_at)
            busy_table.add((starts_at, table))
        tables = [str(n) for n in range(1, max(event.meeting_tables, 1) + 1)]
        for starts_at, ends_at in meeting_slots(event):
            if starts_at <= now or starts_at in busy_project or starts_at in busy_visitor:
                continue
            table = next((t for t in tables if (starts_at, t) not in busy_table), None)
            if table is None:
                continue
            meeting.status = MeetingStatus.ACCEPTED
            meeting.starts_at, meeting.ends_at, meeting.table = starts_at, ends_at, table
            try:
                with transaction.atomic():
                    meeting.save(update_fields=["status", "starts_at", "ends_at", "table", "updated_at"])
            except IntegrityError as exc:  # only without the event lock; the constraint holds regardless
                raise ExhibitorError(_("That time was just taken. Try again."), code="slot_taken") from exc
            _queue("meeting_notify", meeting.pk, "accepted")
            return meeting
        raise ExhibitorError(
            _("No free meeting time is left for this project and visitor."), code="no_free_slot"
        )


def meeting_decline(*, meeting: Meeting) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status in (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED):
            meeting.status = MeetingStatus.DECLINED
            meeting.save(update_fields=["status", "updated_at"])
            _queue("meeting_notify", meeting.pk, "declined")
        return meeting


def meeting_record_held(
    *,
    meeting: Meeting,
    held: bool,
    by: AbstractBaseUser | None = None,
    now: datetime.datetime | None = None,
) -> Meeting:
    """Staff record whether an accepted meeting took place; a held meeting is support to the project.

    Guarantees: "held" is refused before the meeting starts (it would count support that has not been
    given); a marked meeting keeps its mark (the same mark again changes nothing, the other one is
    refused until the mark is undone with a reason, `meeting_undo_held`). The meeting row is locked while
    it is marked, so two staff marking at once record one mark and at most one support record."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("event", "exhibitor__project")
            .get(pk=meeting.pk)
        )
        if meeting.status != MeetingStatus.ACCEPTED:
            raise ExhibitorError(_("Only accepted meetings can be marked."), code="not_accepted")
        if held and now < meeting.starts_at:
            raise ExhibitorError(
                _("This meeting starts at %(when)s: it can be recorded as held only once it has started.")
                % {"when": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M")},
                code="meeting_not_started",
            )
        if meeting.held is not None:
            if meeting.held == held:
                return meeting
            raise ExhibitorError(
                _("This meeting is already marked. Undo the mark first, giving a reason."),
                code="already_marked",
            )
        Meeting.objects.filter(pk=meeting.pk).update(
            held=held, held_recorded_by=_user(by), held_recorded_at=now
        )
        meeting.held, meeting.held_recorded_by, meeting.held_recorded_at = held, _user(by), now
        if held:
            support_record_create(
                project=meeting.exhibitor.project,
                kind=SupportKind.MEETING,
                date=timezone.localtime(meeting.starts_at).date(),
                event=meeting.event,
                exhibitor=meeting.exhibitor,
                meeting=meeting,
                by=by,
            )
        return meeting


def meeting_undo_held(
    *,
    meeting: Meeting,
    reason: str,
    by: AbstractBaseUser | None = None,
    now: datetime.datetime | None = None,
) -> MeetingHeldUndo:
    """Take back a meeting's held / not-held mark (a mistake at the grid): the meeting is unmarked, ready
    to be marked again; the support record a "held" mark created is deleted, so the figures drop back;
    the mark taken back, who took it back, when and why are kept. Under a lock on the meeting row."""
    reason = " ".join(reason.split())
    if not reason:
        raise ExhibitorError(
            _("Give a reason for undoing the mark."), code="reason_required", status_code=400
        )
    now = now or timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.held is None:
            raise ExhibitorError(_("This meeting has no mark to undo."), code="not_marked")
        undo = MeetingHeldUndo.objects.create(
            meeting=meeting,
            held=meeting.held,
            marked_by_id=meeting.held_recorded_by_id,
            marked_at=meeting.held_recorded_at,
            undone_by=_user(by),
            undone_at=now,
            reason=reason[:255],
        )
        SupportRecord.objects.filter(meeting=meeting).delete()
        Meeting.objects.filter(pk=meeting.pk).update(held=None, held_recorded_by=None, held_recorded_at=None)
        return undo
