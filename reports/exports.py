"""Excel and CSV exports of the indicators: Vietnamese headers, numbers as numbers, dates as dates."""

import datetime
import io

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from events.numbers import format_quarter
from events.spreadsheets import append_row, csv_writer

from . import indicators

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones: local time
    return value


def period_label(period: indicators.Period) -> str:
    """The period's name in the active language: Quý I/2026 for a quarter, Năm 2026 for a year, else
    its dates."""
    start, end = period.start, period.end
    if start.day == 1 and start.month in (1, 4, 7, 10):
        quarter = (start.month - 1) // 3 + 1
        if (start, end) == (
            indicators.Period.quarter(start.year, quarter).start,
            indicators.Period.quarter(start.year, quarter).end,
        ):
            return format_quarter(start.year, quarter)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return _("Year %(year)s") % {"year": start.year}
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


def report_xlsx(report: indicators.Report, language: str = "vi") -> bytes:
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Indicators")[:31]
        append_row(sheet, [_("Period"), report.period.start, report.period.end, period_label(report.period)])
        append_row(sheet, [])
        append_row(sheet, [_("Group"), _("Indicator"), _("Value"), _("Unit"), _("Definition")])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for figure in report.figures:
            append_row(
                sheet,
                [
                    _plain(v)
                    for v in (
                        str(figure.group),
                        str(figure.label),
                        figure.value,
                        figure.unit,
                        figure.definition,
                    )
                ],
            )
        append_row(sheet, [])
        append_row(sheet, [_("Stage"), _("Value"), _("Target"), _("Per cent"), _("Milestone this year")])
        for target in report.targets:
            append_row(
                sheet,
                [target["label"], target["value"], target["target"], target["percent"], target["milestone"]],
            )
        append_row(sheet, [])
        append_row(sheet, [_("Trainees by kind of organisation"), _("People")])
        for row in report.trainees_by_kind:
            append_row(sheet, [_plain(row["label"]), row["count"]])
        append_row(sheet, [])
        append_row(sheet, [_("Quarter"), _("Projects supported"), _("Trainees attended")])
        for quarter in report.quarters:
            append_row(
                sheet,
                [
                    format_quarter(quarter["quarter"]),
                    quarter["projects_supported"],
                    quarter["trainees_attended"],
                ],
            )
        for column, width in zip("ABCDE", (28, 44, 12, 8, 80), strict=True):
            sheet.column_dimensions[column].width = width
        sheet["B1"].number_format = sheet["C1"].number_format = "DD/MM/YYYY"
        for key in indicators.DRILLABLE:
            drill = indicators.drill(key, report.period)
            title = str(report.figure(key).label)[:31]
            ws = workbook.create_sheet(title)
            append_row(ws, drill.columns)
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for row in drill.rows:
                append_row(ws, [_plain(v) for v in row])
                for cell in ws[ws.max_row]:
                    if isinstance(cell.value, datetime.datetime):
                        cell.number_format = "DD/MM/YYYY HH:MM"
                    elif isinstance(cell.value, datetime.date):
                        cell.number_format = "DD/MM/YYYY"
            for index in range(len(drill.columns)):
                ws.column_dimensions[chr(65 + index)].width = 30
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _file_stem(report: indicators.Report, language: str) -> str:
    """The download's name in the report's language (ASCII, as every browser keeps it)."""
    word = "chi-so" if language == "vi" else "indicators"
    return f"{word}-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}"


def xlsx_response(report: indicators.Report, language: str) -> HttpResponse:
    response = HttpResponse(report_xlsx(report, language), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(report, language)}.xlsx"'
    return response


def csv_response(report: indicators.Report, language: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(report, language)}.csv"'
    response.write("\ufeff")  # BOM: Excel reads the file as UTF-8 and shows Vietnamese correctly
    writer = csv_writer(response)
    with translation.override(language):
        writer.writerow([_("Group"), _("Indicator"), _("Value"), _("Unit"), _("From"), _("To")])
        for figure in report.figures:
            writer.writerow(
                [
                    str(figure.group),
                    str(figure.label),
                    "" if figure.value is None else figure.value,
                    figure.unit,
                    report.period.start.isoformat(),
                    report.period.end.isoformat(),
                ]
            )
    return response
