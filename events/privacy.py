"""Personal data: anonymise registrations of events that ended long ago, keeping what the reports count.

The e-mail address becomes a keyed pseudonym (the same address always gives the same pseudonym), so
"unique people" stays right in every indicator; the organisation name and kind stay (they are counted);
name, phone and position go."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import timezone

from . import extensions
from .models import Event, Registration

ANONYMOUS_DOMAIN = "anonymised.invalid"
ANONYMOUS_NAME = "—"


def pseudonym(email: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), email.strip().lower().encode(), hashlib.sha256
    ).hexdigest()
    return f"{digest[:32]}@{ANONYMOUS_DOMAIN}"


def ended_before(cutoff: datetime.datetime):
    return Event.objects.annotate(last_end=Max("sessions__ends_at")).filter(last_end__lt=cutoff)


def anonymise_ended_events(*, older_than_days: int, now: datetime.datetime | None = None) -> int:
    """Anonymise the people of events whose last session ended more than `older_than_days` ago.
    Idempotent; returns the number of registrations anonymised."""
    now = now or timezone.now()
    events = ended_before(now - datetime.timedelta(days=older_than_days))
    count = 0
    with transaction.atomic():
        # A person is anonymised once all their events are old: someone who also registered for a
        # recent event keeps their address for now, so the reports never count them twice.
        recent_people = (
            Registration.objects.exclude(event__in=events).annotate(person=Lower("email")).values("person")
        )
        registrations = (
            Registration.objects.filter(event__in=events)
            .exclude(email__endswith="@" + ANONYMOUS_DOMAIN)
            .annotate(person=Lower("email"))
            .exclude(person__in=recent_people)
        )
        for registration in registrations.iterator(chunk_size=1000):
            Registration.objects.filter(pk=registration.pk).update(
                full_name=ANONYMOUS_NAME,
                email=pseudonym(registration.email),
                phone="",
                position="",
                status_note="",
            )
            count += 1
        # The outbox, meetings and exhibitor teams hold the same people: their concerns anonymise them.
        for anonymise in extensions.personal_data_anonymisers:
            anonymise(
                events=events,
                pseudonym=pseudonym,
                anonymous_name=ANONYMOUS_NAME,
                anonymous_domain=ANONYMOUS_DOMAIN,
            )
    return count
