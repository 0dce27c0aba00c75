"""The history of a registration's details: who changed what, and when (the person through their link,
or staff)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Registration


class ChangeSource(models.TextChoices):
    PARTICIPANT = "participant", _("The person, through their link")
    STAFF = "staff", _("Staff")


class RegistrationChange(models.Model):
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="changes"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    source = models.CharField(_("changed by"), max_length=16, choices=ChangeSource.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changes = models.JSONField(_("changes"), default=dict, help_text=_("Each field changed: [old, new]."))

    class Meta:
        verbose_name = _("change of details")
        verbose_name_plural = _("changes of details")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.registration.reference} · {', '.join(self.changes)}"
