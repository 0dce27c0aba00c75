"""Certificate PDF: Vietnamese (or English) text in Roboto, a QR that opens the verification page."""

import io

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from checkin.rendering import pdf_with_vietnamese_font, qr_png
from events.models import Session
from events.validators import single_line

from .models import Certificate


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + certificate.get_absolute_url()


def certificate_pdf(certificate: Certificate, *, language: str = "vi") -> bytes:
    course = certificate.course
    event = course.event
    sessions = list(Session.objects.filter(event=event, is_cancelled=False).order_by("starts_at"))
    with translation.override(language):
        pdf = pdf_with_vietnamese_font(orientation="landscape", format="A4", unit="mm")
        pdf.set_title(_("Certificate %(number)s") % {"number": certificate.display_number})
        pdf.set_auto_page_break(auto=False)
        pdf.add_page()
        pdf.set_draw_color(11, 92, 173)
        pdf.set_line_width(1.2)
        pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
        width = pdf.w - 40
        pdf.set_xy(20, 22)
        pdf.set_font("Roboto", "", 12)
        pdf.cell(
            width,
            7,
            _("Ho Chi Minh City programme to support innovation and startups, 2024–2028"),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_x(20)
        pdf.set_font("Roboto", "B", 30)
        pdf.set_text_color(11, 92, 173)
        pdf.cell(width, 18, _("CERTIFICATE OF COMPLETION"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(27, 31, 36)
        pdf.set_x(20)
        pdf.set_font("Roboto", "", 13)
        pdf.cell(width, 9, _("This certifies that"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(20)
        name = single_line(certificate.full_name)
        _set_font_to_fit(pdf, name, width, style="B", size=26)
        pdf.cell(width, 14, name, align="C", new_x="LMARGIN", new_y="NEXT")
        if certificate.organization_name:
            pdf.set_x(20)
            organization = single_line(certificate.organization_name)
            _set_font_to_fit(pdf, organization, width, style="", size=13)
            pdf.cell(width, 8, organization, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(20)
        pdf.set_font("Roboto", "", 13)
        pdf.cell(width, 10, _("has completed the training course"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(30)
        pdf.set_font("Roboto", "B", 17)
        pdf.multi_cell(pdf.w - 60, 9, single_line(event.title), align="C", new_x="LMARGIN", new_y="NEXT")
        if sessions:
            first = timezone.localtime(sessions[0].starts_at)
            last = timezone.localtime(sessions[-1].ends_at)
            dates = (
                f"{first:%d/%m/%Y}" if first.date() == last.date() else f"{first:%d/%m/%Y} – {last:%d/%m/%Y}"
            )
        else:
            dates = ""
        pdf.set_x(20)
        pdf.set_font("Roboto", "", 12)
        pdf.cell(
            width,
            9,
            _("%(dates)s · %(hours)s hours")
            % {"dates": dates, "hours": f"{certificate.hours.normalize():f}"},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        # Footer: number and QR on the left, signature on the right.
        qr = 34
        pdf.image(
            io.BytesIO(qr_png(verification_url(certificate), box_size=6)), x=22, y=pdf.h - 22 - qr, w=qr, h=qr
        )
        pdf.set_xy(22 + qr + 4, pdf.h - 22 - qr + 6)
        pdf.set_font("Roboto", "B", 11)
        pdf.cell(
            90, 6, _("No. %(number)s") % {"number": certificate.display_number}, new_x="LEFT", new_y="NEXT"
        )
        pdf.set_font("Roboto", "", 9)
        pdf.multi_cell(
            90, 5, _("Verify: %(url)s") % {"url": verification_url(certificate)}, new_x="LEFT", new_y="NEXT"
        )
        issued = timezone.localtime(certificate.issued_at)
        pdf.cell(90, 5, _("Issued on %(date)s") % {"date": f"{issued:%d/%m/%Y}"}, new_x="LEFT", new_y="NEXT")
        if course.certificate_signer_name:
            pdf.set_xy(pdf.w - 22 - 90, pdf.h - 50)
            pdf.set_font("Roboto", "", 11)
            signer_title = single_line(course.certificate_signer_title)
            _set_font_to_fit(pdf, signer_title, 90, style="", size=11)
            pdf.cell(90, 6, signer_title, align="C", new_x="LEFT", new_y="NEXT")
            pdf.set_xy(pdf.w - 22 - 90, pdf.h - 32)
            signer_name = single_line(course.certificate_signer_name)
            _set_font_to_fit(pdf, signer_name, 90, style="B", size=13)
            pdf.cell(90, 7, signer_name, align="C")
        return bytes(pdf.output())


def _set_font_to_fit(pdf, text: str, width: float, *, style: str, size: float, smallest: float = 7) -> None:
    """Roboto at `size`, or smaller (down to `smallest`) when `text` would not fit on one line of
    `width`: a long name stays inside the certificate's frame."""
    pdf.set_font("Roboto", style, size)
    text_width = pdf.get_string_width(text)
    if text_width > width:
        pdf.set_font("Roboto", style, max(smallest, size * width / text_width))
