"""Hosts see only their own: every URL pattern and API route of the project, enumerated from the URL
resolver (admin and the DRF routers included), is requested by host A's organiser, door staff and report
viewer with host B's objects in its path (and, for the scanner, in its body), and by the programme office.

- A host's staff never reach host B's objects: 401/403/404, or a redirect to the sign-in page or to the
  admin's index (the admin's answer to an object it does not show).
- Pages, exports and API lists without an object in their path answer host A's staff without a single
  name of host B (its events' titles, its people, its staff, its news, devices and messages).
- The programme office reaches host B's objects on every route.

A route's path parameters are filled from `OBJECT_PARAMS` (by route name: which of host B's objects each
parameter names) and `PLAIN_PARAMS` (by parameter name: values that name no object). A route with a
parameter found in neither, or a route the test does not know how to judge, FAILS the test: a new route is
never forgotten. Public routes (the catalogue and what it links to, and capability links whose secret is
the right to open them) are exempt by the explicit list `PUBLIC`, each with its reason.

The world is the demo (`seed_demo`, every model with rows) split between two hosts.
"""

import json
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.authtoken.models import Token

from checkin.models import CheckIn, DoorStaffAssignment, ScannerDevice
from checkin.services import ticket_get_or_issue
from events.calendar.services import personal_feed_get_or_create
from events.enums import HostRole
from events.exhibitions.models import Exhibitor, SupportRecord
from events.hosts import Host, HostMembership
from events.intake.models import ParticipantImport
from events.mail.models import ChangeNotice, OutgoingEmail, StaffMessage, Unsubscription
from events.models import Event, Organization, Registration, Session
from events.news.models import NewsPost
from events.roles import HOST_ORGANISER, ORGANISER
from feedback.models import Survey
from reports.indicators import DRILLABLE
from tests.factories import NewsPostFactory, UserFactory
from training.enums import NominationSource
from training.models import Course, NominationBatch

pytestmark = pytest.mark.django_db

# Open to anyone, host B's objects included, and why.
PUBLIC = {
    "events:catalogue": "the public catalogue: published events of every host",
    "events:detail": "a published event's public page",
    "events:register": "the public registration form",
    "events:exhibitor_apply": "the public exhibitor application",
    "events:meeting_request": "a visitor asks an exhibitor for a meeting (public directory)",
    "events:calendar_feed": "the public iCal feed",
    "events:calendar_kind_feed": "the public iCal feed of one kind",
    "events:event_calendar_feed": "a published event's iCal feed",
    "events:event_ics": "a published event's .ics",
    "events:news_list": "the public news",
    "events:news_feed": "the public news feed",
    "events:news_detail": "a published news post",
    "events:host": "a host's public page (its published events)",
    "events:host_calendar_feed": "a host's public iCal feed",
    "event-list": "API: published events",
    "event-detail": "API: a published event",
    "event-exhibitors": "API: a published event's exhibitor directory",
    "event-registrations": "API: the public registration (POST)",
    "session-list": "API: sessions of published events",
    "session-detail": "API: a session of a published event",
    "project-list": "API: the public project directory",
    "project-detail": "API: a project's public page",
    "course-list": "API: published courses",
    "course-detail": "API: a published course",
    "certificate-verify-api": "API: public verification of a certificate by its code",
    "training:certificate_verify": "public verification of a certificate by its code",
    "training:certificate_pdf": "a certificate's PDF, by its code (printed on it)",
    # Capability links: the signed or random secret in the address is the right to open them.
    "events:registration": "a person's registration page (signed link)",
    "events:registration_cancel": "a person's cancellation (signed link)",
    "events:registration_position_email": "a person's waiting-list position (signed link)",
    "events:personal_feed": "a person's calendar feed (secret address)",
    "events:personal_feed_rotate": "a person's new feed address (signed link)",
    "events:exhibitor_team": "an exhibiting team's page (signed link)",
    "events:meeting": "a meeting's page (signed link)",
    "events:unsubscribe": "leaving the news or reminders (signed link)",
    "checkin-public:ticket_png": "a ticket's QR (signed link)",
    "checkin-public:ticket_pdf": "a ticket's PDF (signed link)",
    "training:person": "a trainee's page (signed link)",
    "training:nominate": "a partner's nomination page (signed link)",
    "training:nomination_template": "a partner's nomination template (signed link)",
    "feedback:answer": "a survey's answer page (signed link)",
    "events:staff_invitation": "an invited staff member sets a password (signed link, expires, opens once)",
    "admin:view_on_site": "redirects to the object's public address, reveals nothing else",
    "events:registration_edit": "a person changes their own details (signed link)",
    "events:registration_email_confirm": "a person confirms their new e-mail address (signed link)",
}

