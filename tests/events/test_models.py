import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from events.models import Event, Registration, Session
from events.validators import normalize_vietnamese_phone, validate_vietnamese_phone
from tests.factories import EventFactory, RegistrationFactory, SessionFactory, VenueFactory

HOUR = datetime.timedelta(hours=1)


def refused(create) -> str:
    """Run `create`, which the database must refuse; return the database's error message."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    return str(error.value)


@pytest.mark.django_db
def test_registration_constraint_one_per_email_per_event_case_insensitive():
    first = RegistrationFactory(email="mai.tran@example.vn")

    message = refused(lambda: RegistrationFactory(event=first.event, email="MAI.Tran@Example.VN"))

    assert "registration_one_per_email_per_event" in message
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_registration_constraint_allows_same_email_at_another_event():
    RegistrationFactory(email="mai.tran@example.vn")

    RegistrationFactory(email="mai.tran@example.vn")

    assert Registration.objects.filter(email="mai.tran@example.vn").count() == 2


@pytest.mark.django_db
def test_session_constraint_ends_after_start():
    event = EventFactory(session=None)
    start = timezone.now()

    assert "session_ends_after_start" in refused(
        lambda: SessionFactory(event=event, starts_at=start, ends_at=start)
    )
    assert "session_ends_after_start" in refused(
        lambda: SessionFactory(event=event, starts_at=start, ends_at=start - HOUR)
    )
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_session_clean_rejects_end_before_start():
    start = timezone.now()
    session = Session(event=EventFactory(session=None), starts_at=start, ends_at=start - HOUR)

    with pytest.raises(ValidationError) as invalid:
        session.full_clean()

    assert list(invalid.value.message_dict) == ["ends_at"]


@pytest.mark.django_db
def test_event_constraint_capacity_not_negative():
    event = EventFactory(capacity=5)

    message = refused(lambda: Event.objects.filter(pk=event.pk).update(capacity=-1))

    # PostgreSQL reports our named constraint; SQLite the column check of PositiveIntegerField, which
    # it evaluates first. Either way the database itself refuses.
    assert "event_capacity_not_negative" in message or message == "CHECK constraint failed: capacity"
    event.refresh_from_db()
    assert event.capacity == 5


@pytest.mark.django_db
def test_event_constraint_registration_closes_after_it_opens():
    opens = timezone.now()

    message = refused(
        lambda: EventFactory(registration_opens_at=opens, registration_closes_at=opens - HOUR, session=None)
    )

    assert "event_registration_window_ordered" in message


@pytest.mark.django_db
def test_venue_constraint_latitude_in_range():
    assert "venue_latitude_range" in refused(lambda: VenueFactory(latitude=91))


@pytest.mark.django_db
def test_registration_reference_is_unambiguous_code():
    reference = RegistrationFactory().reference

    assert len(reference) == 10
    assert set(reference) - set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") == set()


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("0912 345 678", "0912345678"),
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0387-654-321", "0387654321"),
        ("028 3822 1234", "02838221234"),
        ("(028) 3822-1234", "02838221234"),
        ("+84 28 3822 1234", "02838221234"),
    ],
)
def test_validate_vietnamese_phone_accepts(value, normalized):
    validate_vietnamese_phone(value)

    assert normalize_vietnamese_phone(value) == normalized


@pytest.mark.parametrize(
    "value",
    [
        "",
        "hello",
        "091234567",  # one digit short
        "09123456789",  # one digit too many
        "0112345678",  # no such prefix
        "028 3822 123",  # landline one digit short
        "+1 212 555 0100",
        "0912-345-67x",
        "+84+84912345678",
    ],
)
def test_validate_vietnamese_phone_rejects(value):
    with pytest.raises(ValidationError) as invalid:
        validate_vietnamese_phone(value)

    assert invalid.value.code == "invalid_phone"


@pytest.mark.parametrize(
    ("starts_at", "field"),
    [
        (datetime.datetime(1, 1, 1, 8, tzinfo=datetime.UTC), "starts_at"),
        (datetime.datetime(9999, 12, 31, 8, tzinfo=datetime.UTC), "starts_at"),
        (datetime.datetime(2101, 1, 1, 8, tzinfo=datetime.UTC), "starts_at"),
    ],
    ids=["year_1", "year_9999", "year_2101"],
)
@pytest.mark.django_db
def test_session_dates_outside_2000_to_2100_are_refused(starts_at, field):
    session = SessionFactory.build(
        event=EventFactory(), starts_at=starts_at, ends_at=starts_at.replace(hour=10)
    )

    with pytest.raises(ValidationError) as error, translation.override("vi"):
        session.full_clean()

    assert error.value.message_dict[field] == ["Vui lòng nhập ngày trong khoảng từ năm 2000 đến năm 2100."]


@pytest.mark.django_db
def test_event_registration_dates_outside_2000_to_2100_are_refused():
    event = EventFactory.build(
        registration_opens_at=datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
        registration_closes_at=datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC),
    )

    with pytest.raises(ValidationError) as error, translation.override("vi"):
        event.clean()

    assert error.value.message_dict == {
        "registration_opens_at": ["Vui lòng nhập ngày trong khoảng từ năm 2000 đến năm 2100."],
        "registration_closes_at": ["Vui lòng nhập ngày trong khoảng từ năm 2000 đến năm 2100."],
    }
