"""Server-side QR decoding of a camera frame with zxing-cpp (for browsers without BarcodeDetector)."""

from PIL import Image, UnidentifiedImageError


def decode_image(fileobj) -> str | None:
    import zxingcpp

    try:
        image = Image.open(fileobj)
        image.thumbnail((1280, 1280))
        image = image.convert("L")
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        if result.text:
            return result.text
    return None
