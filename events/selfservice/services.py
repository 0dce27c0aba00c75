"""A person changes their own details through their registration's link (issue 19): the same form
fields, validators and eligibility rules as registering; a new e-mail address takes effect only once that
address confirms it; each change is recorded in `RegistrationChange`. The ticket is untouched (its code
names the registration, not the person's details)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.exceptions import RegistrationError
from events.mail.models import EmailTopic
from events.mail.services import email_queue
from events.models import Event, Registration
from events.services import registration_checks_run
from events.validators import normalize_vietnamese_phone

from .models import ChangeSource, RegistrationChange
from .signing import email_change_from_token, email_change_token
from .throttling import email_change_wait

EMAIL_CHANGED_KIND = "email_changed"  # the notice to the old address (topic `email_change`)
EDITABLE_FIELDS = ("full_name", "phone", "organization_name", "organization_kind", "position")


def _locked(registration: Registration) -> tuple[Event, Registration]:
    """Lock the event first, as registering does, then the registration (one order: no deadlock)."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    return event, Registration.objects.select_for_update(of=("self",)).select_related("organization").get(
        pk=registration.pk
    )


def _check_active(registration: Registration) -> None:
    if not registration.is_active:
        raise RegistrationError(
            _("This registration is no longer active, so its details cannot be changed."),
            code="registration_inactive",
        )


def _check_email_free(event: Event, registration: Registration, email: str) -> None:
    if event.registrations.filter(email__iexact=email).exclude(pk=registration.pk).exists():
        raise RegistrationError(
            _("This e-mail address is already registered for this event."), code="email_taken"
        )


def _eligibility_data(registration: Registration, **changed) -> dict:
    data = {
        "full_name": registration.full_name,
        "email": registration.email,
        "phone": registration.phone,
        "organization_name": registration.organization_name,
        "organization": registration.organization,
        "organization_kind": registration.organization_kind,
        "position": registration.position,
        "startup_project": registration.startup_project,
        "source": registration.source,
    }
    return {**data, **changed}


def _record(registration: Registration, changes: dict, by: AbstractBaseUser | None) -> RegistrationChange:
    staff = by if by is not None and by.is_authenticated else None
    return RegistrationChange.objects.create(
        registration=registration,
        source=ChangeSource.STAFF if staff else ChangeSource.PARTICIPANT,
        by=staff,
        changes={field: [old, new] for field, (old, new) in changes.items()},
    )


def registration_details_update(
    *,
    registration: Registration,
    full_name: str,
    phone: str,
    organization_name: str = "",
    organization_kind: str = "",
    position: str = "",
    by: AbstractBaseUser | None = None,
) -> dict[str, tuple[str, str]]:
    """Change a person's name, phone, organisation, its kind and their position. Guarantees: only an
    active registration changes; the event's eligibility rules (the same as registering) pass on the new
    details or nothing is saved; the change is recorded with who and when; nothing is recorded when
    nothing changed. Returns {field: (old, new)}."""
    with transaction.atomic():
        event, registration = _locked(registration)
        _check_active(registration)
        new = {
            "full_name": " ".join(full_name.split()),
            "phone": normalize_vietnamese_phone(phone),
            "organization_name": organization_name.strip(),
            "organization_kind": organization_kind,
            "position": position.strip(),
        }
        registration_checks_run(event=event, data=_eligibility_data(registration, **new))
        changes = {f: (getattr(registration, f), v) for f, v in new.items() if getattr(registration, f) != v}
        if not changes:
            return {}
        for field, (_old, value) in changes.items():
            setattr(registration, field, value)
        registration.full_clean(validate_unique=False, validate_constraints=False)
        registration.save(update_fields=[*changes, "updated_at"])
        _record(registration, changes, by)
        return changes


