"""Hooks through which apps to the right of `events` add to what events shows, without events importing
them (see the dependency rule in DESIGN.md). Apps register in their AppConfig.ready().

- `registration_api_extras`: callables (registration, request) -> dict merged into the registration
  API's answer (checkin adds the ticket links).
- `registration_page_templates`, `registration_email_html_templates`,
  `registration_email_text_templates`: template names included, in order, on the person's
  registration page and in registration e-mails, with `registration` and `event` in the context
  (checkin shows the ticket, training links the trainee's own page).
- `event_page_templates`: included on the public event page with `event` in the context (training
  shows what a course teaches, to whom, and its completion rule).
- `registration_checks`: callables (event, data) called under the event lock before a registration is
  saved; they raise `events.exceptions.RegistrationError` to refuse (training checks eligibility).
  `data` is a dict of the submitted fields.
- signal `registration_email_prepared(registration, kind, message)`: receivers may attach files.
- `demo_seeders`: callables (context) -> list of summary lines, called in order (app order, so checkin's
  before training's) by `manage.py seed_demo` after it has seeded events' own demo data, inside the
  same transaction and with e-mails suppressed. `context` is an `events.demo_data.DemoContext` (now, the
  demo events by slug, organisations, projects, staff users, stable random generators). Each seeder must
  be idempotent: a second run adds and changes nothing.
"""

from collections.abc import Callable

from django.dispatch import Signal

registration_api_extras: list[Callable] = []
registration_checks: list[Callable] = []
registration_page_templates: list[str] = []
event_page_templates: list[str] = []
registration_email_html_templates: list[str] = []
registration_email_text_templates: list[str] = []
demo_seeders: list[Callable] = []

registration_email_prepared = Signal()
