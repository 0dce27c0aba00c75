"""Reads of news shared by the pages, the feed, the home page and the mailing."""

from events.enums import RegistrationStatus
from events.mail.models import UnsubscribeTopic
from events.mail.unsubscribe import unsubscribed_emails
from events.models import Registration
from events.privacy import ANONYMOUS_DOMAIN

from .models import NewsPost

LANGUAGES = ("vi", "en")


def news_public(now=None):
    """Visible posts, newest first, with their event, without the long texts (lists and feeds)."""
    return NewsPost.objects.visible(now).select_related("event").defer("body_vi", "body_en")


def latest_news(limit: int = 3) -> list[NewsPost]:
    return list(news_public()[:limit])


def news_subscribers() -> list[tuple[str, str]]:
    """(address, language) of each person who receives news by e-mail: everyone who registered for an
    event, once per address whatever its case, unless all their registrations were cancelled, their address
    was anonymised, or they unsubscribed from news. The address and language are those of their latest
    registration. One pass over the registrations, in the database's order of time."""
    unsubscribed = set(unsubscribed_emails(UnsubscribeTopic.NEWS).values_list("address", flat=True))
    people: dict[str, tuple[str, str, bool]] = {}
    rows = (
        Registration.objects.exclude(email__iendswith="@" + ANONYMOUS_DOMAIN)
        .order_by("created_at", "pk")
        .values_list("email", "language", "status")
    )
    for email, language, status in rows.iterator(chunk_size=2000):
        key = email.lower()
        if key in unsubscribed:
            continue
        active = status != RegistrationStatus.CANCELLED or (key in people and people[key][2])
        people[key] = (email, language if language in LANGUAGES else "vi", active)
    return [(email, language) for email, language, active in people.values() if active]
