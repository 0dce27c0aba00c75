"""Project logos: validated and re-encoded by the core's `events.images` (no uploaded byte is served)."""

from django.core.files.base import ContentFile

from events.images import clean_image

STORED_SIDE = 512


def clean_logo(upload) -> ContentFile:
    """Validate an uploaded logo and return it re-encoded as PNG (at most 512 px on its longer side)."""
    return clean_image(upload, stored_side=STORED_SIDE, image_format="PNG", name="logo.png")
