"""The public survey page: reached from the link in the invitation (no account), answered on a phone in
Vietnamese or English, editable until the survey closes."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .models import Invitation, QuestionKind
from .selectors import answers_by_question
from .services import SurveyError, response_for, response_submit
from .signing import code_from_token


def _invitation(token: str) -> Invitation:
    code = code_from_token(token)
    invitation = (
        Invitation.objects.select_related("survey__event").filter(code=code).first() if code else None
    )
    if invitation is None:
        raise Http404
    return invitation


def _posted(request, questions) -> dict:
    answers = {}
    for question in questions:
        name = f"q{question.pk}"
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = request.POST.getlist(name)
        else:
            answers[question.pk] = request.POST.get(name, "").strip()
    return answers


@never_cache
def answer(request, token):
    invitation = _invitation(token)
    survey = invitation.survey
    questions = list(survey.questions.all())
    response = response_for(invitation)
    closed = survey.sent_at is None or (survey.closes_at is not None and survey.closes_at <= timezone.now())
    error = ""
    saved = False
    if request.method == "POST" and not closed:
        values = _posted(request, questions)
        try:
            response = response_submit(
                invitation=invitation, answers=values, language=(get_language() or "vi")[:2]
            )
            saved = True
        except SurveyError as refused:
            error = str(refused.message)
        current = values if error else answers_by_question(response)
    else:
        current = answers_by_question(response) if response else {}
    items = []
    for question in questions:
        value = current.get(question.pk)
        if isinstance(value, list):
            chosen = {str(v) for v in value}
        else:
            chosen = {str(value)} if value not in (None, "") else set()
        items.append(
            {
                "question": question,
                "name": f"q{question.pk}",
                "options": list(enumerate(question.options())),
                "chosen": chosen,
                "value": value if not isinstance(value, list) else "",
            }
        )
    return render(
        request,
        "feedback/answer.html",
        {
            "survey": survey,
            "event": survey.event,
            "items": items,
            "response": response,
            "closed": closed,
            "error": error,
            "saved": saved,
            "ratings": [(n, _label(n)) for n in range(1, 6)],
        },
        status=409 if error else 200,
    )


def _label(n: int) -> str:
    return {
        1: _("1 – very poor"),
        2: _("2 – poor"),
        3: _("3 – fair"),
        4: _("4 – good"),
        5: _("5 – very good"),
    }[n]
