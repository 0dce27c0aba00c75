from django import forms
from django.utils.translation import gettext_lazy as _

from .dates import MonthField
from .enums import Audience, EventKind, OrganizationKind
from .models import Event, Host
from .validators import validate_single_line, validate_vietnamese_phone


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, validators=[validate_single_line])
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        validators=[validate_single_line, validate_vietnamese_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    organization_name = forms.CharField(
        label=_("Organisation"), max_length=255, required=False, validators=[validate_single_line]
    )
    organization_kind = forms.ChoiceField(
        label=_("Kind of organisation"), required=False, choices=[("", "—"), *OrganizationKind.choices]
    )
    position = forms.CharField(
        label=_("Position"), max_length=200, required=False, validators=[validate_single_line]
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisers process my personal data to manage this registration, "
            "as Decree 13/2023/ND-CP requires."
        ),
        error_messages={"required": _("You must agree to the processing of your personal data to register.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["organization_name"].widget.attrs.update({"autocomplete": "organization"})
        self.fields["position"].widget.attrs.update({"autocomplete": "organization-title"})

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your full name."), code="required")
        return name


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[("", _("All audiences")), *Audience.choices]
    )
    month = MonthField(label=_("Month"), required=False)
    host = forms.ModelChoiceField(
        label=_("Host"),
        required=False,
        queryset=Host.objects.with_names().filter(pk__in=Event.objects.published().values("host")),
        to_field_name="slug",
        empty_label=_("All hosts"),
    )
    past = forms.BooleanField(label=_("Include past events"), required=False)

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month and not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("Pick a month between 2000 and 2100."), code="out_of_range")
        return month

    def filters(self) -> dict:
        """The filters that are valid: a mistyped one shows its error and the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data


class CancelForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, cancel my registration"))
