"""The drill-down page writes counts the Vietnamese way (1.500 dòng, 1.234), the English way under /en/."""

import re

import pytest

from reports import indicators

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_rows(monkeypatch):
    rows = [["Ngày hội khởi nghiệp", 1234]] + [[f"Sự kiện {n}", 7] for n in range(1499)]
    drill = indicators.Drill("Sự kiện đã tổ chức", ["Sự kiện", "Người tham dự"], rows)
    monkeypatch.setattr(indicators, "drill", lambda key, period, **filters: drill)


def cells(page: str) -> list[str]:
    first_row = re.search(r"<tbody><tr>(.*?)</tr>", page, re.S).group(1)
    return re.findall(r"<td>(.*?)</td>", first_row)


def test_drill_row_count_and_counts_in_vietnamese(client, report_viewer, many_rows):
    client.force_login(report_viewer)

    page = client.get("/reports/trainees_completed/?start=2025-01-01&end=2025-12-31").content.decode()

    assert "1.500 dòng" in page
    assert cells(page) == ["Ngày hội khởi nghiệp", "1.234"]


def test_drill_row_count_and_counts_in_english(client, report_viewer, many_rows):
    client.force_login(report_viewer)

    page = client.get("/en/reports/trainees_completed/?start=2025-01-01&end=2025-12-31").content.decode()

    assert "1,500 rows" in page
    assert cells(page) == ["Ngày hội khởi nghiệp", "1,234"]
