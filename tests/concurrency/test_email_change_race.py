"""Two people of one event confirming a change to the same new e-mail address at the same instant: one
gets it, the other is refused, and the event never holds the address twice (the event's row lock, as
registering takes). Only PostgreSQL proves this."""

import pytest

from events.exceptions import RegistrationError
from events.selfservice import services
from events.selfservice.models import RegistrationChange
from events.selfservice.signing import email_change_token
from tests.concurrency.threads import all_at_once
from tests.factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_email_change_to_the_same_address_at_once_gives_it_to_one(require_postgres):
    event = EventFactory()
    people = [RegistrationFactory(event=event, email=f"nguoi{n}@example.vn") for n in range(6)]
    tokens = [
        email_change_token(reference=p.reference, old_email=p.email, new_email="chung@example.vn")
        for p in people
    ]

    results, errors = all_at_once(
        6,
        lambda n: services.registration_email_change_confirm(token=tokens[n]),
        refusals=(RegistrationError,),
    )

    assert errors == []
    assert sorted(r if isinstance(r, str) else "ok" for r in results) == ["email_taken"] * 5 + ["ok"]
    assert event.registrations.filter(email="chung@example.vn").count() == 1
    assert RegistrationChange.objects.count() == 1
