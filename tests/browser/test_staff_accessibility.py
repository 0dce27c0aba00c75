"""WCAG 2.1 AA on every staff page (the project's own, not Django's admin), in Vietnamese and English, each
opened by the role that uses it (axe-core in Chromium, through axe-playwright-python, with the public
walk's rule set), and no staff page wider than a 768 px tablet; the scanner, the door board, the hub and
the staff home not wider than a 360 px phone either. Wide tables scroll inside their own container.

The pages come from `staff_pages`: every pattern behind the sign-in is walked or set aside there with its
reason, and `test_every_staff_route_is_walked_or_set_aside` keeps it that way. The demo data is seeded
once for the three walks (desktop with axe, tablet and phone widths), which one test runs.
"""

import contextlib

import pytest

from . import staff_pages
from .test_accessibility import AXE_OPTIONS, AXE_TAGS, PHONE

pytestmark = [pytest.mark.browser]

TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1366, "height": 768}
# The scanner's search needs two characters; a surname every demo has.
SEARCH = "Nguy"


@pytest.mark.django_db
def test_every_staff_route_is_walked_or_set_aside():
    behind_sign_in = staff_pages.login_required_names()
    handled = set(staff_pages.STAFF_PAGES) | set(staff_pages.NOT_STAFF_PAGES)

    assert sorted(behind_sign_in - handled) == []
    assert sorted(handled - behind_sign_in) == []
    assert set(staff_pages.STAFF_PAGES).isdisjoint(staff_pages.NOT_STAFF_PAGES)


@pytest.fixture
def staff_world(live_server):
    """The demo data, seeded once for the walks of the one test below (a transactional test, flushed
    after it like the public walk): -> (the server's URL, the walk's pages, each role's session cookie)."""
    staff_pages.seed_staff_world()
    cookies = {role: staff_pages.session_cookie(role, live_server.url) for role in staff_pages.ROLE_USERNAMES}
    return live_server.url, staff_pages.pages(), cookies


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


def _axe_walk(browser, base_url, targets, cookies) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

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
    print(f"\naxe-core: {len(targets)} staff pages checked against {rules} rules, {len(problems)} violations")
    print("\n".join(problems))
    return problems


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


def _width_walk(browser, base_url, targets, cookies, viewport, **options) -> list[str]:
    too_wide: list[str] = []
    with _browsing(browser, cookies, viewport=viewport, **options) as tabs:
        for target in targets:
            page, errors = tabs[target.role]
            assert _reach(page, base_url, target) == _expected_status(target), str(target)
            measured = page.evaluate(_TOO_WIDE, viewport["width"])
            if measured["width"] > viewport["width"] or measured["culprits"]:
                too_wide.append(f"{target}: {measured['width']}px ({', '.join(measured['culprits'])})")
            assert errors == [], str(target)
    print(f"\n{viewport['width']} px: {len(targets)} staff pages measured, {len(too_wide)} too wide")
    print("\n".join(too_wide))
    return too_wide


# One test for the three walks, so the demo is seeded once (a transactional test is flushed after it).
@pytest.mark.django_db(transaction=True)
def test_every_staff_page_passes_axe_core_and_fits_the_screen(browser, staff_world, capsys):
    base_url, targets, cookies = staff_world
    phone_targets = [target for target in targets if target.name in staff_pages.PHONE_PAGES]
    with capsys.disabled():
        violations = _axe_walk(browser, base_url, targets, cookies)
        wider_than_a_tablet = _width_walk(browser, base_url, targets, cookies, TABLET)
        wider_than_a_phone = _width_walk(
            browser, base_url, phone_targets, cookies, PHONE, is_mobile=True, has_touch=True
        )

    assert violations == []
    assert wider_than_a_tablet == []
    assert wider_than_a_phone == []
