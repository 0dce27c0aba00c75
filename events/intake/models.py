"""An uploaded participant list between its preview and its import: the list is kept here, in the database
(never in the session cookie, and shared by every web process), for the staff member who uploaded it, and
deleted once imported or after a day. The file is read once, at upload: what is kept is its header and rows
(`table`), which the preview and the import read without parsing the file again."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event
from events.validators import validate_single_line


def _token() -> str:
    return secrets.token_urlsafe(18)


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


class ParticipantImport(models.Model):
    token = models.CharField(_("token"), max_length=32, unique=True, default=_token, editable=False)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participant_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(
        _("file name"), max_length=255, blank=True, validators=[validate_single_line]
    )
    table = models.JSONField(_("rows read from the file"), default=dict, blank=True)  # header, [n, cells]
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    send_tickets = models.BooleanField(_("send tickets"), default=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ImportState.choices, default=ImportState.UPLOADED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("people registered"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant list import")
        verbose_name_plural = _("participant list imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name or self.token
