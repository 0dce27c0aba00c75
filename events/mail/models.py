"""The e-mail outbox: every message the system sends is a row, so a mail-server outage loses nothing,
sending is retried, and staff see each message's state and can resend it."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from events.validators import validate_single_line


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will be retried")
    GAVE_UP = "gave_up", _("Failed, not retried any more")


class EmailTopic(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    CERTIFICATE = "certificate", _("Certificate")
    EXHIBITOR = "exhibitor", _("Exhibitor application")
    MEETING = "meeting", _("Meeting")
    STAFF_MESSAGE = "staff_message", _("Message from the organisers")
    NEWS = "news", _("News")
    SURVEY = "survey", _("Feedback survey")
    EMAIL_CHANGE = "email_change", _("E-mail address confirmation")
    INVITATION = "invitation", _("Invitation to a host's staff")


class Channel(models.TextChoices):
    """How a message reaches the person (see `channels.py`: a new channel is a sender there)."""

    EMAIL = "email", _("E-mail")


class OutgoingEmail(models.Model):
    topic = models.CharField(_("about"), max_length=16, choices=EmailTopic.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    kind = models.CharField(_("kind"), max_length=32)
    recipient = models.EmailField(_("to"))
    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    payload = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("What the message is about, kept when it was queued."),
    )

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_retry_queue")]

    def __str__(self):
        return f"{self.get_topic_display()} · {self.kind} → {self.recipient}"


class NoticeKind(models.TextChoices):
    CHANGED = "changed", _("Schedule changed")
    CANCELLED = "cancelled", _("Event cancelled")


class ChangeNotice(models.Model):
    """What changed in an event's schedule, and whether (and when) its people were told. Changes made
    within a few minutes of each other are folded into one notice, so people get one message."""

    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="change_notices"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices, default=NoticeKind.CHANGED)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    announced = models.BooleanField(
        _("people told"), default=True, help_text=_("Off when staff chose not to notify (a typo fix).")
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    send_after = models.DateTimeField(_("send after"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("people told"), default=0)

    class Meta:
        verbose_name = _("change notice")
        verbose_name_plural = _("change notices")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "send_after"], name="change_notice_due")]

    def __str__(self):
        return f"{self.event} · {self.get_kind_display()}"


class ReminderSent(models.Model):
    """One reminder, `hours` before `session`, to one registered person: never twice."""

    registration = models.ForeignKey(
        "events.Registration", verbose_name=_("registration"), on_delete=models.CASCADE, related_name="+"
    )
    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    hours = models.PositiveSmallIntegerField(_("hours before"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session", "hours"], name="reminder_once_per_person_session_hours"
            )
        ]

    def __str__(self):
        return f"{self.registration} · {self.session} · {self.hours} h"


class StaffMessage(models.Model):
    """A message staff wrote to a group of an event's people, in Vietnamese and English, with the
    placeholders {name}, {event} and {link} (the person's registration page)."""

    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="staff_messages"
    )
    audience = models.CharField(_("to"), max_length=32)
    subject_vi = models.CharField(
        _("subject (Vietnamese)"), max_length=200, validators=[validate_single_line]
    )
    subject_en = models.CharField(
        _("subject (English)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    body_vi = models.TextField(_("message (Vietnamese)"), max_length=10000)
    body_en = models.TextField(_("message (English)"), max_length=10000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject_vi


class UnsubscribeTopic(models.TextChoices):
    """What a person can stop receiving. Messages they need (ticket, confirmation, cancellation) have no
    topic here: nobody can unsubscribe from them."""

    NEWS = "news", _("News")
    REMINDERS = "reminders", _("Reminders")


class Unsubscription(models.Model):
    """A person (an e-mail address, whatever its case) who asked to receive no more messages of a topic."""

    email = models.EmailField(_("e-mail"))
    topic = models.CharField(_("topic"), max_length=16, choices=UnsubscribeTopic.choices)
    created_at = models.DateTimeField(_("unsubscribed"), auto_now_add=True)

    class Meta:
        verbose_name = _("unsubscription")
        verbose_name_plural = _("unsubscriptions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), "topic", name="unsubscription_one_per_email_topic"),
        ]

    def __str__(self):
        return f"{self.email} · {self.get_topic_display()}"
