"""The report's period as staff type it: dd/mm/yyyy in both languages (ISO too); the API stays ISO 8601."""

import datetime
import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

MAY = {"start": "01/05/2026", "end": "31/05/2026"}


def lead(content: bytes) -> str:
    return re.search(r'<p class="lead">([^<]*)</p>', content.decode()).group(1)


def date_inputs(content: bytes) -> list[str]:
    return re.findall(r'<input[^>]*name="(?:start|end)"[^>]*>', content.decode())


def test_report_period_typed_day_first_in_vietnamese(client, report_viewer):
    client.force_login(report_viewer)

    response = client.get("/reports/", MAY)

    assert (response.context["period"].start, response.context["period"].end) == (
        datetime.date(2026, 5, 1),
        datetime.date(2026, 5, 31),
    )
    assert lead(response.content) == "Từ 01/05/2026 đến 31/05/2026"
    assert date_inputs(response.content) == [
        '<input type="text" name="start" value="01/05/2026" placeholder="dd/mm/yyyy" id="id_start">',
        '<input type="text" name="end" value="31/05/2026" placeholder="dd/mm/yyyy" id="id_end">',
    ]


def test_report_period_in_english_reads_day_first(client, report_viewer):
    client.force_login(report_viewer)

    response = client.get("/en/reports/", MAY)

    assert (response.context["period"].start, response.context["period"].end) == (
        datetime.date(2026, 5, 1),
        datetime.date(2026, 5, 31),
    )
    assert lead(response.content) == "From 01/05/2026 to 31/05/2026"


def test_report_period_from_a_link_in_iso_is_shown_day_first(client, report_viewer):
    # The report's own links (drill-downs, back links) carry ISO dates.
    client.force_login(report_viewer)

    response = client.get("/reports/", {"start": "2026-05-01", "end": "2026-05-31"})

    assert lead(response.content) == "Từ 01/05/2026 đến 31/05/2026"
    # The filters echo the period shown, as a person types it (day first), whatever form the link had.
    assert date_inputs(response.content) == [
        '<input type="text" name="start" value="01/05/2026" placeholder="dd/mm/yyyy" id="id_start">',
        '<input type="text" name="end" value="31/05/2026" placeholder="dd/mm/yyyy" id="id_end">',
    ]


def test_report_period_inputs_echo_the_default_period_when_empty(client, report_viewer):
    # No filter given: the page shows this year, and its filters say so (with the hint kept).
    client.force_login(report_viewer)
    year = timezone.localdate().year

    response = client.get("/en/reports/")

    assert date_inputs(response.content) == [
        f'<input type="text" name="start" value="01/01/{year}" placeholder="dd/mm/yyyy" id="id_start">',
        f'<input type="text" name="end" value="31/12/{year}" placeholder="dd/mm/yyyy" id="id_end">',
    ]


def test_report_api_reads_iso_dates_only(api_client, report_viewer):
    api_client.force_authenticate(report_viewer)

    iso = api_client.get("/api/v1/reports/indicators/", {"start": "2026-05-01", "end": "2026-05-31"})
    typed = api_client.get(
        "/api/v1/reports/indicators/", {"start": "01/05/2026", "end": "02/05/2026"}, HTTP_ACCEPT_LANGUAGE="vi"
    )

    assert (iso.status_code, iso.json()["start"], iso.json()["end"]) == (200, "2026-05-01", "2026-05-31")
    assert (typed.status_code, typed.json()["fields"]) == (
        400,
        {"start": ["Nhập một ngày hợp lệ."], "end": ["Nhập một ngày hợp lệ."]},
    )
