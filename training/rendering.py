"""Certificate PDF: Vietnamese (or English) text in Roboto, a QR that opens the verification page.

The page is laid out as Vietnamese certificates are: the national heading at the top when a state agency
issues it, the place and date of issue above the signer, and every name and title wrapped (and made
smaller when it must be) so that nothing leaves the page or runs into the footer."""

import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF

from checkin.rendering import pdf_with_vietnamese_font, qr_png
from events.enums import OrganizationKind
from events.models import Session
from events.validators import single_line

from . import selectors
from .models import Certificate

INK = (27, 31, 36)
BLUE = (11, 92, 173)
INSET = 20  # mm between the paper's edge and the text (the frame is at 8)
FOOTER_INSET = 22
QR_SIZE = 34
SIGNER_WIDTH = 110
SIGNING_ROOM = 20  # between the signer's title and name: the signature and the seal go there
SIGNATURE_HEIGHT = 50  # at most, from the bottom inset up; the body has the rest
SMALLEST_SCALE = 0.5


@dataclass(frozen=True)
class _Block:
    """One centred paragraph. `line` is the height of one line in mm, `space` the room above the
    paragraph; `shrinks` marks text whose length the data decides: it is made smaller when it must be."""

    text: str
    style: str
    size: float
    line: float
    space: float = 0
    color: tuple[int, int, int] = INK
    indent: float = 0
    shrinks: bool = False


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + certificate.get_absolute_url()


def issued_by_state_agency(certificate: Certificate) -> bool:
    issuer = selectors.certificate_issuer(certificate.course)
    return issuer is not None and issuer.kind == OrganizationKind.STATE_AGENCY


def place_and_date(day: datetime.date) -> str:
    """The place and date of issue in the active language: "TP. Hồ Chí Minh, ngày 05 tháng 12 năm 2025",
    "Ho Chi Minh City, 5 December 2025"."""
    # Translators: a Django date format (letters are codes, a backslash keeps a letter as it is).
    date_format = pgettext("date of issue on a certificate", "j F Y")
    return _("Ho Chi Minh City, %(date)s") % {"date": dateformat.format(day, date_format)}


def certificate_pdf(certificate: Certificate, *, language: str = "vi") -> bytes:
    course = certificate.course
    event = course.event
    sessions = list(Session.objects.filter(event=event, is_cancelled=False).order_by("starts_at"))
    with translation.override(language):
        pdf = pdf_with_vietnamese_font(orientation="landscape", format="A4", unit="mm")
        pdf.set_title(_("Certificate %(number)s") % {"number": certificate.display_number})
        pdf.set_auto_page_break(auto=False)
        pdf.set_margins(INSET, INSET, INSET)
        pdf.add_page()
        pdf.set_draw_color(*BLUE)
        pdf.set_line_width(1.2)
        pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)

        top = _national_heading(pdf, 14) if issued_by_state_agency(certificate) else 22
        # The footer is measured first, so that the body knows where it must end, and written last, so
        # that the text reads (and is copied) in order.
        signer_x = pdf.w - FOOTER_INSET - SIGNER_WIDTH
        signature = _signature(course, issued=timezone.localtime(certificate.issued_at).date())
        signature_scale = _scale_to_fit(pdf, signature, SIGNER_WIDTH, SIGNATURE_HEIGHT)
        signature_top = pdf.h - FOOTER_INSET - _height(pdf, signature, SIGNER_WIDTH, signature_scale)
        qr_top = pdf.h - FOOTER_INSET - QR_SIZE

        body = _body(certificate, sessions)
        width = pdf.w - 2 * INSET
        room = min(signature_top, qr_top) - 4 - top
        scale = _scale_to_fit(pdf, body, width, room)
        # Room left over goes a third above the body and two thirds below it.
        _write(
            pdf,
            body,
            x=INSET,
            y=top + max(0.0, room - _height(pdf, body, width, scale)) / 3,
            width=width,
            scale=scale,
        )
        _verification(pdf, certificate, top=qr_top, right=signer_x - 6)
        _write(pdf, signature, x=signer_x, y=signature_top, width=SIGNER_WIDTH, scale=signature_scale)
        return bytes(pdf.output())


def _national_heading(pdf: FPDF, top: float) -> float:
    """Quốc hiệu and tiêu ngữ, centred, the motto underlined by a rule as long as itself (as Decree
    30/2020/NĐ-CP sets them out). Returns where the page continues below it."""
    width = pdf.w - 2 * INSET
    pdf.set_text_color(*INK)
    pdf.set_xy(INSET, top)
    pdf.set_font("Roboto", "B", 12.5)
    pdf.cell(width, 6, _("SOCIALIST REPUBLIC OF VIETNAM"), align="C", new_x="LMARGIN", new_y="NEXT")
    motto = _("Independence - Freedom - Happiness")
    pdf.set_font("Roboto", "B", 13)
    pdf.cell(width, 6.5, motto, align="C", new_x="LMARGIN", new_y="NEXT")
    rule = pdf.get_string_width(motto)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line((pdf.w - rule) / 2, pdf.get_y() + 0.2, (pdf.w + rule) / 2, pdf.get_y() + 0.2)
    return pdf.get_y() + 5


