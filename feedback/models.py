"""Surveys after courses and events: the questions staff build, who was invited, and one answer per
person. An anonymous survey's responses carry no link to the person: only a keyed hash that lets the
same person edit their answer (and the reminder skip them), which no export or API shows."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration


def _english() -> bool:
    return (get_language() or "vi")[:2] == "en"


class SurveyAudience(models.TextChoices):
    ATTENDEES = "attendees", _("People who attended")
    EXHIBITORS = "exhibitors", _("Exhibiting teams")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    TEXT = "text", _("Free text")
    NUMBER = "number", _("Number")


class Measure(models.TextChoices):
    """What a question measures for the reports (docs/indicators.md)."""

    NONE = "", _("Nothing for the reports")
    SATISFACTION = "satisfaction", _("Overall satisfaction")
    LEADS = "leads", _("Leads gathered")
    MEETINGS = "meetings", _("Meetings held")
    USEFULNESS = "usefulness", _("Usefulness of the event")


class Survey(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="surveys"
    )
    audience = models.CharField(
        _("sent to"), max_length=16, choices=SurveyAudience.choices, default=SurveyAudience.ATTENDEES
    )
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_vi = models.TextField(_("introduction (Vietnamese)"), max_length=2000, blank=True)
    intro_en = models.TextField(_("introduction (English)"), max_length=2000, blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Answers are not linked to the person. Cannot be turned off once answers exist."),
    )
    open_days = models.PositiveSmallIntegerField(
        _("open for (days)"), default=14, help_text=_("How long people can answer after it is sent.")
    )
    remind_after_days = models.PositiveSmallIntegerField(_("reminder after (days)"), default=3)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "audience"], name="survey_one_per_event_audience"),
            models.CheckConstraint(condition=Q(open_days__gte=1), name="survey_open_at_least_a_day"),
        ]

    def __str__(self):
        return self.title_vi

    @property
    def title(self) -> str:
        return self.title_en if _english() and self.title_en else self.title_vi

    @property
    def intro(self) -> str:
        return self.intro_en if _english() and self.intro_en else self.intro_vi


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    text_vi = models.CharField(_("question (Vietnamese)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    choices_vi = models.TextField(_("choices (Vietnamese)"), blank=True, help_text=_("One per line."))
    choices_en = models.TextField(
        _("choices (English)"), blank=True, help_text=_("One per line, in the same order.")
    )
    required = models.BooleanField(_("required"), default=False)
    measure = models.CharField(_("for the reports"), max_length=16, choices=Measure.choices, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text_vi

    @property
    def text(self) -> str:
        return self.text_en if _english() and self.text_en else self.text_vi

    def options(self, language: str | None = None) -> list[str]:
        """The choices in `language` (the active one by default), the Vietnamese where English is missing."""
        vi = [line.strip() for line in self.choices_vi.splitlines() if line.strip()]
        en = [line.strip() for line in self.choices_en.splitlines() if line.strip()]
        if (language or get_language() or "vi")[:2] == "en" and len(en) == len(vi):
            return en
        return vi


class Invitation(models.Model):
    """One person asked to answer: the link in their e-mail names it by its random code."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations"
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    respondent = models.CharField(_("respondent key"), max_length=64)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    exhibitor = models.ForeignKey(
        "events.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, default="vi")
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], name="invitation_once_per_person"),
        ]

    def __str__(self):
        return f"{self.survey} → {self.email}"


class Response(models.Model):
    """One person's answers to one survey (the unique key is the respondent's keyed hash, so one answer
    each even when anonymous). `registration`/`exhibitor` stay empty on an anonymous survey."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.CharField(_("respondent key"), max_length=64)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    exhibitor = models.ForeignKey(
        "events.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, default="vi")
    submitted_at = models.DateTimeField(_("answered"))
    updated_at = models.DateTimeField(_("last changed"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], name="response_once_per_person"),
        ]

    def __str__(self):
        return f"{self.survey} · {self.submitted_at:%d/%m/%Y}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    text = models.TextField(_("text"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="answer_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.question} · {self.rating or self.number or self.text[:30]}"
