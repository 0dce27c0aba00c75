"""WCAG 2.1 AA on every public page, the scanner and the reports, in Vietnamese and English (axe-core in
Chromium, through axe-playwright-python), and no page wider than a 360 px phone screen. The staff pages,
each opened by its role, are walked by test_staff_accessibility.

The pages come from `public_pages`: every named URL pattern of the site is visited on demo data or set
aside there with its reason, and `test_every_page_pattern_is_visited_or_set_aside` keeps it that way.
"""

import contextlib

import pytest

from . import public_pages, staff_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The rules of WCAG 2.0 and 2.1 at levels A and AA, and axe's best practices (landmarks, one main, one h1,
# headings in order), which the statement also promises.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Only violations come back (the passes of 80-odd rules on 80-odd pages would be most of the run's time).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
PHONE = {"width": 360, "height": 740}


def test_every_page_pattern_is_visited_or_set_aside():
    names = public_pages.resolver_page_names()
    handled = set(public_pages.PAGES) | set(public_pages.SIGNED_IN_PAGES) | set(public_pages.NOT_PAGES)
    # The staff pages behind the sign-in (test_staff_accessibility), as the resolver lists them here.
    handled |= set(staff_pages.STAFF_PAGES) | set(staff_pages.NOT_STAFF_PAGES)

    assert sorted(names - handled) == []
    assert sorted(handled - names) == []


@pytest.fixture
def demo_pages(live_server, transactional_db):
    public_pages.seed_demo()
    return public_pages.pages(), public_pages.signed_in_cookie(live_server.url)


def _reach(page, base_url: str, target: public_pages.Page) -> int:
    """Opens the page and takes its steps; the HTTP status of the page shown."""
    response = page.goto(base_url + target.path)
    status = response.status
    if target.action == "submit-empty":
        with page.expect_navigation() as navigation:
            page.locator("form.form button[type=submit]").click()
        status = navigation.value.status
    elif target.action == "lock-out":
        from django.conf import settings

        for attempt in range(settings.AXES_FAILURE_LIMIT):
            page.fill("#id_username", f"khach-{target.language}")
            page.fill("#id_password", f"sai-{attempt}")
            with page.expect_navigation() as navigation:
                page.locator("input[type=submit], button[type=submit]").first.click()
            status = navigation.value.status
    # What a reader can open is checked open too: every <details> (the calendar box, the trainee's feed).
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return status


def _expected_status(target: public_pages.Page) -> int:
    return {"404": 404, "certificate_unknown": 404, "lockout": 429, "register_errors": 200}.get(
        target.name, 200
    )


@contextlib.contextmanager
def _browsing(browser, cookie, **options):
    """Two browser contexts, one anonymous and one signed in, each kept for the whole walk (so static
    files come from the browser's cache): signed_in -> (page, errors)."""
    from .conftest import _open_page

    opened = {signed_in: _open_page(browser, **options) for signed_in in (False, True)}
    opened[True][0].add_cookies([cookie])
    try:
        yield {signed_in: (page, errors) for signed_in, (_context, page, errors) in opened.items()}
    finally:
        for context, _page, _errors in opened.values():
            context.close()


def test_every_public_page_passes_axe_core_in_both_languages(live_server, browser, demo_pages, capsys):
    from axe_playwright_python.sync_playwright import Axe

    targets, cookie = demo_pages
    axe = Axe()
    problems: list[str] = []
    rules: set[str] = set()
    with _browsing(browser, cookie, viewport={"width": 1366, "height": 768}) as tabs:
        for target in targets:
            page, errors = tabs[target.signed_in]
            status = _reach(page, live_server.url, target)
            assert status == _expected_status(target), str(target)
            assert page.evaluate("document.documentElement.lang") == target.language, str(target)
            results = axe.run(page, options=AXE_OPTIONS).response
            # The rules axe ran on this page: every enabled rule carrying one of the tags.
            rules.update(page.evaluate("(tags) => axe.getRules(tags).map(rule => rule.ruleId)", AXE_TAGS))
            for violation in results["violations"]:
                nodes = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
                problems.append(
                    f"{target}: {violation['id']} ({violation['impact']}): {violation['help']} -> {nodes}"
                )
            assert errors == [], str(target)
    with capsys.disabled():
        print(
            f"\naxe-core: {len(targets)} pages checked against {len(rules)} rules, {len(problems)} violations"
        )
        print("\n".join(problems))
    assert problems == []


def test_no_public_page_is_wider_than_a_360px_phone(live_server, browser, demo_pages, capsys):
    targets, cookie = demo_pages
    too_wide: list[str] = []
    with _browsing(browser, cookie, viewport=PHONE, is_mobile=True, has_touch=True) as tabs:
        for target in targets:
            page, errors = tabs[target.signed_in]
            assert _reach(page, live_server.url, target) == _expected_status(target), str(target)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                culprits = page.evaluate(
                    """(limit) => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > limit + 0.5)
                        .slice(0, 4)
                        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
                    PHONE["width"],
                )
                too_wide.append(f"{target}: {width}px ({', '.join(culprits)})")
            assert errors == [], str(target)
    with capsys.disabled():
        print(f"\n360 px: {len(targets)} pages measured, {len(too_wide)} wider than the screen")
        print("\n".join(too_wide))
    assert too_wide == []


def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_the_content(live_server, page):
    page.goto(live_server.url + "/en/")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    assert skip.evaluate("e => e.getBoundingClientRect().top >= 0") is True  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null") is True


def test_calendar_box_opens_and_closes_from_the_keyboard_and_says_so(live_server, page):
    # The chevron turns with a short transition; the computed transform read during it is the value
    # of that moment. With reduced motion (which the style honours) it is the end value at once.
    page.emulate_media(reduced_motion="reduce")
    page.goto(live_server.url + "/en/")
    summary = page.locator("details.calendar-box > summary")
    angle = "getComputedStyle(e, '::before').transform"

    summary.focus()
    closed = summary.evaluate(f"e => {angle}")
    page.keyboard.press("Enter")
    opened = summary.evaluate(f"e => {angle}")
    assert page.locator("details.calendar-box").evaluate("e => e.open") is True
    page.keyboard.press("Enter")

    assert page.locator("details.calendar-box").evaluate("e => e.open") is False
    assert closed != opened  # the chevron turns
    assert summary.evaluate(f"e => {angle}") == closed  # and turns back


def test_calendar_box_chevron_settles_open_with_motion(live_server, page):
    page.goto(live_server.url + "/en/")
    summary = page.locator("details.calendar-box > summary")
    angle = "getComputedStyle(e, '::before').transform"
    closed = summary.evaluate(f"e => {angle}")
    summary.focus()
    page.keyboard.press("Enter")
    # The transition ends on a transform other than the closed one (waits, never a fixed sleep).
    page.wait_for_function(
        "closed => getComputedStyle(document.querySelector('details.calendar-box > summary'),"
        " '::before').transform !== closed && document.getAnimations().length === 0",
        arg=closed,
    )
