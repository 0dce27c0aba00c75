"""Every public page of the site, in Vietnamese and English, on demo data: what the accessibility (axe-core)
and the phone-width browser tests visit.

The URL names come from the resolver, so a new page cannot slip past those tests: each named pattern
under the language prefixes is either visited (`PAGES` says how to fill its arguments from the demo
data) or set aside in `NOT_PAGES` with the reason (a file, a feed, a POST-only action), or is a staff
page behind the sign-in, walked by each staff role in `staff_pages`. The scanner and the reports are
also visited here by a superuser (who sees every event).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from importlib import import_module
from io import StringIO

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

LANGUAGES = ("vi", "en")

# Named patterns that are not HTML pages a visitor reads. The staff pages behind the sign-in are walked by
# test_staff_accessibility, each by its role (`staff_pages`), which sets aside their JSON and files.
NOT_PAGES = {
    "admin": "Django's staff administration (not covered by the accessibility statement)",
    "events:calendar_feed": "iCalendar file",
    "events:calendar_kind_feed": "iCalendar file",
    "events:personal_feed": "iCalendar file",
    "events:event_calendar_feed": "iCalendar file",
    "events:event_ics": "iCalendar file",
    "events:personal_feed_rotate": "POST-only action (a button on the registration page)",
    "events:registration_position_email": "POST-only action (a button on the registration page)",
    "events:news_feed": "Atom feed",
    "training:certificate_pdf": "PDF file",
    "training:nomination_template": "Excel file",
    "checkin:service_worker": "the scanner's service worker script",
    "checkin:web_manifest": "the scanner's web app manifest",
    "events:host_calendar_feed": "iCalendar file",
}


@dataclasses.dataclass(frozen=True)
class Page:
    name: str  # URL name, or a label for a page that is a state of one (an error page, a form with errors)
    path: str
    language: str
    signed_in: bool = False
    # Steps the browser takes after opening the path, to reach the state to check (a form with errors).
    action: str = ""

    def __str__(self) -> str:
        extra = f" ({self.action})" if self.action else ""
        return f"[{self.language}] {self.name} {self.path}{extra}"


def resolver_page_names() -> set[str]:
    """`namespace:name` of every named URL pattern inside the language prefixes (the site's pages)."""
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    names.add("admin")
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and top.pattern.__class__.__name__ == "LocalePrefixPattern":
            walk(top.url_patterns, "")
    return names


def seed_demo() -> None:
    """The demo data, plus what the demo lacks: a news post linked to an event (with a picture-less body
    holding a heading, a list and a link, as the editor allows)."""
    from events.models import Event
    from tests.factories import NewsPostFactory

    call_command("seed_demo", force=True, stdout=StringIO())
    post = NewsPostFactory(
        slug="khai-giang-lop-tap-huan",
        body_vi="<h2>Nội dung</h2><ul><li>Ươm tạo</li><li>Tăng tốc</li></ul>"
        '<p>Xem <a href="https://example.vn/ke-hoach-2024-2028">kế hoạch 2024–2028</a>.</p>',
        body_en="<h2>Contents</h2><ul><li>Incubation</li><li>Acceleration</li></ul>"
        '<p>See <a href="https://example.vn/ke-hoach-2024-2028">the 2024–2028 plan</a>.</p>',
    )
    post.event = Event.objects.filter(status="published").order_by("pk").first()
    post.save(update_fields=["event"])


def signed_in_cookie(live_server_url: str) -> dict:
    """A session cookie of a superuser (sees every event in the scanner and every report)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("a11y-admin", "a11y-admin@example.vn", "A11y-pass-2028!")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server_url}


# --- Arguments from the demo data, one function per URL name: each yields reverse() kwargs -----------------


def _events(**filters):
    from events.models import Event

    return Event.objects.filter(status="published", **filters).order_by("pk")


def _detail() -> Iterator[dict]:
    from events.enums import EventKind

    for kind in EventKind.values:  # one event of each kind, and a cancelled one
        event = _events(kind=kind).first()
        if event is not None:
            yield {"slug": event.slug}
    cancelled = _events().model.objects.filter(status="cancelled").order_by("pk").first()
    if cancelled is not None:
        yield {"slug": cancelled.slug}


def _register() -> Iterator[dict]:
    from events.enums import EventKind

    for kind in (EventKind.COURSE, EventKind.EXHIBITION):
        yield {"slug": _events(kind=kind).first().slug}


def _registrations() -> Iterator[dict]:
    from events.models import Registration
    from events.signing import registration_token

    seen = set()
    for registration in Registration.objects.order_by("pk"):  # the first of each status, of each kind
        key = (registration.status, registration.event.kind == "course")
        if key not in seen:
            seen.add(key)
            yield {"token": registration_token(registration)}


def _cancel() -> Iterator[dict]:
    from events.models import Registration
    from events.signing import registration_token

    yield {
        "token": registration_token(Registration.objects.filter(status="confirmed").order_by("pk").first())
    }


def _exhibitor_apply() -> Iterator[dict]:
    from events.enums import EventKind

    for kind in (EventKind.EXHIBITION, EventKind.MARKET_CONNECTION):
        yield {"slug": _events(kind=kind).first().slug}


def _meeting_request() -> Iterator[dict]:
    from events.exhibitions.models import Exhibitor

    exhibitor = Exhibitor.objects.filter(status="approved").order_by("pk").first()
    yield {"slug": exhibitor.event.slug, "code": exhibitor.code}


def _exhibitor_team() -> Iterator[dict]:
    from django.db.models import Max

    from events.exhibitions.models import Exhibitor
    from events.exhibitions.signing import exhibitor_team_path

    exhibitor = (
        Exhibitor.objects.annotate(last=Max("event__sessions__ends_at")).order_by("-last", "pk").first()
    )
    yield {"token": exhibitor_team_path(exhibitor).rstrip("/").rsplit("/", 1)[1]}


def _meeting() -> Iterator[dict]:
    from events.exhibitions.models import Meeting
    from events.exhibitions.signing import meeting_path

    yield {"token": meeting_path(Meeting.objects.order_by("pk").first()).rstrip("/").rsplit("/", 1)[1]}


def _unsubscribe() -> Iterator[dict]:
    from events.mail.unsubscribe import unsubscribe_token

    yield {"token": unsubscribe_token("nguoi.doc@example.vn", "news")}


def _news_detail() -> Iterator[dict]:
    from events.news.models import NewsPost

    post = NewsPost.objects.visible().order_by("-pk").first()
    yield {"slug": post.slug}


def _certificate() -> Iterator[dict]:
    from training.models import Certificate

    yield {"code": Certificate.objects.order_by("pk").first().code}


def _person() -> Iterator[dict]:
    from events.models import Registration
    from training.signing import person_token

    email = Registration.objects.filter(event__kind="course", status="confirmed").order_by("pk").first().email
    yield {"token": person_token(email)}


def _nominate() -> Iterator[dict]:
    from training.models import NominationInvite

    yield {"token": NominationInvite.objects.order_by("pk").first().token}


def _survey() -> Iterator[dict]:
    from feedback.models import Invitation
    from feedback.signing import survey_token

    yield {"token": survey_token(Invitation.objects.order_by("pk").first())}


def _host() -> Iterator[dict]:
    from events.hosts import Host

    for host in Host.objects.order_by("-is_programme_office", "pk")[:2]:  # the office and a partner
        yield {"slug": host.slug}


def _registration_edit() -> Iterator[dict]:
    from events.models import Registration
    from events.signing import registration_token

    for kind in ("course", "exhibition"):
        registration = (
            Registration.objects.filter(status="confirmed", event__kind=kind).order_by("pk").first()
        )
        if registration is not None:
            yield {"token": registration_token(registration)}


def _email_confirm() -> Iterator[dict]:
    from events.models import Registration
    from events.selfservice.signing import email_change_token

    registration = Registration.objects.filter(status="confirmed").order_by("pk").first()
    yield {
        "token": email_change_token(
            reference=registration.reference, old_email=registration.email, new_email="dia.chi.moi@example.vn"
        )
    }


def _staff_invitation() -> Iterator[dict]:
    from events.enums import HostRole
    from events.hosts import Host
    from events.mail.invitations import host_staff_invite, invitation_token

    host = Host.objects.order_by("is_programme_office", "pk").first()
    membership = host_staff_invite(host=host, email="can.bo.moi@example.vn", role=HostRole.ORGANISER)
    yield {"token": invitation_token(membership.user)}


def _drill() -> Iterator[dict]:
    from reports import indicators

    yield {"key": sorted(indicators.DRILLABLE)[0]}


def _none() -> Iterator[dict]:
    yield {}


PAGES: dict[str, Callable[[], Iterator[dict]]] = {
    "events:catalogue": _none,
    "events:detail": _detail,
    "events:register": _register,
    "events:registration": _registrations,
    "events:registration_cancel": _cancel,
    "events:exhibitor_apply": _exhibitor_apply,
    "events:meeting_request": _meeting_request,
    "events:exhibitor_team": _exhibitor_team,
    "events:meeting": _meeting,
    "events:unsubscribe": _unsubscribe,
    "events:news_list": _none,
    "events:news_detail": _news_detail,
    "events:accessibility": _none,
    "training:certificate_verify": _certificate,
    "training:person": _person,
    "training:nominate": _nominate,
    "feedback:answer": _survey,
    "events:host": _host,
    "events:registration_edit": _registration_edit,
    "events:registration_email_confirm": _email_confirm,
    "events:staff_invitation": _staff_invitation,
    "training:certificate_lookup": _none,
}
SIGNED_IN_PAGES: dict[str, Callable[[], Iterator[dict]]] = {
    "checkin:scanner": _none,
    "reports:report": _none,
    "reports:drill": _drill,
}


def pages() -> list[Page]:
    """Every page to visit, in both languages, on the seeded demo data."""
    found: list[Page] = []
    for language in LANGUAGES:
        with translation.override(language):
            for table, signed_in in ((PAGES, False), (SIGNED_IN_PAGES, True)):
                for name, arguments in table.items():
                    for kwargs in arguments():
                        found.append(Page(name, reverse(name, kwargs=kwargs), language, signed_in))
            prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
            # States of pages: errors, and forms sent empty (their errors must be announced).
            found.append(Page("404", f"{prefix}/khong-co-trang-nay/", language))
            found.append(
                Page("certificate_unknown", reverse("training:certificate_verify", args=["XXXX"]), language)
            )
            found.append(
                Page(
                    "register_errors",
                    found_path(found, "events:register", language),
                    language,
                    action="submit-empty",
                )
            )
            found.append(Page("lockout", f"{prefix}/admin/login/", language, action="lock-out"))
    return found


def found_path(found: list[Page], name: str, language: str) -> str:
    return next(page.path for page in found if page.name == name and page.language == language)
