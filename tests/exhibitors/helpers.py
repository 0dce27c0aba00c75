"""Builders and readers shared by the exhibitor tests."""

import datetime
import html
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from events.enums import EventKind, ProjectStage, Sector
from events.exhibitions import services
from events.exhibitions.models import Exhibitor, ExhibitorMember, ExhibitorStatus, Meeting, VisitorKind
from events.exhibitions.signing import exhibitor_from_token, meeting_from_token
from events.models import Event, Session, StartupProject
from tests.factories import EventFactory

CONTACT_EMAIL = "binh.tran@nongsanxanh.vn"


def local(*args) -> datetime.datetime:
    """An aware datetime in Ho Chi Minh City time."""
    return timezone.make_aware(datetime.datetime(*args))


def in_language(language: str, message: str, **params) -> str:
    """`message` translated into `language`, with `params` interpolated as the templates do."""
    with translation.override(language):
        text = gettext(message)
    return text % params if params else text


def vi(message: str, **params) -> str:
    return in_language("vi", message, **params)


def next_week_at(hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=7)
    return local(day.year, day.month, day.day, hour, 0)


def exhibition_event(
    *,
    kind: str = EventKind.EXHIBITION,
    starts: datetime.datetime | None = None,
    hours: int = 3,
    **fields,
) -> Event:
    """A published exhibition-like event with one session (next week at 09:00 local by default)."""
    starts = starts or next_week_at(9)
    event = EventFactory(kind=kind, session=None, **fields)
    Session.objects.create(event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours))
    return event


def apply(
    event: Event,
    *,
    name: str = "Nông Sản Xanh",
    sector: str = Sector.AGRITECH,
    stage: str = ProjectStage.PRE_INCUBATION,
    contact_email: str = CONTACT_EMAIL,
    members: list[dict] | None = None,
    **kwargs,
) -> Exhibitor:
    """Apply through the service, as the page does, with one team member by default."""
    if members is None:
        members = [{"full_name": "Lê Thị Mai", "email": f"mai@{name_domain(name)}", "phone": "0912 345 678"}]
    return services.exhibitor_apply(
        event=event,
        project_data={
            "name": name,
            "sector": sector,
            "stage": stage,
            "description_vi": "Nền tảng kết nối nông dân với bếp ăn tập thể.",
            "description_en": "Connecting farmers with canteens.",
            "website": "",
        },
        showcase_vi="Ứng dụng đặt rau sạch theo mùa",
        contact_name="Trần Văn Bình",
        contact_email=contact_email,
        contact_phone="0903 123 456",
        members=members,
        **kwargs,
    )


def name_domain(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower().encode("ascii", "ignore").decode()) + ".vn"


def approved(event: Event, *, booth: str = "", **kwargs) -> Exhibitor:
    """An application approved by staff (the team's member gets a ticket); with a booth if given."""
    exhibitor = apply(event, **kwargs)
    return services.exhibitor_approve(exhibitor=exhibitor, booth=booth)


def exhibitor_row(
    event: Event,
    project: StartupProject,
    *,
    status: str = ExhibitorStatus.APPROVED,
    booth: str = "",
    **fields,
) -> Exhibitor:
    """An exhibitor written directly (no rules, no e-mail): for arranging a test's state."""
    fields.setdefault("contact_email", f"team@{project.slug}.vn")
    exhibitor = Exhibitor.objects.create(
        event=event,
        project=project,
        status=status,
        booth=booth,
        showcase_vi="Sản phẩm mẫu",
        contact_name="Phạm Minh Khoa",
        contact_phone="0903123456",
        **fields,
    )
    ExhibitorMember.objects.create(
        exhibitor=exhibitor, full_name="Phạm Minh Khoa", email=f"khoa@{project.slug}.vn", phone="0903123456"
    )
    return exhibitor


def request_meeting(
    exhibitor: Exhibitor, *, email: str = "dau.tu@quyvn.vn", name: str = "Hoàng Anh"
) -> Meeting:
    return services.meeting_request(
        exhibitor=exhibitor,
        requester_name=name,
        requester_email=email,
        requester_kind=VisitorKind.INVESTOR,
        requester_organization="Quỹ Đầu tư Sáng tạo VN",
        message="Chúng tôi muốn tìm hiểu mô hình kinh doanh của dự án.",
    )