def _body(certificate: Certificate, sessions: list[Session]) -> list[_Block]:
    if sessions:
        first = timezone.localtime(sessions[0].starts_at)
        last = timezone.localtime(sessions[-1].ends_at)
        dates = f"{first:%d/%m/%Y}" if first.date() == last.date() else f"{first:%d/%m/%Y} – {last:%d/%m/%Y}"
    else:
        dates = ""
    hours = f"{certificate.hours.normalize():f}"
    blocks = [
        _Block(_("Ho Chi Minh City programme to support innovation and startups, 2024–2028"), "", 12, 7),
        _Block(_("CERTIFICATE OF COMPLETION"), "B", 30, 12, space=3, color=BLUE),
        _Block(_("This certifies that"), "", 13, 7, space=3),
        _Block(single_line(certificate.full_name), "B", 26, 11, space=2, shrinks=True),
    ]
    if certificate.organization_name:
        blocks.append(_Block(single_line(certificate.organization_name), "", 13, 6.5, space=1, shrinks=True))
    blocks += [
        _Block(_("has completed the training course"), "", 13, 7, space=3),
        _Block(single_line(certificate.course.event.title), "B", 17, 8, space=1.5, indent=10, shrinks=True),
        _Block(_("%(dates)s · %(hours)s hours") % {"dates": dates, "hours": hours}, "", 12, 7, space=1.5),
    ]
    return blocks


def _signature(course, *, issued: datetime.date) -> list[_Block]:
    """Place and date of issue, the signer's title, room to sign and seal, the signer's name."""
    blocks = [_Block(place_and_date(issued), "I", 11.5, 6)]
    if course.certificate_signer_name:
        if course.certificate_signer_title:
            blocks.append(
                _Block(single_line(course.certificate_signer_title), "B", 11, 5.5, space=1, shrinks=True)
            )
        blocks.append(
            _Block(single_line(course.certificate_signer_name), "B", 13, 7, space=SIGNING_ROOM, shrinks=True)
        )
    return blocks


def _scale_to_fit(pdf: FPDF, blocks: list[_Block], width: float, room: float) -> float:
    """How much the shrinking blocks must be made smaller for `blocks` to fit in `room` (mm high)."""
    scale = 1.0
    while scale > SMALLEST_SCALE and _height(pdf, blocks, width, scale) > room:
        scale = round(scale - 0.05, 2)
    return scale


def _height(pdf: FPDF, blocks: list[_Block], width: float, scale: float) -> float:
    total = 0.0
    for block in blocks:
        factor = scale if block.shrinks else 1
        pdf.set_font("Roboto", block.style, block.size * factor)
        lines = pdf.multi_cell(width - 2 * block.indent, 5, block.text, dry_run=True, output="LINES")
        total += block.space + block.line * factor * len(lines)
    return total


def _write(pdf: FPDF, blocks: list[_Block], *, x: float, y: float, width: float, scale: float) -> None:
    pdf.set_y(y)
    for block in blocks:
        factor = scale if block.shrinks else 1
        pdf.set_font("Roboto", block.style, block.size * factor)
        pdf.set_text_color(*block.color)
        pdf.set_xy(x + block.indent, pdf.get_y() + block.space)
        pdf.multi_cell(
            width - 2 * block.indent, block.line * factor, block.text, align="C", new_x="LEFT", new_y="NEXT"
        )
    pdf.set_text_color(*INK)


def _verification(pdf: FPDF, certificate: Certificate, *, top: float, right: float) -> None:
    """The QR of the verification page, the certificate's number and the page's address, bottom left."""
    url = verification_url(certificate)
    pdf.image(io.BytesIO(qr_png(url, box_size=6)), x=FOOTER_INSET, y=top, w=QR_SIZE, h=QR_SIZE)
    x = FOOTER_INSET + QR_SIZE + 4
    pdf.set_text_color(*INK)
    pdf.set_xy(x, top + 6)
    pdf.set_font("Roboto", "B", 11)
    pdf.multi_cell(
        right - x,
        6,
        _("No. %(number)s") % {"number": certificate.display_number},
        align="L",
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.set_font("Roboto", "", 9)
    # Aligned left: multi_cell justifies by default, which spreads "Verify:" across the line when a long
    # address wraps.
    pdf.multi_cell(right - x, 5, _("Verify: %(url)s") % {"url": url}, align="L", new_x="LEFT", new_y="NEXT")
