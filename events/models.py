from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import extensions
from .codes import registration_reference
from .enums import (
    Audience,
    EventKind,
    EventStatus,
    HostRole,
    OrganizationKind,
    ProjectStage,
    RegistrationSource,
    RegistrationStatus,
    Sector,
)
from .hosts import default_host, hosts_of, is_programme_office
from .validators import validate_reminder_hours, validate_single_line, validate_vietnamese_phone


def localized(obj, field: str) -> str:
    """Return the field in the active language, falling back to Vietnamese."""
    lang = (get_language() or "vi")[:2]
    value = getattr(obj, f"{field}_{lang}", "") if lang in ("vi", "en") else ""
    return value or getattr(obj, f"{field}_vi", "")


def stored_row(instance, fields: tuple[str, ...], update_fields) -> dict | None:
    """The stored values of `fields` for an existing row, locked until the surrounding transaction ends.

    None for a new row, or when the save names `update_fields` that touch none of them (no query then).
    Reading the database rather than a copy kept at load time means a stale instance, a form or an
    admin inline all compare against what calendars were last shown."""
    if instance._state.adding or instance.pk is None:
        return None
    if update_fields is not None and not {name.removesuffix("_id") for name in update_fields} & {
        name.removesuffix("_id") for name in fields
    }:
        return None
    return type(instance)._base_manager.select_for_update().filter(pk=instance.pk).values(*fields).first()


def bump_sequence(instance, stored: dict | None, tracked: tuple[str, ...], kwargs: dict) -> None:
    """Raise `instance.sequence` (the iCalendar SEQUENCE) when a tracked field differs from the row."""
    if stored is None:
        return
    instance.sequence = max(instance.sequence, stored["sequence"])
    if any(getattr(instance, name) != stored[name] for name in tracked):
        instance.sequence += 1
    if kwargs.get("update_fields") is not None:
        kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "updated_at"}


def changed_fields(instance, stored: dict | None, fields: tuple[str, ...]) -> dict[str, tuple]:
    """`{field: (old, new)}` for the fields whose saved value differs from the stored row."""
    if stored is None:
        return {}
    return {
        name: (stored[name], getattr(instance, name))
        for name in fields
        if getattr(instance, name) != stored[name]
    }


def _announce(event_id: int, session, changes: dict[str, tuple]) -> None:
    if changes:
        extensions.schedule_changed.send(sender=Event, event_id=event_id, session=session, changes=changes)


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    district = models.CharField(_("district"), max_length=100, blank=True, validators=[validate_single_line])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organization_name_unique_ci"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            stored = stored_row(self, ("name",), kwargs.get("update_fields"))
            super().save(*args, **kwargs)
            if stored and stored["name"] != self.name:
                # Calendar feeds name the organiser of each event (events.calendar).
                Event.objects.filter(organizer=self).update(updated_at=timezone.now())


def plausible_dates(instance, *names: str) -> dict:
    """{field: error} for the dates of `instance` outside 2000-2100. The plan runs 2024-2028; a year 0001
    or 9999 is a typing slip, and one PostgreSQL stores before the common era (local time in 0001 is
    still 0001 BC in UTC) breaks every list, feed and report that reads the row."""
    return {
        name: _("Enter a date between 2000 and 2100.")
        for name in names
        if getattr(instance, name) and not 2000 <= getattr(instance, name).year <= 2100
    }


