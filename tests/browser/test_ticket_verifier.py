"""The scanner's verifier in Chromium (checkin/static/checkin/ticket.js, Ed25519 through Web Crypto)
and the server's (checkin/crypto.py) agree on random genuine, forged and mutated codes."""

import base64

import pytest
from django.templatetags.static import static
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin import crypto
from checkin.services import event_key_get_or_create
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _server_accepts(code: str, key) -> bool:
    parsed = crypto.parse_code(code)
    return parsed is not None and parsed.key_id == key.key_id and crypto.verify(parsed, bytes(key.public_key))


@st.composite
def codes(draw, private_key: bytes, key_id: int):
    ticket_id = draw(st.binary(min_size=6, max_size=6))
    genuine = crypto.sign_code(private_key=private_key, key_id=key_id, ticket_id=ticket_id)
    kind = draw(st.sampled_from(["genuine", "forged", "other_key_id", "char", "length", "case"]))
    if kind == "genuine":
        return genuine
    if kind == "forged":  # signed by someone else's key under this event's key id
        other = crypto.generate_keypair()[0]
        return crypto.sign_code(private_key=other, key_id=key_id, ticket_id=ticket_id)
    if kind == "other_key_id":
        return crypto.sign_code(private_key=private_key, key_id=(key_id + 1) % 65536, ticket_id=ticket_id)
    if kind == "char":  # one character changed anywhere, the last one's unused bit included
        index = draw(st.integers(0, len(genuine) - 1))
        char = draw(st.sampled_from(ALPHABET).filter(lambda c: c != genuine[index]))
        return genuine[:index] + char + genuine[index + 1 :]
    if kind == "length":
        cut = draw(st.integers(1, 5))
        return genuine[:-cut] if draw(st.booleans()) else genuine + "A" * cut
    return genuine.lower()  # the server reads codes in either case; so must the page


def test_browser_and_server_verify_the_same_codes(live_server, page):
    event = EventFactory()
    key = event_key_get_or_create(event=event)
    package_key = {"key_id": key.key_id, "public_key": base64.b64encode(bytes(key.public_key)).decode()}
    page.goto(live_server.url + "/")
    page.add_script_tag(url=live_server.url + static("checkin/ticket.js"))
    seen = {True: 0, False: 0}

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(code=codes(bytes(key.private_key), key.key_id))
    def agree(code):
        browser = page.evaluate("([code, key]) => window.CheckinTicket.check(code, key)", [code, package_key])
        server = _server_accepts(code, key)
        seen[server] += 1
        assert browser is server, code

    agree()
    assert seen[True] > 0
    assert seen[False] > 0


def _package_key(key) -> dict:
    return {"key_id": key.key_id, "public_key": base64.b64encode(bytes(key.public_key)).decode()}


@st.composite
def codes_of_events(draw, keys: dict):
    """A code made for one of the events (`keys`: owner -> EventKey), genuine or damaged."""
    owner = draw(st.sampled_from(sorted(keys)))
    key = keys[owner]
    return owner, draw(codes(bytes(key.private_key), key.key_id))


def test_browser_tells_another_events_tickets_as_the_server_does(live_server, page):
    """Offline, the page answers `wrong_event` exactly when the server would: for the genuine tickets of
    other events (one of them sharing this event's key id), kept or deleted with their registration,
    `invalid` for forged or damaged ones; a deleted ticket of this event is `revoked` on both sides."""
    from checkin.enums import ScanResult
    from checkin.models import DeletedTicket, EventKey, Ticket
    from checkin.services import checkin_scan
    from tests.factories import RegistrationFactory

    here = EventFactory()
    key = event_key_get_or_create(event=here)
    other = EventFactory()
    twin = EventFactory()  # another event whose key has the same key id as this one's
    private, public = crypto.generate_keypair()
    EventKey.objects.create(event=twin, key_id=key.key_id, private_key=private, public_key=public)
    events = {"this": here, "other": other, "twin": twin}
    keys = {name: event_key_get_or_create(event=event) for name, event in events.items()}
    session = here.sessions.get()
    # What the scanner gets: the offline package's keys, as the API gives them.
    other_keys = [_package_key(k) for k in EventKey.objects.exclude(event=here)]
    page.goto(live_server.url + "/")
    page.add_script_tag(url=live_server.url + static("checkin/ticket.js"))
    seen = {"this": 0, "other": 0, "invalid": 0, "revoked": 0}
    as_page = {ScanResult.WRONG_EVENT: "other", ScanResult.INVALID: "invalid", ScanResult.REVOKED: "revoked"}

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(made=codes_of_events(keys), deleted=st.booleans())
    def agree(made, deleted):
        owner, code = made
        # A genuine code is one the server issued: it holds the ticket (the code's text is the authority),
        # unless the ticket was deleted (with its registration): another event's is still `wrong_event` on
        # both sides, this event's `revoked` (the package lists its tombstone among the revoked ids).
        parsed = crypto.parse_code(code)
        mine = keys[owner]
        genuine = parsed and parsed.key_id == mine.key_id and crypto.verify(parsed, bytes(mine.public_key))
        if genuine:
            # a deleted ticket's code is never issued again
            deleted = deleted or DeletedTicket.objects.filter(ticket_id=parsed.ticket_id.hex()).exists()
            if not deleted:
                Ticket.objects.get_or_create(
                    code=crypto.normalize_code(code),
                    defaults={"registration": RegistrationFactory(event=events[owner])},  # one ticket each
                )
            elif not DeletedTicket.objects.filter(ticket_id=parsed.ticket_id.hex()).exists():
                registration = RegistrationFactory(event=events[owner])
                Ticket.objects.filter(code=crypto.normalize_code(code)).delete()
                Ticket.objects.create(code=crypto.normalize_code(code), registration=registration).delete()
        server = checkin_scan(code=code, session=session).checkin.result
        server = as_page.get(server, "this")
        browser = page.evaluate(
            "([code, key, others]) => window.CheckinTicket.eventOf(code, key, others)",
            [code, _package_key(key), other_keys],
        )
        # then, as the page does, this event's genuine codes against the package's revocation list
        revoked = set(DeletedTicket.objects.filter(event=here).values_list("ticket_id", flat=True))
        if browser == "this" and parsed.ticket_id.hex() in revoked:
            browser = "revoked"
        seen[server] += 1
        assert browser == server, (owner, code)

    agree()
    assert min(seen.values()) > 0, seen
