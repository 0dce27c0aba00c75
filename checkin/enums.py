from django.db import models
from django.utils.translation import gettext_lazy as _


class ScanResult(models.TextChoices):
    """The fixed set of answers to a scan, the same online and offline."""

    OK = "ok", _("Checked in")
    ALREADY_CHECKED_IN = "already_checked_in", _("Already checked in")
    INVALID = "invalid", _("Unknown or invalid code")
    REVOKED = "revoked", _("Ticket revoked")
    WRONG_EVENT = "wrong_event", _("Ticket for another event")
    NOT_OPEN = "not_open", _("Check-in is not open for this session")
    CANCELLED = "cancelled", _("Registration cancelled")
    NOT_CONFIRMED = "not_confirmed", _("Registration not confirmed")


class CheckInSource(models.TextChoices):
    SCAN = "scan", _("Scan")
    SEARCH = "search", _("Found by name")
    CORRECTION = "correction", _("Staff correction")
    WALK_IN = "walk_in", _("Walk-in registered at the door")


RESULT_COLOURS = {
    ScanResult.OK: "green",
    ScanResult.ALREADY_CHECKED_IN: "amber",
}
