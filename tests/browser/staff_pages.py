"""Every staff page of the site (not Django's admin), in Vietnamese and English, on demo data, each opened by
the role that uses it: what the staff accessibility walk (axe-core) and the tablet-width test visit.

The list cannot forget a staff route: `login_required_names()` asks the resolver for every named URL
pattern outside the admin and the API, and finds by a request as nobody which of them send a visitor to
the sign-in page. Each of those is either walked here (`STAFF_PAGES` says by whom and with which
arguments) or set aside in `NOT_STAFF_PAGES` with the reason (JSON, a file, a POST-only action).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterator
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from . import public_pages

LANGUAGES = public_pages.LANGUAGES

# The roles of the demo (events.demo.data), by the name the pages below use.
ORGANISER = "organiser"  # the programme office's organiser: every event
HOST_ORGANISER = "host-organiser"  # a partner host's organiser: that host's events and staff
DOOR_STAFF = "door-staff"  # assigned to events; the scanner only
REPORT_VIEWER = "report-viewer"  # the reports only
ROLE_USERNAMES = {
    ORGANISER: "demo-organiser",
    HOST_ORGANISER: "demo-host",
    DOOR_STAFF: "demo-door",
    REPORT_VIEWER: "demo-reports",
}

# Patterns behind the sign-in that are not HTML pages staff read.
NOT_STAFF_PAGES = {
    "events:hub_numbers": "JSON for the event hub (its figures are checked on the hub)",
    "events:intake_progress": "JSON for an import's progress (the progress page is walked)",
    "events:intake_template": "Excel file",
    "checkin:board_data": "JSON for the door board",
    "checkin:walk_in": "POST-only action (the scanner's walk-in form; its errors are walked on the scanner)",
}


@dataclasses.dataclass(frozen=True)
class StaffPage:
    name: str  # URL name, or the URL name and the state shown ("events:intake_add (errors)")
    path: str
    language: str
    role: str
    # Steps the browser takes after opening the path, to reach the state to check.
    action: str = ""

    def __str__(self) -> str:
        extra = f" ({self.action})" if self.action else ""
        return f"[{self.language}] {self.role} {self.name} {self.path}{extra}"


# --- Which patterns need a signed-in user ---------------------------------------------------------------


def _dummy_kwargs(pattern: URLPattern) -> dict:
    """Arguments that fit the pattern's converters: the sign-in check comes before any lookup."""
    return {
        name: 1 if type(c).__name__ == "IntConverter" else "x"
        for name, c in pattern.pattern.converters.items()
    }


def login_required_names() -> set[str]:
    """`namespace:name` of every named pattern outside the admin and the API that sends a visitor who is
    not signed in to the sign-in page (asked of the view itself, by a request with the test client)."""
    from django.shortcuts import resolve_url
    from django.test import Client

    client = Client()
    login = resolve_url(settings.LOGIN_URL)
    found: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin" or str(pattern.pattern).startswith("api/"):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and not str(pattern.pattern).startswith("api/")
            ):
                name = f"{namespace}{pattern.name}"
                try:
                    path = reverse(name, kwargs=_dummy_kwargs(pattern))
                except NoReverseMatch:  # a pattern our arguments do not fit: fails the test, named
                    found.add(f"{name} (arguments not guessed)")
                    continue
                response = client.get(path)
                if response.status_code == 405:
                    response = client.post(path)
                if response.status_code == 302 and response["Location"].split("?")[0].endswith(login):
                    found.add(name)

    walk(get_resolver().url_patterns, "")
    return found


# --- The roles' users and their sessions ----------------------------------------------------------------


def restore_role_permissions() -> None:
    """The roles' groups get their permissions from data migrations (those using `events.roles`: grants,
    narrowing, the host roles copied from the programme office's), which a transactional test's flush
    empties: run them again, in the migrations' order, on the final state (each is idempotent)."""
    import sys

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    state_apps = loader.project_state().apps
    plan = [key for leaf in loader.graph.leaf_nodes() for key in loader.graph.forwards_plan(leaf)]
    for key in dict.fromkeys(plan):  # in order, each once
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, RunPython) and "events.roles" in inspect.getsource(
                sys.modules[operation.code.__module__]
            ):
                operation.code(state_apps, None)


