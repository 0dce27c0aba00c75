"""The reports page's quarter chart (issue 19): server-rendered SVG with an axis, every bar's value and
every quarter's label in the page's language; the filters echo the period shown; print styles exist."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from reports.charts import nice_ceiling, quarter_chart

pytestmark = pytest.mark.django_db

YEAR_2025 = {"preset": "year", "year": "2025"}


def svg(content: bytes) -> str:
    return re.search(r'<svg class="chart".*?</svg>', content.decode(), re.S).group(0)


def texts(svg_text: str, css_class: str) -> list[str]:
    return re.findall(rf'<text [^>]*class="{css_class}"[^>]*>([^<]*)</text>', svg_text)


def test_chart_has_values_labels_and_axis_in_vietnamese(client, report_viewer, world):
    client.force_login(report_viewer)

    chart = svg(client.get("/reports/", YEAR_2025).content)

    assert texts(chart, "label") == ["Quý I/2025", "Quý II/2025", "Quý III/2025", "Quý IV/2025"]
    # projects supported, trainees attended: per quarter, in order
    assert texts(chart, "value") == ["2", "4", "1", "0", "3", "3", "1", "0"]
    assert texts(chart, "tick") == ["0", "1", "2", "3", "4", "5"]
    assert chart.count('class="axis"') == 2
    assert re.findall(r'<rect [^>]*class="bar bar--(\d)"', chart) == ["0", "1"] * 4
    assert "<desc" in chart and "Quý III/2025: Số dự án được hỗ trợ 3, Số học viên tham dự 3." in chart


def test_chart_labels_in_english(client, report_viewer, world):
    client.force_login(report_viewer)

    chart = svg(client.get("/en/reports/", YEAR_2025).content)

    assert texts(chart, "label") == ["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"]


def test_chart_bar_heights_follow_the_values():
    with translation.override("vi"):
        chart = quarter_chart(
            [{"quarter": "2026-Q1", "a": 1000, "b": 250}, {"quarter": "2026-Q2", "a": 0, "b": 1}],
            [("a", "A"), ("b", "B")],
        )

    heights = [bar.height for group in chart.groups for bar in group.bars]
    plot = chart.axis_y - 24
    assert heights == [plot, round(plot / 4), 0, round(plot / 1000)]
    assert [tick.label for tick in chart.ticks] == ["0", "200", "400", "600", "800", "1.000"]
    assert [group.label for group in chart.groups] == ["Quý I/2026", "Quý II/2026"]


def test_chart_axis_top_is_round():
    assert [nice_ceiling(v) for v in (0, 1, 2, 3, 7, 11, 37, 101, 1234)] == [
        1,
        1,
        2,
        5,
        10,
        20,
        50,
        200,
        2000,
    ]


def test_report_filters_echo_a_preset_period(client, report_viewer, world):
    client.force_login(report_viewer)

    page = client.get("/reports/", {"preset": "q3", "year": "2025"}).content.decode()

    assert re.findall(r'<input type="text" name="(start|end)" value="([^"]*)"', page) == [
        ("start", "01/07/2025"),
        ("end", "30/09/2025"),
    ]
    assert re.search(r'<option value="q3" selected>', page)
    assert re.search(r'<input type="number" name="year" value="2025"', page)
    assert '<span class="period-name">· Quý III/2025</span>' in page


def test_report_numbers_are_grouped_in_each_language(client, report_viewer, world):
    client.force_login(report_viewer)

    vi = client.get("/reports/", YEAR_2025).content.decode()
    en = client.get("/en/reports/", YEAR_2025).content.decode()

    rate_vi = re.search(r"<dt>Tỷ lệ tham dự</dt>\s*<dd>([^<]*)</dd>", vi).group(1)
    rate_en = re.search(r"<dt>Attendance rate</dt>\s*<dd>([^<]*)</dd>", en).group(1)
    assert (rate_vi, rate_en) == ("85,7%", "85.7%")


def test_report_print_styles_keep_the_chart():
    css = Path("reports/static/reports/reports.css").read_text()
    print_block = css[css.index("@media print") :]

    assert ".report-period, .exports { display: none; }" in print_block
    assert "print-color-adjust: exact" in print_block
