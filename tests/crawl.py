"""Before/after crawl: shows that a change leaves the demo's pages and API answering the same.

Usage (from the repository root, in the project's virtualenv with the dev extras):

    python -m tests.crawl compare --before 12d5381 --after HEAD [--out DIR] [--max-urls 1500]
    python tests/crawl.py compare --before main --after ../other-checkout

Each side is a git revision (checked out with `git worktree add --detach` into a temporary directory,
removed afterwards) or a directory used as it is (its missing .mo files are compiled). It prints how
many URLs were crawled and how many answered the same and differently, then each difference: the URL,
both statuses and a short unified diff. Exit status 0: every answer the same; 1: something differs;
2: the crawl could not run. With --out, the records of both sides, the report, the differing bodies
and the servers' logs are kept there.

How: both sides run with this Python and its packages, the tree first on the import path (checked:
each side's `events` must come from its own tree, not from the editable install). The BEFORE tree seeds
one SQLite demo database (`migrate`, `seed_demo`, a superuser, an API token for the demo organiser, a
scanner device, a signed-in session for each staff role, and what pages would otherwise create with
random values on first view: every confirmed registration's ticket, every registrant's personal feed).
Each side gets its own copy, collects its static files and is served by gunicorn (DEBUG off, fixed
SECRET_KEY). Both servers are then asked the same GET at the same moment, breadth-first, a few URLs
per URL pattern, never a logout: every GET operation of the OpenAPI schema (anonymous, staff token,
scanner token; path parameters filled from list answers), the public site in Vietnamese and English
(links, GET forms, e-mailed capability links of a sample of registrations, exhibitors, meetings and
trainees), the staff pages of the superuser and of each demo role, and the static files they use.

Compared: status, content type, redirect target, Content-Disposition and the body, normalised where
two runs legitimately differ: CSRF tokens, CSP nonces, the servers' addresses, the time and signature
of signed links (django.core.signing stamps the second), DTSTAMP in iCalendar, request-time JSON stamps.
PDFs are compared by page sizes and text, generated PNGs by size and mode, Excel files by their cells.
A page that differs is asked again on both sides; a value that changes between two answers of one
side too (an add form's fresh random code) is set aside, in that place only, and reported as such.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import dataclasses
import difflib
import hashlib
import html.parser
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
from pathlib import Path

import requests

SECRET_KEY = "crawl-comparison-only-" + "k" * 40  # fixed: signed links are then equal on both sides
PASSWORD = "Crawl-pass-2028!"  # every signed-in role's password, set after seeding
ADMIN_USERNAME = "crawl-admin"
ROLES = ("organiser", "door staff", "report viewer")  # as seed_demo names them in its login lines
APPS = ("config", "events", "checkin", "training", "reports")
HOST = "127.0.0.1"

STAFF_SCOPE = re.compile(r"^(/en)?/(admin|checkin|reports)/|/attendance/|/floor/|/meetings/$|\.xlsx$|\.csv$")
SKIP = re.compile(r"/logout/|/i18n/setlang/|/admin/jsi18n/|/password_change/")
NUMBER = re.compile(r"^\d+$")
# django.core.signing's values (capability links): payload:timestamp:signature. The timestamp is the second
# the link was made, so two renderings of one page a second apart hold different links to the same thing.
SIGNED = re.compile(r"(?<![\w.-])(\.?[A-Za-z0-9_-]+):[0-9A-Za-z]{4,8}:[A-Za-z0-9_-]{43}(?![\w-])")
REQUEST_TIME_KEYS = {"generated_at", "server_time"}  # JSON keys stamped with the time of the request


@dataclasses.dataclass
class Side:
    name: str
    spec: str
    tree: Path
    worktree: bool
    work: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def data_dir(self) -> Path:
        return self.work / "data"

    @property
    def log(self) -> Path:
        return self.work / "server.log"


@dataclasses.dataclass
class Answer:
    status: int
    content_type: str
    location: str
    disposition: str
    body: str
    length: int
    error: str = ""

    def head(self) -> tuple:
        """What is compared besides the body (a redirect to a signed link: without its time)."""
        return (self.status, self.content_type, unstamp(self.location), self.disposition, self.error)

    def record(self) -> dict:
        digest = hashlib.sha256(self.body.encode()).hexdigest()[:16]
        return {
            "status": self.status,
            "content_type": self.content_type,
            "location": self.location,
            "disposition": self.disposition,
            "length": self.length,
            "body_sha": digest,
            "error": self.error,
        }


class Failure(Exception):
    """The crawl could not run (a tree, the seeding or a server failed)."""


# --- Trees, environment, servers ----------------------------------------------------------------------


def run(args: list[str], *, cwd: Path, env: dict | None = None, what: str) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise Failure(f"{what} failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def prepare_tree(side: Side, repo: Path) -> None:
    directory = Path(side.spec).expanduser()
    if directory.is_dir():
        side.tree = directory.resolve()
        if not (side.tree / "manage.py").exists():
            raise Failure(f"{side.name}: {side.tree} has no manage.py")
        return
    git = shutil.which("git") or "git"
    commit = run(
        [git, "rev-parse", "--verify", "--quiet", f"{side.spec}^{{commit}}"],
        cwd=repo,
        what=f"{side.name}: {side.spec!r} is neither a directory nor a git revision; git rev-parse",
    ).strip()
    side.tree = side.work / "tree"
    run(
        [git, "worktree", "add", "--detach", "--quiet", str(side.tree), commit], cwd=repo, what="git worktree"
    )
    side.worktree = True


def remove_tree(side: Side, repo: Path) -> None:
    if side.worktree:
        git = shutil.which("git") or "git"
        subprocess.run(
            [git, "worktree", "remove", "--force", str(side.tree)], cwd=repo, capture_output=True, check=False
        )


def side_env(side: Side, data_dir: Path, origin: str) -> dict:
    """The environment a side's commands run in: nothing inherited that could point at another database,
    cache, mail server or settings; the tree first on the import path."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "SYSTEMROOT")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        {
            "PYTHONPATH": str(side.tree),
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
            "MEDIA_ROOT": str(data_dir / "media"),
            "STATIC_ROOT": str(side.work / "static"),
            "REDIS_URL": "",
            "EMAIL_URL": "consolemail://",
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": origin,
            "CSRF_TRUSTED_ORIGINS": origin,
            "LOG_LEVEL": "WARNING",
            "THROTTLE_REGISTRATIONS": "100000/minute",
            "THROTTLE_SCAN": "100000/minute",
            "THROTTLE_OFFLINE": "100000/minute",
            "CHECKIN_MAX_INVALID_PER_MINUTE": "100000",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_TIMEOUT": "180",
            "GUNICORN_ACCESS_LOG": "-",
        }
    )
    return env


