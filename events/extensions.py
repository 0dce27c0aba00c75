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
- signal `registration_notice(registration, kind, payload)`: sent inside the transaction that changed a
  registration, for the person to be told (`kind`: pending, confirmed, waitlisted, promoted, cancelled,
  rejected; ticket when checkin reissued the ticket; waitlist_position when the person asked for their
  place in the queue, which `payload` holds); the outbox (`events.mail`) queues the e-mail, so a
  rollback sends nothing.
- signal `registration_email_prepared(registration, kind, message)`: receivers may attach files (the
  calendar attaches the .ics, checkin the ticket).
- signal `schedule_changed(event_id, session, changes)`: sent inside the transaction that saved a
  session (`session` set) or an event or venue (`session` None) whose time, room, place or cancellation
  changed;
  `changes` maps each field to `(old, new)`. Whether people are to be told is
  `schedule_notices_wanted()`; staff silence a typo fix with `schedule_changes_unannounced(...)`.
- signal `event_cancelled(event, registrations, by, reason, notify)`: sent inside
  `events.services.event_cancel` with the ids of the registrations it cancelled (the people to tell).
- `message_audiences`: key -> (label, callable(event) -> Registration queryset): the groups of an
  event's people staff can write to (mail: confirmed, waitlisted; exhibitions: exhibiting teams; checkin:
  checked in or not; training: completed). People who cancelled or were anonymised are left out after.
- `registration_admin_inlines`: admin inline classes shown on a registration's admin page (the outbox
  lists the messages sent to the person).
- `personal_data_anonymisers`: callables (*, events, pseudonym, anonymous_name, anonymous_domain)
  called by `events.privacy.anonymise_ended_events`, in its transaction, after the registrations of
  `events` (a queryset) are anonymised: each concern anonymises the people it holds (outbox recipients,
  meeting requesters, exhibitor team members).
- `demo_seeders`: callables (context) -> list of summary lines, called in order (app order, so checkin's
  before training's) by `manage.py seed_demo` after it has seeded events' own demo data, inside the
  same transaction and with e-mails suppressed. `context` is an `events.demo.data.DemoContext` (now, the
  demo events by slug, organisations, projects, staff users, stable random generators). Each seeder must
  be idempotent: a second run adds and changes nothing.
- `hub_session_figures`: callables (event, session_ids) -> {session_id: {name: number}} merged into the
  figures of each session on the event hub (`events.workspace`) and its live numbers; each callable must
  answer in a constant number of queries (checkin counts the people checked in, in one).
- `hub_links`: callables (event, sessions) -> list of (section, label, url): links the event hub shows,
  sections being "people", "programme", "door", "communication", "exports" (checkin adds the scanner of
  each session and the door board; training the attendance matrix of a course). No query allowed.
- `staff_home_panels`: callables (request, events, now) -> list of `StaffPanel` shown on the staff home;
  `events` is the queryset of `events.selectors.staff_events` (checkin lists the sessions open for
  check-in now).
- `staff_landing_pages`: callables (user) -> address or None: where a signed-in user who manages no
  event lands instead of the staff home, first answer wins (checkin: door staff on the scanner; reports:
  report viewers on the reports).
- `staff_event_scopes`: callables (user) -> Q over `Event` naming more events a host's staff member may
  look at than its organiser and report-viewer hosts' (checkin: the events it is assigned to at the door,
  at a host of which it is door staff). `Event.objects.visible_to(user)` ORs them in.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.dispatch import Signal

registration_api_extras: list[Callable] = []
registration_checks: list[Callable] = []
staff_event_scopes: list[Callable] = []
registration_page_templates: list[str] = []
event_page_templates: list[str] = []
registration_email_html_templates: list[str] = []
registration_email_text_templates: list[str] = []
demo_seeders: list[Callable] = []

event_page_context: list[Callable] = []
registration_admin_inlines: list[type] = []
message_audiences: dict[str, tuple] = {}
catalogue_page_templates: list[str] = []
catalogue_page_context: list[Callable] = []
personal_data_anonymisers: list[Callable] = []
hub_session_figures: list[Callable] = []
hub_links: list[Callable] = []
staff_home_panels: list[Callable] = []
staff_landing_pages: list[Callable] = []

registration_notice = Signal()
schedule_changed = Signal()
event_cancelled = Signal()
registration_email_prepared = Signal()


@dataclass(frozen=True)
class StaffPanel:
    """One panel of the staff home: a title, its items as (label, detail, address), and what to say when
    there is none."""

    key: str
    title: str
    items: list
    empty: str


@dataclass(frozen=True)
class ScheduleNotices:
    """Whether schedule changes made now are announced to the people registered, and who said not."""

    wanted: bool = True
    by: object = None
    reason: str = ""


_ANNOUNCED = ScheduleNotices()
_schedule_notices: ContextVar[ScheduleNotices | None] = ContextVar("schedule_notices", default=None)


@contextmanager
def schedule_changes_unannounced(*, by=None, reason: str = "") -> Iterator[None]:
    """Changes saved inside this block are recorded but nobody is told (staff correcting a typo)."""
    token = _schedule_notices.set(ScheduleNotices(wanted=False, by=by, reason=reason))
    try:
        yield
    finally:
        _schedule_notices.reset(token)


def schedule_notices_wanted() -> ScheduleNotices:
    return _schedule_notices.get() or _ANNOUNCED
