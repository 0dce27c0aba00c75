"""Small readers shared by the check-in tests."""

import io

import pypdfium2
import zxingcpp
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image
from rest_framework.utils.encoders import JSONEncoder

from checkin.api import MESSAGES

SCAN_URL = "/api/v1/checkin/scan/"
SYNC_URL = "/api/v1/checkin/sync/"
DECODE_URL = "/api/v1/checkin/decode/"

# The English source of each result's message: the API's answer must match these exactly.
MESSAGES_EN = {
    "ok": "Welcome! Checked in.",
    "already_checked_in": "Already checked in.",
    "invalid": "Unknown or invalid code.",
    "revoked": "This ticket was replaced by a newer one and is no longer valid.",
    "wrong_event": "This ticket is for another event.",
    "not_open": "Check-in is not open for this session at this time.",
    "cancelled": "This registration was cancelled.",
    "not_confirmed": "This registration is not confirmed (pending or on the waiting list).",
}
assert set(MESSAGES_EN) == {str(result) for result in MESSAGES}


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def message(result: str, language: str = "vi") -> str:
    """The scan answer's `message` for `result` in `language` (vi is the site's default)."""
    return in_language(language, MESSAGES_EN[result])


def as_json(value):
    """`value` the way the API writes it (DRF's encoder: ISO 8601, Z for UTC)."""
    return JSONEncoder().default(value)


def local_json(value):
    """A time the way scan answers write it: in Ho Chi Minh City time."""
    return as_json(timezone.localtime(value))


def scan(client, code, session, language=None, **extra):
    """POST one scan; `extra` adds fields (nonce, scanned_at, gate), `language` the Accept-Language."""
    headers = {"accept-language": language} if language else {}
    return client.post(
        SCAN_URL, {"code": code, "session": session.pk, **extra}, format="json", headers=headers
    )


def person(registration) -> dict:
    return {
        "name": registration.full_name,
        "organisation": registration.organization_name,
        "role": registration.position,
        "reference": registration.reference,
    }


def decode_qr(image: Image.Image) -> list[zxingcpp.Result]:
    return [r for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode) if r.valid]


def decode_png(content: bytes) -> list[str]:
    return [result.text for result in decode_qr(Image.open(io.BytesIO(content)))]


def pdf_pages(content: bytes) -> list[tuple[Image.Image, list[str]]]:
    """Each page of a PDF rendered at 200 dpi, with its text lines."""
    document = pypdfium2.PdfDocument(content)
    try:
        pages = []
        for page in document:
            image = page.render(scale=200 / 72).to_pil()
            text = page.get_textpage().get_text_range()
            pages.append((image, text.splitlines()))
        return pages
    finally:
        document.close()


def decode_pdf(content: bytes) -> list[str]:
    return [result.text for image, _lines in pdf_pages(content) for result in decode_qr(image)]
