"""Surveys: built from a template, sent after the last session ends to the people who attended (or the
exhibiting teams), reminded once, answered once per person.

The periodic job (`tasks.send_due_surveys`) is safe to run twice at once or late: each survey is handled
under its row lock, an invitation is a unique row per survey and person, and the survey's `sent_at` and
`reminded_at` say what is done. Everything is queued through the outbox (`events.mail`), so a rollback
sends nothing."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from checkin.models import CheckIn
from events.codes import random_code
from events.enums import EventKind, EventStatus
from events.exceptions import DomainError
from events.exhibitions.models import Exhibitor, ExhibitorStatus
from events.mail.models import EmailTopic, UnsubscribeTopic
from events.mail.services import email_queue
from events.mail.unsubscribe import unsubscribed_emails
from events.models import Event, Registration

from .models import Answer, Invitation, Question, QuestionKind, Response, Survey, SurveyAudience
from .templates_default import default_template


class SurveyError(DomainError):
    code = "survey_error"
    status_code = 409


def respondent_key(
    survey_id: int, *, registration_id: int | None = None, exhibitor_id: int | None = None
) -> str:
    """A keyed hash naming one person within one survey: the same person always gets the same key (one
    answer each), and the key tells nobody who they are."""
    who = f"r{registration_id}" if registration_id else f"x{exhibitor_id}"
    return hmac.new(
        settings.SECRET_KEY.encode(), f"survey:{survey_id}:{who}".encode(), hashlib.sha256
    ).hexdigest()


def survey_create_from_template(
    *, event: Event, audience: str = SurveyAudience.ATTENDEES, anonymous: bool = False
) -> Survey:
    """A survey of `event` for `audience` with the default questions (course, exhibition or exhibitors),
    in Vietnamese and English; staff edit it afterwards."""
    template = default_template(is_course=event.kind == EventKind.COURSE, audience=audience)
    with transaction.atomic():
        survey = Survey(
            event=event,
            audience=audience,
            anonymous=anonymous,
            title_vi=template["title"][0],
            title_en=template["title"][1],
            intro_vi=template["intro"][0],
            intro_en=template["intro"][1],
        )
        survey.full_clean()
        survey.save()
        survey_add_default_questions(survey=survey)
    return survey


def survey_add_default_questions(*, survey: Survey) -> int:
    """Give a survey without questions the default ones of its kind of event and audience; returns how
    many were added (none when it already has questions)."""
    if survey.questions.exists():
        return 0
    template = default_template(is_course=survey.event.kind == EventKind.COURSE, audience=survey.audience)
    rows = Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                position=position,
                kind=kind,
                text_vi=text_vi,
                text_en=text_en,
                choices_vi=choices_vi,
                choices_en=choices_en,
                measure=measure,
                required=required,
            )
            for position, (kind, text_vi, text_en, choices_vi, choices_en, measure, required) in enumerate(
                template["questions"], start=1
            )
        ]
    )
    return len(rows)


def survey_anonymity_locked(survey: Survey, anonymous: bool) -> bool:
    """True when `anonymous` would turn anonymity off on a survey people have answered (their answers
    were stored without the person and must stay so)."""
    return bool(survey.pk) and survey.anonymous and not anonymous and survey.responses.exists()


def survey_set_anonymous(*, survey: Survey, anonymous: bool) -> Survey:
    """Turn anonymity on at any time, off only while nobody has answered (answers given anonymously were
    stored without the person and must stay so)."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey_anonymity_locked(survey, anonymous):
            raise SurveyError(
                _("Anonymity cannot be turned off once people have answered."), code="survey_anonymous_locked"
            )
        survey.anonymous = anonymous
        survey.save(update_fields=["anonymous"])
    return survey


def last_session_end(event: Event) -> datetime.datetime | None:
    return event.sessions.filter(is_cancelled=False).aggregate(end=Max("ends_at"))["end"]


def survey_audience(survey: Survey) -> list[Invitation]:
    """Unsaved invitations for everyone the survey is for: people checked in at least once at one of the
    event's sessions (one per registration), or the contacts of the approved exhibiting teams."""
    if survey.audience == SurveyAudience.EXHIBITORS:
        teams = Exhibitor.objects.filter(event=survey.event, status=ExhibitorStatus.APPROVED)
        return [
            Invitation(
                survey=survey,
                exhibitor=team,
                email=team.contact_email,
                language=team.language or "vi",
                respondent=respondent_key(survey.pk, exhibitor_id=team.pk),
            )
            for team in teams
        ]
    attended = CheckIn.objects.successful().filter(session__event=survey.event).values("registration_id")
    people = Registration.objects.filter(event=survey.event, pk__in=attended).only("pk", "email", "language")
    return [
        Invitation(
            survey=survey,
            registration=person,
            email=person.email,
            language=person.language or "vi",
            respondent=respondent_key(survey.pk, registration_id=person.pk),
        )
        for person in people
    ]


def _queue(invitation: Invitation, kind: str) -> None:
    email_queue(
        topic=EmailTopic.SURVEY,
        obj=invitation,
        kind=kind,
        recipient=invitation.email,
        registration=invitation.registration if invitation.registration_id else None,
    )


