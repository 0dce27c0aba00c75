"""Hooks through which apps to the right of `events` add to what events shows, without events importing
them (see the dependency rule in DESIGN.md). Apps register in their AppConfig.ready().

- `registration_api_extras`: callables (registration, request) -> dict merged into the registration
  API's answer (checkin adds the ticket links).
- templates `events/_registration_extra.html` and `events/email/_extra.{html,txt}` are empty here;
  an app listed before `events` in INSTALLED_APPS overrides them (checkin shows the ticket).
- signal `registration_email_prepared(registration, kind, message)`: receivers may attach files.
"""

from collections.abc import Callable

from django.dispatch import Signal

registration_api_extras: list[Callable] = []

registration_email_prepared = Signal()
