from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from events.hosts import is_programme_office

from . import exports, indicators
from .forms import PeriodForm


def _without(params, name: str) -> str:
    rest = params.copy()
    rest.pop(name, None)
    return rest.urlencode()


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
    quarter_max = _max(
        [q["projects_supported"] for q in report.quarters] + [q["trainees_attended"] for q in report.quarters]
    )
    bars = []
    for index, q in enumerate(report.quarters):
        bars.append(
            {
                **q,
                "x": 10 + index * 44,
                "p_height": round(150 * q["projects_supported"] / quarter_max),
                "t_height": round(150 * q["trainees_attended"] / quarter_max),
            }
        )
    for bar in bars:
        bar["p_y"] = 170 - bar["p_height"]
        bar["t_y"] = 170 - bar["t_height"]
        bar["t_x"] = bar["x"] + 18
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "report": report,
            "period": period,
            "groups": groups,
            "bars": bars,
            "chart_width": 20 + 44 * len(bars),
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
