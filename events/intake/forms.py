from django import forms
from django.utils.translation import gettext_lazy as _

from events.enums import OrganizationKind
from events.validators import validate_single_line, validate_vietnamese_phone

from . import reading


class PersonForm(forms.Form):
    """One person added by staff (and a walk-in at the door). Only the shape of the input is checked
    here; the rules are the registration service's."""

    full_name = forms.CharField(label=_("Full name"), max_length=200, validators=[validate_single_line])
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"), max_length=20, validators=[validate_single_line, validate_vietnamese_phone]
    )
    organization_name = forms.CharField(
        label=_("Organisation"), max_length=255, required=False, validators=[validate_single_line]
    )
    organization_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", "—"), *OrganizationKind.choices],
        required=False,
    )
    position = forms.CharField(
        label=_("Position"), max_length=200, required=False, validators=[validate_single_line]
    )

    def person(self) -> dict:
        """The person typed in, as the keyword arguments of `registration_add` and `checkin_walk_in`
        (only the fields this form has: a subclass may leave some out)."""
        return {name: self.cleaned_data[name] for name in PersonForm.base_fields if name in self.fields}


class AddPersonForm(PersonForm):
    send_ticket = forms.BooleanField(label=_("E-mail the person their ticket"), required=False, initial=True)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Participant list (.xlsx or .csv)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, in the request's language (a lazy text formatted at import keeps one language).
        self.fields["file"].help_text = _(
            "Excel workbook, or CSV in UTF-8, Windows-1258 or Unicode text. At most %(n)d people."
        ) % {"n": reading.MAX_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > reading.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": reading.MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


class MappingForm(forms.Form):
    """Which column fills which field: one select per field, the columns of the file as choices."""

    def __init__(self, *args, header: list[str], mapping: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        columns = [("", _("(not in the file)"))] + [
            (str(index), f"{index + 1}. {title or '—'}"[:80]) for index, title in enumerate(header)
        ]
        for name, (label, _titles) in reading.FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=columns,
                required=name in reading.REQUIRED,
                initial=str(mapping[name]) if name in mapping else "",
            )

    def mapping(self) -> dict[str, int]:
        return {name: int(value) for name, value in self.cleaned_data.items() if value != ""}

    def clean(self):
        cleaned = super().clean()
        chosen = [value for value in cleaned.values() if value]
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("A column can fill only one field."))
        return cleaned


class ConfirmForm(forms.Form):
    send_tickets = forms.BooleanField(
        label=_("E-mail everyone their ticket (or their place on the waiting list)"),
        required=False,
        initial=True,
    )
