"""A person changes their own details through their registration's signed link (issue 19): the same
validation as registering (messages in the page's language), e-mail changes confirmed by the new address
through a signed expiring link, history recorded, the ticket unchanged, nobody else's registration."""

import datetime
import re

import pytest
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override

from checkin.services import ticket_get_or_issue
from events.enums import RegistrationStatus
from events.exceptions import RegistrationError
from events.mail.models import EmailTopic, OutgoingEmail
from events.selfservice import services
from events.selfservice.models import ChangeSource, RegistrationChange
from events.selfservice.signing import email_change_path, email_change_token
from events.signing import registration_manage_path
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "full_name": "Lê Văn Minh",
    "email": "minh@example.vn",
    "phone": "0903 123 456",
    "organization_name": "Trung tâm Khởi nghiệp Sài Gòn",
    "organization_kind": "",
    "position": "Giám đốc",
}


def edit_path(registration) -> str:
    return registration_manage_path(registration).rstrip("/") + "/edit/"


def field_errors(content: bytes, name: str) -> list[str]:
    found = re.search(
        rf'<ul class="field__errors" id="errors-{name}" role="alert">(.*?)</ul>', content.decode(), re.S
    )
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


@pytest.fixture
def registration():
    return RegistrationFactory(
        full_name="Lê Văn Minh",
        email="minh@example.vn",
        phone="0903123456",
        organization_name="",
        position="",
    )


def test_selfservice_edit_saves_details_and_records_history(client, registration):
    ticket = ticket_get_or_issue(registration=registration)

    response = client.post(
        edit_path(registration),
        {
            **DETAILS,
            "full_name": "  Lê   Văn Minh Tuấn ",
            "phone": "+84 912 345 678",
            "position": "Trưởng phòng",
        },
    )

    assert response.status_code == 302
    assert response["Location"].split(":")[0] == registration_manage_path(registration).split(":")[0]
    registration.refresh_from_db()
    assert (
        registration.full_name,
        registration.phone,
        registration.organization_name,
        registration.position,
    ) == (
        "Lê Văn Minh Tuấn",
        "0912345678",
        "Trung tâm Khởi nghiệp Sài Gòn",
        "Trưởng phòng",
    )
    change = RegistrationChange.objects.get(registration=registration)
    assert change.source == ChangeSource.PARTICIPANT
    assert change.by is None
    assert change.changes == {
        "full_name": ["Lê Văn Minh", "Lê Văn Minh Tuấn"],
        "phone": ["0903123456", "0912345678"],
        "organization_name": ["", "Trung tâm Khởi nghiệp Sài Gòn"],
        "position": ["", "Trưởng phòng"],
    }
    # the ticket stays valid: same code, not revoked
    assert ticket_get_or_issue(registration=registration).code == ticket.code
    ticket.refresh_from_db()
    assert ticket.revoked_at is None
    page = client.get(registration_manage_path(registration)).content.decode()
    assert "Lê Văn Minh Tuấn" in page


def test_selfservice_edit_without_changes_records_nothing(client, registration):
    response = client.post(edit_path(registration), {**DETAILS, "organization_name": "", "position": ""})

    assert response.status_code == 302
    assert RegistrationChange.objects.count() == 0


def test_selfservice_edit_errors_in_vietnamese(client, registration):
    response = client.post(edit_path(registration), {**DETAILS, "full_name": "   ", "phone": "12345"})

    assert response.status_code == 400
    with override("vi"):
        assert field_errors(response.content, "full_name") == [gettext("This field is required.")]
        assert field_errors(response.content, "phone") == [
            gettext("Enter a Vietnamese phone number, for example 0912 345 678 or +84 912 345 678.")
        ]
    registration.refresh_from_db()
    assert registration.full_name == "Lê Văn Minh"
    assert RegistrationChange.objects.count() == 0


def test_selfservice_edit_errors_in_english(client, registration):
    path = "/en" + edit_path(registration)

    response = client.post(path, {**DETAILS, "phone": "12345", "full_name": "Lê\nVăn"})

    assert response.status_code == 400
    assert field_errors(response.content, "phone") == [
        "Enter a Vietnamese phone number, for example 0912 345 678 or +84 912 345 678."
    ]
    assert field_errors(response.content, "full_name") == ["Enter this on one line, without line breaks."]


