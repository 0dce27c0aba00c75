"""The exhibitor directory (event page, both languages, and the API) and the staff floor list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.enums import EventKind, EventStatus, ProjectStage, Sector
from events.exhibitions.models import Exhibitor, ExhibitorStatus, ParticipationKind
from events.exhibitions.services import exhibitor_approve
from tests.factories import EventFactory, StartupProjectFactory

from .helpers import (
    application_post,
    directory_cards,
    exhibition_event,
    exhibitor_row,
    image_bytes,
    in_language,
    table_rows,
    upload,
    vi,
)


def _project(name: str, sector: str, stage: str, **fields):
    return StartupProjectFactory(name=name, sector=sector, stage=stage, **fields)


@pytest.fixture
def listed(exhibition):
    """Two approved projects with booths, one approved without a booth yet, and three that are not
    exhibiting (submitted, waitlisted, rejected)."""
    exhibitor_row(
        exhibition, _project("Robot Giao Hàng", Sector.LOGISTICS, ProjectStage.INCUBATION), booth="B2"
    )
    exhibitor_row(
        exhibition, _project("Nông Sản Xanh", Sector.AGRITECH, ProjectStage.PRE_INCUBATION), booth="A1"
    )
    exhibitor_row(
        exhibition,
        _project("Lúa Thông Minh", Sector.AGRITECH, ProjectStage.ACCELERATION),
        kind=ParticipationKind.PITCH,
    )
    exhibitor_row(
        exhibition,
        _project("Y Tế Số", Sector.HEALTHTECH, ProjectStage.INCUBATION),
        status=ExhibitorStatus.SUBMITTED,
    )
    exhibitor_row(
        exhibition,
        _project("Học Vui", Sector.EDTECH, ProjectStage.INCUBATION),
        status=ExhibitorStatus.WAITLISTED,
    )
    exhibitor_row(
        exhibition,
        _project("Ví Điện Tử", Sector.FINTECH, ProjectStage.INCUBATION),
        status=ExhibitorStatus.REJECTED,
    )
    return exhibition


def _line(sector: str, stage: str, booth: str = "", language: str = "vi") -> str:
    line = f"{in_language(language, sector)} · {in_language(language, stage)}"
    return f"{line} · {in_language(language, 'Booth')} {booth}" if booth else line


def test_event_page_directory_shows_approved_exhibitors_only(client, listed):
    response = client.get(f"/events/{listed.slug}/")

    assert response.status_code == 200
    assert directory_cards(response.content) == [
        ("Lúa Thông Minh", _line("Agriculture and food", "Acceleration")),
        ("Nông Sản Xanh", _line("Agriculture and food", "Pre-incubation", "A1")),
        ("Robot Giao Hàng", _line("Logistics and mobility", "Incubation", "B2")),
    ]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?sector=agritech", ["Lúa Thông Minh", "Nông Sản Xanh"]),
        ("?stage=incubation", ["Robot Giao Hàng"]),
        ("?sector=agritech&stage=pre_incubation", ["Nông Sản Xanh"]),
        ("?sector=healthtech", []),  # Y Tế Số applied but is not approved
        ("?sector=&stage=", ["Lúa Thông Minh", "Nông Sản Xanh", "Robot Giao Hàng"]),
    ],
)
def test_event_page_directory_filters_by_sector_and_stage(client, listed, query, names):
    response = client.get(f"/events/{listed.slug}/{query}")

    assert [name for name, _line in directory_cards(response.content)] == names


def test_event_page_directory_says_when_no_project_matches(client, listed):
    response = client.get(f"/events/{listed.slug}/?sector=tourism")

    assert directory_cards(response.content) == []
    assert vi("No exhibiting project yet.") in response.content.decode()


def test_event_page_directory_in_english(client, listed):
    response = client.get(f"/en/events/{listed.slug}/?stage=incubation")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h2 id="directory-heading">Exhibiting projects</h2>' in page
    assert directory_cards(response.content) == [
        ("Robot Giao Hàng", "Logistics and mobility · Incubation · Booth B2")
    ]


def test_event_page_directory_in_vietnamese_is_translated(client, listed):
    response = client.get(f"/events/{listed.slug}/?stage=incubation")

    heading = vi("Exhibiting projects")
    assert heading != "Exhibiting projects"
    assert f'<h2 id="directory-heading">{heading}</h2>' in response.content.decode()
    [(_name, line)] = directory_cards(response.content)
    assert line == _line("Logistics and mobility", "Incubation", "B2")
    assert line != "Logistics and mobility · Incubation · Booth B2"


def test_event_page_directory_shows_the_stored_logo(client, exhibition, superuser):
    client.post(f"/events/{exhibition.slug}/exhibit/", application_post(logo=upload(image_bytes(128, 128))))
    exhibitor = exhibitor_approve(exhibitor=Exhibitor.objects.get())

    page = client.get(f"/events/{exhibition.slug}/").content.decode()
    src = f'src="/media/{exhibitor.project.logo.name}"'
    assert page.count(src) == 1


def test_event_page_of_a_workshop_has_no_directory(client, db):
    workshop = EventFactory(kind=EventKind.WORKSHOP)

    assert 'id="exhibitors"' not in client.get(f"/events/{workshop.slug}/").content.decode()


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _approved_projects(event, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        exhibitor_row(
            event,
            _project(
                f"Dự án {n:02d}", Sector.AI_DATA, ProjectStage.INCUBATION, logo=f"logos/2025/du-an-{n}.png"
            ),
            booth=f"C{n:02d}",
        )


def test_event_page_directory_query_count_does_not_grow(client, exhibition):
    _approved_projects(exhibition, 1)
    one = _page_queries(client, f"/events/{exhibition.slug}/")
    _approved_projects(exhibition, 19, start=1)

    twenty = _page_queries(client, f"/events/{exhibition.slug}/")

    assert len(directory_cards(client.get(f"/events/{exhibition.slug}/").content)) == 20
    assert twenty == one


# --- API -----------------------------------------------------------------------------------------------


def _api(api_client, event, query: str = ""):
    response = api_client.get(f"/api/v1/events/{event.slug}/exhibitors/{query}")
    assert response.status_code == 200
    return response.json()


def test_api_exhibitors_lists_approved_projects_with_sector_stage_and_booth(api_client, listed):
    data = _api(api_client, listed)

    assert [(x["project"], x["sector"], x["stage"], x["booth"], x["participation"]) for x in data] == [
        ("Lúa Thông Minh", "agritech", "acceleration", "", "pitch"),
        ("Nông Sản Xanh", "agritech", "pre_incubation", "A1", "booth"),
        ("Robot Giao Hàng", "logistics", "incubation", "B2", "booth"),
    ]
    robot = data[2]
    assert robot == {
        "project": "Robot Giao Hàng",
        "project_slug": robot["project_slug"],
        "sector": "logistics",
        "sector_display": vi("Logistics and mobility"),
        "stage": "incubation",
        "stage_display": vi("Incubation"),
        "description": "",
        "website": "",
        "logo": None,
        "booth": "B2",
        "participation": "booth",
    }


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("?sector=agritech", ["Lúa Thông Minh", "Nông Sản Xanh"]),
        ("?stage=incubation", ["Robot Giao Hàng"]),
        ("?sector=agritech&stage=acceleration", ["Lúa Thông Minh"]),
        ("?sector=edtech", []),
    ],
)
def test_api_exhibitors_filters_by_sector_and_stage(api_client, listed, query, names):
    assert [x["project"] for x in _api(api_client, listed, query)] == names


@pytest.mark.parametrize(("query", "field"), [("?sector=nong-nghiep", "sector"), ("?stage=seed", "stage")])
def test_api_exhibitors_refuses_an_unknown_sector_or_stage(api_client, listed, query, field):
    """A misspelt filter was an empty directory, as if nobody exhibited."""
    response = api_client.get(f"/api/v1/events/{listed.slug}/exhibitors/{query}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_api_exhibitors_answers_in_english_when_asked(api_client, listed):
    response = api_client.get(
        f"/api/v1/events/{listed.slug}/exhibitors/?stage=incubation", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert [(x["sector_display"], x["stage_display"]) for x in response.json()] == [
        ("Logistics and mobility", "Incubation")
    ]


def test_api_exhibitors_gives_absolute_logo_urls(api_client, exhibition):
    exhibitor_row(
        exhibition,
        _project("Nông Sản Xanh", Sector.AGRITECH, ProjectStage.INCUBATION, logo="logos/2025/nsx.png"),
    )

    assert [x["logo"] for x in _api(api_client, exhibition)] == ["http://testserver/media/logos/2025/nsx.png"]


def test_api_exhibitors_of_a_draft_event_is_not_found(api_client, db):
    draft = exhibition_event(slug="trien-lam-nhap", status=EventStatus.DRAFT)

    assert api_client.get(f"/api/v1/events/{draft.slug}/exhibitors/").status_code == 404


def test_api_exhibitors_query_count_does_not_grow(api_client, exhibition):
    _approved_projects(exhibition, 1)
    with CaptureQueriesContext(connection) as one:
        assert len(_api(api_client, exhibition)) == 1
    _approved_projects(exhibition, 19, start=1)

    with CaptureQueriesContext(connection) as twenty:
        assert len(_api(api_client, exhibition)) == 20

    assert len(twenty) == len(one)


# --- Floor list ----------------------------------------------------------------------------------------


def _floor(event) -> str:
    return f"/events/{event.slug}/floor/"


def test_floor_list_for_anonymous_redirects_to_login(client, listed):
    response = client.get(_floor(listed))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next=/events/{listed.slug}/floor/"


def test_floor_list_for_a_user_without_permission_is_forbidden(client, listed, plain_user):
    client.force_login(plain_user)

    assert client.get(_floor(listed)).status_code == 403


def test_floor_list_lists_approved_exhibitors_with_booths_and_teams(client, listed, viewer):
    client.force_login(viewer)

    response = client.get(_floor(listed))

    assert response.status_code == 200
    team = ["Phạm Minh Khoa 0903123456", "", "Phạm Minh Khoa"]  # contact, booth needs, members
    assert table_rows(response.content, "floor") == [
        ["—", "Lúa Thông Minh", vi("Agriculture and food"), vi("Acceleration"), *team],
        ["A1", "Nông Sản Xanh", vi("Agriculture and food"), vi("Pre-incubation"), *team],
        ["B2", "Robot Giao Hàng", vi("Logistics and mobility"), vi("Incubation"), *team],
    ]


def test_floor_list_query_count_does_not_grow(client, exhibition, viewer):
    client.force_login(viewer)
    _approved_projects(exhibition, 1)
    one = _page_queries(client, _floor(exhibition))
    _approved_projects(exhibition, 19, start=1)

    twenty = _page_queries(client, _floor(exhibition))

    assert len(table_rows(client.get(_floor(exhibition)).content, "floor")) == 20
    assert twenty == one