def manage(side: Side, env: dict, *args: str, what: str | None = None) -> str:
    return run(
        [sys.executable, "manage.py", *args],
        cwd=side.tree,
        env=env,
        what=what or f"{side.name}: manage.py {args[0]}",
    )


def check_imports(side: Side, env: dict) -> dict:
    """Each side must import its own tree's packages, not the virtualenv's editable install."""
    code = (
        "import importlib, json; "
        f"print(json.dumps({{m: importlib.import_module(m).__file__ for m in {APPS!r}}}))"
    )
    files = json.loads(
        run([sys.executable, "-c", code], cwd=side.tree, env=env, what=f"{side.name}: imports")
    )
    for module, file in files.items():
        if not Path(file).resolve().is_relative_to(side.tree):
            raise Failure(f"{side.name}: {module} is imported from {file}, not from {side.tree}")
    return files


def compile_messages(side: Side, env: dict) -> None:
    """The .mo files are not in git: build those missing or older than their .po (and only those)."""
    catalogues = [
        *side.tree.glob("locale/*/LC_MESSAGES/*.po"),
        *side.tree.glob("*/locale/*/LC_MESSAGES/*.po"),
    ]
    stale = [
        po
        for po in catalogues
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        locales = sorted({po.parts[-3] for po in stale})
        args = ["compilemessages", "-v0", "--ignore", ".venv", "--ignore", "venv", "--ignore", "var"]
        for locale in locales:
            args += ["-l", locale]
        manage(side, env, *args)


# Run by `manage.py shell` in the BEFORE tree, on the seeded database, after `PARAMS = {...}`. Prints one
# line of JSON: tokens, session keys, and paths no page links to.
SETUP = """
import json
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from rest_framework.authtoken.models import Token

from django.apps import apps

from checkin.services import scanner_device_create


def find(name, *modules):
    # a function by name, from the first module that has it (modules move between layouts)
    for module in modules:
        try:
            return getattr(import_module(module), name)
        except (ImportError, AttributeError):
            continue
    raise ImportError(f"{name} is in none of {modules}")


Event, Registration = apps.get_model("events", "Event"), apps.get_model("events", "Registration")
User = get_user_model()
names, admin_name = PARAMS["names"], PARAMS["admin"]
admin = User.objects.filter(username=admin_name).first() or User(username=admin_name)
admin.email = admin_name + "@example.vn"
admin.is_staff = admin.is_superuser = admin.is_active = True
admin.save()
for name in [admin_name, *names]:  # known passwords, for whoever looks at a kept database (--keep)
    user = User.objects.get(username=name)
    user.set_password(PARAMS["password"])
    user.save()
token, _created = Token.objects.get_or_create(user=User.objects.get(username=names[0]))
_device, scanner = scanner_device_create(name="Crawl", events=list(Event.objects.order_by("pk")))
out = {"staff_token": token.key, "scanner_token": scanner, "session_cookie": settings.SESSION_COOKIE_NAME,
       "sessions": {}, "paths": [], "staff_paths": [], "values": {}, "warnings": []}

# Signed-in sessions made here, not by logging in: both copies then hold the same session keys, and no
# login is recorded at a different microsecond on each side.
for name in [admin_name, *names]:
    user = User.objects.get(username=name)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    out["sessions"][name] = store.session_key


# What pages create with random values on first view is created here once, so both copies hold it:
# every confirmed registration's ticket (and its event's key), every registrant's personal feed.
def tickets():
    from checkin.services import ticket_get_or_issue
    for registration in Registration.objects.filter(status="confirmed").order_by("pk"):
        ticket_get_or_issue(registration=registration)


def feeds():
    personal_feed_get_or_create = find(
        "personal_feed_get_or_create", "events.calendar", "events.calendar.services"
    )
    for email in sorted(set(Registration.objects.values_list("email", flat=True))):
        personal_feed_get_or_create(email=email)


# Capability links only e-mails carry, a sample: their pages, tickets and feeds are crawled too.
def registrations():
    registration_manage_path = find("registration_manage_path", "events.signing")
    chosen = {}  # a confirmed one at each event, the first of each other status
    for registration in Registration.objects.order_by("pk"):
        confirmed = registration.status == "confirmed"
        key = (registration.status, registration.event_id if confirmed else None)
        chosen.setdefault(key, registration)
    out["paths"] += [registration_manage_path(r) for r in chosen.values()]


def exhibitors():
    from django.db.models import Max
    exhibitor_team_path = find("exhibitor_team_path", "events.signing", "events.exhibitions.signing")
    exhibitors = apps.get_model("events", "Exhibitor").objects
    by_end = exhibitors.annotate(last=Max("event__sessions__ends_at")).order_by("-last", "pk")
    # two whose links still open, one whose event is long over (its link has expired)
    out["paths"] += [exhibitor_team_path(e) for e in [*by_end[:2], *by_end.reverse()[:1]]]


def meetings():
    meeting_path = find("meeting_path", "events.signing", "events.exhibitions.signing")
    meetings = apps.get_model("events", "Meeting").objects.order_by("pk")[:4]
    out["paths"] += [meeting_path(m) for m in meetings]


def trainees():
    from training.signing import person_page_path
    emails = Registration.objects.filter(event__kind="course").order_by("pk").values_list("email", flat=True)
    out["paths"] += [person_page_path(email) for email in list(dict.fromkeys(emails))[:4]]


def certificates():
    from django.urls import reverse
    certificates = apps.get_model("training", "Certificate").objects.order_by("pk")
    codes = list(certificates.values_list("code", flat=True)[:3])
    out["values"]["certificates"] = codes  # for the API's /certificates/{code}/
    out["paths"] += [reverse("training:certificate_verify", kwargs={"code": code}) for code in codes]


def staff_pages():
    # the exhibitors' floor lists and meeting grids, which no page links to
    exhibitors = apps.get_model("events", "Exhibitor").objects
    slugs = list(dict.fromkeys(exhibitors.order_by("event__pk").values_list("event__slug", flat=True)))
    slugs += Event.objects.exclude(slug__in=slugs).order_by("pk").values_list("slug", flat=True)[:1]
    out["staff_paths"] = [f"/events/{slug}/{page}/" for slug in slugs for page in ("floor", "meetings")]


# Each part on its own: a tree laid out differently loses that part (with a warning), not the crawl.
for part in (tickets, feeds, registrations, exhibitors, meetings, trainees, certificates, staff_pages):
    try:
        part()
    except Exception as exc:
        out["warnings"].append(f"{part.__name__}: {exc!r}")
print("CRAWL-SETUP " + json.dumps(out))
"""


def seed(before: Side, seed_dir: Path, *, say) -> dict:
    """One demo database for both sides, made with the BEFORE tree."""
    env = side_env(before, seed_dir, before.origin)
    started = time.monotonic()
    manage(before, env, "migrate", "--noinput", "-v0")
    output = manage(before, env, "seed_demo", "--force")
    logins = dict(re.findall(r"^\s*(.+?):\s+username (\S+)\s+password \S+", output, re.MULTILINE))
    missing = [role for role in ROLES if role not in logins]
    if missing:
        raise Failure(f"seed_demo printed no login for {missing}:\n{output}")
    names = [logins[role] for role in ROLES]
    setup = manage(
        before,
        env,
        "shell",
        "-c",
        f"PARAMS = { ({'names': names, 'password': PASSWORD, 'admin': ADMIN_USERNAME})!r}\n" + SETUP,
        what="setup",
    )
    found = re.search(r"^CRAWL-SETUP (.*)$", setup, re.MULTILINE)
    if not found:
        raise Failure(f"the setup printed nothing usable:\n{setup}")
    info = json.loads(found.group(1))
    # links printed by seed_demo (the nomination link, the check-in demo), on this server's address
    paths = [urllib.parse.urlsplit(url) for url in re.findall(r"https?://\S+", output)]
    info["paths"] += [
        p.path + (f"?{p.query}" if p.query else "") for p in paths if p.netloc == f"{HOST}:{before.port}"
    ]
    info["users"] = dict(zip(ROLES, names, strict=True))
    for warning in info["warnings"]:
        say(f"  warning: setup: {warning}")
    say(f"seeded the demo database with the before tree in {time.monotonic() - started:.0f} s")
    return info


def start_server(side: Side) -> None:
    env = side_env(side, side.data_dir, side.origin)
    side.process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.conf.py",
            "--bind",
            f"{HOST}:{side.port}",
            "--workers",
            "1",
            "--max-requests",
            "0",  # no recycling: the in-process cache lives as long as the crawl
            "config.wsgi:application",
        ],
        cwd=side.tree,
        env=env,
        stdout=side.log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for_server(side: Side) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if side.process.poll() is not None:
            raise Failure(f"{side.name}: the server stopped:\n{side.log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(side.origin + "/healthz", timeout=5).status_code == 200:
                return
        time.sleep(0.5)
    raise Failure(
        f"{side.name}: the server did not answer /healthz:\n{side.log.read_text(errors='replace')[-3000:]}"
    )


def stop_server(side: Side) -> None:
    if side.process is not None and side.process.poll() is None:
        os.killpg(side.process.pid, signal.SIGTERM)
        try:
            side.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(side.process.pid, signal.SIGKILL)
            side.process.wait()


# --- Links ------------------------------------------------------------------------------------------------


class PageLinks(html.parser.HTMLParser):
    """Every URL a page points at (links, assets, frames) and the URLs its GET forms can submit."""

    URL_ATTRIBUTES = {"a": "href", "link": "href", "area": "href", "script": "src", "img": "src",
                      "iframe": "src", "source": "src", "embed": "src"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in self.URL_ATTRIBUTES and attributes.get(self.URL_ATTRIBUTES[tag]):
            self.urls.append(attributes[self.URL_ATTRIBUTES[tag]])
        if tag == "form":
            method = attributes.get("method", "get").lower()
            self._form = {
                "action": attributes.get("action", ""),
                "method": method,
                "fields": [],
                "selects": [],
            }
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            self._form["fields"].append((attributes["name"], attributes.get("value", "")))
        elif self._form is not None and tag == "select" and attributes.get("name"):
            self._select = {"name": attributes["name"], "options": [], "selected": None}
            self._form["selects"].append(self._select)
        elif self._select is not None and tag == "option":
            value = attributes.get("value", "")
            self._select["options"].append(value)
            if "selected" in attributes:
                self._select["selected"] = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None

    def form_urls(self) -> list[str]:
        """A GET form submitted as it is, and once with each option of each of its lists chosen."""
        urls = []
        for form in self.forms:
            if form["method"] != "get":
                continue
            base = [(name, value) for name, value in form["fields"]]
            defaults = [(s["name"], s["selected"] if s["selected"] is not None else (s["options"] or [""])[0])
                        for s in form["selects"]]  # fmt: skip
            urls.append(form["action"] + "?" + urllib.parse.urlencode(base + defaults))
            for index, select in enumerate(form["selects"]):
                for option in select["options"]:
                    chosen = [*defaults[:index], (select["name"], option), *defaults[index + 1 :]]
                    fields = [(n, v) for n, v in base + chosen if v != ""]
                    urls.append(form["action"] + "?" + urllib.parse.urlencode(fields))
        return urls


def json_strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item)]
    return [value] if isinstance(value, str) else []


