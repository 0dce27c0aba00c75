"""The indicators are counted in SQL: the number of queries does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.indicators import Period, compute

from .world import build_world

pytestmark = pytest.mark.django_db

YEAR_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def queries(action) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def compute_and_page(client) -> tuple[int, int, dict]:
    figures = {}

    def run():
        figures.update(compute(YEAR_2025).as_dict()["indicators"])

    computed = queries(run)
    page = queries(lambda: client.get("/reports/?start=2025-01-01&end=2025-12-31"))
    return computed, page, figures


def test_compute_query_count_same_for_small_and_five_times_bigger_world(client, report_viewer):
    client.force_login(report_viewer)
    build_world("")
    small_compute, small_page, small = compute_and_page(client)

    for n in range(2, 6):
        build_world(f"x{n}")
    big_compute, big_page, big = compute_and_page(client)

    assert big["trainees_registered"] == 5 * small["trainees_registered"]
    assert big["projects_supported"] == 5 * small["projects_supported"]
    assert (big_compute, big_page) == (small_compute, small_page)
