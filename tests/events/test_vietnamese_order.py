"""Names in Vietnamese alphabetical order (issue 16): Đ after D (not after V), ă â after a, ơ ô after o,
ư after u; tones and then case decide only between names whose letters are equal. PostgreSQL sorts with
ICU's `vi-x-icu`, SQLite with the collation `events.sqlite` registers; both give the same order (the suite
runs on both databases)."""

import pytest
from django.contrib.auth.models import Group

from checkin.selectors import search_registrations
from events.collation import Vietnamese, sort_key
from events.models import Registration
from events.roles import ORGANISER
from tests.factories import EventFactory, RegistrationFactory, UserFactory

# The order ICU's Vietnamese collation gives (checked against PostgreSQL's vi-x-icu).
EXPECTED = [
    "An",
    "An Bình",
    "anh",
    "Anh",
    "ANH",
    "Ành",
    "Ảnh",
    "Ãnh",
    "Ánh",
    "Ạnh",
    "Ao",
    "Ăn",
    "Ân",
    "Ẩn",
    "Ấn",
    "Do",
    "Dung",
    "Dương",
    "Đinh",
    "Đỗ",
    "E",
    "Ê",
    "Lê Thị Ba",
    "Lê Thị Bé",
    "Nguyễn Văn An",
    "Nguyễn Văn Ân",
    "O",
    "Ô",
    "Ơ",
    "U",
    "Ư",
    "Vũ",
    "Z",
]
SHUFFLED = sorted(EXPECTED, key=lambda name: name[::-1])


def test_sort_key_gives_icu_vietnamese_order():
    assert sorted(SHUFFLED, key=sort_key) == EXPECTED


@pytest.mark.django_db
def test_database_orders_names_in_vietnamese(event):
    for number, name in enumerate(SHUFFLED):
        RegistrationFactory(event=event, full_name=name, email=f"nguoi{number}@example.vn")

    names = list(
        Registration.objects.filter(event=event)
        .order_by(Vietnamese("full_name"), "pk")
        .values_list("full_name", flat=True)
    )

    assert names == EXPECTED


@pytest.mark.django_db
def test_d_with_stroke_sorts_after_d_not_after_v_in_lists_of_people(client):
    event = EventFactory()
    for number, name in enumerate(["Vũ Minh", "Đặng Thu", "Dương Lan", "Trần An"]):
        RegistrationFactory(event=event, full_name=name, email=f"p{number}@example.vn")
    organiser = UserFactory(is_staff=True)
    organiser.groups.add(Group.objects.get(name=ORGANISER))
    client.force_login(organiser)

    changelist = client.get(f"/admin/events/registration/?event__id__exact={event.pk}")
    found = [r.full_name for r in search_registrations(event, "an")]  # the door's search by name

    assert [r.full_name for r in changelist.context["cl"].result_list] == [
        "Dương Lan",
        "Đặng Thu",
        "Trần An",
        "Vũ Minh",
    ]
    assert found == ["Dương Lan", "Đặng Thu", "Trần An"]
