"""The catalogue's cards write seat counts the Vietnamese way (Còn 2.500 chỗ), the English way under /en/."""

import re

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def card_seats(page: str) -> list[str]:
    return [" ".join(s.split()) for s in re.findall(r'<p class="card__seats">(.*?) · ', page, re.S)]


def test_catalogue_card_seats_in_vietnamese_and_english(client):
    EventFactory(slug="ngay-hoi", capacity=2500)

    vi = client.get("/").content.decode()
    en = client.get("/en/").content.decode()

    assert card_seats(vi) == ["Còn 2.500 chỗ"]
    assert card_seats(en) == ["2,500 seats left"]
