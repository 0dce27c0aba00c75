"""The HTML part of every e-mail declares the reader's language, so screen readers and mail clients read
it in Vietnamese or English as written (it said Vietnamese whatever the reader's language)."""

import pytest

from events.mail import messages as mail_messages
from events.mail.messages import plain_email
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _html(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_registration_email_html_is_in_the_persons_language(language):
    registration = RegistrationFactory(language=language)

    for kind in sorted(mail_messages.KINDS):
        html = _html(mail_messages.build_registration_email(registration, kind))
        assert f'<html lang="{language}">' in html, kind


@pytest.mark.parametrize("language", ["vi", "en"])
def test_plain_email_html_is_in_the_requested_language(language):
    from types import SimpleNamespace

    message = plain_email(
        to="doi@example.vn",
        language=language,
        template="exhibitions/email/exhibitor",
        context={
            "exhibitor": SimpleNamespace(
                contact_name="Lê Hoa", booth="A1", decision_reason="", project="Nông Sản"
            ),
            "event": EventFactory(),
            "kind": "approved",
            "team_url": "http://testserver/exhibitors/abc/",
        },
    )

    assert f'<html lang="{language}">' in _html(message)