# Not requested, and why: they name no object and would end the session the test signs in with.
NOT_REQUESTED = {
    "admin:logout": "signs the user out",
}

# Routes whose path names one of host B's objects: route name -> {parameter: how to find it}.
OBJECT_PARAMS = {
    "checkin-offline": {"slug": lambda w: w.event.slug},
    "checkin-counts": {"pk": lambda w: w.session.pk},
    "checkin-search": {"pk": lambda w: w.session.pk},
    "checkin-manual": {"pk": lambda w: w.session.pk},
    "checkin-record-detail": {"pk": lambda w: w.checkin.pk},
    "registration-detail": {"reference": lambda w: w.registration.reference},
    "registration-approve": {"reference": lambda w: w.registration.reference},
    "registration-cancel": {"reference": lambda w: w.registration.reference},
    "registration-reject": {"reference": lambda w: w.registration.reference},
    "course-attendance": {"slug": lambda w: w.course.event.slug},
    "survey-detail": {"pk": lambda w: w.survey.pk},
    "survey-responses": {"pk": lambda w: w.survey.pk},
    "survey-results": {"pk": lambda w: w.survey.pk},
    "checkin:session_attendance": {"pk": lambda w: w.session.pk},
    "training:attendance": {"slug": lambda w: w.course.event.slug},
    "events:floor_list": {"slug": lambda w: w.exhibition.slug},
    "events:meeting_grid": {"slug": lambda w: w.exhibition.slug},
    "events:event_messages": {"slug": lambda w: w.event.slug},
    "events:host_staff": {"slug": lambda w: w.host.slug},
    "organisation-detail": {"pk": lambda w: w.organization.pk},
    "admin:auth_user_password_change": {"id": lambda w: w.staff.pk},
    "admin:feedback_survey_results": {"pk": lambda w: w.survey.pk},
    "admin:feedback_survey_export": {"pk": lambda w: w.survey.pk},
    "events:hub": {"slug": lambda w: w.event.slug},
    "events:hub_numbers": {"slug": lambda w: w.event.slug},
    "checkin:board": {"slug": lambda w: w.event.slug},
    "checkin:board_data": {"slug": lambda w: w.event.slug},
    "checkin:walk_in": {"pk": lambda w: w.open_session.pk},
    "events:intake_add": {"slug": lambda w: w.event.slug},
    "events:intake_import": {"slug": lambda w: w.event.slug},
    "events:intake_template": {"slug": lambda w: w.event.slug},
    "events:intake_preview": {"slug": lambda w: w.event.slug, "token": lambda w: w.participant_import.token},
    "events:intake_progress": {"slug": lambda w: w.event.slug, "token": lambda w: w.participant_import.token},
}
# Routes whose object is shared by every host (reference data), so host A may reach it.
SHARED_ROUTES = {"organisation-detail"}

# Parameters that name no object: parameter -> the values to try.
PLAIN_PARAMS = {
    "format": ["json"],
    "app_label": ["events"],
    "key": DRILLABLE,
    "url": ["khong-co/"],  # the admin's catch-all: an address it does not know
}