class StartupProject(models.Model):
    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("team organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, default=Sector.OTHER)
    stage = models.CharField(
        _("current stage"),
        max_length=32,
        choices=ProjectStage.choices,
        default=ProjectStage.PRE_INCUBATION,
        help_text=_("Kept in step with the latest stage change; change it through the stage history."),
    )
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/", blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("startup project")
        verbose_name_plural = _("startup projects")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def description(self) -> str:
        return localized(self, "description")


class ProjectStageChange(models.Model):
    """One entry of a project's stage history: from `effective_on` the project is at `stage`."""

    project = models.ForeignKey(
        StartupProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    stage = models.CharField(_("stage"), max_length=32, choices=ProjectStage.choices)
    effective_on = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage history")
        ordering = ["project", "effective_on"]
        constraints = [
            models.UniqueConstraint(fields=["project", "effective_on"], name="stage_change_one_per_day"),
        ]

    def __str__(self):
        return f"{self.project}: {self.get_stage_display()} ({self.effective_on:%d/%m/%Y})"


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    address = models.CharField(_("address"), max_length=255, validators=[validate_single_line])
    district = models.CharField(_("district"), max_length=100, blank=True, validators=[validate_single_line])
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="venue_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="venue_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name

    _PLACE_FIELDS = ("name", "address", "latitude", "longitude")

    def save(self, *args, **kwargs):
        with transaction.atomic():
            stored = stored_row(self, self._PLACE_FIELDS, kwargs.get("update_fields"))
            super().save(*args, **kwargs)
            changes = changed_fields(self, stored, ("name", "address"))
            if stored and any(getattr(self, name) != stored[name] for name in self._PLACE_FIELDS):
                # Every event held here now shows another place in calendars: a new revision of each.
                Event.objects.filter(venue=self).update(sequence=F("sequence") + 1, updated_at=timezone.now())
            if changes:
                # People of the events still to come here are told of the new name or address.
                upcoming = Event.objects.filter(venue=self, sessions__ends_at__gt=timezone.now()).distinct()
                for event_id in upcoming.values_list("pk", flat=True):
                    _announce(event_id, None, {f"venue_{name}": change for name, change in changes.items()})

    @property
    def map_url(self) -> str:
        from urllib.parse import quote_plus

        if self.latitude is not None and self.longitude is not None:
            return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"
        return f"https://www.openstreetmap.org/search?query={quote_plus(f'{self.name}, {self.address}')}"


class EventQuerySet(models.QuerySet):
    def for_staff(self, user):
        """The events `user` may manage: every event for the programme office, else its hosts' events
        where it is an organiser (the rule of events.selectors.staff_events)."""
        if is_programme_office(user):
            return self
        return self.filter(host__in=hosts_of(user, HostRole.ORGANISER).values("pk"))

    def visible_to(self, user):
        """The events `user` may look at as staff: those it manages, its hosts' events as report viewer,
        and the events it is assigned to at the door (for a host of which it is door staff)."""
        if is_programme_office(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = Q(host__in=hosts_of(user, HostRole.ORGANISER, HostRole.REPORT_VIEWER).values("pk"))
        for extra in extensions.staff_event_scopes:
            scope |= extra(user)
        return self.filter(scope)

    def published(self):
        return self.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])

    def with_schedule(self):
        """Annotate first start and last end from the sessions (one subquery each, no join fan-out)."""
        sessions = Session.objects.filter(event=models.OuterRef("pk")).order_by()
        return self.annotate(
            first_start=models.Subquery(sessions.order_by("starts_at").values("starts_at")[:1]),
            last_end=models.Subquery(sessions.order_by("-ends_at").values("ends_at")[:1]),
        )

    def with_seats(self):
        """Annotate `confirmed_count` (seats taken) with a correlated subquery."""
        confirmed = (
            Registration.objects.filter(
                event=models.OuterRef("pk"), status=RegistrationStatus.CONFIRMED, is_exhibitor=False
            )
            .order_by()
            .values("event")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            confirmed_count=models.functions.Coalesce(models.Subquery(confirmed), 0),
        )


class Event(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255, validators=[validate_single_line])
    title_en = models.CharField(
        _("title (English)"), max_length=255, blank=True, validators=[validate_single_line]
    )
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    what_to_bring_vi = models.TextField(_("what to bring (Vietnamese)"), blank=True)
    what_to_bring_en = models.TextField(_("what to bring (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    audience = models.CharField(
        _("audience"), max_length=32, choices=Audience.choices, default=Audience.PUBLIC
    )
    host = models.ForeignKey(
        "events.Host",
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        default=default_host,
        related_name="events",
        help_text=_("The partner organisation that runs the event; its staff manage it."),
    )
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organized_events",
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    requires_approval = models.BooleanField(_("requires approval"), default=False)
    waitlist_enabled = models.BooleanField(_("waiting list"), default=True)
    exhibitor_deadline = models.DateTimeField(
        _("deadline for exhibitor applications"),
        null=True,
        blank=True,
        help_text=_("Exhibitions, demo days and market-connection events: applications close at this time."),
    )
    reminder_hours = models.CharField(
        _("reminders (hours before each session)"),
        max_length=64,
        blank=True,
        default="24,2",
        validators=[validate_reminder_hours],
        help_text=_(
            "Registered people get a reminder this many hours before each session, e.g. 24,2. "
            "Leave empty to send no reminders."
        ),
    )
    meeting_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=20)
    meeting_tables = models.PositiveSmallIntegerField(_("meeting tables"), default=10)
    sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_("Raised when the status or venue changes; added to each session's own revision."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0), name="event_capacity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"], name="event_status_kind")]

    def __str__(self):
        return self.title

    _REVISION_FIELDS = ("status", "venue_id")

    def save(self, *args, **kwargs):
        with transaction.atomic():
            stored = stored_row(self, (*self._REVISION_FIELDS, "sequence"), kwargs.get("update_fields"))
            bump_sequence(self, stored, self._REVISION_FIELDS, kwargs)
            super().save(*args, **kwargs)
            # A cancellation is told by `services.event_cancel`; a new venue is a new place for every session.
            _announce(self.pk, None, changed_fields(self, stored, ("venue_id",)))

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def what_to_bring(self) -> str:
        return localized(self, "what_to_bring")

    @property
    def reminder_offsets(self) -> list[int]:
        """Hours before each session at which reminders go, largest first (none when empty)."""
        return sorted(
            {int(part) for part in self.reminder_hours.replace(" ", "").split(",") if part}, reverse=True
        )

    @property
    def is_course(self) -> bool:
        return self.kind == EventKind.COURSE

    @property
    def registration_state(self) -> str:
        """One of open, not_yet_open, closed, cancelled, draft (for pages; services re-check under lock)."""
        now = timezone.now()
        if self.status == EventStatus.CANCELLED:
            return "cancelled"
        if self.status != EventStatus.PUBLISHED:
            return "draft"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet_open"
        if self.registration_closes_at and now >= self.registration_closes_at:
            return "closed"
        last_end = getattr(self, "last_end", None)
        if last_end is not None and last_end <= now:
            return "closed"
        return "open"

    def clean(self):
        errors = plausible_dates(self, "registration_opens_at", "registration_closes_at")
        if (
            not errors
            and self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)


