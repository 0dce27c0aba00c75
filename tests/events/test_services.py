import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from events import selectors, services
from events.enums import EventStatus, ProjectStage, RegistrationStatus
from events.exceptions import RegistrationError
from events.models import ProjectStageChange, Registration
from tests.events.helpers import expected_subject, manage_link, sent
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    RegistrationFactory,
    StartupProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def register(event, n: int = 0, **kwargs):
    values = {
        "full_name": f"Trần Văn Bình {n}",
        "email": f"binh{n}@example.vn",
        "phone": "0912 345 678",
        "consent": True,
    }
    values.update(kwargs)
    return services.registration_create(event=event, **values)


def statuses(event) -> list[tuple[str, str]]:
    return list(event.registrations.order_by("queued_at", "pk").values_list("email", "status"))


# --- registration_create ----------------------------------------------------------------------------


def test_registration_create_confirms_when_seat_free(event):
    outcome = register(
        event, full_name="  Lê Thị Thu Hà ", phone="+84 912 345 678", organization_name=" ĐHQG "
    )

    registration = Registration.objects.get()
    assert outcome.created is True
    assert outcome.registration == registration
    assert outcome.status == RegistrationStatus.CONFIRMED
    assert registration.full_name == "Lê Thị Thu Hà"
    assert registration.phone == "0912345678"
    assert registration.organization_name == "ĐHQG"
    assert registration.confirmed_at == registration.consent_at
    assert registration.language == "vi"


def test_registration_create_waitlists_past_capacity_in_arrival_order():
    event = EventFactory(capacity=2)
    start = timezone.now()

    for n in range(5):
        register(event, n, now=start + n * datetime.timedelta(seconds=1))

    assert statuses(event) == [
        ("binh0@example.vn", RegistrationStatus.CONFIRMED),
        ("binh1@example.vn", RegistrationStatus.CONFIRMED),
        ("binh2@example.vn", RegistrationStatus.WAITLISTED),
        ("binh3@example.vn", RegistrationStatus.WAITLISTED),
        ("binh4@example.vn", RegistrationStatus.WAITLISTED),
    ]
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("queued_at")
    assert [selectors.waitlist_position(r) for r in waiting] == [1, 2, 3]


def test_registration_create_without_capacity_confirms_everyone():
    event = EventFactory(capacity=None)

    for n in range(3):
        register(event, n)

    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 3


def test_registration_create_pending_when_approval_required():
    event = EventFactory(capacity=10, requires_approval=True)

    outcome = register(event)

    assert outcome.status == RegistrationStatus.PENDING
    assert outcome.registration.confirmed_at is None


@pytest.mark.parametrize(
    ("event_kwargs", "code"),
    [
        ({"status": EventStatus.CANCELLED}, "event_cancelled"),
        ({"status": EventStatus.DRAFT}, "event_not_published"),
        ({"registration_opens_at": lambda now: now + DAY}, "registration_not_open"),
        ({"registration_closes_at": lambda now: now - HOUR}, "registration_closed"),
        (
            {
                "session__starts_at": lambda now: now - 2 * DAY,
                "session__ends_at": lambda now: now - 2 * DAY + 3 * HOUR,
            },
            "registration_closed",
        ),
        ({"capacity": 0, "waitlist_enabled": False}, "event_full"),
    ],
    ids=["cancelled", "draft", "not_yet_open", "closed", "all_sessions_ended", "full_without_waitlist"],
)
def test_registration_create_refused_with_stable_code(
    event_kwargs, code, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    values = {"capacity": 10} | {
        key: value(now) if callable(value) else value for key, value in event_kwargs.items()
    }
    event = EventFactory(**values)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RegistrationError) as refused:
        register(event, now=now)

    assert refused.value.code == code
    assert refused.value.status_code == 409
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_registration_create_full_without_waitlist_after_last_seat():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    register(event, 0)

    with pytest.raises(RegistrationError) as refused:
        register(event, 1)

    assert refused.value.code == "event_full"
    assert statuses(event) == [("binh0@example.vn", RegistrationStatus.CONFIRMED)]


