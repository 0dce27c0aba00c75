"""Reads shared by pages, the API and later apps."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from .enums import HostRole, RegistrationStatus
from .folding import Fold, fold
from .hosts import HostMembership, hosts_of, is_programme_office
from .models import Event, ProjectStageChange, Registration, StartupProject


def manages_events(user) -> bool:
    """Whether `user` manages events at all (an organiser with no event yet still does), without a query."""
    return not organiser_events(user).query.is_empty()


def event_catalogue(
    *,
    host=None,
    kind: str = "",
    audience: str = "",
    month: datetime.date | None = None,
    query: str = "",
    include_past: bool = False,
) -> QuerySet[Event]:
    """Published (and cancelled, so people see the news) events with schedule and seats annotated."""
    qs = Event.objects.published().with_schedule().with_seats().select_related("venue", "host__organization")
    if host is not None:
        qs = qs.filter(host=host)
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


# --- Hosts: what a staff member may see and manage (the one place; see events.hosts) ----------------------


def staff_events(user) -> QuerySet[Event]:
    """The events `user` may manage: every event for the programme office; for a host's organiser, its
    hosts' events; none for anyone else. Pages, lists, exports and the API of staff build on this."""
    return Event.objects.for_staff(user)


def organiser_events(user) -> QuerySet[Event]:
    """The events `user` runs as an organiser (who may change events): `staff_events` for organisers, none
    for door staff and report viewers even at the programme office. The staff workspace (home, event hub,
    door board) and adding or importing people build on this."""
    if not user or not user.is_authenticated or not user.is_active or not user.is_staff:
        return Event.objects.none()
    if not (user.is_superuser or user.has_perm("events.change_event")):
        return Event.objects.none()
    return staff_events(user)


def visible_events(user) -> QuerySet[Event]:
    """The events `user` may look at as staff: `staff_events`, its hosts' events as report viewer, and
    the events it is assigned to at the door."""
    return Event.objects.visible_to(user)


def scope_to_events(qs: QuerySet, user, event_path: str, *, manage: bool = False) -> QuerySet:
    """`qs` cut to the rows whose event (reached through `event_path`, "" for events themselves) the user
    may look at (`manage=True`: may manage). The programme office keeps everything."""
    if is_programme_office(user):
        return qs
    events = staff_events(user) if manage else visible_events(user)
    return qs.filter(**{f"{event_path}__in" if event_path else "pk__in": events.values("pk")})


def scope_to_hosts(qs: QuerySet, user, host_path: str, *roles: str) -> QuerySet:
    """`qs` cut to the rows whose host (through `host_path`, "" for hosts themselves) is one of the user's
    hosts in one of `roles` (any role when none is named)."""
    if is_programme_office(user):
        return qs
    return qs.filter(**{f"{host_path}__in" if host_path else "pk__in": hosts_of(user, *roles).values("pk")})


def host_staff(user):
    """The users `user` may pick as staff: every user for the programme office, else the members of its
    hosts where it is an organiser (new people join through an invitation)."""
    users = get_user_model().objects.order_by("username")
    if is_programme_office(user):
        return users
    hosts = hosts_of(user, HostRole.ORGANISER)
    return users.filter(pk__in=HostMembership.objects.filter(host__in=hosts).values("user_id"))