def image_bytes(width: int, height: int, fmt: str = "PNG", mode: str = "RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), (30, 140, 60) if mode == "RGB" else None).save(out, format=fmt, **save)
    return out.getvalue()


def upload(content: bytes, name: str = "logo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def application_post(**overrides) -> dict:
    """The apply page's POST data: the form, and the member formset (prefix "m") with one member."""
    data = {
        "project_name": "Nông Sản Xanh",
        "sector": Sector.AGRITECH,
        "stage": ProjectStage.PRE_INCUBATION,
        "description_vi": "Nền tảng kết nối nông dân với bếp ăn tập thể.",
        "description_en": "Connecting farmers with canteens.",
        "website": "https://nongsanxanh.vn",
        "kind": "booth",
        "showcase_vi": "Ứng dụng đặt rau sạch theo mùa",
        "booth_needs": "Ổ điện, một màn hình",
        "contact_name": "Trần Văn Bình",
        "contact_email": CONTACT_EMAIL,
        "contact_phone": "0903 123 456",
        "consent": "on",
        "m-TOTAL_FORMS": "4",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "10",
        "m-0-full_name": "Lê Thị Mai",
        "m-0-email": "mai@nongsanxanh.vn",
        "m-0-phone": "0912 345 678",
        "m-0-role": "Trưởng nhóm",
        "m-1-full_name": "Đỗ Quang Huy",
        "m-1-email": "huy@nongsanxanh.vn",
        "m-1-phone": "+84 987 654 321",
        "m-1-role": "Kỹ sư",
    }
    data.update(overrides)
    return data


def field_errors(content: bytes, name: str) -> list[str]:
    """The error messages shown next to form field `name` (empty when it has none)."""
    block = re.search(rf'<ul class="field__errors" id="id_{name}_error">(.*?)</ul>', content.decode(), re.S)
    if block is None:
        return []
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]


def alert(content: bytes) -> str | None:
    """The text of the page's domain-error notice, if any."""
    match = re.search(r'<p class="notice notice--danger" role="alert">(.*?)</p>', content.decode(), re.S)
    return html.unescape(match.group(1)) if match else None


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def directory_cards(content: bytes) -> list[tuple[str, str]]:
    """(project name, sector · stage · booth line) of each card in the event page's exhibitor directory."""
    section = re.search(r'<section class="directory" id="exhibitors".*?</section>', content.decode(), re.S)
    assert section is not None, "no exhibitor directory on the page"
    cards = re.findall(
        r'<h3 class="card__title">(.*?)</h3>\s*<p class="muted">(.*?)</p>', section.group(0), re.S
    )
    return [(text(title), text(line)) for title, line in cards]


def table_rows(content: bytes, table_class: str) -> list[list[str]]:
    """The text of each body row's cells of the first <table> whose class list has `table_class`."""
    page = content.decode()
    table = re.search(rf'<table class="[^"]*\b{table_class}\b[^"]*">(.*?)</table>', page, re.S)
    assert table is not None, f"no table.{table_class}"
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(1), re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    return [[text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)] for row in rows]


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


_TEAM_PATH = re.compile(r"^(?:http://testserver)?(?:/en)?/exhibitors/([^/\s]+)/$")
_MEETING_PATH = re.compile(r"^(?:http://testserver)?(?:/en)?/meetings/([^/\s]+)/$")


def team_page_of(url: str) -> Exhibitor | None:
    """The exhibitor whose signed team page `url` is (None when it is not one, or the token is bad).
    Tokens carry the time they were made, so compare what they open, not their text."""
    match = _TEAM_PATH.match(url)
    return exhibitor_from_token(match.group(1)) if match else None


def meeting_page_of(url: str) -> Meeting | None:
    match = _MEETING_PATH.match(url)
    return meeting_from_token(match.group(1)) if match else None


def links(body: str) -> list[str]:
    """The lines of an e-mail body that are links to the site."""
    return [line for line in body.splitlines() if line.startswith("http://testserver/")]


def facts(content: bytes) -> list[tuple[str, str]]:
    """The (term, description) pairs of a page's first `<dl class="facts">`."""
    block = re.search(r'<dl class="facts">(.*?)</dl>', content.decode(), re.S)
    assert block is not None, "no facts on the page"
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", block.group(1), re.S)
    return [(text(term), text(value)) for term, value in pairs]
