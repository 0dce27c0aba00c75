"""Demo surveys (a `events.extensions.demo_seeders` entry for seed_demo): every published course or
exhibition-like event that ended at least two days ago gets its survey, sent the day after, and most of
the people who came answer it; the exhibitions' teams answer theirs. A second run finds them there."""

import datetime

from events.demo.data import DemoContext
from events.enums import EventKind

from .models import QuestionKind, Survey, SurveyAudience
from .services import last_session_end, response_submit, survey_create_from_template, survey_send

EXHIBITION_KINDS = (EventKind.EXHIBITION, EventKind.DEMO_DAY, EventKind.MARKET_CONNECTION)
COMMENTS = [
    "Nội dung rất thiết thực, mong có thêm phần thực hành.",
    "Thời lượng hơi ngắn so với nội dung.",
    "Giảng viên nhiệt tình, ví dụ sát thực tế.",
    "",
    "",
]


def seed(ctx: DemoContext) -> list[str]:
    surveys = answers = 0
    for event in ctx.past_events():
        end = last_session_end(event)
        if end is None or end > ctx.now - datetime.timedelta(days=2):
            continue
        audiences = [SurveyAudience.ATTENDEES]
        if event.kind in EXHIBITION_KINDS:
            audiences.append(SurveyAudience.EXHIBITORS)
        elif event.kind != EventKind.COURSE:
            continue
        for audience in audiences:
            if Survey.objects.filter(event=event, audience=audience).exists():
                continue
            anonymous = event.kind == EventKind.COURSE and ctx.random("anonymous", event.slug).random() < 0.3
            survey = survey_create_from_template(event=event, audience=audience, anonymous=anonymous)
            sent = end + datetime.timedelta(days=1)
            survey_send(survey=survey, now=min(sent, ctx.now - datetime.timedelta(days=1)))
            surveys += 1
            answers += _answer(ctx, survey)
    return [f"Feedback: {surveys} surveys, {answers} answers"]


def _answer(ctx: DemoContext, survey: Survey) -> int:
    survey.refresh_from_db()
    questions = list(survey.questions.all())
    answered = 0
    for invitation in survey.invitations.order_by("pk"):
        draw = ctx.random("survey", survey.pk, invitation.email)
        if draw.random() > 0.75:
            continue  # about a quarter never answer
        values = {}
        for question in questions:
            if question.kind == QuestionKind.RATING:
                values[question.pk] = draw.choice([3, 4, 4, 5, 5, 5, 2])
            elif question.kind == QuestionKind.NUMBER:
                values[question.pk] = draw.randint(2, 40)
            elif question.kind == QuestionKind.SINGLE:
                values[question.pk] = draw.randrange(len(question.options()))
            elif question.kind == QuestionKind.MULTIPLE:
                count = len(question.options())
                values[question.pk] = sorted(draw.sample(range(count), draw.randint(1, min(2, count))))
            else:
                values[question.pk] = draw.choice(COMMENTS)
        when = min(survey.sent_at + datetime.timedelta(hours=draw.randint(1, 48)), survey.closes_at, ctx.now)
        response_submit(invitation=invitation, answers=values, now=when - datetime.timedelta(minutes=1))
        answered += 1
    return answered