# Bodies of the routes that take host B's objects in their body (POST), and the query strings tried on
# list routes besides none.
BODIES = {
    "checkin-scan": lambda w: {"code": w.ticket.code, "session": w.session.pk},
    "checkin-sync": lambda w: {
        "scans": [
            {
                "code": w.ticket.code,
                "session": w.session.pk,
                "nonce": "n-1",
                "scanned_at": w.session.starts_at,
            }
        ]
    },
    "checkin-manual": lambda w: {"reference": w.registration.reference},
}
QUERIES = {
    "reports:report": ["format=csv", lambda w: f"host={w.host.slug}"],
    "reports:drill": [lambda w: f"host={w.host.slug}"],
    "report-indicators": [lambda w: f"host={w.host.slug}"],
    "checkin-record-list": [lambda w: f"event={w.event.slug}"],
    "registration-list": [lambda w: f"event={w.event.slug}"],
    "admin:autocomplete": [
        "app_label=events&model_name=newspost&field_name=event&term=",
        "app_label=checkin&model_name=doorstaffassignment&field_name=user&term=",
    ],
    "checkin:scanner": [lambda w: f"session={w.session.pk}"],
}


def routes():
    """(route, name, parameter names) of every URL pattern, recursively."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name or ''}" if namespace else pattern.name or ""
                yield prefix + str(pattern.pattern), name, sorted(pattern.pattern.regex.groupindex)

    return list(walk(get_resolver().url_patterns, "", ""))


def fill(route: str, values: dict) -> str:
    """The address of `route` with its parameters replaced by `values` (path converters and regexes)."""

    def value(match):
        return str(values[match.group(1)])

    path = re.sub(r"\\\.\(\?P<(\w+)>[^)]*\)/\?\$?", lambda m: "." + str(values[m.group(1)]), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", value, path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + path


# --- The world: the demo split between host A and host B ---------------------------------------------------


class World:
    """Host B's objects the routes name (`event`, `session`, ...), its names, and host A's staff."""


def _admin_scope(model):
    model_admin = admin.site._registry.get(model)
    return (
        model_admin.host_scope() if model_admin is not None and hasattr(model_admin, "host_scope") else None
    )


def _of_host(model, host):
    scope = _admin_scope(model) or (("event", "event") if model is StaffMessage else None)
    if scope is None:
        return model._default_manager.all()
    kind, path = scope
    if kind == "event":
        return model._default_manager.filter(**{f"{path}__host" if path else "host": host})
    return model._default_manager.filter(**{path or "pk": host.pk} if not path else {path: host})


def build_world() -> World:
    call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    organisations = list(Organization.objects.filter(host__isnull=True).order_by("pk")[:2])
    a = Host.objects.create(organization=organisations[0], slug="host-a")
    b = Host.objects.create(organization=organisations[1], slug="host-b")
    events = list(Event.objects.order_by("pk"))
    # Every other event to each host; then every model with rows gets one at host B (its event moves).
    Event.objects.filter(pk__in=[e.pk for e in events[0::2]]).update(host=a)
    Event.objects.filter(pk__in=[e.pk for e in events[1::2]]).update(host=b)
    for model in (SupportRecord, NewsPost):
        for row in model._default_manager.select_related("event"):
            row.host = row.event.host if row.event_id else (a if row.pk % 2 else b)
            model._default_manager.filter(pk=row.pk).update(host=row.host)
    # Every model with rows has one at host B: the event of its first row moves there (or the row itself).
    for model in [*admin.site._registry, StaffMessage]:
        scope = _admin_scope(model) or (("event", "event") if model is StaffMessage else None)
        if scope is None or _of_host(model, b).exists() or not model._default_manager.exists():
            continue
        kind, path = scope
        first = model._default_manager.order_by("pk").first()
        if kind == "host":
            model._default_manager.filter(pk=first.pk).update(host=b)
        else:
            event_pk = model._default_manager.filter(pk=first.pk).values_list(f"{path}__pk" if path else "pk")
            Event.objects.filter(pk__in=event_pk).update(host=b)
    # The demo makes no nomination through a form or a file: one at host B's course.
    course = Course.objects.filter(event__host=b).order_by("pk").first()
    NominationBatch.objects.create(course=course, organization=b.organization, source=NominationSource.FORM)
    for device in ScannerDevice.objects.all():
        first = device.events.order_by("pk").first()
        device.host = first.host if first else b
        device.save(update_fields=["host"])
        device.events.set(device.events.filter(host=device.host))
    if not ScannerDevice.objects.filter(host=b).exists():
        ScannerDevice.objects.create(
            name="Máy quét riêng của đơn vị B", host=b, token_hash="b" * 64, token_hint="bbbb"
        )

    w = World()
    w.host, w.other = b, a
    w.event = Event.objects.filter(host=b, status="published", sessions__isnull=False).order_by("pk").first()
    w.session = w.event.sessions.order_by("pk").first()
    # The scanner (and its walk-in form) offers only sessions that have not ended a day ago.
    w.open_session = (
        Session.objects.filter(event__host=b, ends_at__gte=timezone.now()).order_by("starts_at").first()
    )
    w.registration = Registration.objects.filter(event=w.event, status="confirmed").order_by("pk").first()
    w.ticket = ticket_get_or_issue(registration=w.registration)
    # What the demo makes none of (its e-mails are suppressed; it has no news, notices or feeds): one each.
    if not NewsPost.objects.filter(host=b).exists():
        NewsPostFactory(host=b, event=w.event)
    ChangeNotice.objects.create(event=w.event, changes=[], reason="Đổi phòng")
    OutgoingEmail.objects.create(
        topic="registration",
        object_id=w.registration.pk,
        kind="confirmed",
        recipient=w.registration.email,
        registration=w.registration,
    )
    personal_feed_get_or_create(email=w.registration.email)
    Unsubscription.objects.get_or_create(email=w.registration.email, topic="news")
    w.checkin = CheckIn.objects.filter(session__event__host=b).order_by("pk").first()
    w.course = Course.objects.filter(event__host=b).order_by("pk").first()
    w.survey = Survey.objects.filter(event__host=b).order_by("pk").first()
    w.exhibition = Exhibitor.objects.filter(event__host=b).order_by("pk").first().event
    w.organization = b.organization

    def member(host, role, username):
        user = UserFactory(username=username)
        HostMembership.objects.create(host=host, user=user, role=role)
        user.refresh_from_db()
        return user

    w.staff = member(b, HostRole.ORGANISER, "to_chuc_b")
    w.participant_import = ParticipantImport.objects.create(
        event=w.event,
        created_by=w.staff,
        file_name="danh-sach-don-vi-b.csv",
        table={"header": ["full_name"], "rows": []},
    )
    w.organiser = member(a, HostRole.ORGANISER, "to_chuc_a")
    w.door_staff = member(a, HostRole.DOOR_STAFF, "gac_cong_a")
    DoorStaffAssignment.objects.create(
        event=Event.objects.filter(host=a, sessions__isnull=False).order_by("pk").first(), user=w.door_staff
    )
    w.report_viewer = member(a, HostRole.REPORT_VIEWER, "xem_bao_cao_a")
    w.office = UserFactory(username="van_phong", is_staff=True)
    w.office.groups.add(Group.objects.get(name=ORGANISER))
    Token.objects.get_or_create(user=w.staff)

    def strings(host) -> set[str]:
        found = set(Event.objects.filter(host=host).values_list("title_vi", flat=True))
        found |= set(Event.objects.filter(host=host).values_list("slug", flat=True))
        found |= set(Registration.objects.filter(event__host=host).values_list("full_name", flat=True))
        found |= set(Registration.objects.filter(event__host=host).values_list("email", flat=True))
        found |= set(NewsPost.objects.filter(host=host).values_list("title_vi", flat=True))
        found |= set(ScannerDevice.objects.filter(host=host).values_list("name", flat=True))
        found |= set(StaffMessage.objects.filter(event__host=host).values_list("subject_vi", flat=True))
        found |= set(HostMembership.objects.filter(host=host).values_list("user__username", flat=True))
        return {s for s in found if s and len(s) >= 6}

    # Only what is host B's alone (a person registered at both hosts' events is host A's too).
    w.names = strings(b) - strings(a)
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Seeded once for the module and rolled back afterwards; each test runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def object_for(route: str, name: str, param: str, w: World):
    """Host B's object named by `param` in an admin route (its model from the route), or None."""
    if param not in ("object_id",):
        return None
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    model = next(m for m in admin.site._registry if (m._meta.app_label, m._meta.model_name) == match.groups())
    if model is Group:
        return Group.objects.get(name=HOST_ORGANISER).pk
    if model._meta.label == "auth.User":
        return w.staff.pk
    if model._meta.label == "authtoken.TokenProxy":
        return w.staff.auth_token.pk
    scope = _admin_scope(model)
    rows = _of_host(model, w.host) if scope is not None else model._default_manager.all()
    row = rows.order_by("pk").first()
    if row is None and model._meta.app_label == "axes":
        return 1  # sign-in records (none in the demo): the superuser's alone, refused whether or not 1 exists
    return row.pk if row is not None else None


