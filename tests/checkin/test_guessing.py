from django.core.cache import cache

from checkin.models import CheckIn
from checkin.services import ticket_get_or_issue
from tests.factories import RegistrationFactory

from .conftest import device_client
from .helpers import scan


def test_scanner_guessing_codes_is_refused_after_the_limit(settings, open_event, open_session):
    settings.CHECKIN_MAX_INVALID_PER_MINUTE = 3
    cache.clear()
    _device, client = device_client([open_event])
    ticket = ticket_get_or_issue(registration=RegistrationFactory(event=open_event))

    answers = [scan(client, f"GUESS{n}", open_session).status_code for n in range(4)]
    refused = scan(client, ticket.code, open_session)

    assert answers == [200, 200, 200, 429]
    assert (refused.status_code, refused.json()["code"], refused["Retry-After"]) == (429, "throttled", "60")
    assert CheckIn.objects.count() == 3  # the refused attempts never reached the scanner's records


def test_scanner_limit_counts_each_scanner_separately(settings, open_event, open_session):
    settings.CHECKIN_MAX_INVALID_PER_MINUTE = 2
    cache.clear()
    _first, guesser = device_client([open_event])
    _second, honest = device_client([open_event])
    ticket = ticket_get_or_issue(registration=RegistrationFactory(event=open_event))

    for n in range(3):
        scan(guesser, f"GUESS{n}", open_session)

    assert scan(honest, ticket.code, open_session).json()["result"] == "ok"
