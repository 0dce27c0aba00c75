"""Ticket codes: an Ed25519 signature over a small payload, kept per event.

Layout (73 bytes, base32 without padding = 117 characters, all in the QR alphanumeric set so the
code fits a version 5 QR, 37 x 37 modules, at error correction M):

    version (1) | event key id (2) | ticket id (6, random) | signature (64)

The payload holds no personal data. A scanner holding the event's public key verifies a code without
the network; only the server, holding the private key, can make one.
"""

import base64
import binascii
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

VERSION = 1
_HEADER = 1 + 2 + 6
_SIGNATURE = 64
CODE_LENGTH = 117  # base32 of 73 bytes, no padding


@dataclass(frozen=True)
class ParsedCode:
    key_id: int
    ticket_id: bytes
    payload: bytes
    signature: bytes


def generate_keypair() -> tuple[bytes, bytes]:
    """(private key raw 32 bytes, public key raw 32 bytes)."""
    private = Ed25519PrivateKey.generate()
    return (
        private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        ),
        private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
    )


def new_ticket_id() -> bytes:
    return secrets.token_bytes(6)


def sign_code(*, private_key: bytes, key_id: int, ticket_id: bytes) -> str:
    payload = bytes([VERSION]) + key_id.to_bytes(2, "big") + ticket_id
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(payload)
    return base64.b32encode(payload + signature).decode("ascii").rstrip("=")


def parse_code(code: str) -> ParsedCode | None:
    """Decode a code's structure (no signature check). None when it is not one of ours."""
    if not isinstance(code, str):
        return None
    code = code.strip().upper()
    if len(code) != CODE_LENGTH:
        return None
    try:
        raw = base64.b32decode(code + "=" * (-len(code) % 8))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != _HEADER + _SIGNATURE or raw[0] != VERSION:
        return None
    # The last character carries an unused bit that b32decode ignores: accept only the one spelling we
    # issue, so that a code and a variant of it never both verify (offline scanners key on the text).
    if base64.b32encode(raw).decode("ascii").rstrip("=") != code:
        return None
    return ParsedCode(
        key_id=int.from_bytes(raw[1:3], "big"),
        ticket_id=raw[3:_HEADER],
        payload=raw[:_HEADER],
        signature=raw[_HEADER:],
    )


def verify(parsed: ParsedCode, public_key: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(parsed.signature, parsed.payload)
    except (InvalidSignature, ValueError):
        return False
    return True


def normalize_code(code: str) -> str:
    return (code or "").strip().upper()


_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def has_code_shape(code: str) -> bool:
    """Whether a (normalised) text has the length and the alphabet of our codes: cheap enough to decide,
    before any look-up, that a scanned text cannot be one of our tickets. Only `parse_code` (and the
    stored tickets) say that it is one."""
    return len(code) == CODE_LENGTH and _ALPHABET.issuperset(code)
