"""Hooks through which the concern packages of `events` (mail, exhibitions, calendar) and the apps to the
right of `events` add to what the core does and shows, without the core importing them (see
docs/architecture.md). Concern packages register from their `hooks` module, which `events.apps` imports;
apps register in their AppConfig.ready().

- `registration_api_extras`: callables (registration, request) -> dict merged into the registration
  API's answer (checkin adds the ticket links).
- `registration_page_templates`, `registration_email_html_templates`,
  `registration_email_text_templates`: template names included, in order, on the person's
  registration page and in registration e-mails, with `registration` and `event` in the context
  (checkin shows the ticket, training links the trainee's own page).
- `event_page_templates`: included on the public event page with `event` in the context (training
  shows what a course teaches, to whom, and its completion rule).
- `event_page_context`: callables (request, event) -> dict merged into the public event page's context
  (exhibitions adds the exhibitor directory and its filter).
- `catalogue_page_templates` and `catalogue_page_context`: template names included on the home page (the
  catalogue), and callables (request) -> dict merged into its context (news lists its latest posts).
- `registration_checks`: callables (event, data) called under the event lock before a registration is
  saved; they raise `events.exceptions.RegistrationError` to refuse (training checks eligibility).
  `data` is a dict of the submitted fields.
- signal `registration_notice(registration, kind)`: sent inside the transaction that changed a
  registration, for the person to be told (`kind`: pending, confirmed, waitlisted, promoted, cancelled,
  rejected); the outbox (`events.mail`) queues the e-mail, so a rollback sends nothing.
- signal `registration_email_prepared(registration, kind, message)`: receivers may attach files (the
  calendar attaches the .ics, checkin the ticket).
- `personal_data_anonymisers`: callables (*, events, pseudonym, anonymous_name, anonymous_domain)
  called by `events.privacy.anonymise_ended_events`, in its transaction, after the registrations of
  `events` (a queryset) are anonymised: each concern anonymises the people it holds (outbox recipients,
  meeting requesters, exhibitor team members).
- `demo_seeders`: callables (context) -> list of summary lines, called in order (app order, so checkin's
  before training's) by `manage.py seed_demo` after it has seeded events' own demo data, inside the
  same transaction and with e-mails suppressed. `context` is an `events.demo.data.DemoContext` (now, the
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

event_page_context: list[Callable] = []
catalogue_page_templates: list[str] = []
catalogue_page_context: list[Callable] = []
personal_data_anonymisers: list[Callable] = []

registration_notice = Signal()
registration_email_prepared = Signal()
