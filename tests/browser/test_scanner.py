"""Door staff check people in on the scanner page in Chromium: a fake camera shows a real ticket's QR
(green, then "already checked in"), the manual search checks in a second person, a handheld scanner
types a code and Enter, and a scan made offline is queued and synced when the network returns. Also:
stopping the camera or tapping its button twice never checks anyone in by surprise or leaves it on."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractBaseUser, Group
from django.utils import timezone, translation
from PIL import Image

from checkin.api import MESSAGES
from checkin.enums import CheckInSource, ScanResult
from checkin.models import CheckIn, DoorStaffAssignment
from checkin.rendering import qr_image
from checkin.services import ticket_get_or_issue
from events.models import Event, Registration, Session
from events.roles import DOOR_STAFF
from tests.browser.conftest import CHROMIUM_ARGS, TIMEOUT_MS
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium's fake camera: grant access without asking and play a file instead of a device.
FAKE_CAMERA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
FRAME_SIZE = (640, 480)
STAFF_PASSWORD = "correct horse battery staple"


@dataclass
class Door:
    event: Event
    session: Session
    staff: AbstractBaseUser
    huong: Registration
    tam: Registration
    khoa: Registration

    def path(self) -> str:
        return f"/checkin/?session={self.session.pk}"


def _vi(message) -> str:
    with translation.override("vi"):
        return str(translation.gettext(str(message)))


def _scan_message(result: str) -> str:
    with translation.override("vi"):
        return str(MESSAGES[result])


@pytest.fixture
def door(db) -> Door:
    """A published event whose session started 30 minutes ago, three confirmed people with tickets,
    and a door-staff user assigned to the event (not a superuser, no event-wide scan permission)."""
    now = timezone.now()
    event = EventFactory(
        title_vi="Ngày hội khởi nghiệp đổi mới sáng tạo",
        session__starts_at=now - datetime.timedelta(minutes=30),
        session__ends_at=now + datetime.timedelta(hours=3),
    )
    people = [
        RegistrationFactory(
            event=event,
            full_name=name,
            organization_name=organisation,
            position=position,
            email=email,
        )
        for name, organisation, position, email in [
            ("Nguyễn Thị Hương", "Trung tâm Khởi nghiệp Sáng tạo TP.HCM", "Chuyên viên", "huong@example.vn"),
            ("Lê Văn Tâm", "Công ty Cổ phần Nông nghiệp Xanh", "Giám đốc", "tam@example.vn"),
            ("Trần Minh Khoa", "Trường Đại học Bách khoa", "Giảng viên", "khoa@example.vn"),
        ]
    ]
    for registration in people:
        assert ticket_get_or_issue(registration=registration) is not None
    # Door staff as the project makes them: staff accounts in the door-staff group, assigned per event.
    staff = UserFactory(username="cua-a", password=STAFF_PASSWORD, is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name=DOOR_STAFF)[0])
    DoorStaffAssignment.objects.create(event=event, user=staff, gate="Cổng A")
    return Door(event, event.sessions.get(), staff, *people)


def _code(registration: Registration) -> str:
    return ticket_get_or_issue(registration=registration).code


def _write_y4m(path, image: Image.Image, *, frames: int = 30, fps: int = 10) -> None:
    """A YUV4MPEG2 video (4:2:0 planar) showing `image` still: what Chromium's fake camera plays."""
    width, height = image.size
    y, cb, cr = image.convert("YCbCr").split()
    half = (width // 2, height // 2)
    frame = (
        b"FRAME\n" + y.tobytes() + cb.resize(half, Image.BOX).tobytes() + cr.resize(half, Image.BOX).tobytes()
    )
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            video.write(frame)


@pytest.fixture
def ticket_video(tmp_path, door):
    """The first person's real ticket QR, centred on a white camera frame."""
    qr = qr_image(_code(door.huong), box_size=8).convert("RGB")
    frame = Image.new("RGB", FRAME_SIZE, "white")
    frame.paste(qr, ((FRAME_SIZE[0] - qr.width) // 2, (FRAME_SIZE[1] - qr.height) // 2))
    path = tmp_path / "ticket.y4m"
    _write_y4m(path, frame)
    return path


@pytest.fixture
def camera_browser(playwright, require_chromium, ticket_video):
    browser = playwright.chromium.launch(
        executable_path=str(require_chromium),
        headless=True,
        args=[*CHROMIUM_ARGS, *FAKE_CAMERA_ARGS, f"--use-file-for-fake-video-capture={ticket_video}"],
    )
    yield browser
    browser.close()


def _staff_page(browser):
    """A phone-sized page, and the list where 5xx answers and uncaught script errors are collected."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, bypass_csp=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    return context, page, errors


@pytest.fixture
def camera_page(camera_browser):
    context, page, errors = _staff_page(camera_browser)
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def scanner_page(browser):
    context, page, errors = _staff_page(browser)
    yield page
    context.close()
    assert errors == []


def _log_in_to_scanner(page, live_server, door: Door) -> None:
    """Open the door's scanner page: the login page comes first, then the scanner."""
    from playwright.sync_api import expect

    scanner_url = live_server.url + door.path()
    page.goto(scanner_url)
    expect(page).to_have_url(re.compile(r"/admin/login/\?next="))
    page.locator("#id_username").fill(door.staff.username)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(scanner_url)
    # The page has loaded its counts and the offline package (names to show without the network).
    expect(page.locator("#count-expected")).to_have_text("3")
    page.wait_for_function(f"localStorage.getItem('checkin-offline-{door.event.slug}') !== null")


def _expect_answer(page, *, result: str, colour: str, name: str, title: str | None = None) -> None:
    from playwright.sync_api import expect

    answer = page.locator("#answer")
    expect(answer).to_have_attribute("data-result", result)
    expect(answer).to_have_class(f"answer answer--{colour}")
    expect(page.locator("#answer-name")).to_have_text(name)
    expect(page.locator("#answer-title")).to_have_text(title or _scan_message(result))


def _counting(door: Door) -> dict[str, int]:
    """Counting check-ins at the door's session per person."""
    rows = CheckIn.objects.successful().filter(session=door.session)
    return {r.full_name: rows.filter(registration=r).count() for r in (door.huong, door.tam, door.khoa)}


def test_scanner_camera_search_and_handheld_check_people_in(live_server, camera_page, door):
    from playwright.sync_api import expect

    page = camera_page
    _log_in_to_scanner(page, live_server, door)
    expect(page.locator("#count-in")).to_have_text("0")

    # Camera: the fake device plays the first person's ticket over and over.
    camera_toggle = page.locator("#camera-toggle")
    expect(camera_toggle).to_have_text(_vi("Scan with camera"))
    camera_toggle.click()
    expect(camera_toggle).to_have_text(_vi("Stop camera"))
    _expect_answer(page, result=ScanResult.OK, colour="green", name="Nguyễn Thị Hương")
    expect(page.locator("#answer-detail")).to_have_text("Trung tâm Khởi nghiệp Sáng tạo TP.HCM · Chuyên viên")
    expect(page.locator("#count-in")).to_have_text("1")
    # The same person still in front of the camera: the first answer stays, nothing is sent again.
    page.wait_for_timeout(4000)
    _expect_answer(page, result=ScanResult.OK, colour="green", name="Nguyễn Thị Hương")
    camera_toggle.click()
    expect(camera_toggle).to_have_text(_vi("Scan with camera"))
    expect(page.locator("#camera")).to_be_hidden()

    first = CheckIn.objects.successful().get(registration=door.huong)
    assert (first.session, first.source, first.user, first.offline) == (
        door.session,
        CheckInSource.SCAN,
        door.staff,
        False,
    )
    assert CheckIn.objects.filter(registration=door.huong).count() == 1

    # Manual search: the second person's code would not scan, so staff find them by name.
    page.locator("#search-input").fill("Tâm")
    results = page.locator("#search-results li")
    expect(results).to_have_count(1)
    expect(results.locator("strong")).to_have_text("Lê Văn Tâm")
    results.get_by_role("button", name=_vi("Check in"), exact=True).click()
    _expect_answer(page, result=ScanResult.OK, colour="green", name="Lê Văn Tâm")
    expect(results.get_by_role("button")).to_have_text(_vi("Checked in"))
    expect(results.get_by_role("button")).to_be_disabled()
    expect(page.locator("#count-in")).to_have_text("2")
    assert CheckIn.objects.successful().get(registration=door.tam).source == CheckInSource.SEARCH

    # Handheld scanner: it types the code and presses Enter, the first person again.
    code_input = page.locator("#code-input")
    code_input.press_sequentially(_code(door.huong))
    code_input.press("Enter")
    _expect_answer(page, result=ScanResult.ALREADY_CHECKED_IN, colour="amber", name="Nguyễn Thị Hương")
    expect(code_input).to_have_value("")
    expect(code_input).to_be_focused()

    assert _counting(door) == {"Nguyễn Thị Hương": 1, "Lê Văn Tâm": 1, "Trần Minh Khoa": 0}


def test_scanner_queues_a_scan_made_offline_and_syncs_it_when_back_online(live_server, scanner_page, door):
    from playwright.sync_api import expect

    page = scanner_page
    _log_in_to_scanner(page, live_server, door)

    page.context.set_offline(True)
    expect(page.locator("#network")).to_have_text(_vi("Offline — scans are kept and sent later"))
    code_input = page.locator("#code-input")
    code_input.fill(_code(door.khoa))
    code_input.press("Enter")
    _expect_answer(page, result=ScanResult.OK, colour="green", name="Trần Minh Khoa")
    expect(page.locator("#answer-detail")).to_have_text(
        "Trường Đại học Bách khoa · Giảng viên · " + _vi("Will be confirmed when the network returns.")
    )
    queue = page.locator("#queue")
    with translation.override("vi"):
        expect(queue).to_have_text(translation.gettext("%(n)s scan(s) waiting to be sent") % {"n": 1})
    assert not CheckIn.objects.filter(registration=door.khoa).exists()

    page.context.set_offline(False)
    expect(queue).to_be_hidden()
    expect(page.locator("#network")).to_have_text(_vi("Online"))
    synced = CheckIn.objects.get(registration=door.khoa)
    assert (synced.result, synced.offline, synced.user, synced.session, synced.gate) == (
        ScanResult.OK,
        True,
        door.staff,
        door.session,
        "Cổng A",
    )
    assert synced.scanned_at <= synced.uploaded_at
    expect(page.locator("#count-in")).to_have_text("1")
    assert _counting(door) == {"Nguyễn Thị Hương": 0, "Lê Văn Tâm": 0, "Trần Minh Khoa": 1}


def test_scanner_ignores_a_frame_decoded_after_the_camera_was_stopped(live_server, camera_page, door):
    """Staff stop the camera while a frame is still being decoded (on the server, as when the page's own
    decoder failed to load): the late answer checks nobody in."""
    from playwright.sync_api import expect

    page = camera_page
    # The page's own decoder did not load: the server decodes the frames (the last resort, online).
    page.route("**/vendor/jsqr/*", lambda route: route.abort())
    held = []
    page.route("**/api/v1/checkin/decode/", lambda route: held.append(route))
    scans = []
    page.on(
        "request", lambda r: scans.append(r.post_data_json["code"]) if "/checkin/scan/" in r.url else None
    )
    _log_in_to_scanner(page, live_server, door)

    camera_toggle = page.locator("#camera-toggle")
    with page.expect_request("**/api/v1/checkin/decode/"):
        camera_toggle.click()
    camera_toggle.click()
    expect(camera_toggle).to_have_text(_vi("Scan with camera"))
    assert len(held) == 1
    # The frame held the first person's ticket; its answer arrives after the camera was stopped.
    held[0].fulfill(json={"code": _code(door.huong)})

    # The next deliberate scan (a handheld scanner) is the only one sent.
    code_input = page.locator("#code-input")
    code_input.press_sequentially(_code(door.tam))
    code_input.press("Enter")
    _expect_answer(page, result=ScanResult.OK, colour="green", name="Lê Văn Tâm")
    assert scans == [_code(door.tam)]
    assert len(held) == 1
    assert _counting(door) == {"Nguyễn Thị Hương": 0, "Lê Văn Tâm": 1, "Trần Minh Khoa": 0}
    assert not CheckIn.objects.filter(registration=door.huong).exists()


def test_scanner_double_tap_on_camera_button_leaves_no_camera_running(live_server, camera_page, door):
    """A double tap on "Scan with camera" must not open the camera twice and keep one open after
    "Stop camera" (the phone's camera light would stay on)."""
    from playwright.sync_api import expect

    page = camera_page
    # Keep every stream the page opens, to see afterwards that each was stopped; and open the camera
    # as slowly as a phone does, so that the second tap lands while the first is still opening it.
    page.add_init_script(
        """
        window.openedStreams = [];
        const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = (constraints) =>
          new Promise((resolve) => setTimeout(resolve, 300))
            .then(() => open(constraints))
            .then((stream) => { window.openedStreams.push(stream); return stream; });
        """
    )
    _log_in_to_scanner(page, live_server, door)

    camera_toggle = page.locator("#camera-toggle")
    camera_toggle.dblclick()
    _expect_answer(page, result=ScanResult.OK, colour="green", name="Nguyễn Thị Hương")
    expect(camera_toggle).to_have_text(_vi("Stop camera"))
    camera_toggle.click()
    expect(camera_toggle).to_have_text(_vi("Scan with camera"))
    live = "window.openedStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length"
    assert page.evaluate("window.openedStreams.length") == 1
    assert page.evaluate(live) == 0


def _forged(code: str) -> str:
    """The code with one character of its signature changed: the same ticket id, a signature that fails."""
    index = 60
    return code[:index] + ("A" if code[index] != "A" else "B") + code[index + 1 :]


def test_scanner_reloads_and_decides_offline_as_the_server_does(live_server, scanner_page, door):
    """Loaded online once, the page reloads with no network (service worker), verifies signatures in the
    browser and answers valid, repeated, revoked, forged codes and a printed reference as the server
    then does when the queued scans are synced, gate included."""
    from playwright.sync_api import expect

    from checkin.services import ticket_reissue

    revoked_code = _code(door.tam)
    ticket_reissue(registration=door.tam)
    # A registration of this event deleted with its ticket: its code is still genuinely signed, and the
    # package lists its ticket id as revoked, as the server answers it.
    gone = RegistrationFactory(event=door.event, full_name="Phạm Văn Xoá")
    deleted_code = _code(gone)
    gone.delete()
    page = scanner_page
    _log_in_to_scanner(page, live_server, door)
    expect(page.locator("#scanner")).to_have_attribute("data-offline-ready", "true")

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("#network")).to_have_text(_vi("Offline — scans are kept and sent later"))
    expect(page.locator("#package-age")).to_contain_text(
        re.compile(r"\(\d+ phút trước\)")
    )  # the page is in Vietnamese
    expect(page.locator("#crypto-warning")).to_be_hidden()

    code_input = page.locator("#code-input")
    typed = [
        (_code(door.khoa), ScanResult.OK, "Trần Minh Khoa"),
        (_code(door.khoa), ScanResult.ALREADY_CHECKED_IN, "Trần Minh Khoa"),
        (revoked_code, ScanResult.REVOKED, ""),
        (deleted_code, ScanResult.REVOKED, ""),
        (_forged(_code(door.huong)), ScanResult.INVALID, ""),
        (door.huong.reference, ScanResult.OK, "Nguyễn Thị Hương"),
    ]
    shown = []
    for text, result, name in typed:
        code_input.fill(text)
        code_input.press("Enter")
        colour = {"ok": "green", "already_checked_in": "amber"}.get(result, "red")
        _expect_answer(page, result=result, colour=colour, name=name)
        shown.append(page.locator("#answer").get_attribute("data-result"))
    with translation.override("vi"):
        expect(page.locator("#queue")).to_have_text(
            translation.gettext("%(n)s scan(s) waiting to be sent") % {"n": 6}
        )
    assert not CheckIn.objects.exists()

    with page.expect_response("**/api/v1/checkin/sync/") as sync:
        page.context.set_offline(False)
    assert [answer["result"] for answer in sync.value.json()["results"]] == shown
    expect(page.locator("#queue")).to_be_hidden()
    rows = list(CheckIn.objects.order_by("scanned_at", "pk"))
    assert [(r.result, r.registration_id, r.gate, r.offline) for r in rows] == [
        (ScanResult.OK, door.khoa.pk, "Cổng A", True),
        (ScanResult.ALREADY_CHECKED_IN, door.khoa.pk, "Cổng A", True),
        (ScanResult.REVOKED, door.tam.pk, "Cổng A", True),
        (ScanResult.REVOKED, None, "Cổng A", True),
        (ScanResult.INVALID, None, "Cổng A", True),
        (ScanResult.OK, door.huong.pk, "Cổng A", True),
    ]
    assert _counting(door) == {"Nguyễn Thị Hương": 1, "Lê Văn Tâm": 0, "Trần Minh Khoa": 1}


def test_scanner_search_shows_why_a_cancelled_registration_cannot_be_checked_in(
    live_server, scanner_page, door
):
    from playwright.sync_api import expect

    from events.enums import RegistrationStatus

    page = scanner_page
    _log_in_to_scanner(page, live_server, door)
    Registration.objects.filter(pk=door.tam.pk).update(status=RegistrationStatus.CANCELLED)

    page.locator("#search-input").fill("le van tam")
    results = page.locator("#search-results li")
    expect(results).to_have_count(1)
    expect(results.locator("strong")).to_have_text("Lê Văn Tâm")
    with translation.override("vi"):
        reason = translation.gettext("Cannot be checked in: %(reason)s") % {
            "reason": _scan_message(ScanResult.CANCELLED)
        }
    expect(results.locator(".why")).to_have_text(reason)
    expect(results.get_by_role("button")).to_have_count(0)


def test_scanner_manual_field_takes_the_printed_reference_online(live_server, scanner_page, door):
    page = scanner_page
    _log_in_to_scanner(page, live_server, door)

    code_input = page.locator("#code-input")
    code_input.fill(door.khoa.reference.lower())
    code_input.press("Enter")

    _expect_answer(page, result=ScanResult.OK, colour="green", name="Trần Minh Khoa")
    assert CheckIn.objects.successful().get(registration=door.khoa).gate == "Cổng A"


# Chromium on a phone decodes QR codes itself (BarcodeDetector); desktop Linux Chromium has none, and
# without the network the page cannot ask the server to decode a frame. So the phone's detector is
# played here: it reads the camera's frames and returns the code the test holds in front of the camera.
PHONE_DETECTOR = """
window.cameraShows = null;
window.detectedFrames = 0;
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(["qr_code"]); }
  detect(video) {
    if (!video.videoWidth) { return Promise.resolve([]); }
    window.detectedFrames += 1;
    return Promise.resolve(window.cameraShows ? [{ rawValue: window.cameraShows, format: "qr_code" }] : []);
  }
};
"""


def test_scanner_offline_camera_and_typing_answer_as_the_server_does(live_server, camera_page, door):
    """Offline, codes shown to the camera and typed get the server's answers: valid, the same person
    still in front of the camera (the first answer stays, no second scan), again later (already checked
    in), revoked, forged, and a genuine ticket of another event (wrong_event). Back online, the synced
    answers and the records match, gate included."""
    from playwright.sync_api import expect

    from checkin.services import ticket_reissue

    elsewhere = RegistrationFactory(event=EventFactory(), full_name="Phạm Thu Trang")
    other_event_code = _code(elsewhere)
    revoked_code = _code(door.tam)
    ticket_reissue(registration=door.tam)
    page = camera_page
    page.add_init_script(PHONE_DETECTOR)
    _log_in_to_scanner(page, live_server, door)
    expect(page.locator("#scanner")).to_have_attribute("data-offline-ready", "true")

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("#network")).to_have_text(_vi("Offline — scans are kept and sent later"))
    camera_toggle = page.locator("#camera-toggle")
    camera_toggle.click()
    expect(camera_toggle).to_have_text(_vi("Stop camera"))
    shown = []

    def show_camera(code, result, name):
        page.evaluate("(code) => { window.cameraShows = code; }", code)
        colour = {"ok": "green", "already_checked_in": "amber"}.get(result, "red")
        _expect_answer(page, result=result, colour=colour, name=name)
        shown.append(result)

    show_camera(_code(door.huong), ScanResult.OK, "Nguyễn Thị Hương")
    # Still in front of the camera for another second and a half: the first answer stays, no second scan.
    frames = page.evaluate("window.detectedFrames")
    page.wait_for_timeout(1500)
    assert page.evaluate("window.detectedFrames") > frames + 3
    _expect_answer(page, result=ScanResult.OK, colour="green", name="Nguyễn Thị Hương")
    assert len(page.evaluate("JSON.parse(localStorage.getItem('checkin-queue'))")) == 1
    show_camera(_code(door.khoa), ScanResult.OK, "Trần Minh Khoa")
    show_camera(_code(door.huong), ScanResult.ALREADY_CHECKED_IN, "Nguyễn Thị Hương")
    show_camera(revoked_code, ScanResult.REVOKED, "")
    show_camera(_forged(_code(door.khoa)), ScanResult.INVALID, "")
    show_camera(other_event_code, ScanResult.WRONG_EVENT, "")
    page.evaluate("window.cameraShows = null")
    camera_toggle.click()
    expect(camera_toggle).to_have_text(_vi("Scan with camera"))

    code_input = page.locator("#code-input")
    for text, result, name in [
        (other_event_code, ScanResult.WRONG_EVENT, ""),
        (_code(door.khoa), ScanResult.ALREADY_CHECKED_IN, "Trần Minh Khoa"),
    ]:
        code_input.fill(text)
        code_input.press("Enter")
        colour = {"ok": "green", "already_checked_in": "amber"}.get(result, "red")
        _expect_answer(page, result=result, colour=colour, name=name)
        shown.append(result)
    with translation.override("vi"):
        expect(page.locator("#queue")).to_have_text(
            translation.gettext("%(n)s scan(s) waiting to be sent") % {"n": 8}
        )
    assert not CheckIn.objects.exists()

    with page.expect_response("**/api/v1/checkin/sync/") as sync:
        page.context.set_offline(False)
    assert [answer["result"] for answer in sync.value.json()["results"]] == shown
    expect(page.locator("#queue")).to_be_hidden()
    rows = list(CheckIn.objects.order_by("scanned_at", "pk"))
    assert [(r.result, r.registration_id, r.gate, r.offline) for r in rows] == [
        (ScanResult.OK, door.huong.pk, "Cổng A", True),
        (ScanResult.OK, door.khoa.pk, "Cổng A", True),
        (ScanResult.ALREADY_CHECKED_IN, door.huong.pk, "Cổng A", True),
        (ScanResult.REVOKED, door.tam.pk, "Cổng A", True),
        (ScanResult.INVALID, None, "Cổng A", True),
        (ScanResult.WRONG_EVENT, elsewhere.pk, "Cổng A", True),
        (ScanResult.WRONG_EVENT, elsewhere.pk, "Cổng A", True),
        (ScanResult.ALREADY_CHECKED_IN, door.khoa.pk, "Cổng A", True),
    ]
    assert _counting(door) == {"Nguyễn Thị Hương": 1, "Lê Văn Tâm": 0, "Trần Minh Khoa": 1}


def _write_y4m_sequence(path, scenes: list[tuple[Image.Image, int]], *, fps: int) -> None:
    """A YUV4MPEG2 video (4:2:0 planar) of still scenes, each shown for its number of frames."""
    width, height = scenes[0][0].size
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        half = (width // 2, height // 2)
        for image, count in scenes:
            y, cb, cr = image.convert("YCbCr").split()
            frame = (
                b"FRAME\n"
                + y.tobytes()
                + cb.resize(half, Image.BOX).tobytes()
                + cr.resize(half, Image.BOX).tobytes()
            )
            for _ in range(count):
                video.write(frame)


# Records every answer the page shows (result and name), whatever decoded the code.
ANSWER_LOG = """
window.shownAnswers = [];
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("answer");
  if (!box) { return; }
  new MutationObserver(() => {
    window.shownAnswers.push([box.dataset.result, document.getElementById("answer-name").textContent]);
  }).observe(box, { attributes: true, attributeFilter: ["data-result"] });
});
"""


def test_scanner_camera_decodes_real_tickets_offline_without_barcode_detector(
    live_server, playwright, require_chromium, require_qr_decoder, door, tmp_path
):
    """Desktop Chromium on Linux has no BarcodeDetector: the page decodes the camera's frames itself
    (jsQR, kept by the service worker). Loaded once online, then offline and reloaded, the fake camera
    plays real ticket QR codes one after another (valid, a second person, revoked, forged, another
    event's): the answers are the server's, as the sync then shows, gate included."""
    from playwright.sync_api import expect

    from checkin.services import ticket_reissue

    elsewhere = RegistrationFactory(event=EventFactory(), full_name="Phạm Thu Trang")
    revoked_code = _code(door.tam)
    ticket_reissue(registration=door.tam)
    shown_to_camera = [
        (_code(door.huong), ScanResult.OK, "Nguyễn Thị Hương"),
        (_code(door.khoa), ScanResult.OK, "Trần Minh Khoa"),
        (revoked_code, ScanResult.REVOKED, ""),
        (_forged(_code(door.huong)), ScanResult.INVALID, ""),
        (_code(elsewhere), ScanResult.WRONG_EVENT, ""),
    ]
    size, fps = (320, 240), 5
    blank = Image.new("RGB", size, "white")
    scenes = [(blank, fps)]  # a second of nothing while the camera starts
    for code, _result, _name in shown_to_camera:
        qr = qr_image(code, box_size=5).convert("RGB")
        frame = blank.copy()
        frame.paste(qr, ((size[0] - qr.width) // 2, (size[1] - qr.height) // 2))
        scenes += [(frame, 2 * fps), (blank, fps // 2)]  # each ticket two seconds in view
    scenes.append((blank, 30 * fps))  # then nothing for long enough that the video does not loop in the test
    video = tmp_path / "tickets.y4m"
    _write_y4m_sequence(video, scenes, fps=fps)

    browser = playwright.chromium.launch(
        executable_path=str(require_chromium),
        headless=True,
        args=[*CHROMIUM_ARGS, *FAKE_CAMERA_ARGS, f"--use-file-for-fake-video-capture={video}"],
    )
    try:
        context, page, errors = _staff_page(browser)
        page.add_init_script(ANSWER_LOG)
        _log_in_to_scanner(page, live_server, door)
        assert page.evaluate("'BarcodeDetector' in window") is False
        expect(page.locator("#scanner")).to_have_attribute("data-offline-ready", "true")

        page.context.set_offline(True)
        page.reload()
        expect(page.locator("#network")).to_have_text(_vi("Offline — scans are kept and sent later"))
        assert page.evaluate("typeof window.jsQR") == "function"  # from the service worker's cache
        decode_requests = []
        page.on("request", lambda r: decode_requests.append(r.url) if "/checkin/decode/" in r.url else None)
        camera_toggle = page.locator("#camera-toggle")
        camera_toggle.click()
        expect(camera_toggle).to_have_text(_vi("Stop camera"))
        page.wait_for_function(
            "JSON.parse(localStorage.getItem('checkin-queue') || '[]').length >= 5", timeout=60_000
        )
        camera_toggle.click()
        expect(camera_toggle).to_have_text(_vi("Scan with camera"))

        expected = [(result, name) for _code_, result, name in shown_to_camera]
        assert [tuple(answer) for answer in page.evaluate("window.shownAnswers")] == expected
        queued = page.evaluate("JSON.parse(localStorage.getItem('checkin-queue'))")
        assert [item["code"] for item in queued] == [code for code, _result, _name in shown_to_camera]
        assert decode_requests == []
        assert not CheckIn.objects.exists()

        with page.expect_response("**/api/v1/checkin/sync/") as sync:
            page.context.set_offline(False)
        assert [answer["result"] for answer in sync.value.json()["results"]] == [r for r, _name in expected]
        expect(page.locator("#queue")).to_be_hidden()
        rows = list(CheckIn.objects.order_by("scanned_at", "pk"))
        assert [(r.result, r.registration_id, r.gate, r.offline) for r in rows] == [
            (ScanResult.OK, door.huong.pk, "Cổng A", True),
            (ScanResult.OK, door.khoa.pk, "Cổng A", True),
            (ScanResult.REVOKED, door.tam.pk, "Cổng A", True),
            (ScanResult.INVALID, None, "Cổng A", True),
            (ScanResult.WRONG_EVENT, elsewhere.pk, "Cổng A", True),
        ]
        assert _counting(door) == {"Nguyễn Thị Hương": 1, "Lê Văn Tâm": 0, "Trần Minh Khoa": 1}
        context.close()
        assert errors == []
    finally:
        browser.close()


def test_scanner_refreshes_its_package_when_a_code_has_an_unknown_key_online(live_server, scanner_page, door):
    """An event created after the package was loaded signs its first ticket with a key the package lacks:
    scanned online, the page fetches the package again at once, so that offline the same code is still told
    apart from a forgery (wrong_event, as the server answers)."""
    from playwright.sync_api import expect

    from checkin.models import EventKey

    page = scanner_page
    _log_in_to_scanner(page, live_server, door)
    newcomer = RegistrationFactory(event=EventFactory(), full_name="Võ Thị Mai")
    code = _code(newcomer)
    key_id = EventKey.objects.get(event=newcomer.event).key_id
    package = f"JSON.parse(localStorage.getItem('checkin-offline-{door.event.slug}'))"
    assert key_id not in page.evaluate(f"{package}.other_keys.map((k) => k.key_id)")

    code_input = page.locator("#code-input")
    with page.expect_response(f"**/api/v1/checkin/events/{door.event.slug}/offline/"):
        code_input.fill(code)
        code_input.press("Enter")
    _expect_answer(page, result=ScanResult.WRONG_EVENT, colour="red", name="")
    page.wait_for_function(f"{package}.other_keys.some((k) => k.key_id === {key_id})")

    page.context.set_offline(True)
    code_input.fill(code)
    code_input.press("Enter")
    expect(page.locator("#queue")).to_be_visible()
    _expect_answer(page, result=ScanResult.WRONG_EVENT, colour="red", name="")
    with page.expect_response("**/api/v1/checkin/sync/") as sync:
        page.context.set_offline(False)
    assert [answer["result"] for answer in sync.value.json()["results"]] == [ScanResult.WRONG_EVENT]
    assert list(CheckIn.objects.order_by("pk").values_list("result", "registration", "offline")) == [
        (ScanResult.WRONG_EVENT, newcomer.pk, False),
        (ScanResult.WRONG_EVENT, newcomer.pk, True),
    ]


# A browser whose Web Crypto has no Ed25519 (older Safari and Firefox): importing the key fails.
NO_ED25519 = """
const importKey = crypto.subtle.importKey.bind(crypto.subtle);
crypto.subtle.importKey = (format, data, algorithm, ...rest) =>
  (algorithm && (algorithm.name || algorithm) === "Ed25519")
    ? Promise.reject(new DOMException("Algorithm: Unrecognized name", "NotSupportedError"))
    : importKey(format, data, algorithm, ...rest);
"""


def test_scanner_without_ed25519_says_so_and_trusts_only_its_offline_list(live_server, scanner_page, door):
    """Without Ed25519 the page cannot tell a genuine code from a forgery: it says so, and offline it
    accepts only the tickets of its offline list; anything else is "not in the offline list"."""
    from playwright.sync_api import expect

    page = scanner_page
    page.add_init_script(NO_ED25519)
    _log_in_to_scanner(page, live_server, door)
    warning = page.locator("#crypto-warning")
    expect(warning).to_be_visible()
    with translation.override("vi"):
        expect(warning).to_have_text(
            translation.gettext(
                "This browser cannot check ticket signatures: offline, only tickets in the offline list "
                "are accepted."
            )
        )

    page.context.set_offline(True)
    code_input = page.locator("#code-input")
    code_input.fill(_code(door.khoa))
    code_input.press("Enter")
    _expect_answer(page, result=ScanResult.OK, colour="green", name="Trần Minh Khoa")
    # registered after the page loaded its list: genuine, but nothing here can vouch for it
    latecomer = _code(RegistrationFactory(event=door.event, full_name="Võ Văn Nam"))
    code_input.fill(latecomer)
    code_input.press("Enter")
    _expect_answer(
        page, result=ScanResult.INVALID, colour="red", name="", title=_vi("Not in the offline list")
    )
    with page.expect_response("**/api/v1/checkin/sync/") as sync:
        page.context.set_offline(False)
    # The server vouches for the latecomer: this fallback is stricter offline, never more lenient.
    assert [answer["result"] for answer in sync.value.json()["results"]] == [ScanResult.OK, ScanResult.OK]
