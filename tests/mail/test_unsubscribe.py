"""Unsubscribing from news and reminders with the link of an e-mail: no account, one click (or the mail
app's button), idempotent, translated; never from the messages a person needs."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from events import services
from events.enums import RegistrationSource
from events.mail.models import UnsubscribeTopic, Unsubscription
from events.mail.unsubscribe import (
    is_unsubscribed,
    unsubscribe_headers,
    unsubscribe_token,
    unsubscribe_url,
    unsubscription_create,
)

pytestmark = pytest.mark.django_db

_PATH = re.compile(r"^http://testserver((?:/en)?/unsubscribe/[^/]+/)$")


def _path(email: str, topic: str, language: str = "vi") -> str:
    with translation.override(language):
        return _PATH.match(unsubscribe_url(email, topic)).group(1)


def _text(content: bytes, tag: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", inner).strip()
        for inner in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", content.decode(), re.DOTALL)
    ]


def test_link_page_asks_before_unsubscribing_and_a_get_changes_nothing(client):
    response = client.get(_path("lan@example.vn", UnsubscribeTopic.NEWS))

    assert response.status_code == 200
    assert _text(response.content, "h1") == ["Hủy đăng ký nhận thư"]
    assert _text(response.content, "button") == ["Hủy đăng ký nhận thư"]
    assert "Ngừng gửi thư tin tức đến lan@example.vn?" in response.content.decode()
    assert is_unsubscribed("lan@example.vn", UnsubscribeTopic.NEWS) is False


def test_posting_the_page_unsubscribes_once_however_often_it_is_sent(client):
    path = _path("Lan@Example.vn", UnsubscribeTopic.NEWS)

    first = client.post(path)
    again = client.post(path)

    assert (first.status_code, again.status_code) == (200, 200)
    assert _text(again.content, "h1") == ["Bạn đã hủy đăng ký nhận thư"]
    assert list(Unsubscription.objects.values_list("email", "topic")) == [("lan@example.vn", "news")]
    assert is_unsubscribed("LAN@example.VN", UnsubscribeTopic.NEWS) is True
    assert is_unsubscribed("lan@example.vn", UnsubscribeTopic.REMINDERS) is False


def test_english_page_for_reminders(client):
    path = _path("minh@example.vn", UnsubscribeTopic.REMINDERS, "en")

    asked = client.get(path)
    done = client.post(path)

    assert path.startswith("/en/unsubscribe/")
    assert "Stop sending reminder e-mails to minh@example.vn?" in asked.content.decode()
    assert "minh@example.vn will receive no more reminder e-mails." in done.content.decode()
    assert is_unsubscribed("minh@example.vn", UnsubscribeTopic.REMINDERS) is True


def test_one_click_unsubscribe_from_the_mail_app_needs_no_csrf_cookie():
    mail_app = Client(enforce_csrf_checks=True)
    headers = unsubscribe_headers("lan@example.vn", UnsubscribeTopic.NEWS)
    url = headers["List-Unsubscribe"].strip("<>")

    response = mail_app.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert is_unsubscribed("lan@example.vn", UnsubscribeTopic.NEWS) is True


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        unsubscribe_token("lan@example.vn", "news")[:-2] + "xx",  # tampered
        unsubscribe_token("lan@example.vn", "registration"),  # a topic nobody can leave
    ],
)
def test_a_bad_link_is_not_found_and_unsubscribes_nobody(client, token):
    assert client.post(f"/unsubscribe/{token}/").status_code == 404
    assert Unsubscription.objects.count() == 0


def test_one_unsubscription_per_address_and_topic_whatever_the_case():
    unsubscription_create(email="lan@example.vn", topic=UnsubscribeTopic.NEWS)
    unsubscription_create(email="LAN@EXAMPLE.VN", topic=UnsubscribeTopic.NEWS)

    with pytest.raises(IntegrityError), transaction.atomic():
        Unsubscription.objects.create(email="Lan@Example.VN", topic=UnsubscribeTopic.NEWS)
    assert Unsubscription.objects.count() == 1


def test_registration_confirmation_has_no_unsubscribe_link_and_reaches_an_unsubscribed_person(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    for topic in UnsubscribeTopic.values:
        unsubscription_create(email="lan@example.vn", topic=topic)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=event,
            full_name="Trần Thị Lan",
            email="lan@example.vn",
            phone="0912345678",
            consent=True,
            source=RegistrationSource.WEB,
        )

    [message] = mailoutbox
    [(html, _)] = message.alternatives
    assert message.to == ["lan@example.vn"]
    assert [name for name in message.extra_headers if name.startswith("List-")] == []
    assert ("unsubscribe" in message.body, "unsubscribe" in html) == (False, False)
