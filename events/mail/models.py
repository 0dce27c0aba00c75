"""The e-mail outbox: every message the system sends is a row, so a mail-server outage loses nothing,
sending is retried, and staff see each message's state and can resend it."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will be retried")
    GAVE_UP = "gave_up", _("Failed, not retried any more")


class EmailTopic(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    EXHIBITOR = "exhibitor", _("Exhibitor application")
    MEETING = "meeting", _("Meeting")
    NEWS = "news", _("News")


class OutgoingEmail(models.Model):
    topic = models.CharField(_("about"), max_length=16, choices=EmailTopic.choices)
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

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_retry_queue")]

    def __str__(self):
        return f"{self.get_topic_display()} · {self.kind} → {self.recipient}"


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
