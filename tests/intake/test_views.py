"""The staff pages of the intake: who may open them, the add form, the upload, preview and import pages,
the progress answer, the template, and their query counts (the same for one row as for many)."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from checkin.models import DoorStaffAssignment
from events.enums import RegistrationStatus
from events.intake import reading
from events.intake.models import ImportState, ParticipantImport
from events.mail.models import OutgoingEmail
from events.models import Registration
from events.roles import DOOR_STAFF, ORGANISER
from events.selectors import organiser_events
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.intake.helpers import HEADER_VI, csv_bytes, people, vi

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    user = UserFactory(username="to_chuc", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISER))
    return user


@pytest.fixture
def door_staff(event):
    user = UserFactory(username="gac_cong", is_staff=True)
    user.groups.add(Group.objects.get(name=DOOR_STAFF))
    DoorStaffAssignment.objects.create(event=event, user=user, gate="Cổng 1")
    return user


def add_url(event):
    return reverse("events:intake_add", kwargs={"slug": event.slug})


def import_url(event):
    return reverse("events:intake_import", kwargs={"slug": event.slug})


def test_organiser_events_is_every_event_for_organisers_and_none_for_others(organiser, door_staff, event):
    other = EventFactory()

    assert sorted(organiser_events(organiser).values_list("pk", flat=True)) == sorted([event.pk, other.pk])
    assert list(organiser_events(door_staff)) == []
    assert list(organiser_events(UserFactory(username="khach"))) == []


@pytest.mark.parametrize("name", ["intake_add", "intake_import", "intake_template"])
def test_pages_are_not_found_for_door_staff(client, door_staff, event, name):
    client.force_login(door_staff)

    assert client.get(reverse(f"events:{name}", kwargs={"slug": event.slug})).status_code == 404


def test_pages_ask_anonymous_visitors_to_sign_in(client, event):
    response = client.get(add_url(event))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_add_page_registers_a_person_with_the_source(
    client, organiser, event, django_capture_on_commit_callbacks
):
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            add_url(event),
            {
                "full_name": "Phạm Thị Yến",
                "email": "yen@example.vn",
                "phone": "0912 345 678",
                "organization_name": "Sở Khoa học và Công nghệ",
                "organization_kind": "state_agency",
                "position": "Chuyên viên",
                "send_ticket": "on",
            },
        )

    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert (registration.full_name, registration.status, registration.source, registration.phone) == (
        "Phạm Thị Yến",
        RegistrationStatus.CONFIRMED,
        "staff",
        "0912345678",
    )
    assert list(OutgoingEmail.objects.values_list("kind", "recipient")) == [("confirmed", "yen@example.vn")]


def test_add_page_shows_a_duplicate_in_the_users_language(client, organiser, event):
    RegistrationFactory(event=event, email="yen@example.vn")
    client.force_login(organiser)

    response = client.post(
        add_url(event), {"full_name": "Phạm Thị Yến", "email": "YEN@example.vn", "phone": "0912345678"}
    )

    assert response.status_code == 400
    reference = Registration.objects.get().reference
    assert response.context["form"].non_field_errors() == [
        vi("%(email)s is already registered for this event (%(reference)s).")
        % {"email": "yen@example.vn", "reference": reference}
    ]
    assert OutgoingEmail.objects.count() == 0


def test_add_page_shows_field_errors_and_saves_nothing(client, organiser, event):
    client.force_login(organiser)

    response = client.post(add_url(event), {"full_name": "A\nB", "email": "x", "phone": "1"})

    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == ["email", "full_name", "phone"]
    assert Registration.objects.count() == 0


def test_add_page_queries_are_bounded(client, organiser, event, django_assert_num_queries):
    client.force_login(organiser)
    client.get(add_url(event))

    with django_assert_num_queries(5):  # session, user, permissions (2), event
        assert client.get(add_url(event)).status_code == 200


def test_template_is_an_xlsx_whose_header_maps_every_field(client, organiser, event):
    client.force_login(organiser)

    response = client.get(reverse("events:intake_template", kwargs={"slug": event.slug}))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == HEADER_VI
    assert reading.guess_mapping(header) == {name: index for index, name in enumerate(reading.FIELDS)}


def test_upload_refuses_an_unreadable_file_in_the_users_language(client, organiser, event):
    client.force_login(organiser)

    response = client.post(import_url(event), {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage")})

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        vi("This file could not be read. Upload an Excel (.xlsx) or CSV file, or use the template.")
    ]
    assert ParticipantImport.objects.count() == 0


def upload(client, event, data: bytes, name="danh-sach.csv") -> ParticipantImport:
    response = client.post(import_url(event), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    job = ParticipantImport.objects.get(file_name=name)
    assert response.url == reverse("events:intake_preview", kwargs={"slug": event.slug, "token": job.token})
    return job


def test_upload_preview_import_and_progress(client, organiser, event, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    job = upload(client, event, csv_bytes(people(3)))
    preview_url = reverse("events:intake_preview", kwargs={"slug": event.slug, "token": job.token})

    page = client.get(preview_url)
    assert page.status_code == 200
    assert page.context["preview"].ok is True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(preview_url, {"action": "import"})  # send_tickets unticked
    assert response.status_code == 302

    job.refresh_from_db()
    assert job.state == ImportState.DONE
    assert Registration.objects.filter(event=event, source="import").count() == 3
    assert OutgoingEmail.objects.count() == 0
    progress = client.get(reverse("events:intake_progress", kwargs={"slug": event.slug, "token": job.token}))
    assert progress.json() == {"state": "done", "done": 3, "total": 3, "created": 3}
    assert client.get(preview_url).context["job"].state == ImportState.DONE


def test_preview_with_errors_cannot_be_imported(client, organiser, event):
    client.force_login(organiser)
    rows = people(3)
    rows[2][1] = "sai"
    job = upload(client, event, csv_bytes(rows))
    preview_url = reverse("events:intake_preview", kwargs={"slug": event.slug, "token": job.token})

    response = client.post(preview_url, {"action": "import", "send_tickets": "on"})

    assert response.status_code == 400
    assert [(p.row, p.field) for p in response.context["problems"]] == [(4, "email")]
    job.refresh_from_db()
    assert job.state == ImportState.UPLOADED
    assert Registration.objects.count() == 0


def test_mapping_is_changed_on_the_preview(client, organiser, event):
    client.force_login(organiser)
    data = csv_bytes([["x", "Lê Văn Tám", "tam@example.vn", "0912345678"]], header=["Mã", "Tên", "Thư", "Số"])
    job = upload(client, event, data)
    preview_url = reverse("events:intake_preview", kwargs={"slug": event.slug, "token": job.token})

    response = client.post(preview_url, {"action": "map", "full_name": "1", "email": "2", "phone": "3"})

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping == {"full_name": 1, "email": 2, "phone": 3}
    assert client.get(preview_url).context["preview"].ok is True


def test_an_import_of_another_event_is_not_found(client, organiser, event):
    client.force_login(organiser)
    job = upload(client, event, csv_bytes(people(1)))
    other = EventFactory()

    response = client.get(reverse("events:intake_preview", kwargs={"slug": other.slug, "token": job.token}))

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 200])
def test_preview_page_queries_do_not_grow_with_rows(
    client, organiser, event, rows, django_assert_num_queries
):
    client.force_login(organiser)
    job = upload(client, event, csv_bytes(people(rows)))
    preview_url = reverse("events:intake_preview", kwargs={"slug": event.slug, "token": job.token})

    # session, user, permissions (2), event, import; then the check: savepoint, event lock, sessions (2),
    # its registrations, seats taken, savepoint released
    with django_assert_num_queries(13):
        assert client.get(preview_url).status_code == 200


@pytest.mark.parametrize("imports", [1, 12])
def test_import_page_queries_are_bounded(client, organiser, event, imports, django_assert_num_queries):
    client.force_login(organiser)
    for _n in range(imports):
        upload(client, event, csv_bytes(people(1)), name=f"ds-{_n}.csv")

    with django_assert_num_queries(6):  # session, user, permissions (2), event, recent lists
        assert client.get(import_url(event)).status_code == 200


def test_upload_help_is_in_the_pages_language(client, organiser, event):
    client.force_login(organiser)
    help_en = "Excel workbook, or CSV in UTF-8, Windows-1258 or Unicode text. At most 10000 people."
    help_vi = vi("Excel workbook, or CSV in UTF-8, Windows-1258 or Unicode text. At most %(n)d people.") % {
        "n": reading.MAX_ROWS
    }
    assert help_vi != help_en

    with translation.override("en"):
        english = client.get(import_url(event))
    with translation.override("vi"):
        vietnamese = client.get(import_url(event))

    assert english.context["form"].fields["file"].help_text == help_en
    assert vietnamese.context["form"].fields["file"].help_text == help_vi
