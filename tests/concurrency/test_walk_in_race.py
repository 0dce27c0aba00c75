"""Walk-ins at several doors at the same moment: seats are counted under the event lock, so many parallel
walk-ins never oversell, and each one admitted is checked in exactly once. Only PostgreSQL proves this."""

import datetime

import pytest
from django.utils import timezone

from checkin.enums import ScanResult
from checkin.models import CheckIn
from checkin.services import CheckInError, checkin_walk_in
from events.enums import RegistrationStatus
from events.models import Registration
from tests.concurrency.threads import all_at_once
from tests.factories import EventFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_walk_ins_never_oversell(require_postgres):
    now = timezone.now()
    event = EventFactory(
        capacity=5,
        session__starts_at=now - datetime.timedelta(minutes=10),
        session__ends_at=now + datetime.timedelta(hours=2),
    )
    session = event.sessions.get()
    staff = UserFactory(superuser=True)

    def walk_in(n: int):
        outcome = checkin_walk_in(
            session=session,
            user=staff,
            full_name=f"Khách vãng lai {n}",
            email=f"khach{n}@example.vn",
            phone="0912345678",
            gate=f"Cổng {n % 3}",
            send_ticket=False,
        )
        return outcome.result

    results, errors = all_at_once(20, walk_in, refusals=(CheckInError,))

    assert errors == []
    assert sorted(results) == ["no_seat"] * 15 + [ScanResult.OK] * 5
    assert Registration.objects.filter(event=event).count() == 5
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 5
    assert CheckIn.objects.filter(session=session, result=ScanResult.OK).count() == 5