def survey_send(*, survey: Survey, now: datetime.datetime | None = None) -> int:
    """Invite everyone the survey is for, once: under the survey's row lock, so two runs at once invite
    each person once. Returns how many were invited now."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.sent_at is not None:
            return 0
        for invitation in (candidates := survey_audience(survey)):
            invitation.code = random_code(16)
            invitation.created_at = now
        Invitation.objects.bulk_create(candidates, ignore_conflicts=True)
        invited = list(Invitation.objects.filter(survey=survey).select_related("registration"))
        for invitation in invited:
            _queue(invitation, "invitation")
        survey.sent_at = now
        survey.closes_at = now + datetime.timedelta(days=survey.open_days)
        survey.save(update_fields=["sent_at", "closes_at"])
    return len(invited)


def survey_remind(*, survey: Survey, now: datetime.datetime | None = None) -> int:
    """The one reminder: to the invited people who have not answered and did not unsubscribe from
    reminders, once per survey."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.sent_at is None or survey.reminded_at is not None:
            return 0
        answered = Response.objects.filter(survey=survey).values("respondent")
        pending = (
            Invitation.objects.filter(survey=survey, reminded_at__isnull=True)
            .exclude(respondent__in=answered)
            .annotate(address=Lower("email"))
            .exclude(address__in=unsubscribed_emails(UnsubscribeTopic.REMINDERS))
            .select_related("registration")
        )
        reminded = list(pending)
        for invitation in reminded:
            _queue(invitation, "reminder")
        Invitation.objects.filter(pk__in=[i.pk for i in reminded]).update(reminded_at=now)
        survey.reminded_at = now
        survey.save(update_fields=["reminded_at"])
    return len(reminded)


def surveys_send_due(*, now: datetime.datetime | None = None) -> int:
    """Send the surveys whose event's last session has ended, and the reminders that are due (never once
    a survey has closed). Returns how many messages were queued."""
    now = now or timezone.now()
    queued = 0
    unsent = Survey.objects.filter(sent_at__isnull=True, event__status=EventStatus.PUBLISHED).select_related(
        "event"
    )
    for survey in unsent:
        end = last_session_end(survey.event)
        if end is not None and end <= now:
            queued += survey_send(survey=survey, now=now)
    to_remind = Survey.objects.filter(sent_at__isnull=False, reminded_at__isnull=True, closes_at__gt=now)
    for survey in to_remind:
        if survey.sent_at + datetime.timedelta(days=survey.remind_after_days) <= now:
            queued += survey_remind(survey=survey, now=now)
    return queued


# --- Answering ----------------------------------------------------------------------------------------


def _clean_answer(question: Question, value) -> dict | None:
    """The stored form of one answer (None when left empty); raises SurveyError on a value the question
    cannot take."""
    invalid = SurveyError(
        _("An answer is not valid: %(question)s") % {"question": question.text}, code="invalid_answer"
    )
    if value in (None, "", []):
        if question.required:
            raise SurveyError(
                _("Please answer: %(question)s") % {"question": question.text}, code="answer_required"
            )
        return None
    count = len(question.options())
    try:
        if question.kind == QuestionKind.RATING:
            rating = int(value)
            if not 1 <= rating <= 5:
                raise invalid
            return {"rating": rating}
        if question.kind == QuestionKind.NUMBER:
            number = int(value)
            if not 0 <= number <= 1_000_000:
                raise invalid
            return {"number": number}
        if question.kind == QuestionKind.SINGLE:
            choice = int(value)
            if not 0 <= choice < count:
                raise invalid
            return {"choices": [choice]}
        if question.kind == QuestionKind.MULTIPLE:
            picked = sorted({int(v) for v in (value if isinstance(value, list | tuple) else [value])})
            if any(not 0 <= c < count for c in picked):
                raise invalid
            return {"choices": picked}
    except (TypeError, ValueError):
        raise invalid from None
    text = str(value).strip()[:5000]
    return {"text": text} if text else None


def response_submit(
    *, invitation: Invitation, answers: dict, language: str = "vi", now: datetime.datetime | None = None
) -> Response:
    """Record (or replace) the invited person's answers: one response per person and survey (a unique
    constraint, so two submissions at once keep one), editable until the survey closes. On an anonymous
    survey the response is stored without the person."""
    now = now or timezone.now()
    survey = Survey.objects.get(pk=invitation.survey_id)  # as it is now, not as the caller last read it
    if survey.sent_at is None or (survey.closes_at is not None and now >= survey.closes_at):
        raise SurveyError(_("This survey is closed."), code="survey_closed")
    questions = list(survey.questions.all())
    cleaned = {q.pk: _clean_answer(q, answers.get(q.pk)) for q in questions}
    person = {}
    if not survey.anonymous:
        person = {"registration_id": invitation.registration_id, "exhibitor_id": invitation.exhibitor_id}
    with transaction.atomic():
        try:
            with transaction.atomic():
                response, _created = Response.objects.get_or_create(
                    survey=survey,
                    respondent=invitation.respondent,
                    defaults={"submitted_at": now, "updated_at": now, "language": language, **person},
                )
        except IntegrityError:  # the same person's other submission won the race: edit that one
            response = Response.objects.get(survey=survey, respondent=invitation.respondent)
        response = Response.objects.select_for_update().get(pk=response.pk)
        response.updated_at = now
        response.language = language
        response.save(update_fields=["updated_at", "language"])
        response.answers.all().delete()
        Answer.objects.bulk_create(
            [Answer(response=response, question_id=pk, **value) for pk, value in cleaned.items() if value]
        )
    return response


def response_for(invitation: Invitation) -> Response | None:
    return Response.objects.filter(survey_id=invitation.survey_id, respondent=invitation.respondent).first()
