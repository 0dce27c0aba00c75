"""Exhibitors, market-connection meetings and support records (imported by events.models)."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from events.codes import random_code
from events.enums import ProjectStage
from events.hosts import default_host
from events.models import Event, bump_sequence, localized, stored_row
from events.validators import validate_single_line


class ExhibitorStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ParticipationKind(models.TextChoices):
    BOOTH = "booth", _("Exhibition booth")
    PITCH = "pitch", _("Pitch")


class MeetingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class VisitorKind(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    INVESTOR = "investor", _("Investor")
    EXPERT = "expert", _("Expert")
    PARTNER = "partner", _("International partner")
    OTHER = "other", _("Other")


class SupportKind(models.TextChoices):
    TRAINING = "training", _("Training")
    EXHIBITION = "exhibition", _("Exhibition")
    PITCH = "pitch", _("Pitch")
    MEETING = "meeting", _("Market-connection meeting")
    TESTING = "testing", _("Testing a solution in a real environment")
    FUNDING = "funding", _("Funding")
    MENTORING = "mentoring", _("Mentoring")
    INVESTOR_CONNECTION = "investor_connection", _("Connection to investors")


def exhibitor_code() -> str:
    return random_code(10)


class Exhibitor(models.Model):
    """A startup project's application to exhibit (or pitch) at an event, and its booth once approved."""

    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="exhibitors"
    )
    project = models.ForeignKey(
        "events.StartupProject",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="exhibitions",
    )
    code = models.CharField(
        max_length=16, unique=True, default=exhibitor_code, editable=False, verbose_name=_("code")
    )
    kind = models.CharField(
        _("participation"), max_length=16, choices=ParticipationKind.choices, default=ParticipationKind.BOOTH
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ExhibitorStatus.choices, default=ExhibitorStatus.SUBMITTED
    )
    showcase_vi = models.TextField(_("what the team will show (Vietnamese)"))
    showcase_en = models.TextField(_("what the team will show (English)"), blank=True)
    booth_needs = models.TextField(_("booth needs"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, validators=[validate_single_line])
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=20, validators=[validate_single_line])
    booth = models.CharField(_("booth"), max_length=32, blank=True, validators=[validate_single_line])
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    language = models.CharField(max_length=8, default="vi", verbose_name=_("language"))
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["booth", "project__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "project"], name="exhibitor_once_per_event"),
            models.UniqueConstraint(
                "event", Lower("booth"), condition=~Q(booth=""), name="exhibitor_one_project_per_booth"
            ),
        ]

    def __str__(self):
        return f"{self.project} @ {self.event}"

    @property
    def showcase(self) -> str:
        return localized(self, "showcase")


class ExhibitorMember(models.Model):
    """A team member who will attend; approved teams' members get tickets like any participant."""

    exhibitor = models.ForeignKey(
        Exhibitor, on_delete=models.CASCADE, related_name="members", verbose_name=_("exhibitor")
    )
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_single_line])
    role = models.CharField(
        _("role in the team"), max_length=120, blank=True, validators=[validate_single_line]
    )
    registration = models.OneToOneField(
        "events.Registration",
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exhibitor_member",
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint("exhibitor", Lower("email"), name="exhibitor_member_once"),
        ]

    def __str__(self):
        return self.full_name


