"""Errors outside the views: a page in the user's language and the site's look, or under /api/ the API's
JSON error body."""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.utils import translation

from config.errors import server_error
from events.roles import DOOR_STAFF
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "language", "title"),
    [("/khong-co-trang-nay/", "vi", "Không tìm thấy trang"), ("/en/no-such-page/", "en", "Page not found")],
)
def test_unknown_page_is_a_404_page_in_the_language_of_the_address(client, path, language, title):
    response = client.get(path)

    page = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in page
    assert f"<h1>{title}</h1>" in page
    assert 'href="/"' in page or 'href="/en/"' in page  # back to the catalogue


def test_forbidden_staff_page_is_a_403_page_in_vietnamese(client):
    door = UserFactory(is_staff=True)
    door.groups.add(Group.objects.get(name=DOOR_STAFF))
    client.force_login(door)

    response = client.get(f"/checkin/sessions/{SessionFactory().pk}/attendance/")

    assert response.status_code == 403
    assert "<h1>Không có quyền truy cập</h1>" in response.content.decode()


@pytest.mark.parametrize(("language", "detail"), [("vi", "Không tìm thấy."), ("en", "Not found.")])
def test_unknown_api_address_answers_the_api_error_body(client, language, detail):
    response = client.get("/api/v1/khong-co/", headers={"accept-language": language})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "detail": detail}


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [("/", "vi", "<h1>Đã có lỗi xảy ra</h1>"), ("/en/", "en", "<h1>Something went wrong</h1>")],
)
def test_server_error_page_is_in_the_language_of_the_request(path, language, expected):
    request = RequestFactory().get(path)
    with translation.override(language):
        response = server_error(request)

    page = response.content.decode()
    assert response.status_code == 500
    assert expected in page
    assert f'<html lang="{language}">' in page
    assert "<script" not in page


def test_server_error_under_the_api_is_json():
    with translation.override("vi"):
        response = server_error(RequestFactory().get("/api/v1/events/"))

    assert response.status_code == 500
    assert json.loads(response.content) == {"code": "server_error", "detail": "Đã xảy ra lỗi máy chủ."}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/%00/",
        "/api/v1/projects/%00/",
        "/api/v1/courses/%00/attendance/",
        "/api/v1/certificates/%00/",
        "/api/v1/events/?q=%00",
        "/api/v1/checkin/sessions/1/search/?q=%00%00",
    ],
)
def test_nul_in_an_api_address_is_a_400_with_the_api_error_body(client, path):
    response = client.get(path, headers={"accept-language": "vi"})

    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "detail": "Yêu cầu không đúng định dạng."}


@pytest.mark.parametrize(
    "path",
    [
        "/certificates/%00/",
        "/certificates/%00/certificate.pdf",
        "/nominate/%00/",
        "/events/%00/",
        "/reports/projects_supported/?stage=%00",
        "/?q=n%C3%B4ng%00",
        "/admin/events/registration/?status__exact=%00",
    ],
)
def test_nul_in_a_page_address_is_a_400_page_in_vietnamese(client, path):
    client.force_login(UserFactory(superuser=True))

    response = client.get(path)

    assert response.status_code == 400
    assert "<h1>Yêu cầu không hợp lệ</h1>" in response.content.decode()


@pytest.mark.parametrize("path", ["/admin/", "/checkin/", "/api/v1/events/", "/"])
def test_session_cookie_with_a_nul_starts_a_new_session(client, path):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"

    response = client.get(path)

    assert response.status_code in (200, 302)
