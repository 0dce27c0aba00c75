"""Public identifiers: random codes from an alphabet without look-alike characters (no 0/O, 1/l/I)."""

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def random_code(length: int = 10) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def registration_reference() -> str:
    return random_code(10)
