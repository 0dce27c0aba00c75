from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from events.enums import ProjectStage, Sector
from events.validators import validate_single_line, validate_vietnamese_phone

from .images import clean_logo
from .models import ParticipationKind, VisitorKind


class ExhibitorApplicationForm(forms.Form):
    project_name = forms.CharField(label=_("Project name"), max_length=200, validators=[validate_single_line])
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    stage = forms.ChoiceField(label=_("Stage"), choices=ProjectStage.choices)
    description_vi = forms.CharField(
        label=_("Short description (Vietnamese)"), max_length=1000, widget=forms.Textarea
    )
    description_en = forms.CharField(
        label=_("Short description (English)"), max_length=1000, required=False, widget=forms.Textarea
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)
    logo = forms.FileField(label=_("Logo (PNG, JPEG or WebP, at most 2 MB)"), required=False)
    kind = forms.ChoiceField(label=_("Participation"), choices=ParticipationKind.choices)
    showcase_vi = forms.CharField(label=_("What you will show"), max_length=2000, widget=forms.Textarea)
    showcase_en = forms.CharField(
        label=_("What you will show (English)"), max_length=2000, required=False, widget=forms.Textarea
    )
    booth_needs = forms.CharField(
        label=_("Booth needs (power, screen, tables...)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, validators=[validate_single_line])
    contact_email = forms.EmailField(label=_("Contact e-mail"), max_length=254)
    contact_phone = forms.CharField(
        label=_("Contact phone"), max_length=20, validators=[validate_single_line, validate_vietnamese_phone]
    )
    consent = forms.BooleanField(
        label=_("I agree that the organisers process the personal data in this application to manage it.")
    )

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return clean_logo(upload) if upload else None


class MemberForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, required=False, validators=[validate_single_line]
    )
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        validators=[validate_single_line, validate_vietnamese_phone],
    )
    role = forms.CharField(
        label=_("Role in the team"), max_length=120, required=False, validators=[validate_single_line]
    )

    def clean(self):
        data = super().clean()
        filled = [name for name in ("full_name", "email", "phone") if data.get(name)]
        if filled and len(filled) < 3:
            for name in ("full_name", "email", "phone"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        return data


MemberFormSet = formset_factory(MemberForm, extra=4, max_num=10, validate_max=True)


class MeetingRequestForm(forms.Form):
    requester_name = forms.CharField(label=_("Your name"), max_length=200, validators=[validate_single_line])
    requester_email = forms.EmailField(label=_("E-mail"), max_length=254)
    requester_phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        validators=[validate_single_line, validate_vietnamese_phone],
    )
    requester_organization = forms.CharField(
        label=_("Organisation"), max_length=255, required=False, validators=[validate_single_line]
    )
    requester_kind = forms.ChoiceField(label=_("You are"), choices=VisitorKind.choices)
    message = forms.CharField(
        label=_("What you would like to discuss"), max_length=1000, widget=forms.Textarea
    )
    consent = forms.BooleanField(
        label=_("I agree that my contact details are shared with this project's team.")
    )


class DirectoryFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *ProjectStage.choices]
    )
