"""Unsubscribing from news and reminders, without an account: every such e-mail carries a signed link
naming the address and the topic (and the `List-Unsubscribe` headers that mail apps show as a button).
Messages a person needs (tickets, confirmations, changes, cancellations) have no topic here and are sent
whatever the person unsubscribed from.

Senders call `is_unsubscribed` (or filter by `unsubscribed_emails`) before queueing, and put
`unsubscribe_url` in the message and `unsubscribe_headers` on it."""

from django.conf import settings
from django.core import signing
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import UnsubscribeTopic, Unsubscription

_SALT = "events.mail.unsubscribe"


def _normalised(email: str) -> str:
    return email.strip().lower()


def unsubscribe_token(email: str, topic: str) -> str:
    """A token naming the address and the topic; it does not expire (old e-mails keep working)."""
    return signing.dumps([_normalised(email), str(topic)], salt=_SALT, compress=True)


def _read_token(token: str) -> tuple[str, str] | None:
    try:
        email, topic = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if topic not in UnsubscribeTopic.values or not isinstance(email, str):
        return None
    return email, topic


def unsubscribe_url(email: str, topic: str) -> str:
    """The absolute one-click link, in the active language (build it inside the message's language)."""
    return settings.SITE_URL + reverse(
        "events:unsubscribe", kwargs={"token": unsubscribe_token(email, topic)}
    )


def unsubscribe_headers(email: str, topic: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: mail apps offer an "unsubscribe" button that POSTs to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(email, topic)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def is_unsubscribed(email: str, topic: str) -> bool:
    return Unsubscription.objects.filter(email__iexact=_normalised(email), topic=topic).exists()


def unsubscribed_emails(topic: str):
    """The lower-cased addresses unsubscribed from `topic` (a subquery for `Lower(email)__in=`)."""
    return Unsubscription.objects.filter(topic=topic).annotate(address=Lower("email")).values("address")


def unsubscription_create(*, email: str, topic: str) -> None:
    """Record that `email` wants no more messages of `topic`. Idempotent, also when two requests race
    (the case-insensitive unique constraint keeps one row)."""
    Unsubscription.objects.bulk_create(
        [Unsubscription(email=_normalised(email), topic=topic)], ignore_conflicts=True
    )


# One-click unsubscribing (RFC 8058) is a POST from the mail app, without our CSRF cookie; the signed token
# is what authorises it, and all it can do is stop messages to the address it names.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request, token):
    """GET asks to confirm (mail scanners follow links: a GET changes nothing); POST unsubscribes."""
    found = _read_token(token)
    if found is None:
        raise Http404
    email, topic = found
    done = request.method == "POST"
    if done:
        unsubscription_create(email=email, topic=topic)
    return render(
        request,
        "mail/unsubscribe.html",
        {"email": email, "topic": UnsubscribeTopic(topic), "done": done, "token": token},
    )
