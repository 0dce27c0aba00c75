from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseTopic(models.TextChoices):
    CAPACITY_BUILDING = "capacity_building", _("Capacity building for support organisations")
    POLICY_IMPLEMENTATION = "policy_implementation", _("Policy implementation for state agencies")


class Mark(models.TextChoices):
    """A trainee's mark for one session in the attendance matrix."""

    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    CORRECTED = "corrected", _("Present (corrected by staff)")
    UPCOMING = "upcoming", _("Not held yet")
    CANCELLED = "cancelled", _("Session cancelled")


class NominationSource(models.TextChoices):
    FORM = "form", _("Web form")
    EXCEL = "excel", _("File (.xlsx or CSV)")
    COMMAND = "command", _("Command line")
