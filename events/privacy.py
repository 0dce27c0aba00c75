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

from .models import Event, Meeting, Registration
from .models_exhibition import ExhibitorMember
from .models_mail import EmailTopic, OutgoingEmail

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
        # The outbox keeps each message's recipient: the same address must not survive there.
        for email in OutgoingEmail.objects.filter(registration__event__in=events).exclude(
            recipient__endswith="@" + ANONYMOUS_DOMAIN
        ):
            OutgoingEmail.objects.filter(pk=email.pk).update(recipient=pseudonym(email.recipient))
        for meeting in Meeting.objects.filter(event__in=events).exclude(
            requester_email__endswith="@" + ANONYMOUS_DOMAIN
        ):
            OutgoingEmail.objects.filter(
                topic=EmailTopic.MEETING, object_id=meeting.pk, recipient__iexact=meeting.requester_email
            ).update(recipient=pseudonym(meeting.requester_email))
            Meeting.objects.filter(pk=meeting.pk).update(
                requester_name=ANONYMOUS_NAME,
                requester_email=pseudonym(meeting.requester_email),
                requester_phone="",
                message="",
            )
        for member in ExhibitorMember.objects.filter(exhibitor__event__in=events).exclude(
            email__endswith="@" + ANONYMOUS_DOMAIN
        ):
            ExhibitorMember.objects.filter(pk=member.pk).update(
                full_name=ANONYMOUS_NAME, email=pseudonym(member.email), phone=""
            )
    return count