def too_many_email_changes(seconds: int) -> RegistrationError:
    minutes = max(1, -(-seconds // 60))
    return RegistrationError(
        ngettext(
            "Too many e-mail address changes were asked for. Try again in %(minutes)d minute; nothing was "
            "changed.",
            "Too many e-mail address changes were asked for. Try again in %(minutes)d minutes; nothing was "
            "changed.",
            minutes,
        )
        % {"minutes": minutes},
        code="too_many_email_changes",
        status_code=429,
    )


def registration_email_change_request(
    *, registration: Registration, new_email: str, client: str | None = None
) -> bool:
    """Ask the new address to confirm: a signed, expiring link is sent there through the outbox (in the
    caller's transaction). Nothing changes until it is confirmed. False when the address is the same
    (ignoring case); refused when another registration of the event has it, and when the registration
    (or `client`, who asks: `throttling.client_of(request)`) asked too often (`too_many_email_changes`:
    whoever holds a person's link could otherwise have the site write to any address, as often as they
    like)."""
    new_email = new_email.strip()
    if new_email.lower() == registration.email.lower():
        return False
    wait = email_change_wait(registration, client)
    if wait is not None:
        raise too_many_email_changes(wait)
    with transaction.atomic():
        event, registration = _locked(registration)
        _check_active(registration)
        _check_email_free(event, registration, new_email)
        registration_checks_run(event=event, data=_eligibility_data(registration, email=new_email))
        token = email_change_token(
            reference=registration.reference, old_email=registration.email, new_email=new_email
        )
        email_queue(
            topic=EmailTopic.EMAIL_CHANGE,
            obj=registration,
            kind="email_change",
            recipient=new_email,
            registration=registration,
            payload={"token": token},
        )
        return True


def registration_self_update(
    *,
    registration: Registration,
    full_name: str,
    email: str,
    phone: str,
    organization_name: str,
    organization_kind: str,
    position: str,
    client: str | None = None,
) -> tuple[dict, bool]:
    """A person's own edit through their link, both or neither: the details (`registration_details_update`)
    and, when the address is new, the request to confirm it (`registration_email_change_request`); a
    refused address keeps the other changes out. Returns (the details changed, whether a confirmation
    link was sent)."""
    with transaction.atomic():
        changes = registration_details_update(
            registration=registration,
            full_name=full_name,
            phone=phone,
            organization_name=organization_name,
            organization_kind=organization_kind,
            position=position,
        )
        email_sent = registration_email_change_request(
            registration=registration, new_email=email, client=client
        )
    return changes, email_sent


def email_change_invalid() -> RegistrationError:
    return RegistrationError(
        _("This link is not valid or has expired. Change your e-mail address again to get a new one."),
        code="email_change_link_invalid",
    )


def registration_email_change_confirm(*, token: str) -> Registration:
    """Apply the e-mail change that `token` (the link sent to the new address) names. Refused when the
    link is forged or expired, when the registration's address changed since the link was sent (so a
    link works once), or when the new address is now taken at the event. Recorded in the history, and
    the old address is told (through the outbox, in the person's language)."""
    parsed = email_change_from_token(token)
    invalid = email_change_invalid()
    if parsed is None:
        raise invalid
    reference, old_email, new_email = parsed
    found = Registration.objects.filter(reference=reference).first()
    if found is None:
        raise invalid
    with transaction.atomic():
        event, registration = _locked(found)
        if registration.email == new_email:
            return registration  # the same link opened twice: already done
        if registration.email != old_email:
            raise invalid
        _check_active(registration)
        _check_email_free(event, registration, new_email)
        registration.email = new_email
        registration.full_clean(validate_unique=False, validate_constraints=False)
        registration.save(update_fields=["email", "updated_at"])
        _record(registration, {"email": (old_email, new_email)}, None)
        # The address the registration had hears of it (in case the change was not the person's).
        email_queue(
            topic=EmailTopic.EMAIL_CHANGE,
            obj=registration,
            kind=EMAIL_CHANGED_KIND,
            recipient=old_email,
            registration=registration,
        )
        return registration