def links_of(answer_body: bytes, content_type: str, base: str) -> list[str]:
    media = content_type.split(";")[0].strip()
    if media == "text/html":
        parser = PageLinks()
        parser.feed(answer_body.decode("utf-8", errors="replace"))
        found = parser.urls + parser.form_urls()
    elif media in {"application/json", "application/vnd.oai.openapi+json"}:
        try:
            found = [
                s for s in json_strings(json.loads(answer_body)) if s.startswith(("http://", "https://", "/"))
            ]
        except ValueError:
            return []
    else:
        return []
    return [urllib.parse.urljoin(base, url.strip()) for url in found]


def local_path(url: str, origin: str) -> str | None:
    """The path and query of a URL on this site (webcal:// included), or None."""
    url = re.sub(r"^webcals?://", "http://", url)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or parts.netloc != urllib.parse.urlsplit(origin).netloc:
        return None
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def pattern(path: str) -> tuple[str, bool]:
    """URLs of one pattern: numbers in the path stand for any number, the query for its names."""
    parts = urllib.parse.urlsplit(path)
    segments = ["<n>" if NUMBER.match(s) else s for s in parts.path.split("/")]
    names = sorted({name for name, _value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)})
    return "/".join(segments) + "?" + "&".join(names), "<n>" in segments


