from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from .nominations import NomineeForm


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
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    consent = forms.BooleanField(label=CONSENT_LABEL)


class ConsentForm(forms.Form):
    consent = forms.BooleanField(label=CONSENT_LABEL)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
