from django import forms
from django.utils.translation import gettext_lazy as _

from events.validators import validate_no_control_characters

from .models import StaffMessage
from .staff_messages import audience_choices


class StaffMessageForm(forms.ModelForm):
    audience = forms.ChoiceField(label=_("To"), choices=())

    class Meta:
        model = StaffMessage
        fields = ["audience", "subject_vi", "subject_en", "body_vi", "body_en"]
        widgets = {"body_vi": forms.Textarea(attrs={"rows": 8}), "body_en": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "body_vi": _("You can write {name}, {event} and {link} (the person's own registration page)."),
            "body_en": _(
                "Optional: people who registered in English get this one, otherwise the Vietnamese."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = audience_choices()
        for name in ("subject_vi", "subject_en", "body_vi", "body_en"):
            self.fields[name].validators.append(validate_no_control_characters)

    def clean(self):
        cleaned = super().clean()
        for name in ("subject_vi", "subject_en"):
            if cleaned.get(name):
                cleaned[name] = " ".join(cleaned[name].split())  # a subject is one line
        if bool(cleaned.get("subject_en")) != bool(cleaned.get("body_en")):
            raise forms.ValidationError(_("Write both the English subject and message, or neither."))
        return cleaned