def test_selfservice_edit_page_shows_current_details(client, registration):
    response = client.get(edit_path(registration))

    assert response.status_code == 200
    assert response.context["form"]["full_name"].value() == "Lê Văn Minh"
    assert response.context["form"]["email"].value() == "minh@example.vn"
    assert "consent" not in response.context["form"].fields


def test_selfservice_forged_registration_link_is_404(client, registration):
    token = registration_manage_path(registration).split("/")[-2]

    response = client.post(f"/registrations/{token[:-2]}xx/edit/", DETAILS)

    assert response.status_code == 404


def test_selfservice_another_persons_link_edits_only_that_person(client, registration):
    other = RegistrationFactory(event=registration.event, full_name="Phạm Thị Lan", email="lan@example.vn")

    client.post(edit_path(other), {**DETAILS, "full_name": "Phạm Thị Lan Anh", "email": "lan@example.vn"})

    registration.refresh_from_db()
    other.refresh_from_db()
    assert (registration.full_name, other.full_name) == ("Lê Văn Minh", "Phạm Thị Lan Anh")
    assert list(RegistrationChange.objects.values_list("registration_id", flat=True)) == [other.pk]


def test_selfservice_cancelled_registration_cannot_be_edited(client, registration):
    registration.status = RegistrationStatus.CANCELLED
    registration.save()

    response = client.post(edit_path(registration), {**DETAILS, "full_name": "Ai Khác"})

    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.full_name == "Lê Văn Minh"
    with override("vi"):
        assert gettext("This registration is no longer active, so its details cannot be changed.") in (
            response.content.decode()
        )


def test_selfservice_email_change_applies_only_on_confirmation(
    client, registration, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            edit_path(registration),
            {**DETAILS, "email": "minh.moi@example.vn", "organization_name": "", "position": ""},
        )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.email == "minh@example.vn"  # not yet
    email = OutgoingEmail.objects.get(topic=EmailTopic.EMAIL_CHANGE)
    assert (email.recipient, email.kind, email.registration_id) == (
        "minh.moi@example.vn",
        "email_change",
        registration.pk,
    )
    confirm = email_change_path(email.payload["token"])
    from events.mail.messages import build_email

    message = build_email(email)
    assert message.to == ["minh.moi@example.vn"]
    assert confirm in message.body

    page = client.get(confirm)
    assert page.status_code == 200
    registration.refresh_from_db()
    assert registration.email == "minh@example.vn"  # opening the link changes nothing by itself

    done = client.post(confirm)

    assert done.status_code == 302
    assert done["Location"].split(":")[0] == registration_manage_path(registration).split(":")[0]
    registration.refresh_from_db()
    assert registration.email == "minh.moi@example.vn"
    assert RegistrationChange.objects.get().changes == {"email": ["minh@example.vn", "minh.moi@example.vn"]}
    # the same link again: nothing more happens
    again = client.post(confirm)
    assert again.status_code == 302
    assert RegistrationChange.objects.count() == 1


def test_selfservice_email_change_link_is_refused_when_forged(client, registration):
    token = email_change_token(
        reference=registration.reference, old_email=registration.email, new_email="x@example.vn"
    )
    forged = signing.dumps([registration.reference, registration.email, "x@example.vn"], salt="another salt")

    for bad in (token[:-3] + "abc", forged, "nonsense"):
        response = client.post(email_change_path(bad))
        assert response.status_code == 400
        assert response.context["message"] == services.email_change_invalid().message
    registration.refresh_from_db()
    assert registration.email == "minh@example.vn"


def test_selfservice_email_change_link_expires(client, registration, settings, monkeypatch):
    token = email_change_token(
        reference=registration.reference, old_email=registration.email, new_email="x@example.vn"
    )
    later = timezone.now() + datetime.timedelta(hours=49)
    monkeypatch.setattr("time.time", lambda: later.timestamp())

    assert client.get(email_change_path(token)).status_code == 400
    assert client.post(email_change_path(token)).status_code == 400
    registration.refresh_from_db()
    assert registration.email == "minh@example.vn"


def test_selfservice_email_change_link_works_once_after_another_change(registration):
    first = email_change_token(
        reference=registration.reference, old_email=registration.email, new_email="a@example.vn"
    )
    second = email_change_token(
        reference=registration.reference, old_email=registration.email, new_email="b@example.vn"
    )
    services.registration_email_change_confirm(token=second)

    with pytest.raises(Exception) as refused:
        services.registration_email_change_confirm(token=first)

    assert refused.value.code == "email_change_link_invalid"
    registration.refresh_from_db()
    assert registration.email == "b@example.vn"


