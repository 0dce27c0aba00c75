"""The ways a message reaches a person. Every outbox row names its channel; sending a row hands the
message its builder made to that channel's sender. E-mail is the only channel today.

Adding a channel (an SMS gateway, Zalo's ZNS) touches no caller:

1. add a value to `models.Channel` (a migration alters the field's choices only);
2. write a sender here: a class with `deliver(email, message)` that sends through the provider's API and
   raises on failure (the outbox records the error, retries with backoff, and staff can resend), and
   register it in `SENDERS`;
3. give the message kinds that should use it a builder that makes that channel's message (for SMS:
   the text and the phone number as `recipient`), and queue those rows with `channel=` set.

Callers keep calling the same queueing services; rows keep their state, retries and resend."""

from typing import Protocol

from .models import Channel, OutgoingEmail


class Sender(Protocol):
    def deliver(self, email: OutgoingEmail, message) -> None:
        """Send `message` (built for `email`'s row) or raise."""


class EmailSender:
    def deliver(self, email: OutgoingEmail, message) -> None:
        message.send()


SENDERS: dict[str, Sender] = {Channel.EMAIL: EmailSender()}


def sender_for(email: OutgoingEmail) -> Sender:
    try:
        return SENDERS[email.channel]
    except KeyError:
        raise LookupError(f"no sender for channel {email.channel!r}") from None
