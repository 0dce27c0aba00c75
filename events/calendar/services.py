"""Personal feeds: a secret address per person, made on first use and replaced on request."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import PersonalFeed, personal_feed_secret


def personal_feed_get_or_create(*, email: str) -> PersonalFeed:
    """The person's feed, created on first use. One per e-mail address (case-insensitive), also when
    two requests create it at once."""
    email = email.strip().lower()
    feed = PersonalFeed.objects.filter(email__iexact=email).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            return PersonalFeed.objects.create(email=email)
    except IntegrityError:
        return PersonalFeed.objects.get(email__iexact=email)


def personal_feed_rotate(*, email: str) -> PersonalFeed:
    """Give the person a new secret feed address; the old one answers 404 from now on."""
    personal_feed_get_or_create(email=email)
    with transaction.atomic():
        feed = PersonalFeed.objects.select_for_update().get(email__iexact=email.strip())
        feed.secret = personal_feed_secret()
        feed.rotated_at = timezone.now()
        feed.save(update_fields=["secret", "rotated_at"])
        return feed