def test_selfservice_email_taken_at_the_event_is_refused_and_nothing_saved(client, registration):
    RegistrationFactory(event=registration.event, email="lan@example.vn")

    response = client.post(
        "/en" + edit_path(registration), {**DETAILS, "full_name": "Tên Mới", "email": "LAN@example.vn"}
    )

    assert response.status_code == 400
    assert field_errors(response.content, "email") == [
        "This e-mail address is already registered for this event."
    ]
    registration.refresh_from_db()
    assert registration.full_name == "Lê Văn Minh"  # nothing half-saved
    assert OutgoingEmail.objects.filter(topic=EmailTopic.EMAIL_CHANGE).count() == 0


def test_selfservice_staff_change_records_who(registration):
    staff = UserFactory(username="can_bo")

    services.registration_details_update(
        registration=registration, full_name="Lê Minh", phone="0903123456", by=staff
    )

    change = RegistrationChange.objects.get()
    assert (change.source, change.by, change.changes) == (
        ChangeSource.STAFF,
        staff,
        {"full_name": ["Lê Văn Minh", "Lê Minh"]},
    )


def test_selfservice_link_on_registration_page(client, registration):
    page = client.get(registration_manage_path(registration)).content.decode()

    links = re.findall(r'<a class="button" href="(/registrations/[^"]+/edit/)">', page)
    assert [link.split(":")[0] for link in links] == [edit_path(registration).split(":")[0]]


def test_selfservice_history_is_anonymised_with_the_event(registration):
    from events.privacy import anonymise_ended_events

    services.registration_details_update(registration=registration, full_name="Lê Minh", phone="0903123456")
    session = registration.event.sessions.get()
    session.starts_at = timezone.now() - datetime.timedelta(days=800)
    session.ends_at = session.starts_at + datetime.timedelta(hours=2)
    session.save()

    anonymise_ended_events(older_than_days=730)

    assert RegistrationChange.objects.get().changes == {}


def test_selfservice_history_on_the_registration_admin_page(admin_client, registration):
    services.registration_details_update(registration=registration, full_name="Lê Minh", phone="0903123456")

    response = admin_client.get(f"/admin/events/registration/{registration.pk}/change/")

    assert response.status_code == 200
    inline = next(
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.opts.model is RegistrationChange
    )
    assert [form.original.changes for form in inline] == [{"full_name": ["Lê Văn Minh", "Lê Minh"]}]


def ask_email_change(client, registration, email: str, *, ip: str = "203.0.113.7", prefix: str = ""):
    return client.post(
        prefix + edit_path(registration),
        {**DETAILS, "email": email, "organization_name": "", "position": ""},
        REMOTE_ADDR=ip,
    )


def test_selfservice_email_changes_are_limited_per_registration(client, registration):
    answers = [ask_email_change(client, registration, f"moi{n}@example.vn").status_code for n in range(5)]

    refused = client.post(
        edit_path(registration),
        {
            **DETAILS,
            "full_name": "Tên Khác",
            "email": "moi5@example.vn",
            "organization_name": "",
            "position": "",
        },
        REMOTE_ADDR="198.51.100.9",  # another client: the registration's own limit still holds
    )

    assert answers == [302] * 5
    assert refused.status_code == 400
    with override("vi"):
        expected = ngettext(
            "Too many e-mail address changes were asked for. Try again in %(minutes)d minute; nothing was "
            "changed.",
            "Too many e-mail address changes were asked for. Try again in %(minutes)d minutes; nothing was "
            "changed.",
            60,
        ) % {"minutes": 60}
    assert field_errors(refused.content, "email") == [expected]
    assert expected.startswith("Đã có quá nhiều yêu cầu đổi địa chỉ email")
    registration.refresh_from_db()
    assert registration.full_name == "Lê Văn Minh"  # nothing half-saved
    assert OutgoingEmail.objects.filter(topic=EmailTopic.EMAIL_CHANGE).count() == 5
    # Keeping the address is not an e-mail change: the other details still save.
    kept = client.post(edit_path(registration), {**DETAILS, "full_name": "Tên Khác"})
    assert kept.status_code == 302
    registration.refresh_from_db()
    assert registration.full_name == "Tên Khác"


