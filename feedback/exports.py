"""A survey's results as an Excel file: a summary per question and one row per response. Every value
goes through `events.spreadsheets` (a comment typed as "=..." stays text). An anonymous survey's file
names nobody: its responses are stored without the person, and no person column is written."""

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from events.spreadsheets import append_row

from .models import QuestionKind, Survey
from .selectors import answers_by_question, responses_with_person, survey_figures, survey_results


def _answer_text(question, value) -> object:
    if value is None or value == "":
        return ""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = question.options()
        return "; ".join(options[i] for i in value if 0 <= i < len(options))
    return value


def survey_xlsx(survey: Survey, language: str = "vi") -> bytes:
    with translation.override(language):
        workbook = Workbook()
        summary = workbook.active
        summary.title = _("Results")[:31]
        figures = survey_figures(survey)
        append_row(summary, [survey.title, survey.event.title])
        append_row(summary, [_("Invited"), figures["invited"]])
        append_row(summary, [_("Answered"), figures["answered"]])
        append_row(summary, [_("Response rate (%)"), figures["response_rate"]])
        append_row(summary, [_("Satisfied, 4-5 (%)"), figures["satisfied_rate"]])
        append_row(summary, [])
        append_row(summary, [_("Question"), _("Answered"), _("Average"), _("Answer"), _("Count")])
        for cell in summary[summary.max_row]:
            cell.font = Font(bold=True)
        for item in survey_results(survey):
            question = item["question"]
            append_row(summary, [question.text, item["answered"], item["average"]])
            for label, count in item["distribution"]:
                append_row(summary, ["", "", "", label, count])
            for comment in item.get("comments", []):
                append_row(summary, ["", "", "", comment])
        answers = workbook.create_sheet(_("Answers")[:31])
        questions = list(survey.questions.all())
        person = [] if survey.anonymous else [_("Name"), _("E-mail")]
        append_row(answers, [*person, _("Answered"), *[q.text for q in questions]])
        for cell in answers[1]:
            cell.font = Font(bold=True)
        for response in responses_with_person(survey):
            values = answers_by_question(response)
            who = []
            if not survey.anonymous:
                if response.registration is not None:
                    who = [response.registration.full_name, response.registration.email]
                elif response.exhibitor is not None:
                    who = [response.exhibitor.project.name, response.exhibitor.contact_email]
                else:
                    who = ["", ""]
            append_row(
                answers,
                [
                    *who,
                    timezone.localtime(response.submitted_at).replace(tzinfo=None),
                    *[_answer_text(q, values.get(q.pk)) for q in questions],
                ],
            )
        summary.column_dimensions["A"].width = 60
        out = io.BytesIO()
        workbook.save(out)
    return out.getvalue()
