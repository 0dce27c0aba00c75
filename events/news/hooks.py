"""How news joins the rest of events (imported once by `events.apps`): the home page lists the latest
posts, the outbox learns to build the news e-mail, and the addresses news was sent to are anonymised
with the registrations."""

from events import extensions
from events.mail.models import EmailTopic, OutgoingEmail
from events.models import Registration

from . import emails  # noqa: F401  (registers the news message builder)
from .selectors import latest_news


def _latest_news_context(request) -> dict:
    return {"latest_news": latest_news(3)}


def _anonymise_news_recipients(*, events, pseudonym, anonymous_domain, **kwargs):
    # A news e-mail names no registration, so the outbox's own anonymiser does not see it: an address whose
    # registrations have just been anonymised (their pseudonym is now stored) is replaced here too.
    anonymised = set(
        Registration.objects.filter(event__in=events, email__endswith="@" + anonymous_domain).values_list(
            "email", flat=True
        )
    )
    rows = OutgoingEmail.objects.filter(topic=EmailTopic.NEWS).exclude(
        recipient__endswith="@" + anonymous_domain
    )
    for email in rows.only("pk", "recipient").iterator(chunk_size=2000):
        if pseudonym(email.recipient) in anonymised:
            OutgoingEmail.objects.filter(pk=email.pk).update(recipient=pseudonym(email.recipient))


extensions.catalogue_page_context.append(_latest_news_context)
extensions.catalogue_page_templates.append("news/_latest.html")
extensions.personal_data_anonymisers.append(_anonymise_news_recipients)
