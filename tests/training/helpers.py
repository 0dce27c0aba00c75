"""Small builders and readers shared by the training tests."""

import datetime
import html
import io
import re

import pypdfium2
import zxingcpp
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from checkin.models import CheckIn
from checkin.services import checkin_scan, ticket_get_or_issue
from events.enums import EventKind
from events.models import Registration, Session
from tests.factories import EventFactory, SessionFactory
from training.enums import CourseTopic
from training.models import Course

HOURS = datetime.timedelta(hours=3)


def vi(message: str) -> str:
    """`message` as the site shows it by default (Vietnamese, where a translation exists)."""
    with translation.override("vi"):
        return gettext(message)


def local(*args) -> datetime.datetime:
    """An aware datetime in Ho Chi Minh City time."""
    return timezone.make_aware(datetime.datetime(*args))


def make_course(
    *,
    starts: list[datetime.datetime],
    capacity: int | None = None,
    title_vi: str = "Tập huấn nghiệp vụ ươm tạo khởi nghiệp",
    title_en: str = "Startup incubation skills",
    slug: str | None = None,
    cancelled: tuple[int, ...] = (),
    **course_fields,
) -> Course:
    """A published course event with a 3-hour session at each of `starts` (indexes in `cancelled` are
    cancelled sessions) and its Course row."""
    extra = {"slug": slug} if slug else {}
    event = EventFactory(
        kind=EventKind.COURSE, session=None, capacity=capacity, title_vi=title_vi, title_en=title_en, **extra
    )
    for index, start in enumerate(starts):
        SessionFactory(event=event, starts_at=start, ends_at=start + HOURS, is_cancelled=index in cancelled)
    course_fields.setdefault("topic", CourseTopic.CAPACITY_BUILDING)
    return Course.objects.create(event=event, **course_fields)


def ended_course(sessions: int, **kwargs) -> Course:
    """A course whose `sessions` daily sessions have all ended (the last one about two days ago)."""
    first = timezone.now().replace(microsecond=0) - datetime.timedelta(days=sessions + 1)
    return make_course(starts=[first + datetime.timedelta(days=n) for n in range(sessions)], **kwargs)


def sessions_of(course: Course) -> list[Session]:
    return list(course.event.sessions.order_by("starts_at", "pk"))


def scan_in(registration: Registration, session: Session, *, minutes_after_start: int = 0) -> CheckIn:
    """Check the trainee in at the door with their ticket, `minutes_after_start` after the session began."""
    ticket = ticket_get_or_issue(registration=registration)
    outcome = checkin_scan(
        code=ticket.code,
        session=session,
        scanned_at=session.starts_at + datetime.timedelta(minutes=minutes_after_start),
    )
    assert outcome.result == "ok"
    return outcome.checkin


def attend(registration: Registration, sessions: list[Session]) -> list[CheckIn]:
    return [scan_in(registration, session) for session in sessions]


def pdf_text_lines(content: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(content)
    try:
        lines = []
        for page in document:
            lines += page.get_textpage().get_text_range().splitlines()
        return [line.strip() for line in lines]
    finally:
        document.close()


def pdf_qr_texts(content: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(content)
    try:
        texts = []
        for page in document:
            image = page.render(scale=200 / 72).to_pil()
            texts += [r.text for r in zxingcpp.read_barcodes(image) if r.valid]
        return texts
    finally:
        document.close()


def png_qr_texts(content: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(content))) if r.valid]


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table_rows(content: bytes, table_class: str) -> list[list[str]]:
    """The text of each body row's cells of the first <table> whose class list has `table_class`."""
    page = content.decode()
    match = re.search(rf'<table class="[^"]*\b{table_class}\b[^"]*">(.*?)</table>', page, re.S)
    assert match is not None, f"no table .{table_class}"
    body = re.search(r"<tbody>(.*?)</tbody>", match.group(1), re.S).group(1)
    return [
        [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def texts(content: bytes, pattern: str) -> list[str]:
    """The text inside each match of `pattern` (a regex with one group) in the page."""
    return [_text(found) for found in re.findall(pattern, content.decode(), re.S)]
