"""Searches ignore accents and case, on whichever database runs the suite (PostgreSQL in CI, SQLite
embedded): "nguyen van a" finds "Nguyễn Văn A", "d" finds "Đ". The database's `hcmc_fold` and Python's
`fold` are one function (property test), and the searches stay one bounded query."""

import sqlite3

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from checkin.selectors import search_registrations
from events import folding, sqlite
from events.enums import RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

VIETNAMESE = "aàáạảãâầấậẩẫăằắặẳẵeèéẹẻẽêềếệểễiìíịỉĩoòóọỏõôồốộổỗơờớợởỡuùúụủũưừứựửữyỳýỵỷỹđ"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van a", ["Nguyễn Văn A"]),
        ("NGUYEN VAN A", ["Nguyễn Văn A"]),
        ("Nguyễn Văn A", ["Nguyễn Văn A"]),
        ("dinh", ["Đinh Thị Ngọc"]),
        ("ĐINH THI", ["Đinh Thị Ngọc"]),
        ("ngoc", ["Đinh Thị Ngọc"]),
        ("van", ["Nguyễn Văn A", "Trần Văn Bình"]),
        ("binh@", ["Trần Văn Bình"]),
        ("xuan", []),
    ],
)
def test_scanner_search_ignores_accents_and_case(query, expected):
    event = EventFactory()
    RegistrationFactory(event=event, full_name="Nguyễn Văn A", email="a.nguyen@example.vn")
    RegistrationFactory(event=event, full_name="Đinh Thị Ngọc", email="ngoc@example.vn")
    RegistrationFactory(event=event, full_name="Trần Văn Bình", email="binh@example.vn")
    RegistrationFactory(event=EventFactory(), full_name="Nguyễn Văn Xuân", email="xuan@example.vn")

    assert [r.full_name for r in search_registrations(event, query)] == expected


@pytest.mark.parametrize("people", [1, 30])
def test_scanner_search_is_one_query_bounded_by_its_limit(people, django_assert_num_queries):
    event = EventFactory()
    for number in range(people):
        RegistrationFactory(
            event=event, full_name=f"Nguyễn Văn {number:02d}", status=RegistrationStatus.CONFIRMED
        )

    with django_assert_num_queries(1):
        found = list(search_registrations(event, "nguyen van"))

    assert len(found) == min(people, 20)


@pytest.mark.parametrize("query", ["doi moi sang tao", "DOI MOI", "ngay hoi", "Đổi mới", "innovation"])
def test_catalogue_search_ignores_accents_and_case(client, query):
    EventFactory(slug="doi-moi", title_vi="Ngày hội đổi mới sáng tạo", title_en="Innovation day")
    EventFactory(slug="khac", title_vi="Lớp tập huấn tài chính", title_en="Finance course")

    response = client.get("/", {"q": query})

    assert [event.slug for event in response.context["events"]] == ["doi-moi"]


def test_catalogue_search_query_count_does_not_grow_with_results(client):
    EventFactory(slug="doi-moi-1", title_vi="Ngày hội đổi mới 1")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/", {"q": "doi moi"}).context["events"]) == 1
    for number in range(2, 9):
        EventFactory(slug=f"doi-moi-{number}", title_vi=f"Ngày hội đổi mới {number}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/", {"q": "doi moi"}).context["events"]) == 8

    assert len(many) == len(one)


def test_fold_reads_vietnamese_as_door_staff_type_it():
    assert folding.fold("Nguyễn Văn A") == "nguyen van a"
    assert folding.fold("ĐẶNG THỊ Ánh") == "dang thi anh"
    assert folding.fold("Nguye\u0302\u0303n") == "nguyen"  # stored decomposed


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + "abcXYZ 09@.-'"), max_size=40))
def test_database_fold_equals_python_fold(text):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {folding.FUNCTION}(%s)", [text])
        (folded,) = cursor.fetchone()

    assert folded == folding.fold(text)


def test_sqlite_connection_gets_the_same_fold():
    """The embedded default: a new SQLite connection gets `hcmc_fold` (whatever database runs the suite)."""

    class Wrapper:
        vendor = "sqlite"

        def __init__(self):
            self.connection = sqlite3.connect(":memory:")

    wrapper = Wrapper()
    sqlite.install(sender=None, connection=wrapper)
    row = wrapper.connection.execute(
        "SELECT hcmc_fold('Nguyễn Văn A') LIKE '%nguyen van%', hcmc_fold('Đinh'), hcmc_fold(NULL)"
    ).fetchone()

    assert row == (1, "dinh", None)