# --- Normalising answers ----------------------------------------------------------------------------------


def unstamp(text: str) -> str:
    """Signed values with their time and signature set aside (the signed payload is kept)."""
    return SIGNED.sub(r"\1:{signed}", text)


def replace_origins(text: str, origins: list[str]) -> str:
    for origin in origins:
        netloc = urllib.parse.urlsplit(origin).netloc
        quoted = urllib.parse.quote(netloc, safe="")
        # as it is, and percent-encoded once or twice (links handed to other sites as a parameter)
        for encoded in (netloc, quoted, urllib.parse.quote(quoted, safe="")):
            text = re.sub(re.escape(encoded) + r"(?!\d)", "SITE", text, flags=re.IGNORECASE)
    return text


def normalise_html(text: str) -> str:
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*', r"\1{csrf}", text)
    text = re.sub(r'(csrf[\w-]*["\'\]]*\s*[:=]\s*["\'])[A-Za-z0-9]{32,64}', r"\1{csrf}", text, flags=re.I)
    text = re.sub(r'\bnonce="[^"]*"', 'nonce="{nonce}"', text)
    # indentation and blank lines are not behaviour
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def normalise_ical(text: str) -> str:
    text = re.sub(r"^DTSTAMP:.*$", "DTSTAMP:{now}", text, flags=re.MULTILINE)
    return "\n".join(text.splitlines())


def normalise_json_value(value):
    if isinstance(value, dict):
        return {k: "{now}" if k in REQUEST_TIME_KEYS else normalise_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise_json_value(v) for v in value]
    return value


