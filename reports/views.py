from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.hosts import is_programme_office

from . import charts, exports, indicators
from .forms import PeriodForm


def _without(params, name: str) -> str:
    rest = params.copy()
    rest.pop(name, None)
    return rest.urlencode()


def _echo_period(form: PeriodForm, period: indicators.Period) -> PeriodForm:
    """The filters as the page's figures read them: the dates of the period shown (whether typed, a
    preset, or the default year), so the form always says what is on the page. A form with errors is
    shown as typed, with its messages."""
    if form.is_bound and form.errors:
        return form
    data = form.cleaned_data if form.is_bound else {}
    return PeriodForm(
        user=form.user,
        initial={
            "start": period.start,
            "end": period.end,
            "preset": data.get("preset", ""),
            "year": data.get("year") or (period.start.year if period.start.year == period.end.year else None),
            "host": data.get("host"),
        },
    )


def _max(values):
    return max([v for v in values if v] or [1])


@login_required
@permission_required("reports.view_reports", raise_exception=True)
def report_page(request):
    form = PeriodForm(request.GET or None, user=request.user)
    period = form.counted_period()  # one moment for the figures and the page that shows them
    report = indicators.compute(period)
    hosts = indicators.by_host(period) if period.hosts is None and is_programme_office(request.user) else None
    export = request.GET.get("format")
    if export == "xlsx":
        return exports.xlsx_response(report, get_language() or "vi")
    if export == "csv":
        return exports.csv_response(report, get_language() or "vi")
    groups = {}
    for figure in report.figures:
        groups.setdefault(str(figure.group), []).append(figure)
    chart = charts.quarter_chart(
        report.quarters,
        [("projects_supported", _("Projects supported")), ("trainees_attended", _("Trainees attended"))],
    )
    return render(
        request,
        "reports/report.html",
        {
            "form": _echo_period(form, period),
            "report": report,
            "period": period,
            "groups": groups,
            "chart": chart,
            "period_label": exports.period_label(period),
            "kind_max": _max(r["count"] for r in report.trainees_by_kind),
            "query": request.GET.urlencode(),
            "hosts": hosts,
            "host_query": _without(request.GET, "host"),
        },
    )


@login_required
@permission_required("reports.view_reports", raise_exception=True)
def drill_page(request, key):
    if key not in indicators.DRILLABLE:
        raise Http404
    form = PeriodForm(request.GET or None, user=request.user)
    period = form.counted_period()
    drill = indicators.drill(
        key, period, stage=request.GET.get("stage", ""), kind=request.GET.get("kind", "")
    )
    return render(
        request,
        "reports/drill.html",
        {"drill": drill, "period": period, "key": key, "definition": indicators.DEFINITIONS.get(key, "")},
    )
