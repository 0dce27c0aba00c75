"""Uploaded images (project logos, news pictures): checked for type, size and dimensions, then re-encoded
so that what we store and serve is a clean image we produced, never the uploaded bytes (no scripts, no
metadata)."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MIN_SIDE = 64
MAX_SIDE = 4096
MAX_PIXELS = 16_000_000
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def clean_image(upload, *, stored_side: int, image_format: str, name: str) -> ContentFile:
    """Validate an uploaded image and return it re-encoded as `image_format` ("PNG" keeps transparency,
    "JPEG" puts it on white), at most `stored_side` pixels on its longer side, as a file called `name`."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The image is larger than 2 MB."), code="too_large")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()  # structural check without decoding pixels
        image = Image.open(io.BytesIO(data))
        if image.format not in ALLOWED_FORMATS:
            raise ValidationError(_("Upload a PNG, JPEG, WebP or GIF image."), code="bad_format")
        width, height = image.size
        if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
            raise ValidationError(
                _("The image is too large (at most %(n)d pixels on a side).") % {"n": MAX_SIDE},
                code="too_big",
            )
        if min(width, height) < MIN_SIDE:
            raise ValidationError(
                _("The image is too small (at least %(n)d pixels on a side).") % {"n": MIN_SIDE},
                code="too_small",
            )
        image.load()
        # Re-encoding drops EXIF, so apply its orientation first (phones store photos sideways).
        image = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationError(_("This file is not an image we can read."), code="not_image") from exc
    image = image.convert("RGBA")
    image.thumbnail((stored_side, stored_side))
    if image_format != "PNG":  # no transparency: lay the image on white
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    out = io.BytesIO()
    image.save(out, format=image_format, optimize=True, **({"quality": 85} if image_format == "JPEG" else {}))
    return ContentFile(out.getvalue(), name=name)
