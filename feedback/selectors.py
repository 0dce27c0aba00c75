"""Reads of surveys shared by the page, the admin, the export, the API and the reports."""

from django.db.models import Avg, Count, QuerySet

from .models import Answer, Measure, Question, QuestionKind, Response, Survey


def answers_by_question(response: Response | None) -> dict:
    """The stored answers of `response` as the form posts them: {question id: value}."""
    if response is None:
        return {}
    result = {}
    for answer in response.answers.all():
        if answer.rating is not None:
            result[answer.question_id] = answer.rating
        elif answer.number is not None:
            result[answer.question_id] = answer.number
        elif answer.choices:
            result[answer.question_id] = answer.choices
        else:
            result[answer.question_id] = answer.text
    return result


def survey_results(survey: Survey) -> list[dict]:
    """Per question: how many answered, the average (ratings, numbers), the distribution (ratings,
    choices) and the comments (free text), in a fixed number of queries."""
    questions = list(survey.questions.all())
    answers = Answer.objects.filter(response__survey=survey)
    stats = {
        row["question"]: row
        for row in answers.values("question").annotate(
            n=Count("pk"), rating=Avg("rating"), number=Avg("number")
        )
    }
    ratings: dict[int, dict[int, int]] = {}
    for row in answers.filter(rating__isnull=False).values("question", "rating").annotate(n=Count("pk")):
        ratings.setdefault(row["question"], {})[row["rating"]] = row["n"]
    picks: dict[int, dict[int, int]] = {}
    texts: dict[int, list[str]] = {}
    for question_id, choices, text in answers.values_list("question", "choices", "text").order_by("pk"):
        for choice in choices or []:
            picks.setdefault(question_id, {}).setdefault(choice, 0)
            picks[question_id][choice] += 1
        if text:
            texts.setdefault(question_id, []).append(text)
    results = []
    for question in questions:
        row = stats.get(question.pk, {})
        item = {"question": question, "answered": row.get("n", 0), "average": None, "distribution": []}
        if question.kind == QuestionKind.RATING:
            counts = ratings.get(question.pk, {})
            item["average"] = round(row["rating"], 2) if row.get("rating") is not None else None
            item["distribution"] = [(str(n), counts.get(n, 0)) for n in range(1, 6)]
        elif question.kind == QuestionKind.NUMBER:
            item["average"] = round(row["number"], 2) if row.get("number") is not None else None
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            counts = picks.get(question.pk, {})
            item["distribution"] = [(option, counts.get(i, 0)) for i, option in enumerate(question.options())]
        else:
            item["comments"] = texts.get(question.pk, [])
        results.append(item)
    return results


def survey_figures(survey: Survey) -> dict:
    """Invited, answered, response rate and satisfied share (4-5 on the satisfaction question)."""
    invited = survey.invitations.count()
    answered = survey.responses.count()
    satisfaction = satisfaction_answers(Response.objects.filter(survey=survey))
    rated = satisfaction.count()
    satisfied = satisfaction.filter(rating__gte=4).count()
    return {
        "invited": invited,
        "answered": answered,
        "response_rate": round(100 * answered / invited, 1) if invited else None,
        "satisfied_rate": round(100 * satisfied / rated, 1) if rated else None,
    }


def satisfaction_answers(responses: QuerySet[Response]) -> QuerySet[Answer]:
    """The ratings given to the satisfaction question (one per response at most) of `responses`."""
    return Answer.objects.filter(
        response__in=responses, question__measure=Measure.SATISFACTION, rating__isnull=False
    )


def responses_with_person(survey: Survey) -> QuerySet[Response]:
    """The responses, with who answered when the survey is not anonymous (an anonymous survey's
    responses have no person to show)."""
    qs = survey.responses.prefetch_related("answers")
    if not survey.anonymous:
        qs = qs.select_related("registration", "exhibitor__project")
    return qs


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.all())
