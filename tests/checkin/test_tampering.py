"""Tampering, property-based: random strings and mutated real codes never verify against the event's key,
and the scan API answers them `invalid` (or a 400 for input it cannot take), never a server error."""

import base64
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checkin import crypto
from checkin.models import CheckIn, EventKey
from tests.checkin.helpers import SCAN_URL, message, scan

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
RAW_BITS = (9 + 64) * 8

# One key pair and one real code for the pure-crypto properties (no database needed).
PRIVATE, PUBLIC = crypto.generate_keypair()
KEY_ID = 4242
CODE = crypto.sign_code(private_key=PRIVATE, key_id=KEY_ID, ticket_id=bytes.fromhex("0badc0ffee42"))

CRYPTO_SETTINGS = settings(max_examples=200, deadline=None)
API_SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def verifies(code: str, public_key: bytes) -> bool:
    parsed = crypto.parse_code(code)
    return parsed is not None and crypto.verify(parsed, public_key)


def decode(code: str) -> bytes:
    return base64.b32decode(code + "=" * (-len(code) % 8))


def encode(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def flip_low_bit(character: str) -> str:
    return BASE32[BASE32.index(character) ^ 1]


# Characters a JSON client can send and the API takes as text (no lone surrogates, no NUL: those are
# refused with a 400, see the last test).
TEXT_CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")

# --- mutations of a real code, as data so that hypothesis can shrink and print them ---------------------

bit_flips = st.builds(
    lambda bits: ("flip", tuple(sorted(bits))), st.sets(st.integers(0, RAW_BITS - 1), min_size=1, max_size=8)
)
substitutions = st.builds(
    lambda changes: ("substitute", tuple(changes)),
    st.lists(
        st.tuples(
            st.integers(0, crypto.CODE_LENGTH - 1),
            st.one_of(st.sampled_from(BASE32), TEXT_CHARACTERS),
        ),
        min_size=1,
        max_size=5,
    ),
)
truncations = st.builds(lambda keep: ("truncate", keep), st.integers(0, crypto.CODE_LENGTH - 1))
extensions = st.builds(
    lambda tail, at_start: ("extend", tail, at_start),
    st.text(
        alphabet=st.one_of(st.sampled_from(BASE32), TEXT_CHARACTERS),
        min_size=1,
        max_size=20,
    ),
    st.booleans(),
)
mutations = st.one_of(bit_flips, substitutions, truncations, extensions)


def mutate(code: str, mutation: tuple) -> str:
    kind = mutation[0]
    if kind == "flip":
        raw = bytearray(decode(code))
        for bit in mutation[1]:
            raw[bit // 8] ^= 1 << (bit % 8)
        return encode(bytes(raw))
    if kind == "substitute":
        characters = list(code)
        for index, character in mutation[1]:
            characters[index] = character
        return "".join(characters)
    if kind == "truncate":
        return code[: mutation[1]]
    if kind == "unused_bit":  # the same bytes, spelled differently
        return code[:-1] + flip_low_bit(code[-1])
    _kind, tail, at_start = mutation
    return tail + code if at_start else code + tail


def is_another_code(original: str, mutated: str) -> bool:
    """Whether `mutated` is a different code, not the same one spelled in lower case or with spaces."""
    return crypto.normalize_code(mutated) != crypto.normalize_code(original)


# --- pure crypto ------------------------------------------------------------------------------------------


def test_tampering_real_code_verifies():
    assert verifies(CODE, PUBLIC)
    assert verifies(CODE.lower(), PUBLIC)
    assert verifies(f"  {CODE}\n", PUBLIC)


def test_tampering_code_with_unused_bit_set_does_not_verify():
    # 73 bytes fill 116 base32 characters and 4 bits of the 117th; its last bit is unused.
    variant = mutate(CODE, ("unused_bit",))

    assert decode(variant) == decode(CODE)
    assert not verifies(variant, PUBLIC)


@CRYPTO_SETTINGS
@given(st.text(max_size=300))
def test_tampering_random_string_does_not_verify(text):
    assert not verifies(text, PUBLIC)


@CRYPTO_SETTINGS
@given(st.text(alphabet=BASE32, min_size=crypto.CODE_LENGTH, max_size=crypto.CODE_LENGTH))
def test_tampering_random_base32_of_code_length_does_not_verify(text):
    assert not verifies(text, PUBLIC)


@CRYPTO_SETTINGS
@given(st.binary(min_size=64, max_size=64))
def test_tampering_random_signature_over_real_payload_does_not_verify(signature):
    assert not verifies(encode(decode(CODE)[:9] + signature), PUBLIC)


@CRYPTO_SETTINGS
@given(mutations)
@example(("unused_bit",))
@example(("flip", (0,)))  # the version byte
@example(("flip", (RAW_BITS - 1,)))  # the last bit of the signature
@example(("extend", " ", False))  # whitespace is not a change: filtered out below
def test_tampering_mutated_real_code_does_not_verify(mutation):
    mutated = mutate(CODE, mutation)
    if not is_another_code(CODE, mutated):
        assert verifies(mutated, PUBLIC)  # the same code, normalised: still valid
        return
    assert not verifies(mutated, PUBLIC)


@CRYPTO_SETTINGS
@given(st.binary(min_size=6, max_size=6))
def test_tampering_code_signed_with_another_key_does_not_verify(ticket_id):
    other_private, _other_public = crypto.generate_keypair()
    forged = crypto.sign_code(private_key=other_private, key_id=KEY_ID, ticket_id=ticket_id)

    assert crypto.parse_code(forged) is not None
    assert not verifies(forged, PUBLIC)


# --- through the scan API -----------------------------------------------------------------------------------

# Strings the API takes as a code (non-blank after trimming, no NUL, no lone surrogate, at most 500).
acceptable_text = st.text(TEXT_CHARACTERS, max_size=200).filter(str.strip)


@pytest.mark.django_db
@API_SETTINGS
@given(
    candidate=st.one_of(
        st.builds(lambda text: ("text", text), acceptable_text),
        st.builds(lambda text: ("text", text), st.text(alphabet=BASE32, min_size=117, max_size=117)),
        st.builds(lambda mutation: ("mutation", mutation), mutations),
    )
)
@example(candidate=("mutation", ("unused_bit",)))
def test_tampering_scan_api_answers_invalid_never_5xx(gate_a, ticket, open_session, candidate):
    kind, value = candidate
    code = value if kind == "text" else mutate(ticket.code, value)
    if not is_another_code(ticket.code, code) or not code.strip():
        return
    key = EventKey.objects.get(event=open_session.event)
    rows_before = CheckIn.objects.count()

    response = scan(gate_a[1], code, open_session)

    assert not verifies(code, bytes(key.public_key))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["result"], body["message"], body["registration"]) == ("invalid", message("invalid"), None)
    assert CheckIn.objects.count() == rows_before + 1
    assert CheckIn.objects.successful().count() == 0


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("AB\x00CD", "Null characters are not allowed."),
        ("\ud800" + "A" * 10, "Surrogate characters are not allowed: U+D800."),
        ("A" * 501, "Ensure this field has no more than 500 characters."),
        ("   ", "This field may not be blank."),
    ],
)
def test_tampering_scan_api_refuses_unacceptable_text_with_400(gate_a, open_session, code, error, db):
    # json.dumps writes a lone surrogate as the escape \ud800, which is valid JSON
    response = gate_a[1].post(
        SCAN_URL,
        json.dumps({"code": code, "session": open_session.pk}),
        content_type="application/json",
        headers={"accept-language": "en"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "detail": "Some fields are not valid.",
        "fields": {"code": [error]},
    }
    assert CheckIn.objects.count() == 0