def test_registration_create_refused_without_consent(event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RegistrationError) as refused:
        register(event, consent=False)

    assert refused.value.code == "consent_required"
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_registration_create_same_email_returns_existing(event):
    first = register(event, email="Hoa.Nguyen@Example.vn")

    again = register(event, email="  hoa.nguyen@example.VN ", full_name="Someone Else")

    assert again.created is False
    assert again.registration == first.registration
    assert again.registration.full_name == "Trần Văn Bình 0"
    assert Registration.objects.count() == 1


def test_registration_create_same_email_returns_existing_even_when_closed():
    event = EventFactory(capacity=10)
    first = register(event)
    event.registration_closes_at = timezone.now() - HOUR
    event.save()

    again = register(event)

    assert (again.created, again.registration) == (False, first.registration)


def test_registration_create_cancelled_person_registers_again(event):
    first = register(event).registration
    services.registration_cancel(registration=first)

    again = register(event, full_name="Trần Văn Bình (lần 2)")

    registration = Registration.objects.get()
    assert again.created is True
    assert registration.pk == first.pk
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.full_name == "Trần Văn Bình (lần 2)"
    assert registration.cancelled_at is None


def test_registration_create_cancelled_person_goes_to_back_of_line():
    event = EventFactory(capacity=1)
    register(event, 0)
    waiting = register(event, 1).registration
    register(event, 2)
    services.registration_cancel(registration=waiting)

    again = register(event, 1).registration

    assert again.status == RegistrationStatus.WAITLISTED
    assert selectors.waitlist_position(again) == 2


# --- cancel, approve, reject, promote -----------------------------------------------------------------


def test_registration_cancel_promotes_first_waitlisted():
    event = EventFactory(capacity=1)
    confirmed = register(event, 0).registration
    register(event, 1)
    register(event, 2)

    cancelled = services.registration_cancel(registration=confirmed, reason="Bận việc")

    assert cancelled.status == RegistrationStatus.CANCELLED
    assert cancelled.status_note == "Bận việc"
    assert statuses(event) == [
        ("binh0@example.vn", RegistrationStatus.CANCELLED),
        ("binh1@example.vn", RegistrationStatus.CONFIRMED),
        ("binh2@example.vn", RegistrationStatus.WAITLISTED),
    ]
    assert selectors.waitlist_position(event.registrations.get(email="binh2@example.vn")) == 1


