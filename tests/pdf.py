"""Reading the layout of a generated PDF back with pdfium: where each line of text sits, how far apart
two words are set, where the images are. Coordinates are PDF points from the bottom left of the page."""

import ctypes
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium

# Roboto's space is 508/2048 em wide (510 in bold, 503 in italic).
ROBOTO_SPACE_EM = 508 / 2048

Box = tuple[float, float, float, float]  # left, bottom, right, top


@dataclass(frozen=True)
class TextLine:
    text: str
    box: Box
    font: str  # the font's name without its subset prefix, e.g. "RobotoItalic"
    size: float


@dataclass(frozen=True)
class PageLayout:
    width: float
    height: float
    lines: list[TextLine]
    images: list[Box]
    rules: list[Box]  # drawn horizontal lines (paths less than 2 points high)

    def line(self, text: str) -> TextLine:
        [found] = [line for line in self.lines if line.text == text]
        return found


def page_layout(content: bytes, page_index: int = 0) -> PageLayout:
    document = pypdfium2.PdfDocument(content)
    try:
        page = document[page_index]
        textpage = page.get_textpage()
        lines = []
        for index in range(textpage.count_rects()):
            box = textpage.get_rect(index)
            first = _char_at(textpage, box)
            lines.append(
                TextLine(
                    text=textpage.get_text_bounded(*box).strip(),
                    box=box,
                    font=_font_name(textpage, first),
                    size=pdfium.FPDFText_GetFontSize(textpage.raw, first),
                )
            )
        images = [obj.get_bounds() for obj in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_IMAGE])]
        paths = [obj.get_bounds() for obj in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_PATH])]
        rules = [box for box in paths if box[3] - box[1] < 2]
        return PageLayout(page.get_width(), page.get_height(), lines, images, rules)
    finally:
        document.close()


def word_gap(content: bytes, phrase: str, page_index: int = 0) -> tuple[float, float]:
    """(the room between the two words of `phrase` where the page sets them, the width of one space in
    the font and size they are set in). Justified text stretches the first far past the second."""
    first_word, second_word = phrase.split(" ")
    document = pypdfium2.PdfDocument(content)
    try:
        textpage = document[page_index].get_textpage()
        last_of_first, first_of_second = _word_ends(textpage, first_word, second_word)
        # Loose boxes run from a glyph's origin to its advance, so the room between them is the space.
        gap = (
            textpage.get_charbox(first_of_second, loose=True)[0]
            - textpage.get_charbox(last_of_first, loose=True)[2]
        )
        size = pdfium.FPDFText_GetFontSize(textpage.raw, last_of_first)
        return gap, size * ROBOTO_SPACE_EM
    finally:
        document.close()


def _word_ends(textpage, first_word: str, second_word: str) -> tuple[int, int]:
    """Indexes of the last character of `first_word` and the first of `second_word`, which follows it
    after spaces (the text's indexes are the characters' indexes)."""
    text = textpage.get_text_range()
    start = text.index(first_word + " ")
    after = start + len(first_word)
    second = after
    while text[second] == " ":
        second += 1
    assert text[second : second + len(second_word)] == second_word, text[start : start + 80]
    return after - 1, second


def _char_at(textpage, box: Box) -> int:
    """The first visible character whose box's centre lies in `box`."""
    left, bottom, right, top = box
    for index in range(textpage.count_chars()):
        c_left, c_bottom, c_right, c_top = textpage.get_charbox(index)
        if (
            c_right > c_left
            and left <= (c_left + c_right) / 2 <= right
            and bottom <= (c_bottom + c_top) / 2 <= top
        ):
            return index
    raise AssertionError(f"no character in {box}")


def _font_name(textpage, index: int) -> str:
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium.FPDFText_GetFontInfo(textpage.raw, index, buffer, len(buffer), ctypes.byref(flags))
    return buffer.value.decode().split("+")[-1]


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner: Box, outer: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]
