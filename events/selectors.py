"""Reads shared by pages, the API and later apps."""

import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from .enums import RegistrationStatus
from .folding import Fold, fold
from .models import Event, ProjectStageChange, Registration, StartupProject


def staff_events(user) -> QuerySet[Event]:
    """The events `user` may manage from the staff pages (hub, staff home, door board). Every event lookup
    of those pages goes through here, so that narrowing it (to a partner organisation's own events) is
    one change: today organisers (who may change events) manage all events, everybody else none."""
    if not user or not user.is_authenticated or not user.is_active or not user.is_staff:
        return Event.objects.none()
    if user.is_superuser or user.has_perm("events.change_event"):
        return Event.objects.all()
    return Event.objects.none()


def manages_events(user) -> bool:
    """Whether `user` manages events at all (an organiser with no event yet still does), without a query."""
    return not staff_events(user).query.is_empty()


def event_catalogue(
    *,
    kind: str = "",
    audience: str = "",
    month: datetime.date | None = None,
    query: str = "",
    include_past: bool = False,
) -> QuerySet[Event]:
    """Published (and cancelled, so people see the news) events with schedule and seats annotated."""
    qs = Event.objects.published().with_schedule().with_seats().select_related("venue")
    if kind:
        qs = qs.filter(kind=kind)
    if audience:
        qs = qs.filter(audience=audience)
    if query:
        # accents and case ignored ("doi moi" finds "Đổi mới"), as the door's search (`events.folding`)
        folded = fold(query)
        qs = qs.alias(
            title_vi_folded=Fold("title_vi"),
            title_en_folded=Fold("title_en"),
            description_vi_folded=Fold("description_vi"),
            description_en_folded=Fold("description_en"),
            venue_folded=Fold("venue__name"),
        ).filter(
            Q(title_vi_folded__contains=folded)
            | Q(title_en_folded__contains=folded)
            | Q(description_vi_folded__contains=folded)
            | Q(description_en_folded__contains=folded)
            | Q(venue_folded__contains=folded)
        )
    if month:
        tz = timezone.get_current_timezone()
        start = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
        end = datetime.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=tz)
        qs = qs.filter(first_start__lt=end, last_end__gte=start)
    elif not include_past:
        qs = qs.filter(last_end__gte=timezone.now())
    return qs.order_by("first_start", "pk")


def seats_left(event: Event) -> int | None:
    """Free seats, using the `confirmed_count` annotation when present."""
    if event.capacity is None:
        return None
    taken = getattr(event, "confirmed_count", None)
    if taken is None:
        taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED, is_exhibitor=False).count()
    return max(event.capacity - taken, 0)


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITLISTED,
        queued_at__lt=registration.queued_at,
    ).count()
    same_time_before = Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITLISTED,
        queued_at=registration.queued_at,
        pk__lt=registration.pk,
    ).count()
    return ahead + same_time_before + 1


def project_stage_on(*, project: StartupProject, day: datetime.date) -> str | None:
    """The stage a project was at on `day` (None before its first recorded stage)."""
    change = project.stage_changes.filter(effective_on__lte=day).order_by("-effective_on").first()
    return change.stage if change else None


def projects_with_stage_on(day: datetime.date) -> QuerySet[StartupProject]:
    """All projects annotated with `stage_on_day`: their stage on `day`, counted in SQL."""
    latest = ProjectStageChange.objects.filter(project=OuterRef("pk"), effective_on__lte=day).order_by(
        "-effective_on"
    )
    return StartupProject.objects.annotate(stage_on_day=Subquery(latest.values("stage")[:1]))


def registration_action(event: Event, seats_left: int | None) -> str:
    """What the event page offers as its main action: `register`, `waitlist` (full, the waiting list
    takes new people), or why not: `full`, `not_yet_open`, `closed`, `cancelled` (the page's reading of
    the rules; `services.registration_create` re-checks them under the event's lock)."""
    state = event.registration_state
    if state == "open":
        if seats_left is None or seats_left > 0 or event.requires_approval:
            return "register"
        return "waitlist" if event.waitlist_enabled else "full"
    return "closed" if state == "draft" else state