def describe_pdf(data: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    lines = [f"PDF, {len(document)} pages"]
    for number, page in enumerate(document, start=1):
        width, height = page.get_size()
        lines.append(f"--- page {number}: {width:.0f} x {height:.0f} pt")
        lines.extend(page.get_textpage().get_text_range().splitlines())
    return "\n".join(lines)


def describe_image(data: bytes) -> str:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return f"image {image.format} {image.size[0]}x{image.size[1]} {image.mode}"


def describe_workbook(data: bytes) -> str:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(f"--- sheet {sheet.title}")
        lines.extend(
            "\t".join("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)
        )
    return "\n".join(lines)


def normalise_body(data: bytes, content_type: str, path: str, origins: list[str]) -> str:
    media = content_type.split(";")[0].strip().lower()
    try:
        if media == "application/pdf":
            return unstamp(replace_origins(describe_pdf(data), origins))
        if media.startswith("image/") and media != "image/svg+xml" and not path.startswith("/static/"):
            return describe_image(data)
        if media == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
            return unstamp(replace_origins(describe_workbook(data), origins))
    except Exception as exc:  # an unreadable document is compared by its bytes
        return f"unreadable {media} ({type(exc).__name__}), sha256 {hashlib.sha256(data).hexdigest()}"
    textual = (
        media.startswith("text/")
        or media.endswith(("json", "javascript", "xml", "openapi"))
        or "charset=" in content_type
        or media == ""
    )
    if not textual:
        return f"{media}, {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}"
    text = data.decode("utf-8", errors="replace")
    if media == "text/calendar":
        text = re.sub(r"\r?\n[ \t]", "", text)  # unfold first: folding may split an address
    text = unstamp(replace_origins(text, origins))
    if media == "text/html":
        return normalise_html(text)
    if media == "text/calendar":
        return normalise_ical(text)
    if media.endswith("json"):
        try:
            value = normalise_json_value(json.loads(text))
        except ValueError:
            return text
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return text


# --- The crawl --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Identity:
    name: str
    api: bool = False
    session: str | None = None  # a signed-in session's key
    token: str | None = None
    seeds: list[str] = dataclasses.field(default_factory=list)
    english: bool = True  # False: the Vietnamese pages only (a role's rights do not depend on the language)


@dataclasses.dataclass
class Difference:
    identity: str
    path: str
    before: Answer
    after: Answer
    diff: str


class Crawler:
    def __init__(self, before: Side, after: Side, *, max_urls: int, per_pattern: int, out: Path, say) -> None:
        self.sides = (before, after)
        self.origins = [before.origin, after.origin]
        self.max_urls = max_urls
        self.per_pattern = per_pattern
        self.out = out
        self.say = say
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
        self.records = {side.name: (out / f"{side.name}.jsonl").open("w") for side in self.sides}
        self.static: dict[str, None] = {}  # static files found by any identity, fetched once at the end
        self.fetched = 0
        self.same = 0
        self.differences: list[Difference] = []
        self.json_seen: dict[str, object] = {}  # API answers of the before side, for path parameters
        self.counts: collections.Counter = collections.Counter()
        self.found_links: list[str] = []
        self.noisy: list[tuple[str, str]] = []  # same once values made anew on every request are set aside
        self.session_cookie = "sessionid"
        self.known_values: dict[str, list[str]] = {}

    # one request to both sides at once
    def fetch_both(self, sessions, path: str, headers: dict) -> tuple[tuple[Answer, bytes], ...]:
        futures = [
            self.pool.submit(self.fetch, session, side, path, headers)
            for session, side in zip(sessions, self.sides, strict=True)
        ]
        return tuple(future.result() for future in futures)

    def fetch(self, session: requests.Session, side: Side, path: str, headers: dict) -> tuple[Answer, bytes]:
        try:
            response = session.get(side.origin + path, headers=headers, allow_redirects=False, timeout=180)
        except requests.RequestException as exc:
            return Answer(0, "", "", "", "", 0, error=type(exc).__name__), b""
        content_type = response.headers.get("Content-Type", "")
        location = response.headers.get("Location", "")
        if location:
            location = local_path(urllib.parse.urljoin(side.origin + path, location), side.origin) or location
        disposition = replace_origins(response.headers.get("Content-Disposition", ""), self.origins)
        body = normalise_body(response.content, content_type, path, self.origins)
        answer = Answer(
            response.status_code, content_type, location, disposition, body, len(response.content)
        )
        return answer, response.content

    def sessions_for(self, identity: Identity) -> tuple[requests.Session, requests.Session]:
        sessions = []
        for side in self.sides:
            session = requests.Session()
            if identity.token:
                session.headers["Authorization"] = f"Token {identity.token}"
            if identity.session:
                session.cookies.set(self.session_cookie, identity.session)
                # a session the server does not take would crawl the login page and prove nothing
                response = session.get(side.origin + "/admin/", allow_redirects=False, timeout=60)
                if response.status_code != 200:
                    raise Failure(
                        f"{side.name}: {identity.name}'s session is refused (HTTP {response.status_code})"
                    )
            sessions.append(session)
        return tuple(sessions)

    def in_scope(self, identity: Identity, path: str) -> bool:
        if SKIP.search(path):
            return False
        query_names = {n for n, _v in urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query, True)}
        if "_changelist_filters" in query_names or len(query_names) > (1 if "/admin/" in path else 3):
            return False
        if identity.api:
            return path.startswith("/api/v1/")
        if not identity.english and path.startswith("/en/"):
            return False
        if path.startswith("/api/v1/"):
            return False
        return identity.session is None or bool(STAFF_SCOPE.search(urllib.parse.urlsplit(path).path))

    def crawl(self, identity: Identity, seeds: list[str], budget: int) -> None:
        started, fetched_before = time.monotonic(), self.fetched
        sessions = self.sessions_for(identity)
        # Breadth first, in three tiers: a page of a pattern not met yet, then a query variant of one (a
        # filter, a sort order), then more URLs of known patterns. With a budget, every kind of page (each
        # admin list, its first object, ...) comes before the variants of one.
        tiers: list[collections.deque] = [
            collections.deque(dict.fromkeys(seeds)),
            collections.deque(),
            collections.deque(),
        ]
        seen = {unstamp(path) for path in tiers[0]}  # a link signed a second later is the same link
        per_pattern: collections.Counter = collections.Counter()
        done = 0
        while any(tiers) and done < budget:
            path = next(tier for tier in tiers if tier).popleft()
            self.compare(identity, sessions, path)
            done += 1
            for found in self.found_links:
                if found.startswith("/static/"):
                    self.static.setdefault(found.split("?")[0])
                    continue
                if unstamp(found) in seen or not self.in_scope(identity, found):
                    continue
                key, numbered = pattern(found)
                cap = 1 if numbered and "/admin/" in found else self.per_pattern
                if per_pattern[key] >= cap:
                    continue
                tiers[2 if per_pattern[key] else 1 if "?" in found else 0].append(found)
                per_pattern[key] += 1
                seen.add(unstamp(found))
        queued = sum(len(tier) for tier in tiers)
        left = f", {queued} more left (budget)" if queued else ""
        self.say(
            f"  {identity.name:<24} {self.fetched - fetched_before:5d} URLs "
            f"in {time.monotonic() - started:4.0f} s{left}"
        )

    def compare(self, identity: Identity, sessions, path: str, headers: dict | None = None) -> None:
        headers = headers or ({"Accept": "application/json"} if identity.api else {})
        (before, before_raw), (after, after_raw) = self.fetch_both(sessions, path, headers)
        self.fetched += 1
        self.counts[identity.name] += 1
        for side, answer in zip(self.sides, (before, after), strict=True):
            self.records[side.name].write(
                json.dumps({"identity": identity.name, "path": path, **answer.record()}) + "\n"
            )
        found = []
        for side, answer, raw in ((self.sides[0], before, before_raw), (self.sides[1], after, after_raw)):
            if answer.location:
                found.append(answer.location)
            if 200 <= answer.status < 300:
                found += [
                    p
                    for url in links_of(raw, answer.content_type, side.origin + path)
                    if (p := local_path(url, side.origin))
                ]
        if identity.api and before.status == 200 and before.content_type.startswith("application/json"):
            with contextlib.suppress(ValueError):
                self.json_seen.setdefault(urllib.parse.urlsplit(path).path, json.loads(before_raw))
        self.found_links = list(dict.fromkeys(found))
        if before.head() == after.head() and before.body == after.body:
            self.same += 1
            return
        if before.head() == after.head():
            # Asked again on both sides (so both stay in the same state): a value made anew on every
            # request (a form's fresh random code) differs between two answers of one side too.
            (again, _raw), _after_again = self.fetch_both(sessions, path, headers)
            if again.head() == before.head() and only_noise(before.body, again.body, after.body):
                self.same += 1
                self.noisy.append((identity.name, path))
                return
        diff = "\n".join(
            difflib.unified_diff(
                before.body.splitlines(), after.body.splitlines(), "before", "after", n=2, lineterm=""
            )
        )
        self.differences.append(Difference(identity.name, path, before, after, diff))
        number = len(self.differences)
        bodies = self.out / "differences"
        bodies.mkdir(exist_ok=True)
        (bodies / f"{number:04d}-before.txt").write_text(before.body)
        (bodies / f"{number:04d}-after.txt").write_text(after.body)

    # --- the API: every GET operation of the schema -------------------------------------------------------

    def api_paths(self, schema: dict) -> tuple[list[str], list[tuple[str, list]]]:
        """Operations without path parameters (with a variant for each value of an enumerated filter),
        and the templated ones to fill once list answers are known."""
        plain, templated = [], []
        for template, item in schema.get("paths", {}).items():
            operation = item.get("get")
            if operation is None:
                continue
            parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
            query = [p for p in parameters if p.get("in") == "query"]
            required = {p["name"]: self.sample_value(p) for p in query if p.get("required")}
            variants = [required]
            for parameter in query:
                for value in (parameter.get("schema") or {}).get("enum", [])[: self.per_pattern]:
                    variants.append({**required, parameter["name"]: value})
            suffixes = [("?" + urllib.parse.urlencode(v)) if v else "" for v in variants]
            if "{" in template:
                templated.append((template, suffixes))
            else:
                plain += [template + suffix for suffix in suffixes]
        return plain, templated

    @staticmethod
    def sample_value(parameter: dict) -> str:
        schema = parameter.get("schema") or {}
        if schema.get("format") == "date":
            return "2028-12-31" if parameter["name"].startswith("end") else "2024-01-01"
        if schema.get("enum"):
            return schema["enum"][0]
        return {"integer": "1", "boolean": "true"}.get(schema.get("type"), "a")

    def values_for(self, template: str, name: str) -> list[str]:
        """Values of a path parameter taken from the list answers: the list at the parameter's parent path
        first, then any list named like the segment before it, then any answer holding that key."""
        prefix = template[: template.index("{" + name + "}")]
        collection = prefix.rstrip("/").rsplit("/", 1)[-1]
        keys = ["id", "pk"] if name in {"id", "pk"} else [name]
        if self.known_values.get(collection):  # values no list answer shows (certificate codes)
            return self.known_values[collection][:3]
        candidates = [prefix] + [
            p for p in self.json_seen if p.rstrip("/").endswith("/" + collection) and p != prefix
        ]
        for candidate in candidates:
            answer = self.json_seen.get(candidate)
            items = (
                answer.get("results", [])
                if isinstance(answer, dict)
                else answer
                if isinstance(answer, list)
                else []
            )
            values = [
                str(item[key]) for item in items if isinstance(item, dict) for key in keys if key in item
            ]
            if values:
                return list(dict.fromkeys(values))[:3]
        values = []
        for answer in self.json_seen.values():
            values += [str(v) for v in key_values(answer, set(keys))]
        return list(dict.fromkeys(values))[:3]

    def fill(self, templated: list[tuple[str, list]]) -> list[str]:
        paths = []
        for template, suffixes in templated:
            names = re.findall(r"\{(\w+)\}", template)
            filled = [template]
            for name in names:
                values = self.values_for(template, name) or ["0"]
                filled = [
                    path.replace("{" + name + "}", urllib.parse.quote(v, safe=""))
                    for path in filled
                    for v in values
                ][:3]
            paths += [path + suffix for path in filled for suffix in suffixes]
        return paths

    def finish(self) -> None:
        self.pool.shutdown()
        for handle in self.records.values():
            handle.close()


def only_noise(first: str, second: str, other: str) -> bool:
    """Whether `other` differs from `first` only in lines where a second answer to the same request
    (`second`) differs from `first` too, and only in the places where they differ."""
    if first == second:
        return False
    lines = [text.splitlines() for text in (first, second, other)]
    if len({len(each) for each in lines}) != 1:
        return False
    for line, again, line_other in zip(*lines, strict=True):
        if line == line_other:
            continue
        if line == again:
            return False
        tokens, tokens_again = re.findall(r"\w+|\W", line), re.findall(r"\w+|\W", again)
        matcher = difflib.SequenceMatcher(None, tokens, tokens_again, autojunk=False)
        parts = [
            re.escape("".join(tokens[i1:i2])) if tag == "equal" else ".*?"
            for tag, i1, i2, _j1, _j2 in matcher.get_opcodes()
        ]
        if not re.fullmatch("".join(parts), line_other):
            return False
    return True


def key_values(value, keys: set[str]) -> list:
    if isinstance(value, dict):
        found = [
            v for k, v in value.items() if k in keys and isinstance(v, str | int) and not isinstance(v, bool)
        ]
        return found + [x for v in value.values() for x in key_values(v, keys)]
    if isinstance(value, list):
        return [x for v in value for x in key_values(v, keys)]
    return []


def crawl_all(crawler: Crawler, info: dict, *, say) -> None:
    public = ["/", "/en/", "/calendar.ics", "/en/calendar.ics", "/healthz", "/api/docs/", "/api/schema/",
              "/api/schema/?format=json", "/en/some-page-that-does-not-exist/"]  # fmt: skip
    public += info["paths"] + ["/en" + path for path in info["paths"] if not path.startswith("/tickets/")]
    staff_vi = ["/admin/", "/checkin/", "/reports/", *info["staff_paths"]]
    staff = staff_vi + ["/en" + path for path in staff_vi]
    users, sessions = info["users"], info["sessions"]
    crawler.session_cookie = info["session_cookie"]
    crawler.known_values = info["values"]
    html_identities = [
        Identity("visitor", seeds=public),
        Identity("superuser", session=sessions[ADMIN_USERNAME], seeds=staff),
        Identity("organiser", session=sessions[users["organiser"]], seeds=staff_vi, english=False),
        Identity("door staff", session=sessions[users["door staff"]], seeds=staff_vi, english=False),
        Identity("report viewer", session=sessions[users["report viewer"]], seeds=staff_vi, english=False),
    ]
    api_identities = [
        Identity("api anonymous", api=True),
        Identity("api staff token", api=True, token=info["staff_token"]),
        Identity("api scanner", api=True, token=info["scanner_token"]),
    ]
    schema = requests.get(crawler.sides[0].origin + "/api/schema/?format=json", timeout=120).json()
    plain, templated = crawler.api_paths(schema)

    # The budget is shared out in order; what a phase leaves unused goes to the later ones. The API first:
    # it is bounded by the schema, so the pages get all that it leaves.
    phases = [(identity, plain, 10) for identity in api_identities]
    phases += [(identity, None, 6) for identity in api_identities]  # templated paths, filled when reached
    phases += [
        (identity, identity.seeds, weight)
        for identity, weight in zip(html_identities, (28, 22, 10, 3, 5), strict=True)
    ]
    phases.append((Identity("static files"), None, 4))
    for index, (identity, seeds, weight) in enumerate(phases):
        left = crawler.max_urls - crawler.fetched
        budget = max(left * weight // sum(w for _i, _s, w in phases[index:]), 1)
        if seeds is None:
            if identity.name == "static files":
                seeds = list(crawler.static)
            else:
                seeds = crawler.fill(templated)
                identity = dataclasses.replace(identity, name=identity.name + " (by id)")
        crawler.crawl(identity, seeds, budget)


# --- Report ------------------------------------------------------------------------------------------------


def report(crawler: Crawler, before: Side, after: Side, elapsed: float, max_diff_lines: int) -> str:
    lines = [
        f"before: {before.spec} ({before.tree})",
        f"after:  {after.spec} ({after.tree})",
        f"URLs crawled: {crawler.fetched} per side (same requests on both), in {elapsed:.0f} s",
        "  by identity: " + ", ".join(f"{name} {count}" for name, count in crawler.counts.items()),
        f"same: {crawler.same} ({len(crawler.noisy)} once values made anew on each request are set aside)",
        f"different: {len(crawler.differences)}",
    ]
    statuses = collections.Counter(
        json.loads(line)["status"] for line in (crawler.out / "before.jsonl").read_text().splitlines()
    )
    lines.append("  before's statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    lines += [f"  set aside in [{identity}] {path}" for identity, path in crawler.noisy]
    for number, difference in enumerate(crawler.differences, start=1):
        b, a = difference.before, difference.after
        lines.append("")
        lines.append(f"#{number} [{difference.identity}] {difference.path}")
        for attribute in ("status", "content_type", "location", "disposition", "error"):
            if getattr(b, attribute) != getattr(a, attribute) or attribute == "status":
                label = attribute.replace("_", " ")
                lines.append(f"  {label}: before {getattr(b, attribute)!r}, after {getattr(a, attribute)!r}")
        diff = difference.diff.splitlines()
        if diff:
            lines.extend("  " + line for line in diff[:max_diff_lines])
            if len(diff) > max_diff_lines:
                lines.append(
                    f"  ... {len(diff) - max_diff_lines} more diff lines (differences/{number:04d}-*.txt)"
                )
    return "\n".join(lines) + "\n"


def compare(args: argparse.Namespace) -> int:
    started = time.monotonic()
    repo = Path(args.repo or Path(__file__).resolve().parent.parent)
    work = Path(tempfile.mkdtemp(prefix="crawl-"))
    out = Path(args.out).resolve() if args.out else work / "out"
    out.mkdir(parents=True, exist_ok=True)

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    sides = [
        Side(name, spec, Path(), False, work / name, free_port())
        for name, spec in (("before", args.before), ("after", args.after))
    ]
    before, after = sides
    try:
        for side in sides:
            side.work.mkdir()
            prepare_tree(side, repo)
            env = side_env(side, side.data_dir, side.origin)
            files = check_imports(side, env)
            say(f"{side.name}: {side.spec} -> {side.tree} (events from {files['events']})")
            compile_messages(side, env)
        info = seed(before, work / "seed", say=say)
        for side in sides:
            shutil.copytree(work / "seed", side.data_dir, dirs_exist_ok=True)
            manage(side, side_env(side, side.data_dir, side.origin), "collectstatic", "--noinput", "-v0")
            start_server(side)
        for side in sides:
            wait_for_server(side)
        say(f"servers up ({time.monotonic() - started:.0f} s); crawling both in lockstep")
        crawler = Crawler(
            before, after, max_urls=args.max_urls, per_pattern=args.per_pattern, out=out, say=say
        )
        try:
            crawl_all(crawler, info, say=say)
        finally:
            crawler.finish()
        for side in sides:
            stop_server(side)
            shutil.copy(side.log, out / f"{side.name}-server.log")
        text = report(crawler, before, after, time.monotonic() - started, args.diff_lines)
        (out / "report.txt").write_text(text)
        print(text, end="")
        if args.out:
            print(f"(records, report and differing bodies in {out})")
        return 1 if crawler.differences else 0
    except Failure as exc:
        print(f"crawl: {exc}", file=sys.stderr)
        return 2
    except Exception:  # a fault of the crawl itself: status 2, not 1 (which means "behaviour differs")
        traceback.print_exc()
        return 2
    finally:
        for side in sides:
            stop_server(side)
            remove_tree(side, repo)
        if args.keep:
            print(f"(work directory kept: {work})", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser(
        "compare", help="crawl two trees on one demo database and compare their answers"
    )
    command.add_argument(
        "--before", required=True, help="git revision or directory (it also seeds the database)"
    )
    command.add_argument("--after", required=True, help="git revision or directory")
    command.add_argument("--out", help="directory for the records, the report and the differing bodies")
    command.add_argument(
        "--repo", help="git repository of the revisions (default: the one holding this script)"
    )
    command.add_argument(
        "--max-urls", type=int, default=1500, help="requests per side at most (default 1500)"
    )
    command.add_argument(
        "--per-pattern", type=int, default=8, help="URLs followed per URL pattern (default 8)"
    )
    command.add_argument("--diff-lines", type=int, default=40, help="diff lines shown per difference")
    command.add_argument(
        "--keep", action="store_true", help="keep the temporary databases, static files and logs"
    )
    args = parser.parse_args(argv)
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