def test_registration_cancel_is_idempotent(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    confirmed = register(event, 0).registration
    register(event, 1)
    register(event, 2)
    services.registration_cancel(registration=confirmed)
    first_cancelled_at = Registration.objects.get(pk=confirmed.pk).cancelled_at

    with django_capture_on_commit_callbacks(execute=True):
        again = services.registration_cancel(registration=confirmed)

    assert again.status == RegistrationStatus.CANCELLED
    assert again.cancelled_at == first_cancelled_at
    assert statuses(event) == [
        ("binh0@example.vn", RegistrationStatus.CANCELLED),
        ("binh1@example.vn", RegistrationStatus.CONFIRMED),
        ("binh2@example.vn", RegistrationStatus.WAITLISTED),
    ]
    assert mailoutbox == []


def test_registration_cancel_of_waitlisted_promotes_nobody():
    event = EventFactory(capacity=1)
    register(event, 0)
    waiting = register(event, 1).registration
    register(event, 2)

    services.registration_cancel(registration=waiting)

    assert statuses(event) == [
        ("binh0@example.vn", RegistrationStatus.CONFIRMED),
        ("binh1@example.vn", RegistrationStatus.CANCELLED),
        ("binh2@example.vn", RegistrationStatus.WAITLISTED),
    ]


def test_registration_cancel_records_staff_member():
    staff = UserFactory()
    registration = register(EventFactory(capacity=5)).registration

    services.registration_cancel(registration=registration, by=staff)

    assert Registration.objects.get().decided_by == staff


def test_registration_approve_confirms_when_seat_free():
    event = EventFactory(capacity=1, requires_approval=True)
    pending = register(event).registration
    staff = UserFactory()

    approved = services.registration_approve(registration=pending, by=staff)

    assert approved.status == RegistrationStatus.CONFIRMED
    assert approved.decided_by == staff
    assert approved.confirmed_at is not None


def test_registration_approve_waitlists_when_full():
    event = EventFactory(capacity=1, requires_approval=True)
    first = register(event, 0).registration
    second = register(event, 1).registration
    services.registration_approve(registration=first)

    approved = services.registration_approve(registration=second)

    assert approved.status == RegistrationStatus.WAITLISTED
    assert approved.confirmed_at is None
    assert selectors.waitlist_position(approved) == 1


def test_registration_approve_leaves_non_pending_unchanged():
    registration = RegistrationFactory(status=RegistrationStatus.CANCELLED)

    assert services.registration_approve(registration=registration).status == RegistrationStatus.CANCELLED


def test_registration_reject_pending_with_reason():
    event = EventFactory(capacity=5, requires_approval=True)
    pending = register(event).registration

    rejected = services.registration_reject(registration=pending, reason="Không thuộc đối tượng")

    assert rejected.status == RegistrationStatus.REJECTED
    assert Registration.objects.get().status_note == "Không thuộc đối tượng"


def test_registration_reject_leaves_confirmed_unchanged(event):
    confirmed = register(event).registration

    assert services.registration_reject(registration=confirmed).status == RegistrationStatus.CONFIRMED


def test_registration_promote_waitlisted_after_capacity_raise():
    event = EventFactory(capacity=1)
    for n in range(4):
        register(event, n)
    event.capacity = 3
    event.save()

    promoted = services.registration_promote_waitlisted(event=event)

    assert [r.email for r in promoted] == ["binh1@example.vn", "binh2@example.vn"]
    assert statuses(event) == [
        ("binh0@example.vn", RegistrationStatus.CONFIRMED),
        ("binh1@example.vn", RegistrationStatus.CONFIRMED),
        ("binh2@example.vn", RegistrationStatus.CONFIRMED),
        ("binh3@example.vn", RegistrationStatus.WAITLISTED),
    ]


def test_registration_promote_waitlisted_when_full_promotes_nobody():
    event = EventFactory(capacity=1)
    register(event, 0)
    register(event, 1)

    assert services.registration_promote_waitlisted(event=event) == []


# --- e-mails ----------------------------------------------------------------------------------------


def test_registration_create_confirmed_sends_mail_with_manage_link(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, email="an@example.vn").registration

    assert sent(mailoutbox) == [(["an@example.vn"], expected_subject("confirmed", event, "vi"))]
    assert manage_link(mailoutbox[0]) == ("", registration)
    assert mailoutbox[0].subject == "Xác nhận đăng ký: Lớp tập huấn ươm tạo khởi nghiệp"


def test_registration_create_waitlisted_sends_mail_in_registrant_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=0, title_vi="Ngày hội khởi nghiệp", title_en="Startup day")

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, email="john@example.com", language="en").registration

    assert registration.status == RegistrationStatus.WAITLISTED
    assert sent(mailoutbox) == [(["john@example.com"], expected_subject("waitlisted", event, "en"))]
    assert mailoutbox[0].subject == "You are on the waiting list: Startup day"
    assert manage_link(mailoutbox[0]) == ("/en", registration)


def test_registration_create_pending_sends_mail(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=5, requires_approval=True)

    with django_capture_on_commit_callbacks(execute=True):
        register(event, email="an@example.vn")

    assert sent(mailoutbox) == [(["an@example.vn"], expected_subject("pending", event, "vi"))]


def test_registration_cancel_sends_cancelled_and_promoted_mails(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    confirmed = register(event, 0).registration
    waiting = register(event, 1, language="en").registration

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=confirmed)

    assert sent(mailoutbox) == [
        (["binh0@example.vn"], expected_subject("cancelled", event, "vi")),
        (["binh1@example.vn"], expected_subject("promoted", event, "en")),
    ]
    assert manage_link(mailoutbox[1]) == ("/en", waiting)


