"""Serving: the health endpoint, security headers and a Content Security Policy that our own pages
never need to relax (no inline scripts, no inline event handlers)."""

from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.db import connection

from checkin.services import ticket_get_or_issue
from events.signing import registration_manage_path
from training.signing import person_page_path

pytestmark = pytest.mark.django_db


# --- Health -------------------------------------------------------------------------------------------------


def test_health_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_is_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_health_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


# --- Security headers ---------------------------------------------------------------------------------------


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_page_carries_a_strict_content_security_policy(client, open_event):
    response = client.get(f"/events/{open_event.slug}/")
    policy = csp(response)

    assert response.status_code == 200
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert [d for d, values in policy.items() if d.startswith("script") and "'unsafe-inline'" in values] == []
    assert (response["X-Frame-Options"], response["X-Content-Type-Options"], response["Referrer-Policy"]) == (
        "DENY",
        "nosniff",
        "same-origin",
    )


class ScriptAudit(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, inline handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
            if not attributes.get("src") and attributes.get("type") != "application/json":
                self.problems.append(f"inline <script {attributes}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> inline event handler")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")


def audit(content: bytes) -> ScriptAudit:
    parser = ScriptAudit()
    parser.feed(content.decode())
    return parser


@pytest.fixture
def pages(client, open_event, guest, certificate, door_staff, report_viewer, organiser):
    """Each of our own pages, fetched as whoever may see it."""
    manage = registration_manage_path(guest)
    ticket_get_or_issue(registration=guest)
    course_slug = certificate.course.event.slug
    fetched = {
        "catalogue": client.get("/"),
        "catalogue (en)": client.get("/en/"),
        "event page": client.get(f"/events/{open_event.slug}/"),
        "course page": client.get(f"/events/{course_slug}/"),
        "registration form": client.get(f"/events/{open_event.slug}/register/"),
        "registration page": client.get(manage),
        "certificate page": client.get(f"/certificates/{certificate.code}/"),
        "trainee page": client.get(person_page_path(certificate.registration.email)),
    }
    client.force_login(door_staff)
    fetched["scanner page"] = client.get("/checkin/")
    client.force_login(report_viewer)
    fetched["reports page"] = client.get("/reports/")
    fetched["drill-down page"] = client.get("/reports/trainees_completed/")
    client.force_login(organiser)
    fetched["staff home"] = client.get("/staff/")
    fetched["event hub"] = client.get(f"/staff/events/{open_event.slug}/")
    fetched["door board"] = client.get(f"/checkin/board/{open_event.slug}/")
    return fetched


def test_our_pages_have_no_inline_scripts(pages):
    assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 200)
    assert {name: audit(r.content).problems for name, r in pages.items()} == {name: [] for name in pages}


def test_our_pages_load_scripts_from_our_own_static_files(pages):
    sources = {
        name: sorted(s["src"] for s in audit(r.content).scripts if s.get("src")) for name, r in pages.items()
    }

    # jsQR (the camera's decoder), installed by `npm ci` and then served as one of our static files
    decoder = ["/static/vendor/jsqr/jsQR.js"] if finders.find("vendor/jsqr/jsQR.js") else []
    assert sources["scanner page"] == ["/static/checkin/scanner.js", "/static/checkin/ticket.js", *decoder]
    assert sources["event page"] == ["/static/events/calendar.js"]
    assert (sources["staff home"], sources["event hub"], sources["door board"]) == (
        [],
        ["/static/workspace/hub.js"],
        ["/static/checkin/board.js"],
    )
    assert [src for srcs in sources.values() for src in srcs if not src.startswith("/static/")] == []
