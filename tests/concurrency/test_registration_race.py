"""Seats under real concurrency: many requests at the same instant, each in its own thread, connection and
transaction, as on a busy morning when registration opens. Only PostgreSQL proves this (row locks)."""

import pytest

from events import selectors, services
from events.enums import RegistrationStatus
from events.models import Registration
from tests.concurrency.threads import all_at_once
from tests.factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def register(event, n: int, email: str | None = None):
    return services.registration_create(
        event=event,
        full_name=f"Người đăng ký {n}",
        email=email or f"nguoi{n}@example.vn",
        phone="0912345678",
        consent=True,
    )


def queue(event) -> list[Registration]:
    return list(event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("queued_at", "pk"))


def test_registration_race_never_oversells(require_postgres):
    event = EventFactory(capacity=10)

    outcomes, errors = all_at_once(50, lambda n: register(event, n))

    assert errors == []
    assert [outcome.created for outcome in outcomes] == [True] * 50
    assert sorted(outcome.status for outcome in outcomes) == ["confirmed"] * 10 + ["waitlisted"] * 40
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 10
    waiting = queue(event)
    assert len(waiting) == 40
    assert [selectors.waitlist_position(r) for r in waiting] == list(range(1, 41))
    # Seats and the line follow one arrival order: nobody in line arrived before someone who got a seat.
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    assert max(r.queued_at for r in confirmed) <= min(r.queued_at for r in waiting)

    services.registration_cancel(registration=confirmed.first())

    assert Registration.objects.get(pk=waiting[0].pk).status == RegistrationStatus.CONFIRMED
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 10
    assert [r.pk for r in queue(event)] == [r.pk for r in waiting[1:]]


def test_registration_race_same_email_makes_one_row(require_postgres):
    event = EventFactory(capacity=10)

    outcomes, errors = all_at_once(20, lambda n: register(event, n, email="Cung.Mot@Example.vn"))

    assert errors == []
    registration = Registration.objects.get()
    assert [outcome.registration.pk for outcome in outcomes] == [registration.pk] * 20
    assert sorted(outcome.created for outcome in outcomes) == [False] * 19 + [True]
    assert registration.status == RegistrationStatus.CONFIRMED


def test_registration_race_cancellations_and_new_registrations_keep_capacity(require_postgres):
    event = EventFactory(capacity=10)
    confirmed = RegistrationFactory.create_batch(10, event=event)
    for n in range(5):
        register(event, n, email=f"cho{n}@example.vn")  # already in line

    def work(n: int):
        if n % 2:
            return services.registration_cancel(registration=confirmed[n // 2])
        return register(event, n, email=f"moi{n}@example.vn")

    _results, errors = all_at_once(20, work)

    assert errors == []
    assert event.registrations.filter(status=RegistrationStatus.CANCELLED).count() == 10
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 10
    assert [selectors.waitlist_position(r) for r in queue(event)] == list(range(1, 6))
