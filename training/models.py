from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.codes import random_code
from events.enums import EventKind, OrganizationKind
from events.models import Event, Organization, Registration, localized
from events.validators import validate_single_line

from .enums import CourseTopic, NominationSource


class Course(models.Model):
    """What only a training course has. Its classes are the event's sessions; enrolments are registrations."""

    event = models.OneToOneField(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="course",
        limit_choices_to={"kind": EventKind.COURSE},
    )
    topic = models.CharField(_("topic"), max_length=32, choices=CourseTopic.choices)
    eligible_kinds = models.JSONField(
        _("organisation kinds that may enrol"),
        default=list,
        blank=True,
        help_text=_("Leave empty to accept every kind of organisation."),
    )
    trainers = models.TextField(_("trainers"), blank=True, help_text=_("One per line."))
    outcomes_vi = models.TextField(_("learning outcomes (Vietnamese)"), blank=True)
    outcomes_en = models.TextField(_("learning outcomes (English)"), blank=True)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    late_counts = models.BooleanField(
        _("late arrival counts as attended"),
        default=True,
        help_text=_("If unticked, arriving later than the grace period does not count towards completion."),
    )
    late_after_minutes = models.PositiveSmallIntegerField(_("late after (minutes)"), default=15)
    certificates_enabled = models.BooleanField(_("issue certificates"), default=True)
    certificate_signer_name = models.CharField(
        _("certificate signed by"), max_length=200, blank=True, validators=[validate_single_line]
    )
    certificate_signer_title = models.CharField(
        _("signer's title"), max_length=200, blank=True, validators=[validate_single_line]
    )
    completion_evaluated_at = models.DateTimeField(_("completion last evaluated"), null=True, blank=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="course_min_attendance_percent_range"
            ),
        ]

    def __str__(self):
        return str(self.event)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.event.slug})

    @property
    def outcomes(self) -> str:
        return localized(self, "outcomes")

    @property
    def trainer_list(self) -> list[str]:
        return [line.strip() for line in self.trainers.splitlines() if line.strip()]

    def eligible_kind_labels(self) -> list[str]:
        labels = dict(OrganizationKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.eligible_kinds]

    def accepts(self, kind: str) -> bool:
        return not self.eligible_kinds or kind in self.eligible_kinds


class Completion(models.Model):
    """The completion rule's verdict for one trainee, kept so reports and pages read it cheaply."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="completion"
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="completions", verbose_name=_("course")
    )
    sessions_total = models.PositiveSmallIntegerField(_("sessions held"))
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"))
    completed = models.BooleanField(_("completed"))
    evaluated_at = models.DateTimeField(_("evaluated"))

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_attended__lte=models.F("sessions_total")),
                name="completion_attended_le_total",
            ),
        ]

    def __str__(self):
        return f"{self.registration} {self.sessions_attended}/{self.sessions_total}"

    @property
    def percent(self) -> int:
        return round(100 * self.sessions_attended / self.sessions_total) if self.sessions_total else 0


class CertificateCounter(models.Model):
    """Last certificate number used in a year; locked while a number is taken, so numbers are gap-free."""

    year = models.PositiveSmallIntegerField(primary_key=True, verbose_name=_("year"))
    last_number = models.PositiveIntegerField(default=0, verbose_name=_("last number"))

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


def certificate_code() -> str:
    return random_code(12)


class Certificate(models.Model):
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=certificate_code)
    full_name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    organization_name = models.CharField(
        _("organisation"), max_length=255, blank=True, validators=[validate_single_line]
    )
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    issued_at = models.DateTimeField(_("issued"))
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
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="certificate_number_unique_per_year"),
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_valid_per_registration",
            ),
        ]

    def __str__(self):
        return self.display_number

    def get_absolute_url(self):
        return reverse("training:certificate_verify", kwargs={"code": self.code})

    @property
    def display_number(self) -> str:
        return f"{self.year}/{self.number:06d}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


def invite_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


class NominationInvite(models.Model):
    """A link staff send to a partner organisation's contact so they can nominate staff for a course."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="invites"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="nomination_invites",
    )
    contact_name = models.CharField(_("contact name"), max_length=200, validators=[validate_single_line])
    contact_email = models.EmailField(_("contact e-mail"))
    token = models.CharField(
        max_length=64, unique=True, default=invite_token, editable=False, verbose_name=_("token")
    )
    max_nominees = models.PositiveIntegerField(_("maximum nominees"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination invitation")
        verbose_name_plural = _("nomination invitations")
        constraints = [
            models.UniqueConstraint(fields=["course", "organization"], name="nomination_invite_once_per_org")
        ]

    def __str__(self):
        return f"{self.organization} → {self.course}"

    def get_absolute_url(self):
        return reverse("training:nominate", kwargs={"token": self.token})


class NominationBatch(models.Model):
    """One submission of nominees (a form, a file or a command), all saved or none."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="nominations"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="nominations"
    )
    invite = models.ForeignKey(
        NominationInvite,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="batches",
        verbose_name=_("invite"),
    )
    source = models.CharField(_("source"), max_length=16, choices=NominationSource.choices)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    registrations = models.ManyToManyField(
        Registration, related_name="nomination_batches", blank=True, verbose_name=_("registrations")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organization} · {self.course} · {self.created_at:%d/%m/%Y}"
