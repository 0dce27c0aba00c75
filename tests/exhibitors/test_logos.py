"""Uploaded logos: checked for size, type and dimensions, and stored re-encoded as PNG (never the
uploaded bytes), so that an "image" that is really a script is refused or neutralised."""

import io
import struct
import zlib

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from events.exhibitions.models import Exhibitor
from events.models import StartupProject

from .helpers import application_post, field_errors, image_bytes, stored_files, upload, vi

MB = 1024 * 1024
SCRIPT = b"<script>alert(1)</script>"


def _post(client, event, logo):
    return client.post(f"/events/{event.slug}/exhibit/", application_post(logo=logo))


def _stored_logo(media_root) -> Image.Image:
    project = StartupProject.objects.get()
    assert stored_files(media_root) == [project.logo.name]
    assert project.logo.name.endswith("/nong-san-xanh.png")
    with project.logo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_header_claiming(width: int, height: int) -> bytes:
    """A structurally valid PNG whose header claims `width` x `height` but holds almost no pixel data:
    decoding it would allocate the claimed size."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _png_chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("size", "fmt", "stored_size"),
    [((1000, 800), "PNG", (512, 410)), ((300, 300), "JPEG", (300, 300)), ((64, 640), "WEBP", (51, 512))],
)
def test_apply_with_a_logo_stores_it_as_png_at_most_512_px(
    client, exhibition, media_root, size, fmt, stored_size
):
    name = f"logo.{fmt.lower()}"
    response = _post(client, exhibition, upload(image_bytes(*size, fmt=fmt), name, f"image/{fmt.lower()}"))

    assert response.status_code == 302
    image = _stored_logo(media_root)
    assert (image.format, image.size) == ("PNG", stored_size)


def test_apply_with_a_transparent_gif_logo_keeps_transparency(client, exhibition, media_root):
    gif = io.BytesIO()
    Image.new("RGBA", (100, 100), (0, 0, 0, 0)).save(gif, format="GIF")

    assert _post(client, exhibition, upload(gif.getvalue(), "logo.gif", "image/gif")).status_code == 302

    image = _stored_logo(media_root)
    assert (image.format, image.mode, image.size, image.getpixel((50, 50))[3]) == (
        "PNG",
        "RGBA",
        (100, 100),
        0,
    )


def test_apply_with_a_png_that_carries_a_script_stores_only_the_pixels(client, exhibition, media_root):
    # A real image with a script appended (and in a text chunk): valid, so accepted, but what is stored is
    # our own re-encoding of the pixels, which holds nothing of the uploaded bytes.
    out = io.BytesIO()
    info = PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    Image.new("RGB", (128, 128), (10, 20, 30)).save(out, format="PNG", pnginfo=info)

    assert _post(client, exhibition, upload(out.getvalue() + SCRIPT)).status_code == 302

    image = _stored_logo(media_root)
    with StartupProject.objects.get().logo.open("rb") as stored:
        assert SCRIPT not in stored.read()
    assert (image.format, image.size, image.text) == ("PNG", (128, 128), {})


def test_apply_with_a_rotated_jpeg_logo_stores_it_upright(client, exhibition, media_root):
    # Phones save photos sideways with an EXIF orientation; re-encoding drops EXIF, so apply it first.
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    Image.new("RGB", (200, 100), (200, 30, 30)).save(out, format="JPEG", exif=exif)

    assert _post(client, exhibition, upload(out.getvalue(), "logo.jpg", "image/jpeg")).status_code == 302

    assert _stored_logo(media_root).size == (100, 200)


def test_apply_with_a_logo_of_exactly_2_mb_is_accepted(client, exhibition, media_root):
    png = image_bytes(100, 100)
    content = png + b"\0" * (2 * MB - len(png))

    assert _post(client, exhibition, upload(content)).status_code == 302

    assert _stored_logo(media_root).size == (100, 100)


BAD_LOGOS = {
    "larger than 2 MB": (
        lambda: image_bytes(100, 100) + b"\0" * (2 * MB),
        "The image is larger than 2 MB.",
        {},
    ),
    "text file": (lambda: "Xin chào, đây là logo".encode(), "This file is not an image we can read.", {}),
    "script named logo.png": (lambda: SCRIPT, "This file is not an image we can read.", {}),
    "GIF header then script": (lambda: b"GIF89a" + SCRIPT, "This file is not an image we can read.", {}),
    "GIF header, script as screen size": (
        lambda: b"GIF89a/*\x00\x00\x00\x00*/=1;" + SCRIPT,
        "This file is not an image we can read.",
        {},
    ),
    "PNG signature then script": (
        lambda: b"\x89PNG\r\n\x1a\n" + SCRIPT,
        "This file is not an image we can read.",
        {},
    ),
    "PNG header then script": (
        lambda: image_bytes(100, 100)[:33] + SCRIPT,
        "This file is not an image we can read.",
        {},
    ),
    "SVG with a script": (
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">' + SCRIPT + b"</svg>",
        "This file is not an image we can read.",
        {},
    ),
    "BMP image": (lambda: image_bytes(100, 100, fmt="BMP"), "Upload a PNG, JPEG, WebP or GIF image.", {}),
    "too small": (
        lambda: image_bytes(63, 200),
        "The image is too small (at least %(n)d pixels on a side).",
        {"n": 64},
    ),
    "too wide": (
        lambda: image_bytes(4097, 64),
        "The image is too large (at most %(n)d pixels on a side).",
        {"n": 4096},
    ),
    "too many pixels": (
        lambda: image_bytes(4000, 4001),
        "The image is too large (at most %(n)d pixels on a side).",
        {"n": 4096},
    ),
    "header claiming 2000 x 2000 without the pixels": (
        lambda: _png_header_claiming(2000, 2000),
        "This file is not an image we can read.",
        {},
    ),
    "header claiming 60000 x 60000": (
        lambda: _png_header_claiming(60000, 60000),
        "This file is not an image we can read.",
        {},
    ),
}


@pytest.mark.parametrize("case", BAD_LOGOS, ids=list(BAD_LOGOS))
def test_apply_with_a_bad_logo_shows_the_field_error_and_saves_nothing(
    client, exhibition, media_root, mailoutbox, django_capture_on_commit_callbacks, case
):
    make, message, params = BAD_LOGOS[case]

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, exhibition, upload(make()))

    assert response.status_code == 200
    assert response.context["form"].errors == {"logo": [vi(message, **params)]}
    assert field_errors(response.content, "logo") == [vi(message, **params)]
    assert (StartupProject.objects.count(), Exhibitor.objects.count()) == (0, 0)
    assert stored_files(media_root) == []
    assert mailoutbox == []
