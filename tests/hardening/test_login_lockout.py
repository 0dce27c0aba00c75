"""Login protection against guessing: five failed logins lock the account name (from that address)."""

import pytest
from django.conf import settings

from tests.factories import UserFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def login(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def is_logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_lockout_after_five_failures_refuses_the_right_password(client):
    UserFactory(username="quan_tri", is_staff=True, is_superuser=True)

    failures = [
        login(client, "quan_tri", f"doan-sai-{n}").status_code for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    sixth = login(client, "quan_tri", PASSWORD)

    # The first four show the login form again; the fifth failure locks the account.
    assert failures == [200, 200, 200, 200, 429]
    assert sixth.status_code == 429
    assert is_logged_in(client) is False


def test_lockout_of_one_user_leaves_another_unaffected(client):
    UserFactory(username="quan_tri", is_staff=True, is_superuser=True)
    UserFactory(username="can_bo", is_staff=True, is_superuser=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, "quan_tri", f"doan-sai-{n}")

    response = login(client, "can_bo", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert is_logged_in(client) is True


def test_fewer_failures_then_the_right_password_logs_in(client):
    UserFactory(username="quan_tri", is_staff=True, is_superuser=True)
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "quan_tri", f"doan-sai-{n}")

    response = login(client, "quan_tri", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_admin_login_with_a_username_longer_than_any_is_a_form_error_not_a_failure_record(client):
    from axes.models import AccessAttempt

    response = client.post("/admin/login/", {"username": "x" * 300, "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert "Giá trị này chỉ có tối đa 150 kí tự (hiện có 300)" in response.content.decode()
    assert AccessAttempt.objects.count() == 0
