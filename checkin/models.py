import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.hosts import default_host
from events.models import Event, Registration, Session
from events.validators import validate_single_line

from .enums import CheckInSource, ScanResult


class EventKey(models.Model):
    """The Ed25519 key pair that signs an event's tickets. Scanners get only the public half."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="ticket_key", verbose_name=_("event")
    )
    key_id = models.PositiveIntegerField(_("key id"))
    private_key = models.BinaryField(editable=False, verbose_name=_("private key"))
    public_key = models.BinaryField(editable=False, verbose_name=_("public key"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("ticket signing key")
        verbose_name_plural = _("ticket signing keys")
        constraints = [
            models.CheckConstraint(condition=Q(key_id__lte=65535), name="event_key_id_two_bytes"),
        ]

    def __str__(self):
        return f"{self.event} #{self.key_id}"


class Ticket(models.Model):
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="tickets"
    )
    code = models.CharField(_("code"), max_length=128, unique=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(revoked_at__isnull=True),
                name="ticket_one_active_per_registration",
            ),
        ]

    def __str__(self):
        return f"{self.registration.reference} · {self.code[:8]}…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ScannerDevice(models.Model):
    """A phone, laptop or scanner app at a gate. Its token is shown once and stored hashed."""

    name = models.CharField(_("gate name"), max_length=120, validators=[validate_single_line])
    host = models.ForeignKey(
        "events.Host",
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        default=default_host,
        related_name="scanner_devices",
    )

    events = models.ManyToManyField(Event, verbose_name=_("events"), related_name="scanner_devices")
    token_hash = models.CharField(max_length=64, unique=True, editable=False, verbose_name=_("token hash"))
    token_hint = models.CharField(_("token starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("scanner device")
        verbose_name_plural = _("scanner devices")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    # DRF's IsAuthenticated looks at request.user.is_authenticated; a device authenticates as itself.
    is_authenticated = True


class DoorStaffAssignment(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="door_staff"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="door_assignments",
    )
    gate = models.CharField(_("gate"), max_length=120, blank=True, validators=[validate_single_line])

    class Meta:
        verbose_name = _("door staff assignment")
        verbose_name_plural = _("door staff assignments")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="door_staff_once_per_event")]

    def __str__(self):
        return f"{self.user} @ {self.event}"


class CheckInQuerySet(models.QuerySet):
    def successful(self):
        """Check-ins that count as attendance: result ok and not undone by staff."""
        return self.filter(result=ScanResult.OK, undone_at__isnull=True)


class CheckIn(models.Model):
    """One scan attempt (successful or not) or one staff correction."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="checkins"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkins",
    )
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkins",
        verbose_name=_("ticket"),
    )
    code = models.CharField(_("scanned code"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=32, choices=ScanResult.choices)
    source = models.CharField(
        _("source"), max_length=16, choices=CheckInSource.choices, default=CheckInSource.SCAN
    )
    device = models.ForeignKey(
        ScannerDevice,
        verbose_name=_("device"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    gate = models.CharField(_("gate"), max_length=120, blank=True, validators=[validate_single_line])
    nonce = models.CharField(_("client scan id"), max_length=64, null=True, blank=True, unique=True)
    scanned_at = models.DateTimeField(_("scanned at"), db_index=True)
    uploaded_at = models.DateTimeField(_("received at"), auto_now_add=True)
    offline = models.BooleanField(_("made offline"), default=False)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )
    undo_reason = models.CharField(_("reason for undoing"), max_length=255, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-scanned_at", "-pk"]
        permissions = [("scan_all_events", _("Can scan tickets at every event"))]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"],
                condition=Q(result="ok", undone_at__isnull=True),
                name="checkin_once_per_session",
            ),
        ]
        indexes = [models.Index(fields=["session", "result"], name="checkin_session_result")]

    def __str__(self):
        return f"{self.get_result_display()} · {self.session_id} · {self.scanned_at:%d/%m %H:%M}"

    @property
    def counts(self) -> bool:
        return self.result == ScanResult.OK and self.undone_at is None


class DeletedTicket(models.Model):
    """What is left of a ticket deleted (alone or with its registration): its id and its event, no personal
    data. Its code is still genuinely signed by the event's key, so scanners must keep refusing it: the
    offline package lists these ids among the revoked ones, as the server answers `revoked` for them."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="deleted_tickets"
    )
    ticket_id = models.CharField(_("ticket id"), max_length=12)
    deleted_at = models.DateTimeField(_("deleted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deleted ticket")
        verbose_name_plural = _("deleted tickets")
        constraints = [
            models.UniqueConstraint(fields=["event", "ticket_id"], name="deleted_ticket_once_per_event"),
        ]

    def __str__(self):
        return f"{self.event_id} · {self.ticket_id}"
