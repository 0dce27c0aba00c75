"""Numbers, percentages and quarters as each language writes them (issue 19), through the one helper
(`events.numbers`) and its template filters."""

import pytest
from django.template import Context, Template
from django.utils import translation

from events.numbers import format_number, format_percent, format_quarter


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["1.000", "1.234.567", "93,7%", "100%", "12,3", "Quý I/2026", "Quý IV/2027", "–"]),
        ("en", ["1,000", "1,234,567", "93.7%", "100%", "12.3", "Q1 2026", "Q4 2027", "–"]),
    ],
)
def test_numbers_in_each_language(language, expected):
    with translation.override(language):
        assert [
            format_number(1000),
            format_number(1234567),
            format_percent(93.7),
            format_percent(100.0),
            format_number(12.345),
            format_quarter("2026-Q1"),
            format_quarter(2027, 4),
            format_number(None),
        ] == expected


def test_number_filters_in_templates():
    template = Template("{% load site_tags %}{{ n|num }} {{ r|pct }} {{ q|quarter }} {{ d|num:2 }}")
    context = Context({"n": 25000, "r": 93.75, "q": "2026-Q3", "d": 1.5})

    with translation.override("vi"):
        vi = template.render(context)
    with translation.override("en"):
        en = template.render(context)

    assert vi == "25.000 93,8% Quý III/2026 1,50"
    assert en == "25,000 93.8% Q3 2026 1.50"


def test_quarter_leaves_other_text_alone():
    assert format_quarter("năm 2026") == "năm 2026"


@pytest.mark.django_db
def test_seats_left_are_grouped_on_event_pages(client):
    from tests.factories import EventFactory

    event = EventFactory(capacity=1200)

    vi = client.get(event.get_absolute_url()).content.decode()
    en = client.get("/en" + event.get_absolute_url()).content.decode()

    assert vi.count("Còn 1.200 chỗ") == 3  # the box at the top, the facts, the phone bar
    assert en.count("1,200 seats left") == 3
