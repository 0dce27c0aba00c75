"""Searches ignore the case of Vietnamese letters on every database (SQLite's LIKE folds ASCII only)."""

import pytest

from checkin.selectors import search_registrations
from events import sqlite
from events.enums import RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["đinh", "ĐINH", "Đinh", "đInH"])
def test_scanner_search_ignores_the_case_of_vietnamese_letters(query):
    event = EventFactory()
    RegistrationFactory(event=event, full_name="Đinh Thị Ngọc", status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, full_name="Trần Văn Bình", status=RegistrationStatus.CONFIRMED)

    assert [r.full_name for r in search_registrations(event, query)] == ["Đinh Thị Ngọc"]


@pytest.mark.parametrize("query", ["ĐỔI MỚI", "đổi mới", "Đổi Mới Sáng Tạo"])
def test_catalogue_search_ignores_the_case_of_vietnamese_letters(client, query):
    EventFactory(slug="doi-moi", title_vi="Ngày hội đổi mới sáng tạo", title_en="Innovation day")
    EventFactory(slug="khac", title_vi="Lớp tập huấn tài chính", title_en="Finance course")

    response = client.get("/", {"q": query})

    assert [event.slug for event in response.context["events"]] == ["doi-moi"]


@pytest.mark.parametrize(
    ("pattern", "value", "escape", "expected"),
    [
        ("%đỗ thu%", "Bà ĐỖ THU Hà", None, True),
        ("đ_nh", "ĐINH", None, True),
        ("đ_nh", "ĐIINH", None, False),
        ("100\\%", "100%", "\\", True),
        ("100\\%", "1000", "\\", False),
        ("a\\_b", "a_b", "\\", True),
        ("a\\_b", "acb", "\\", False),
        ("%", None, None, None),
        ("line%", "line one\nline two", None, True),
    ],
)
def test_sqlite_like_reads_patterns_as_sqlite_does(pattern, value, escape, expected):
    assert sqlite.like(pattern, value, escape) is expected