def session_cookie(role: str, live_server_url: str) -> dict:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=ROLE_USERNAMES[role])
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server_url}


def seed_staff_world() -> None:
    """The demo data, plus what staff pages show that the demo has none of: imports in each state, a
    message sent to an event's people."""
    from events.enums import EventKind
    from events.intake import services as intake
    from events.intake.models import ImportState
    from events.mail.models import StaffMessage
    from events.mail.staff_messages import staff_message_send

    public_pages.seed_demo()
    restore_role_permissions()
    organiser = _user(ORGANISER)
    event = _course()
    csv = (
        "Họ và tên,Email,Số điện thoại,Đơn vị\n"
        "Nguyễn Thị Lan,lan.nguyen@example.vn,0903123456,Trường Đại học Khoa học Tự nhiên\n"
        "Phạm Văn Đức,khong-phai-email,0903123457,Công ty Cổ phần Đổi mới\n"
    ).encode()
    intake.import_upload(event=event, by=organiser, file_name="danh-sach-lop.csv", data=csv)
    done = intake.import_upload(event=event, by=organiser, file_name="danh-sach-da-nhap.csv", data=csv)
    done.state = ImportState.DONE
    done.total = 2
    done.created_count = 1
    done.problems = [{"row": 3, "field": "email", "message": "Địa chỉ email không hợp lệ."}]
    done.save()
    running = intake.import_upload(event=event, by=organiser, file_name="danh-sach-dang-nhap.csv", data=csv)
    running.state = ImportState.RUNNING
    running.total = 2
    running.save()
    failed = intake.import_upload(event=event, by=organiser, file_name="danh-sach-loi.csv", data=csv)
    failed.state = ImportState.FAILED
    failed.total = 2
    failed.problems = done.problems
    failed.save()
    exhibition = _events(kind=EventKind.EXHIBITION).first()
    message = StaffMessage(
        event=exhibition,
        audience="confirmed",
        subject_vi="Thay đổi giờ mở cửa",
        body_vi="Chào {name}, sự kiện {event} mở cửa lúc 8 giờ.",
    )
    staff_message_send(message=message, by=organiser)


def _user(role: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=ROLE_USERNAMES[role])


def _events(**filters):
    from events.models import Event

    return Event.objects.filter(status="published", **filters).order_by("pk")


def _course():
    """The course with the most sessions held (its attendance matrix has marks)."""
    from django.db.models import Count

    from events.enums import EventKind

    return _events(kind=EventKind.COURSE).annotate(n=Count("sessions__checkins")).order_by("-n", "pk").first()


# --- Arguments from the demo data: each yields (role, reverse() kwargs, query string, action) --------------

Visit = tuple[str, dict, str, str]


def _staff_home() -> Iterator[Visit]:
    yield ORGANISER, {}, "", ""
    yield HOST_ORGANISER, {}, "", ""


def _hub() -> Iterator[Visit]:
    from events.enums import EventKind

    yield ORGANISER, {"slug": _course().slug}, "", ""
    yield ORGANISER, {"slug": _events(kind=EventKind.EXHIBITION).first().slug}, "", ""


def _board() -> Iterator[Visit]:
    from checkin.models import CheckIn

    busiest = CheckIn.objects.order_by("-session__starts_at").values_list("session__event__slug", flat=True)
    yield ORGANISER, {"slug": busiest.first()}, "", ""


def _door_session():
    """A session of an event the demo's door staff is assigned to, which the scanner offers."""
    from django.utils import timezone

    from checkin.models import DoorStaffAssignment
    from events.models import Session

    events = DoorStaffAssignment.objects.filter(user=_user(DOOR_STAFF)).values("event")
    return (
        Session.objects.filter(event__in=events, ends_at__gte=timezone.now() - timezone.timedelta(days=1))
        .order_by("starts_at")
        .first()
    )