class Meeting(models.Model):
    """A short market-connection meeting a visitor asks of an exhibiting project."""

    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="meetings"
    )
    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("project"), on_delete=models.CASCADE, related_name="meetings"
    )
    code = models.CharField(
        max_length=16, unique=True, default=exhibitor_code, editable=False, verbose_name=_("code")
    )
    requester_name = models.CharField(_("your name"), max_length=200, validators=[validate_single_line])
    requester_email = models.EmailField(_("e-mail"))
    requester_phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_single_line]
    )
    requester_organization = models.CharField(
        _("organisation"), max_length=255, blank=True, validators=[validate_single_line]
    )
    requester_kind = models.CharField(_("you are"), max_length=16, choices=VisitorKind.choices)
    message = models.TextField(_("what you would like to discuss"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    table = models.CharField(_("table"), max_length=16, blank=True, validators=[validate_single_line])
    held = models.BooleanField(_("took place"), null=True, blank=True)
    held_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("held recorded by"),
    )
    held_recorded_at = models.DateTimeField(_("held recorded at"), null=True, blank=True)
    language = models.CharField(max_length=8, default="vi", verbose_name=_("language"))
    sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_("Raised when the time, table or status changes, so calendars apply the change."),
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "table", "pk"]
        constraints = [
            # No double booking: one meeting per project, per visitor and per table at a time.
            models.UniqueConstraint(
                fields=["exhibitor", "starts_at"],
                condition=Q(status="accepted"),
                name="meeting_project_slot_once",
            ),
            models.UniqueConstraint(
                "event",
                Lower("requester_email"),
                "starts_at",
                condition=Q(status="accepted"),
                name="meeting_visitor_slot_once",
            ),
            models.UniqueConstraint(
                fields=["event", "table", "starts_at"],
                condition=Q(status="accepted"),
                name="meeting_table_slot_once",
            ),
            models.CheckConstraint(
                condition=Q(status="accepted", starts_at__isnull=False, ends_at__isnull=False)
                | ~Q(status="accepted"),
                name="meeting_accepted_has_slot",
            ),
        ]

    def __str__(self):
        return f"{self.requester_name} → {self.exhibitor.project}"

    _REVISION_FIELDS = ("status", "starts_at", "ends_at", "table")

    def save(self, *args, **kwargs):
        # The personal calendar feeds show accepted meetings (events.calendar): as for sessions, a new
        # time, table or status is a new revision, so calendars replace what they showed.
        with transaction.atomic():
            stored = stored_row(self, (*self._REVISION_FIELDS, "sequence"), kwargs.get("update_fields"))
            bump_sequence(self, stored, self._REVISION_FIELDS, kwargs)
            super().save(*args, **kwargs)


class MeetingHeldUndo(models.Model):
    """A held / not-held mark that staff took back: the mark as it was (who recorded it and when), and who
    took it back, when and why. The meeting itself is left unmarked, to be marked again."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="held_undos", verbose_name=_("meeting")
    )
    held = models.BooleanField(_("mark taken back: took place"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("held recorded by"),
    )
    marked_at = models.DateTimeField(_("held recorded at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )
    undone_at = models.DateTimeField(_("undone"))
    reason = models.CharField(_("reason for undoing"), max_length=255)

    class Meta:
        verbose_name = _("undone held mark")
        verbose_name_plural = _("undone held marks")
        ordering = ["-undone_at", "-pk"]

    def __str__(self):
        return f"{self.meeting_id} · {self.undone_at:%d/%m/%Y %H:%M}"


class SupportRecord(models.Model):
    """Support given to a startup project on a date, with the project's stage on that date. The policy
    reports count these."""

    project = models.ForeignKey(
        "events.StartupProject",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="support_records",
    )
    kind = models.CharField(_("kind of support"), max_length=32, choices=SupportKind.choices)
    host = models.ForeignKey(
        "events.Host",
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        default=default_host,
        related_name="support_records",
    )

    date = models.DateField(_("date"))
    stage = models.CharField(_("stage on that date"), max_length=32, choices=ProjectStage.choices, blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_records",
    )
    exhibitor = models.ForeignKey(
        Exhibitor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exhibitor"),
    )
    meeting = models.OneToOneField(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("meeting")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
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
        verbose_name = _("support record")
        verbose_name_plural = _("support records")
        ordering = ["-date", "-pk"]
        constraints = [
            # One automatic record per project, kind and event (exhibitions, pitches, courses).
            models.UniqueConstraint(
                fields=["project", "kind", "event"],
                condition=Q(event__isnull=False, meeting__isnull=True),
                name="support_once_per_project_kind_event",
            ),
        ]
        indexes = [models.Index(fields=["date", "kind"], name="support_date_kind")]

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()} · {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        # A record made at an event belongs to the event's host (the host of the rows it is counted with).
        if self.event_id is not None:
            self.host_id = Event.objects.values_list("host_id", flat=True).get(pk=self.event_id)
        super().save(*args, **kwargs)
