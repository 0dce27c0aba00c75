"""WCAG 2.1 AA on every staff page (the project's own, not Django's admin), in Vietnamese and English, each
opened by the role that uses it (axe-core in Chromium, through axe-playwright-python, with the public
walk's rule set), and no staff page wider than a 768 px tablet; the scanner, the door board, the hub and
the staff home not wider than a 360 px phone either. Wide tables scroll inside their own container.

The pages come from `staff_pages`: every pattern behind the sign-in is walked or set aside there with its
reason, and `test_every_staff_route_is_walked_or_set_aside` keeps it that way. One seeded world for the
module (the demo data), shared by the tests.
"""

import contextlib

import pytest
from django.db import connections

from . import staff_pages
from .test_accessibility import AXE_OPTIONS, AXE_TAGS, PHONE

# Each test reads the module's world in a transaction of its own, rolled back (it writes nothing); the pages
# are served from committed data (`staff_world`).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1366, "height": 768}
# The scanner's search needs two characters; a surname every demo has.
SEARCH = "Nguy"


def test_every_staff_route_is_walked_or_set_aside():
    behind_sign_in = staff_pages.login_required_names()
    handled = set(staff_pages.STAFF_PAGES) | set(staff_pages.NOT_STAFF_PAGES)

    assert sorted(behind_sign_in - handled) == []
    assert sorted(handled - behind_sign_in) == []
    assert set(staff_pages.STAFF_PAGES).isdisjoint(staff_pages.NOT_STAFF_PAGES)


@pytest.fixture(scope="module")
def staff_world(django_db_setup, django_db_blocker, _allow_orm_beside_playwright):
    """The demo data seeded once for the module and committed, served by the module's own live server:
    pytest-django's `live_server` would flush the database after each test. Flushed at the end, as a
    transactional test would be. -> (the server's URL, the walk's pages, each role's session cookie)."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        staff_pages.seed_staff_world()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            cookies = {
                role: staff_pages.session_cookie(role, server.url) for role in staff_pages.ROLE_USERNAMES
            }
            yield server.url, staff_pages.pages(), cookies
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            for alias in connections:
                call_command("flush", database=alias, interactive=False, verbosity=0)
            connections.close_all()


def _reach(page, base_url: str, target: staff_pages.StaffPage) -> int:
    """Opens the page and takes its steps; the HTTP status of the page shown."""
    response = page.goto(base_url + target.path)
    status = response.status
    if target.action == "submit-empty":
        with page.expect_navigation() as navigation:
            page.locator("main form.form button[type=submit]").first.click()
        status = navigation.value.status
    elif target.action == "message-preview":
        page.fill("#id_subject_vi", "Thay đổi giờ mở cửa")
        page.fill("#id_body_vi", "Chào {name}, sự kiện {event} mở cửa lúc 8 giờ.")
        with page.expect_navigation() as navigation:
            page.locator("button[value=preview]").click()
        status = navigation.value.status
        page.locator("#preview").wait_for()
    elif target.action == "search":
        page.fill("#search-input", SEARCH)
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    elif target.action == "walk-in-empty":
        page.evaluate("document.getElementById('walk-in').open = true")
        with page.expect_navigation() as navigation:
            page.locator("#walk-in button[type=submit]").click()
        status = navigation.value.status
    # The page meant, signed in (not the sign-in page, nor a page the role was sent on to).
    assert "/admin/login/" not in page.url, f"{target}: landed on {page.url}"
    if not target.action:
        assert page.url.split("#")[0] == base_url + target.path, f"{target}: landed on {page.url}"
    # What staff can open is checked open too (the walk-in form, folded sections).
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return status


# Forms sent with errors answer 400, except the messages page (its preview is a POST answered 200 too).
_ERRORS_STATUS = {"events:intake_add": 400, "checkin:scanner": 400, "events:event_messages": 200}


def _expected_status(target: staff_pages.StaffPage) -> int:
    return _ERRORS_STATUS[target.name] if target.action in ("submit-empty", "walk-in-empty") else 200


@contextlib.contextmanager
def _browsing(browser, cookies, **options):
    """A browser context per role, each kept for the whole walk: role -> (page, errors)."""
    from .conftest import _open_page

    opened = {role: _open_page(browser, reduced_motion="reduce", **options) for role in cookies}
    for role, (context, _page, _errors) in opened.items():
        context.add_cookies([cookies[role]])
    try:
        yield {role: (page, errors) for role, (_context, page, errors) in opened.items()}
    finally:
        for context, _page, _errors in opened.values():
            context.close()


def test_every_staff_page_passes_axe_core_in_both_languages(browser, staff_world, capsys):
    from axe_playwright_python.sync_playwright import Axe

    base_url, targets, cookies = staff_world
    axe = Axe()
    problems: list[str] = []
    with _browsing(browser, cookies, viewport=DESKTOP) as tabs:
        for target in targets:
            page, errors = tabs[target.role]
            assert _reach(page, base_url, target) == _expected_status(target), str(target)
            assert page.evaluate("document.documentElement.lang") == target.language, str(target)
            results = axe.run(page, options=AXE_OPTIONS).response
            for violation in results["violations"]:
                nodes = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
                problems.append(
                    f"{target}: {violation['id']} ({violation['impact']}): {violation['help']} -> {nodes}"
                )
            assert errors == [], str(target)
        # The walk is not empty-handed: on the last page, a picture without a text alternative is found.
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:,\">')"
        )
        canary = axe.run(page, options=AXE_OPTIONS).response
        assert "image-alt" in [violation["id"] for violation in canary["violations"]]
        rules = page.evaluate("(tags) => axe.getRules(tags).length", AXE_TAGS)
    with capsys.disabled():
        print(
            f"\naxe-core: {len(targets)} staff pages checked against {rules} rules,"
            f" {len(problems)} violations"
        )
        print("\n".join(problems))
    assert problems == []


# What may be wider than the screen: a table inside a container that scrolls it sideways.
_TOO_WIDE = """(limit) => {
    const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
    const inScroller = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        if (scrolls(p) && p.getBoundingClientRect().right <= limit + 0.5) return true; } return false; };
    const culprits = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > limit + 0.5 && !inScroller(e))
        .slice(0, 4)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + (e.className ? '.' + e.className : ''));
    return {width: document.documentElement.scrollWidth, culprits};
}"""


@pytest.mark.parametrize(
    "viewport, only",
    [(TABLET, None), (PHONE, staff_pages.PHONE_PAGES)],
    ids=["tablet-768", "phone-360"],
)
def test_no_staff_page_is_wider_than_the_screen(browser, staff_world, capsys, viewport, only):
    base_url, targets, cookies = staff_world
    targets = [t for t in targets if only is None or t.name in only]
    too_wide: list[str] = []
    options = {"viewport": viewport}
    if viewport is PHONE:
        options.update(is_mobile=True, has_touch=True)
    with _browsing(browser, cookies, **options) as tabs:
        for target in targets:
            page, errors = tabs[target.role]
            assert _reach(page, base_url, target) == _expected_status(target), str(target)
            measured = page.evaluate(_TOO_WIDE, viewport["width"])
            if measured["width"] > viewport["width"] or measured["culprits"]:
                too_wide.append(f"{target}: {measured['width']}px ({', '.join(measured['culprits'])})")
            assert errors == [], str(target)
    with capsys.disabled():
        print(f"\n{viewport['width']} px: {len(targets)} staff pages measured, {len(too_wide)} too wide")
        print("\n".join(too_wide))
    assert too_wide == []
