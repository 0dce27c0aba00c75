"""The public certificate check (issue 19): a form to type a code or a number; an unknown one is a
translated page with the form again and status 404, never a bare error page."""

import pytest

from tests.factories import RegistrationFactory
from tests.training.helpers import attend, ended_course, sessions_of, texts
from training import services
from training.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate() -> Certificate:
    course = ended_course(2, slug="tap-huan-tra-cuu")
    trainee = RegistrationFactory(event=course.event, full_name="Đỗ Thị Mai")
    attend(trainee, sessions_of(course))
    services.course_evaluate_completion(course=course)
    return Certificate.objects.get(registration=trainee)


def test_certificate_lookup_form_page(client):
    response = client.get("/certificates/")

    assert response.status_code == 200
    assert texts(response.content, r"<label[^>]*>(.*?)</label>") == ["Mã xác minh hoặc số giấy chứng nhận:"]


@pytest.mark.parametrize("typed", ["{year}/{number:06d}", "{year}/{number}", " {year}-{number} "])
def test_certificate_lookup_by_number(client, certificate, typed):
    response = client.get(
        "/certificates/", {"q": typed.format(year=certificate.year, number=certificate.number)}
    )

    assert response.status_code == 302
    assert response["Location"] == certificate.get_absolute_url()


def test_certificate_lookup_by_code_any_case(client, certificate):
    code = certificate.code.lower()

    response = client.get("/en/certificates/", {"q": f"{code[:4]}-{code[4:]}"})

    assert response.status_code == 302
    assert response["Location"] == f"/en/certificates/{certificate.code}/"


def test_certificate_lookup_unknown_is_a_translated_404_with_the_form(client, certificate):
    vi = client.get("/certificates/", {"q": "KHONGCOMA234"})
    en = client.get("/en/certificates/", {"q": "1999/000001"})

    assert (vi.status_code, en.status_code) == (404, 404)
    assert texts(
        vi.content, r'<div class="notice notice--danger verify verify--not-found" role="alert"><h2>(.*?)</h2>'
    ) == ["Không tìm thấy giấy chứng nhận"]
    assert texts(
        en.content, r'<div class="notice notice--danger verify verify--not-found" role="alert"><h2>(.*?)</h2>'
    ) == ["Certificate not found"]
    assert 'name="q" value="1999/000001"' in en.content.decode()


def test_certificate_unknown_code_in_the_address_is_the_same_404_page(client):
    response = client.get("/en/certificates/NOSUCHCODE22/")

    assert response.status_code == 404
    assert texts(response.content, r"<h2>(.*?)</h2>")[0] == "Certificate not found"
    assert 'name="q" value="NOSUCHCODE22"' in response.content.decode()


def test_certificate_lookup_rejects_a_line_break_with_a_message(client):
    response = client.get("/en/certificates/", {"q": "2026/\n1"})

    assert response.status_code == 400
    assert texts(response.content, r'<ul class="field__errors" role="alert">(.*?)</ul>') == [
        "Enter this on one line, without line breaks."
    ]


def test_certificate_page_has_the_form(client, certificate):
    response = client.get(certificate.get_absolute_url())

    assert response.status_code == 200
    assert 'action="/certificates/"' in response.content.decode()
