from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from events.validators import validate_single_line

from .nominations import MAX_ROWS, NomineeForm


class CertificateLookupForm(forms.Form):
    """The public verification page's one field: the code printed under the QR, or the number."""

    q = forms.CharField(
        label=_("Verification code or certificate number"),
        max_length=40,
        validators=[validate_single_line],
        help_text=_("For example K7MPQ2RX9TAB, or the number 2026/000123."),
    )


class OptionalNomineeForm(NomineeForm):
    """A formset row: blank rows are skipped, filled rows must be complete."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def has_changed(self):
        return any((self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields)


NomineeFormSet = formset_factory(OptionalNomineeForm, extra=5, max_num=20)


CONSENT_LABEL = _("I confirm that the people on this list agreed to the processing of their personal data.")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Participant list (.xlsx or .csv)"))
    consent = forms.BooleanField(label=CONSENT_LABEL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # formatted here, in the request's language
        self.fields["file"].help_text = _(
            "Excel workbook, or CSV in UTF-8, Windows-1258 or Unicode text. At most %(n)d people."
        ) % {"n": MAX_ROWS}


class ConsentForm(forms.Form):
    consent = forms.BooleanField(label=CONSENT_LABEL)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
