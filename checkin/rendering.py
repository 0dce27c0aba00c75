"""Ticket images and documents: the QR as PNG, the printable PDF (Vietnamese diacritics via Roboto)."""

import io
from pathlib import Path

import font_roboto
import qrcode
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from qrcode.constants import ERROR_CORRECT_M

from events.validators import single_line

from .models import Ticket

_FONT_DIR = Path(font_roboto.__file__).parent / "files"


def pdf_with_vietnamese_font(**options) -> FPDF:
    """An FPDF document with Roboto (regular, bold, italic) registered as "Roboto": it covers Vietnamese."""
    pdf = FPDF(**options)
    pdf.add_font("Roboto", "", str(_FONT_DIR / "Roboto-Regular.ttf"))
    pdf.add_font("Roboto", "B", str(_FONT_DIR / "Roboto-Bold.ttf"))
    pdf.add_font("Roboto", "I", str(_FONT_DIR / "Roboto-Italic.ttf"))
    return pdf


def qr_image(code: str, *, box_size: int = 10, border: int = 4):
    """The smallest QR version that holds the code at error correction M (version 5 for our codes)."""
    qr = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    qr.add_data(code)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image()


def qr_png(code: str, *, box_size: int = 10) -> bytes:
    buffer = io.BytesIO()
    qr_image(code, box_size=box_size).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ticket_pdf(ticket: Ticket, *, language: str | None = None) -> bytes:
    registration = ticket.registration
    event = registration.event
    with translation.override(language or registration.language or "vi"):
        pdf = pdf_with_vietnamese_font(format="A4", unit="mm")
        # Names and titles are printed on one line each, whatever the stored text holds.
        title, name = single_line(event.title), single_line(registration.full_name)
        pdf.set_title(f"{title} — {name}")
        pdf.set_author(_("HCMC Innovation"))
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()
        width = pdf.w - pdf.l_margin - pdf.r_margin

        pdf.set_font("Roboto", "", 10)
        pdf.set_text_color(87, 96, 106)
        pdf.cell(width, 6, _("HCMC Innovation — Ticket"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(27, 31, 36)
        pdf.set_font("Roboto", "B", 18)
        # Every block is aligned left: fpdf2's multi_cell justifies by default, which spreads the words
        # of each wrapped line across the page.
        pdf.multi_cell(width, 9, title, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

        pdf.set_font("Roboto", "B", 15)
        pdf.multi_cell(width, 8, name, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Roboto", "", 12)
        org = " · ".join(
            single_line(part) for part in (registration.position, registration.organization_name) if part
        )
        if org:
            pdf.multi_cell(width, 6, org, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

        qr_size = 70
        pdf.image(io.BytesIO(qr_png(ticket.code, box_size=8)), x=(pdf.w - qr_size) / 2, w=qr_size, h=qr_size)
        pdf.ln(2)
        pdf.set_font("Roboto", "", 10)
        pdf.cell(
            width,
            6,
            _("Reference: %(ref)s") % {"ref": registration.reference},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(4)

        if event.venue:
            pdf.set_font("Roboto", "B", 12)
            pdf.cell(width, 7, _("Venue"), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Roboto", "", 11)
            pdf.multi_cell(
                width,
                6,
                single_line(f"{event.venue.name}, {event.venue.address}"),
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(2)
        sessions = list(event.sessions.order_by("starts_at"))
        if sessions:
            pdf.set_font("Roboto", "B", 12)
            pdf.cell(width, 7, _("Schedule"), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Roboto", "", 11)
            for session in sessions:
                start = timezone.localtime(session.starts_at)
                end = timezone.localtime(session.ends_at)
                line = f"{start:%d/%m/%Y %H:%M}–{end:%H:%M}"
                if session.title:
                    line += f"  {single_line(session.title)}"
                if session.room:
                    line += f" ({single_line(session.room)})"
                pdf.multi_cell(width, 6, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("Roboto", "", 9)
        pdf.set_text_color(87, 96, 106)
        pdf.multi_cell(
            width,
            5,
            _(
                "Show this code at the door, on screen or printed. It is personal: do not share it. "
                "Times are Ho Chi Minh City time (UTC+7)."
            ),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        return bytes(pdf.output())
