"""Importing a participant list: the preview finds every problem of every row without saving anything, the
import saves everyone or nobody, and tickets go through the outbox only when staff chose so."""

import datetime

import pytest
from django.utils import timezone

from events.enums import OrganizationKind, RegistrationSource, RegistrationStatus
from events.intake import jobs, services
from events.intake.models import ImportState, ParticipantImport
from events.mail.models import OutgoingEmail
from events.models import Registration
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.intake.helpers import csv_bytes, people, vi, xlsx_bytes
from tests.training.helpers import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(superuser=True)


def upload(event, staff, data: bytes, name="danh-sach.csv") -> ParticipantImport:
    return services.import_upload(event=event, by=staff, file_name=name, data=data)


def problems(job) -> list[tuple[int, str, str]]:
    return [(p.row, p.field, p.message) for p in services.import_preview(job=job).problems]


def run(job, capture, *, send_tickets=True) -> ParticipantImport:
    """Start the import as the page does, then run the task it queued (its e-mails stay queued)."""
    with capture(execute=False) as started:
        assert services.import_start(job=job, send_tickets=send_tickets) is True
    assert len(started) == 1
    with capture(execute=False):
        jobs.import_run(job_id=job.pk)
    return ParticipantImport.objects.get(pk=job.pk)


def test_preview_of_a_clean_list_saves_nothing_and_counts_statuses(staff, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=3)
    job = upload(event, staff, csv_bytes(people(5)))

    preview = services.import_preview(job=job)

    assert preview.ok is True
    assert preview.statuses == {"confirmed": 3, "waitlisted": 2}
    assert Registration.objects.count() == 0


def test_import_registers_everyone_and_queues_their_tickets(staff, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=3)
    job = upload(event, staff, csv_bytes(people(5)))

    job = run(job, django_capture_on_commit_callbacks)

    assert job.state == ImportState.DONE
    assert job.created_count == 5
    assert job.table == {}  # the list's copy is gone once imported
    registrations = Registration.objects.filter(event=event).order_by("pk")
    assert [r.status for r in registrations] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert {r.source for r in registrations} == {RegistrationSource.IMPORT}
    assert registrations[0].full_name == "Nguyễn Thị Đào 0"
    assert registrations[0].organization_kind == OrganizationKind.INNOVATION_CENTRE
    assert sorted(OutgoingEmail.objects.values_list("kind", "recipient")) == sorted(
        [("confirmed", f"dao{n}@example.vn") for n in range(3)]
        + [("waitlisted", f"dao{n}@example.vn") for n in range(3, 5)]
    )


def test_import_without_tickets_queues_nothing(staff, django_capture_on_commit_callbacks):
    event = EventFactory()
    job = upload(event, staff, xlsx_bytes(people(4)), name="danh-sach.xlsx")

    job = run(job, django_capture_on_commit_callbacks, send_tickets=False)

    assert job.state == ImportState.DONE
    assert Registration.objects.filter(event=event).count() == 4
    assert OutgoingEmail.objects.count() == 0


def test_preview_finds_every_bad_row(staff):
    event = EventFactory()
    rows = people(6)
    rows[1][1] = "khong-phai-email"
    rows[2][0] = "Nguyễn\nThị Đào"
    rows[3][1] = rows[0][1].upper()  # same e-mail, other case
    rows[4][0] = '=HYPERLINK("http://evil.example","bấm")'
    rows[5][2] = "12"
    job = upload(event, staff, csv_bytes(rows))

    assert problems(job) == [
        (3, "email", vi("Enter a valid email address.")),
        (4, "full_name", vi("Enter this on one line, without line breaks.")),
        (5, "email", vi("This e-mail appears more than once in the list.")),
        (6, "full_name", vi("This looks like a spreadsheet formula; type the text itself.")),
        (7, "phone", vi("Enter a Vietnamese phone number, for example 0912 345 678 or +84 912 345 678.")),
    ]
    assert Registration.objects.count() == 0


def test_preview_refuses_people_already_registered(staff):
    event = EventFactory()
    RegistrationFactory(event=event, email="DAO1@example.vn")
    RegistrationFactory(event=event, email="dao2@example.vn", status=RegistrationStatus.CANCELLED)
    job = upload(event, staff, csv_bytes(people(3)))

    assert problems(job) == [(3, "email", vi("This e-mail is already registered for this event."))]


def test_a_cancelled_registration_is_taken_up_again(staff, django_capture_on_commit_callbacks):
    event = EventFactory()
    old = RegistrationFactory(event=event, email="dao0@example.vn", status=RegistrationStatus.CANCELLED)
    job = upload(event, staff, csv_bytes(people(2)))

    job = run(job, django_capture_on_commit_callbacks, send_tickets=False)

    assert job.state == ImportState.DONE
    old.refresh_from_db()
    assert (old.status, old.source, old.full_name) == ("confirmed", "import", "Nguyễn Thị Đào 0")
    assert Registration.objects.filter(event=event).count() == 2


def test_preview_refuses_rows_past_capacity_without_waiting_list(staff):
    event = EventFactory(capacity=2, waitlist_enabled=False)
    RegistrationFactory(event=event)
    job = upload(event, staff, csv_bytes(people(3)))

    assert problems(job) == [(3, "", vi("This event is full.")), (4, "", vi("This event is full."))]


def test_preview_checks_course_eligibility(staff):
    course = make_course(
        starts=[timezone.now() + datetime.timedelta(days=7)],
        eligible_kinds=[OrganizationKind.STATE_AGENCY],
    )
    rows = people(3)
    rows[0][4] = "Cơ quan nhà nước"
    rows[1][4] = "state_agency"
    job = upload(course.event, staff, csv_bytes(rows))

    kinds = vi("State agency")
    assert problems(job) == [(4, "", vi("This course is only for staff of: %(kinds)s.", kinds=kinds))]