def _scanner() -> Iterator[Visit]:
    session = _door_session()
    yield DOOR_STAFF, {}, "", ""  # no session chosen yet
    yield DOOR_STAFF, {}, f"?session={session.pk}", ""
    yield DOOR_STAFF, {}, f"?session={session.pk}", "search"
    yield DOOR_STAFF, {}, f"?session={session.pk}", "walk-in-empty"
    yield ORGANISER, {}, f"?session={session.pk}", ""  # with the link to the attendance list


def _session_attendance() -> Iterator[Visit]:
    from checkin.models import CheckIn

    checkin = CheckIn.objects.order_by("-scanned_at").first()
    yield ORGANISER, {"pk": checkin.session_id}, "", ""


def _intake_add() -> Iterator[Visit]:
    slug = _course().slug
    yield ORGANISER, {"slug": slug}, "", ""
    yield ORGANISER, {"slug": slug}, "", "submit-empty"


def _intake_import() -> Iterator[Visit]:
    yield ORGANISER, {"slug": _course().slug}, "", ""


def _intake_preview() -> Iterator[Visit]:
    from events.intake.models import ParticipantImport

    for job in ParticipantImport.objects.order_by("pk"):  # the mapping and preview, done, running, failed
        yield ORGANISER, {"slug": job.event.slug, "token": job.token}, "", ""


def _event_messages() -> Iterator[Visit]:
    from events.enums import EventKind

    slug = _events(kind=EventKind.EXHIBITION).first().slug
    yield ORGANISER, {"slug": slug}, "", ""
    yield ORGANISER, {"slug": slug}, "", "submit-empty"
    yield ORGANISER, {"slug": slug}, "", "message-preview"


def _exhibition_with_meetings() -> Iterator[Visit]:
    from events.exhibitions.models import Meeting

    yield ORGANISER, {"slug": Meeting.objects.order_by("pk").first().event.slug}, "", ""


def _meeting_grid() -> Iterator[Visit]:
    from events.exhibitions.models import Meeting

    slug = Meeting.objects.order_by("pk").first().event.slug
    yield ORGANISER, {"slug": slug}, "", ""
    yield ORGANISER, {"slug": slug}, "?all=1", ""


def _attendance() -> Iterator[Visit]:
    yield ORGANISER, {"slug": _course().slug}, "", ""


def _host_staff() -> Iterator[Visit]:
    from events.hosts import HostMembership

    membership = HostMembership.objects.filter(user=_user(HOST_ORGANISER)).select_related("host").first()
    yield HOST_ORGANISER, {"slug": membership.host.slug}, "", ""


def _reports() -> Iterator[Visit]:
    yield REPORT_VIEWER, {}, "", ""
    yield REPORT_VIEWER, {}, "?start=2025-01-01&end=2025-12-31", ""


def _drill() -> Iterator[Visit]:
    from reports import indicators

    for key in sorted(indicators.DRILLABLE)[:2]:
        yield REPORT_VIEWER, {"key": key}, "", ""


STAFF_PAGES: dict[str, Callable[[], Iterator[Visit]]] = {
    "events:staff_home": _staff_home,
    "events:hub": _hub,
    "checkin:board": _board,
    "checkin:scanner": _scanner,
    "checkin:session_attendance": _session_attendance,
    "events:intake_add": _intake_add,
    "events:intake_import": _intake_import,
    "events:intake_preview": _intake_preview,
    "events:event_messages": _event_messages,
    "events:floor_list": _exhibition_with_meetings,
    "events:meeting_grid": _meeting_grid,
    "training:attendance": _attendance,
    "events:host_staff": _host_staff,
    "reports:report": _reports,
    "reports:drill": _drill,
}

# Pages that should also fit a 360 px phone (the others: a tablet, 768 px; their wide tables scroll
# inside their own container). The scanner is used on a phone at the door; the board and the hub are
# opened on a phone by an organiser walking the venue.
PHONE_PAGES = {"checkin:scanner", "checkin:board", "events:hub", "events:staff_home"}


def pages() -> list[StaffPage]:
    found: list[StaffPage] = []
    for language in LANGUAGES:
        with translation.override(language):
            for name, visits in STAFF_PAGES.items():
                for role, kwargs, query, action in visits():
                    found.append(
                        StaffPage(name, reverse(name, kwargs=kwargs) + query, language, role, action)
                    )
    return found