def shared_admin_route(route: str) -> bool:
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if not match:
        return False
    for model, model_admin in admin.site._registry.items():
        if (model._meta.app_label, model._meta.model_name) == match.groups():
            return getattr(model_admin, "shared_between_hosts", False)
    return False


def requests_for(w: World):
    """(name, address, body, names an object of host B, shared) for every route; and the problems."""
    planned, missing = [], []
    for route, name, params in routes():
        if name in PUBLIC or name in NOT_REQUESTED:
            continue
        variants = [{}]
        names_object = False
        for param in params:
            if name in OBJECT_PARAMS and param in OBJECT_PARAMS[name]:
                values = [OBJECT_PARAMS[name][param](w)]
                names_object = True
            elif param == "object_id":
                found = object_for(route, name, param, w)
                if found is None:
                    missing.append(f"{name or route}: host B has no object for {param}")
                    continue
                values, names_object = [found], True
            elif param in PLAIN_PARAMS:
                values = PLAIN_PARAMS[param]
            else:
                missing.append(f"{name or route}: no value for parameter {param!r}")
                continue
            variants = [{**v, param: value} for v in variants for value in values]
        shared = name in SHARED_ROUTES or shared_admin_route(route)
        for values in variants:
            try:
                address = fill(route, values)
            except KeyError as exc:
                missing.append(f"{name or route}: no value for {exc}")
                continue
            body = BODIES[name](w) if name in BODIES else None
            planned.append((name, address, body, names_object or name in BODIES, shared))
            for query in QUERIES.get(name, []):
                query = query(w) if callable(query) else query
                planned.append((name, f"{address}?{query}", body, names_object, shared))
    stale = set(PUBLIC) | set(NOT_REQUESTED) | set(OBJECT_PARAMS) | set(BODIES) | set(QUERIES)
    stale -= {name for _route, name, _params in routes()}
    missing += [f"{name}: listed here, but no such route" for name in sorted(stale)]
    return planned, missing