def test_selfservice_email_changes_are_limited_per_ip(client, registration, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "email_change_ip": "2/hour",
        },
    }
    others = [RegistrationFactory(email=f"nguoi{n}@example.vn") for n in range(2)]

    first = [
        ask_email_change(client, r, f"moi.{r.pk}@example.vn").status_code for r in (registration, *others)
    ]
    elsewhere = ask_email_change(client, others[1], "khac@example.vn", ip="198.51.100.9", prefix="/en")

    assert first == [302, 302, 400]
    assert elsewhere.status_code == 302
    sent = OutgoingEmail.objects.filter(topic=EmailTopic.EMAIL_CHANGE).values_list("recipient", flat=True)
    assert sorted(sent) == sorted(
        ["khac@example.vn", f"moi.{others[0].pk}@example.vn", f"moi.{registration.pk}@example.vn"]
    )


def test_selfservice_email_change_limit_message_in_english(client, registration):
    for n in range(5):
        ask_email_change(client, registration, f"moi{n}@example.vn")

    refused = ask_email_change(client, registration, "moi5@example.vn", prefix="/en")

    assert refused.status_code == 400
    assert field_errors(refused.content, "email") == [
        "Too many e-mail address changes were asked for. Try again in 60 minutes; nothing was changed."
    ]


@pytest.mark.parametrize(
    ("language", "subject", "says"),
    [
        ("vi", "Địa chỉ email của bạn đã được thay đổi: ", "vui lòng báo cho ban tổ chức"),
        ("en", "Your e-mail address was changed: ", "has been changed to another address"),
    ],
)
def test_selfservice_old_address_is_told_once_the_change_is_confirmed(
    registration, language, subject, says, django_capture_on_commit_callbacks
):
    from events.mail.messages import build_email

    registration.language = language
    registration.save(update_fields=["language"])
    token = email_change_token(
        reference=registration.reference, old_email=registration.email, new_email="minh.moi@example.vn"
    )
    with django_capture_on_commit_callbacks(execute=False):
        services.registration_email_change_request(registration=registration, new_email="minh.moi@example.vn")
    assert not OutgoingEmail.objects.filter(kind=services.EMAIL_CHANGED_KIND).exists()  # not before

    with django_capture_on_commit_callbacks(execute=False):
        services.registration_email_change_confirm(token=token)
        services.registration_email_change_confirm(token=token)  # the link opened twice: told once

    notice = OutgoingEmail.objects.get(kind=services.EMAIL_CHANGED_KIND)
    assert (notice.topic, notice.recipient, notice.registration_id) == (
        EmailTopic.EMAIL_CHANGE,
        "minh@example.vn",
        registration.pk,
    )
    message = build_email(notice)
    assert message.to == ["minh@example.vn"]
    with override(language):
        assert message.subject == subject + registration.event.title
    assert says in message.body
    assert registration.reference in message.body
    assert "minh.moi@example.vn" not in message.body  # the new address is not shown to the old one


def test_selfservice_email_change_limit_is_the_services_rule(
    registration, django_capture_on_commit_callbacks
):
    # The limit holds for any caller of the service, not only the web page (a shell, a future API).
    with django_capture_on_commit_callbacks(execute=False):
        for n in range(5):
            assert services.registration_email_change_request(
                registration=registration, new_email=f"moi{n}@example.vn", client="203.0.113.7"
            )
        with pytest.raises(RegistrationError) as refused:
            services.registration_email_change_request(registration=registration, new_email="moi5@example.vn")
    assert (refused.value.code, refused.value.status_code) == ("too_many_email_changes", 429)
    assert OutgoingEmail.objects.filter(topic=EmailTopic.EMAIL_CHANGE).count() == 5
    # Keeping the address is not a change, and is not refused.
    assert (
        services.registration_email_change_request(registration=registration, new_email="MINH@example.vn")
        is False
    )


def test_selfservice_update_is_both_or_neither(registration):
    # The service behind the page (and any later API): a refused address keeps the other changes out.
    RegistrationFactory(event=registration.event, email="taken@example.vn")
    with pytest.raises(RegistrationError) as refused:
        services.registration_self_update(
            registration=registration,
            full_name="Tên Mới",
            email="taken@example.vn",
            phone="0903123456",
            organization_name="",
            organization_kind=registration.organization_kind,
            position="",
        )
    assert refused.value.code == "email_taken"
    registration.refresh_from_db()
    assert registration.full_name == "Lê Văn Minh"
    assert not RegistrationChange.objects.exists()
