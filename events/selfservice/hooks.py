"""How self-service joins the core (imported once by `events.apps`): a "change my details" link on the
registration page, the e-mail change message, and the history's personal data anonymised with the rest."""

from events import extensions

from . import emails  # noqa: F401  (registers the e-mail change message)
from .models import RegistrationChange


def _anonymise_history(*, events, **kwargs):
    # Old names, phones and addresses in the history are personal data too: only who and when remain.
    RegistrationChange.objects.filter(registration__event__in=events).update(changes={})


extensions.registration_page_templates.insert(0, "selfservice/_edit_link.html")
extensions.personal_data_anonymisers.append(_anonymise_history)