def fetch(client: Client, address: str, body):
    if body is not None:
        return client.post(address, json.dumps(body, cls=DjangoJSONEncoder), content_type="application/json")
    response = client.get(address)
    if response.status_code == 405:
        response = client.post(address, {}, content_type="application/json")
    if response.status_code == 302 and response["Location"] == f"{address}change/":
        # The admin's `<id>/` only points at `<id>/change/` (whatever the id): judged by where it leads.
        response = client.get(response["Location"])
    return response


def refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code == 302:
        return response["Location"].split("?")[0] in ("/admin/login/", "/admin/")
    return False


def not_found(response) -> bool:
    """Host B's object hidden from the programme office. (A 403 is a model permission its groups do not
    hold, such as deleting tickets or check-ins: a rule of its role, not of hosts.)"""
    return response.status_code in (401, 404) or (response.status_code == 302 and refused(response))


def leaked(response, names: set[str]) -> list[str]:
    if response.status_code != 200 or response.streaming:
        return []
    kind = response.get("Content-Type", "")
    if not kind.startswith(("text/", "application/json", "application/problem+json")):
        return []
    text = response.content.decode("utf-8", errors="replace")
    return sorted(name for name in names if name in text)


def sync_refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 200 and response.json()["results"][0].get("error") == "unknown_session"


