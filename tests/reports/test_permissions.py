"""Who sees the reports: report viewers and organisers do; visitors, trainees (anonymous holders of a
signed link), door staff and other staff do not."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from events.signing import registration_manage_path
from tests.factories import RegistrationFactory
from training.signing import person_page_path

pytestmark = pytest.mark.django_db

PAGES = ["/reports/", "/reports/?start=2025-01-01&end=2025-12-31&format=xlsx", "/reports/trainees_completed/"]
API = "/api/v1/reports/indicators/?start=2025-01-01&end=2025-12-31"


def vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


@pytest.mark.parametrize("role", ["report_viewer", "organiser"])
def test_reports_open_to_report_viewers_and_organisers(request, client, api_client, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    api_client.force_login(user)

    assert [client.get(page).status_code for page in PAGES] == [200, 200, 200]
    assert api_client.get(API).status_code == 200


def test_reports_page_shows_figures_and_definitions(world, client, report_viewer):
    client.force_login(report_viewer)

    page = client.get("/reports/?start=2025-01-01&end=2025-12-31").content.decode()

    assert vi("Policy indicators") in page
    assert vi("Unique people who met the completion rule of a course held in the period.") in page
    assert 'href="/reports/trainees_completed/?start=2025-01-01&amp;end=2025-12-31">2</a>' in page


def test_reports_drill_page_lists_the_rows(world, client, report_viewer):
    client.force_login(report_viewer)

    page = client.get("/reports/trainees_completed/?start=2025-01-01&end=2025-12-31").content.decode()

    assert ("Lê Thị Hoa" in page, "Nguyễn Thị Lan" in page, "Trần Quang Minh" in page) == (True, True, False)


def test_reports_drill_unknown_indicator_is_404(client, report_viewer):
    client.force_login(report_viewer)

    assert client.get("/reports/not_an_indicator/").status_code == 404


def test_reports_anonymous_visitor_goes_to_login(client, api_client):
    responses = [client.get(page) for page in PAGES]

    assert [(r.status_code, r["Location"].split("?")[0]) for r in responses] == [(302, "/admin/login/")] * 3
    response = api_client.get(API)
    assert response.status_code == 401
    assert response.json() == {
        "code": "not_authenticated",
        "detail": vi("Authentication credentials were not provided."),
    }


def test_reports_trainee_with_signed_links_cannot_see_them(client, api_client, event):
    """A trainee is anonymous: their signed links open their own pages, nothing else."""
    registration = RegistrationFactory(event=event, email="hoc.vien@example.vn")
    assert client.get(registration_manage_path(registration)).status_code == 200
    assert client.get(person_page_path(registration.email)).status_code == 200

    assert [client.get(page).status_code for page in PAGES] == [302, 302, 302]
    assert api_client.get(API).status_code == 401


@pytest.mark.parametrize("role", ["door_staff", "plain_staff"])
def test_reports_refused_to_door_staff_and_other_staff(request, client, api_client, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    api_client.force_login(user)

    assert [client.get(page).status_code for page in PAGES] == [403, 403, 403]
    response = api_client.get(API)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