class Session(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title_vi = models.CharField(
        _("title (Vietnamese)"), max_length=255, blank=True, validators=[validate_single_line]
    )
    title_en = models.CharField(
        _("title (English)"), max_length=255, blank=True, validators=[validate_single_line]
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=120, blank=True, validators=[validate_single_line])
    is_cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("A cancelled session stays in calendars, marked cancelled."),
    )
    sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_("Raised when the time, room or cancellation changes, so calendars apply the change."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["event", "starts_at"], name="session_event_start")]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.title or self.event.title} — {local:%d/%m/%Y %H:%M}"

    _REVISION_FIELDS = ("starts_at", "ends_at", "room", "is_cancelled")

    def save(self, *args, **kwargs):
        with transaction.atomic():
            stored = stored_row(self, (*self._REVISION_FIELDS, "sequence"), kwargs.get("update_fields"))
            bump_sequence(self, stored, self._REVISION_FIELDS, kwargs)
            super().save(*args, **kwargs)
            _announce(self.event_id, self, changed_fields(self, stored, self._REVISION_FIELDS))

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        # Feeds notice changes through the newest `updated_at` (events.calendar); a removed row has none.
        Event.objects.filter(pk=self.event_id).update(updated_at=timezone.now())
        return result

    @property
    def title(self) -> str:
        return localized(self, "title")

    def clean(self):
        errors = plausible_dates(self, "starts_at", "ends_at")
        if not errors and self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if errors:
            raise ValidationError(errors)


class Registration(models.Model):
    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=registration_reference, editable=False
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(
        _("phone"), max_length=20, validators=[validate_single_line, validate_vietnamese_phone]
    )
    organization_name = models.CharField(
        _("organisation"), max_length=255, blank=True, validators=[validate_single_line]
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation (record)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    organization_kind = models.CharField(
        _("kind of organisation"), max_length=32, choices=OrganizationKind.choices, blank=True
    )
    position = models.CharField(_("position"), max_length=200, blank=True, validators=[validate_single_line])
    startup_project = models.ForeignKey(
        StartupProject,
        verbose_name=_("startup project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    is_exhibitor = models.BooleanField(
        _("exhibiting team member"), default=False, help_text=_("Does not take one of the visitors' seats.")
    )
    source = models.CharField(
        _("source"), max_length=16, choices=RegistrationSource.choices, default=RegistrationSource.WEB
    )
    language = models.CharField(_("language"), max_length=8, default="vi")
    consent_at = models.DateTimeField(_("consent to personal-data processing given"))
    queued_at = models.DateTimeField(
        _("in line since"), default=timezone.now, help_text=_("Order on the waiting list.")
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status_note = models.CharField(_("reason"), max_length=500, blank=True)
    position_emailed_at = models.DateTimeField(
        _("place in the queue last e-mailed"),
        null=True,
        blank=True,
        help_text=_("When the person last asked to be e-mailed their place on the waiting list."),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint("event", Lower("email"), name="registration_one_per_email_per_event"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="registration_event_queue"),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.reference}"

    @property
    def is_active(self) -> bool:
        return self.status in (
            RegistrationStatus.PENDING,
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.WAITLISTED,
        )


from .hosts import Host, HostMembership  # noqa: E402, F401  (the hosts' models, under this app)
