"""Public identifiers: random codes from an alphabet without look-alike characters (no 0/O, 1/l/I)."""

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def random_code(length: int = 10) -> str:
    # one read of the system's randomness for the whole code (a list import makes thousands): the
    # alphabet has 32 letters, so the low five bits of a random byte pick one uniformly
    return "".join(ALPHABET[byte & 31] for byte in secrets.token_bytes(length))


def registration_reference() -> str:
    return random_code(10)
