from events.forms import RegistrationForm


class DetailsForm(RegistrationForm):
    """The registration form's own fields, validators and messages, without the consent (given when
    registering): a rule changed there applies here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["consent"]

    @classmethod
    def initial_for(cls, registration) -> dict:
        return {name: getattr(registration, name) for name in cls.base_fields if name != "consent"}