def test_registration_approve_sends_confirmed_mail(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=5, requires_approval=True)
    pending = register(event, email="an@example.vn").registration

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_approve(registration=pending)

    assert sent(mailoutbox) == [(["an@example.vn"], expected_subject("confirmed", event, "vi"))]


def test_registration_reject_sends_mail_with_reason(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=5, requires_approval=True)
    pending = register(event, email="an@example.vn").registration

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_reject(registration=pending, reason="Hết chỉ tiêu đơn vị")

    assert sent(mailoutbox) == [(["an@example.vn"], expected_subject("rejected", event, "vi"))]
    with translation.override("vi"):
        expected = gettext("We are sorry, your registration was not accepted.") + " Hết chỉ tiêu đơn vị"
    assert mailoutbox[0].body.splitlines()[2] == expected


def test_registration_mail_text_part_and_subject_are_not_html_escaped(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Plain text is not HTML: an apostrophe or an ampersand reads as typed, in the subject too; the
    HTML part still escapes markup."""
    event = EventFactory(capacity=5, title_vi='Khởi nghiệp & đổi mới: "Ngày hội" O\'Reilly')

    with django_capture_on_commit_callbacks(execute=True):
        register(event, full_name="Nguyễn O'Brien & <b>Co</b>", email="ob@example.vn")

    message = mailoutbox[0]
    assert message.subject == 'Xác nhận đăng ký: Khởi nghiệp & đổi mới: "Ngày hội" O\'Reilly'
    assert message.body.splitlines()[0] == "Kính gửi Nguyễn O'Brien & <b>Co</b>,"
    assert "&#x27;" not in message.body and "&amp;" not in message.body
    html = message.alternatives[0][0]
    assert "Nguyễn O&#x27;Brien &amp; &lt;b&gt;Co&lt;/b&gt;" in html
    assert "<b>Co</b>" not in html


def test_registration_reject_reason_is_escaped_in_the_html_part_only(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=5, requires_approval=True)
    pending = register(event, email="an@example.vn").registration
    reason = "Hết chỗ <b>VIP</b> & <a href='http://x.example'>x</a>"

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_reject(registration=pending, reason=reason)

    message = mailoutbox[0]
    assert reason in message.body
    html = message.alternatives[0][0]
    assert "<a href='http://x.example'>" not in html and "<b>VIP</b>" not in html
    assert "Hết chỗ &lt;b&gt;VIP&lt;/b&gt; &amp; &lt;a href=&#x27;http://x.example&#x27;&gt;" in html


def test_registration_create_duplicate_sends_no_mail(event, mailoutbox, django_capture_on_commit_callbacks):
    register(event)

    with django_capture_on_commit_callbacks(execute=True):
        register(event)

    assert mailoutbox == []


# --- project stages -----------------------------------------------------------------------------------


def test_project_stage_set_changes_stage_mid_year():
    project = StartupProjectFactory()
    services.project_stage_set(
        project=project, stage=ProjectStage.PRE_INCUBATION, effective_on=datetime.date(2025, 1, 1)
    )

    services.project_stage_set(
        project=project, stage=ProjectStage.INCUBATION, effective_on=datetime.date(2025, 7, 1)
    )

    project.refresh_from_db()
    assert project.stage == ProjectStage.INCUBATION
    assert selectors.project_stage_on(project=project, day=datetime.date(2024, 12, 31)) is None
    assert selectors.project_stage_on(project=project, day=datetime.date(2025, 1, 1)) == "pre_incubation"
    assert selectors.project_stage_on(project=project, day=datetime.date(2025, 6, 30)) == "pre_incubation"
    assert selectors.project_stage_on(project=project, day=datetime.date(2025, 7, 1)) == "incubation"
    assert selectors.project_stage_on(project=project, day=datetime.date(2025, 12, 31)) == "incubation"


def test_project_stage_set_back_dated_entry_keeps_newer_stage():
    project = StartupProjectFactory()
    services.project_stage_set(
        project=project, stage=ProjectStage.ACCELERATION, effective_on=datetime.date(2025, 9, 1)
    )

    services.project_stage_set(
        project=project, stage=ProjectStage.INCUBATION, effective_on=datetime.date(2025, 3, 1)
    )

    project.refresh_from_db()
    assert project.stage == ProjectStage.ACCELERATION
    assert selectors.project_stage_on(project=project, day=datetime.date(2025, 5, 1)) == "incubation"


def test_project_stage_set_same_day_replaces_entry():
    project = StartupProjectFactory()
    staff = UserFactory()
    day = datetime.date(2025, 4, 1)
    services.project_stage_set(project=project, stage=ProjectStage.INCUBATION, effective_on=day)

    change = services.project_stage_set(
        project=project, stage=ProjectStage.ACCELERATION, effective_on=day, note="Sửa nhầm", by=staff
    )

    assert list(ProjectStageChange.objects.values_list("stage", "note", "recorded_by")) == [
        ("acceleration", "Sửa nhầm", staff.pk)
    ]
    assert change.stage == ProjectStage.ACCELERATION


def test_project_stage_set_unknown_stage_raises():
    with pytest.raises(ValueError, match="unknown stage"):
        services.project_stage_set(
            project=StartupProjectFactory(), stage="unicorn", effective_on=datetime.date(2025, 1, 1)
        )


def test_projects_with_stage_on_annotates_stage_of_the_day():
    moved = StartupProjectFactory(name="A")
    steady = StartupProjectFactory(name="B")
    StartupProjectFactory(name="C")  # no history yet
    services.project_stage_set(
        project=moved, stage=ProjectStage.PRE_INCUBATION, effective_on=datetime.date(2025, 1, 1)
    )
    services.project_stage_set(
        project=moved, stage=ProjectStage.INCUBATION, effective_on=datetime.date(2025, 7, 1)
    )
    services.project_stage_set(
        project=steady, stage=ProjectStage.ACCELERATION, effective_on=datetime.date(2024, 6, 1)
    )

    def stages_on(day):
        return list(
            selectors.projects_with_stage_on(day).order_by("name").values_list("name", "stage_on_day")
        )

    assert stages_on(datetime.date(2025, 3, 31)) == [
        ("A", "pre_incubation"),
        ("B", "acceleration"),
        ("C", None),
    ]
    assert stages_on(datetime.date(2025, 9, 30)) == [("A", "incubation"), ("B", "acceleration"), ("C", None)]


# --- Lists of people (registrations_create_many) -----------------------------------------------------


def listed(n: int, **extra) -> dict:
    return {"full_name": f"Lê Thị Mai {n}", "email": f"mai{n}@example.vn", "phone": "0912345678", **extra}


def test_registrations_create_many_says_why_each_person_is_refused():
    event = EventFactory(capacity=2, waitlist_enabled=False)
    RegistrationFactory(event=event, email="mai1@example.vn")

    with pytest.raises(services.RegistrationsRefused) as refused:
        services.registrations_create_many(
            event=event,
            people=[listed(1), listed(2, phone="12345"), listed(3), listed(3), listed(4)],
            source="import",
        )

    assert [(r.index, r.field, r.code) for r in refused.value.refusals] == [
        (0, "email", "already_registered"),
        (1, "phone", "invalid"),
        (3, "email", "duplicate_in_list"),
        (4, "", "event_full"),
    ]
    assert event.registrations.count() == 1


def test_registrations_create_many_sets_everyone_s_organisation():
    organization = OrganizationFactory()
    event = EventFactory()

    registrations = services.registrations_create_many(
        event=event, people=[listed(1), listed(2)], source="nomination", organization=organization
    )

    assert [(r.organization, r.organization_kind) for r in registrations] == [
        (organization, organization.kind)
    ] * 2