def still_signed_in(client: Client) -> bool:
    return client.session.get("_auth_user_id") is not None


def check_host_staff(client: Client, w: World) -> list[str]:
    planned, problems = requests_for(w)
    problems = [f"route not judged: {problem}" for problem in problems]
    for name, address, body, names_object, shared in planned:
        response = fetch(client, address, body)
        if response.status_code >= 500:
            problems.append(f"{address}: {response.status_code}")
        elif name == "checkin-sync":
            if not sync_refused(response):
                problems.append(
                    f"{address}: host B's scan accepted ({response.status_code} {response.content[:200]})"
                )
        elif names_object and not shared and not refused(response):
            problems.append(f"{address}: reached ({response.status_code})")
        elif found := leaked(response, w.names):
            problems.append(f"{address}: shows host B's {found[:3]}")
        if not still_signed_in(client):  # a refusal by a signed-out client would prove nothing
            problems.append(f"{address}: signed the user out")
            break
    return problems


@pytest.mark.parametrize("role", ["organiser", "door_staff", "report_viewer"])
def test_host_staff_never_reach_another_hosts_objects(world, role):
    client = Client()
    client.force_login(getattr(world, role))
    problems = check_host_staff(client, world)
    if problems:
        pytest.fail("\n".join(problems))


def test_programme_office_reaches_every_hosts_objects(world):
    client = Client()
    client.force_login(world.office)
    planned, problems = requests_for(world)
    assert problems == []
    for name, address, body, names_object, _shared in planned:
        if re.match(r"/admin/(auth|authtoken|axes)/", address):
            continue  # users, tokens and sign-in records: the superuser's, no host's
        response = fetch(client, address, body)
        if response.status_code >= 500:
            problems.append(f"{address}: {response.status_code}")
        elif names_object and name != "checkin-sync" and not_found(response):
            problems.append(f"{address}: not found ({response.status_code})")
        if not still_signed_in(client):
            problems.append(f"{address}: signed the user out")
            break
    if problems:
        pytest.fail("\n".join(problems))
    # ... and lists both hosts' events and people.
    events = client.get("/admin/events/event/?all=")
    titles = {world.event.title_vi, Event.objects.filter(host=world.other).order_by("pk").first().title_vi}
    assert {title for title in titles if title in events.content.decode()} == titles
    registration = client.get(f"/api/v1/registrations/{world.registration.reference}/")
    assert (registration.status_code, registration.json()["reference"]) == (200, world.registration.reference)


def test_host_organiser_lists_only_its_hosts_events(world):
    client = Client()
    client.force_login(world.organiser)
    page = client.get("/admin/events/event/").content.decode()
    own = set(Event.objects.filter(host=world.other).values_list("title_vi", flat=True))
    others = set(Event.objects.filter(host=world.host).values_list("title_vi", flat=True)) - own
    assert ({title for title in own if title in page}, {title for title in others if title in page}) == (
        own,
        set(),
    )


def test_every_route_is_judged(world):
    """The enumeration itself: every route found, none without a value or an exemption."""
    planned, missing = requests_for(world)
    if missing:
        pytest.fail("\n".join(missing))
    assert len(routes()) > 250
    assert {name for name, *_rest in planned} >= {
        "admin:events_event_change",
        "registration-detail",
        "checkin-scan",
        "reports:drill",
    }