def test_preview_refuses_an_unknown_kind_of_organisation(staff):
    event = EventFactory()
    rows = people(1)
    rows[0][4] = "Hội đồng hương"
    job = upload(event, staff, csv_bytes(rows))

    assert problems(job) == [
        (2, "organization_kind", vi("Value %(value)r is not a valid choice.", value="Hội đồng hương"))
    ]


def test_import_is_all_or_none_when_seats_went_after_the_preview(staff, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=3, waitlist_enabled=False)
    job = upload(event, staff, csv_bytes(people(3)))
    assert services.import_preview(job=job).ok is True
    RegistrationFactory(event=event, email="someone@example.vn")  # a seat went meanwhile

    job = run(job, django_capture_on_commit_callbacks)

    assert job.state == ImportState.FAILED
    assert job.problems == [{"row": 4, "field": "", "message": vi("This event is full.")}]
    assert Registration.objects.filter(event=event).count() == 1
    assert OutgoingEmail.objects.count() == 0


def test_mapping_can_be_changed_and_is_required(staff):
    event = EventFactory()
    data = csv_bytes([["x", "Lê Văn Tám", "tam@example.vn", "0912345678"]], header=["Mã", "Tên", "Thư", "Số"])
    job = upload(event, staff, data)
    assert job.mapping == {"full_name": 1}

    assert problems(job) == [
        (0, "email", vi("Choose the column that holds: %(field)s.", field=vi("E-mail"))),
        (0, "phone", vi("Choose the column that holds: %(field)s.", field=vi("Phone"))),
    ]
    job.mapping = {"full_name": 1, "email": 2, "phone": 3}
    job.save()
    assert problems(job) == []


def test_import_runs_once(staff, django_capture_on_commit_callbacks):
    event = EventFactory()
    job = upload(event, staff, csv_bytes(people(2)))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.import_start(job=job, send_tickets=False) is True
        assert services.import_start(job=job, send_tickets=False) is False
    jobs.import_run(job_id=job.pk)

    assert Registration.objects.filter(event=event).count() == 2


def test_old_uploads_are_cleaned_up(staff):
    event = EventFactory()
    old = upload(event, staff, csv_bytes(people(1)))
    ParticipantImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))

    new = upload(event, staff, csv_bytes(people(1)))

    assert list(ParticipantImport.objects.values_list("pk", flat=True)) == [new.pk]


def test_registration_add_refuses_a_duplicate_and_keeps_source(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, registration_closes_at=timezone.now() - datetime.timedelta(days=1))

    outcome = services.registration_add(
        event=event, full_name="Lý Thị Mai", email="mai@example.vn", phone="0912345678", send_ticket=False
    )
    assert (outcome.registration.status, outcome.registration.source) == ("confirmed", "staff")
    assert OutgoingEmail.objects.count() == 0
    with pytest.raises(services.RegistrationError) as refused:
        services.registration_add(
            event=event, full_name="Lý Thị Mai", email="MAI@example.vn", phone="0912345678"
        )
    assert refused.value.code == "already_registered"
    second = services.registration_add(
        event=event, full_name="Trần Văn Nam", email="nam@example.vn", phone="0912345679"
    )
    assert second.registration.status == "waitlisted"
    assert list(OutgoingEmail.objects.values_list("kind", "recipient")) == [("waitlisted", "nam@example.vn")]


def test_the_file_is_read_once_at_upload_and_its_rows_kept(
    staff, monkeypatch, django_capture_on_commit_callbacks
):
    from events.intake import reading

    calls = []
    read_table = reading.read_table
    monkeypatch.setattr(reading, "read_table", lambda *a, **k: calls.append(1) or read_table(*a, **k))
    event = EventFactory(capacity=10)
    job = upload(event, staff, xlsx_bytes([["Nguyễn Thị Đào", "dao@example.vn", 912345678]]))
    job = ParticipantImport.objects.get(pk=job.pk)

    assert job.table == {
        "header": ["Họ và tên", "Email", "Số điện thoại", "Tổ chức", "Loại tổ chức", "Chức vụ"],
        "rows": [[2, ["Nguyễn Thị Đào", "dao@example.vn", "912345678", "", "", ""]]],
    }
    assert services.import_preview(job=job).ok is True
    job = run(job, django_capture_on_commit_callbacks)

    assert job.state == ImportState.DONE
    assert calls == [1]  # upload only: the preview and the import read the kept rows
    assert Registration.objects.get(event=event).phone == "0912345678"


def test_an_import_whose_rows_are_gone_asks_for_the_file_again(staff, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=10)
    job = upload(event, staff, csv_bytes(people(2)))
    ParticipantImport.objects.filter(pk=job.pk).update(table={})

    job = run(ParticipantImport.objects.get(pk=job.pk), django_capture_on_commit_callbacks)

    assert job.state == ImportState.FAILED
    assert job.problems == [
        {"row": 0, "field": "", "message": vi("The list is no longer kept; upload the file again.")}
    ]
    assert Registration.objects.count() == 0


def test_preview_and_import_make_as_many_queries_for_40_people_as_for_4(
    staff, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (4, 40):
        event = EventFactory(capacity=100)
        job = upload(event, staff, csv_bytes(people(size, start=size * 10)))
        with CaptureQueriesContext(connection) as queries:
            assert services.import_preview(job=ParticipantImport.objects.get(pk=job.pk)).ok is True
            assert run(job, django_capture_on_commit_callbacks).created_count == size
        counts.append(len(queries))

    assert counts[0] == counts[1]
