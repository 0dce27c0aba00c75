"""Exhibitor applications: the apply page, approval (service and admin), waiting list, rejection, and the
refusals (twice, someone else's project, after the deadline, not an exhibition), each with its e-mails."""

import datetime

import pytest
from django.utils import timezone

from events import selectors, services
from events.enums import EventKind, EventStatus, ProjectStage, RegistrationSource, RegistrationStatus, Sector
from events.exhibitions.forms import MeetingRequestForm
from events.exhibitions.images import clean_logo
from events.exhibitions.models import Exhibitor, ExhibitorMember, ExhibitorStatus, ParticipationKind
from events.exhibitions.services import (
    ExhibitorError,
    exhibitor_approve,
    exhibitor_reject,
    exhibitor_waitlist,
)
from events.models import Event, ProjectStageChange, Registration, StartupProject
from tests.factories import EventFactory, RegistrationFactory, StartupProjectFactory

from .helpers import (
    CONTACT_EMAIL,
    alert,
    application_post,
    apply,
    exhibition_event,
    field_errors,
    image_bytes,
    in_language,
    links,
    stored_files,
    team_page_of,
    upload,
    vi,
)

TWO_MEMBERS = [
    {
        "full_name": "Lê Thị Mai",
        "email": "mai@nongsanxanh.vn",
        "phone": "0912 345 678",
        "role": "Trưởng nhóm",
    },
    {"full_name": "Đỗ Quang Huy", "email": "Huy@NongSanXanh.vn", "phone": "+84 987 654 321"},
]


def _apply_url(event: Event, prefix: str = "") -> str:
    return f"{prefix}/events/{event.slug}/exhibit/"


def _subject(kind: str, exhibitor: Exhibitor, language: str = "vi") -> str:
    subjects = {
        "submitted": "Application received: %(p)s at %(e)s",
        "approved": "Approved: %(p)s at %(e)s",
        "waitlisted": "On the waiting list: %(p)s at %(e)s",
        "rejected": "Application not accepted: %(p)s at %(e)s",
    }
    title = exhibitor.event.title_vi if language == "vi" else exhibitor.event.title_en
    return in_language(language, subjects[kind], p=exhibitor.project.name, e=title)


def _sent(outbox) -> list[tuple[list[str], str]]:
    return sorted((message.to, message.subject) for message in outbox)


def _nothing_saved() -> dict:
    return {
        "projects": StartupProject.objects.count(),
        "stage_changes": ProjectStageChange.objects.count(),
        "exhibitors": Exhibitor.objects.count(),
        "members": ExhibitorMember.objects.count(),
        "registrations": Registration.objects.count(),
    }


NOTHING = {"projects": 0, "stage_changes": 0, "exhibitors": 0, "members": 0, "registrations": 0}


# --- Applying through the page -------------------------------------------------------------------------


def test_apply_page_creates_project_exhibitor_and_members_and_emails_the_contact(
    client, exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    assert client.get(_apply_url(exhibition)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_apply_url(exhibition), application_post())

    exhibitor = Exhibitor.objects.get()
    assert response.status_code == 302
    assert team_page_of(response["Location"]) == exhibitor
    project = exhibitor.project
    assert (
        project.name,
        project.slug,
        project.sector,
        project.stage,
        project.description_vi,
        project.description_en,
        project.website,
        project.contact_email,
    ) == (
        "Nông Sản Xanh",
        "nong-san-xanh",
        Sector.AGRITECH,
        ProjectStage.PRE_INCUBATION,
        "Nền tảng kết nối nông dân với bếp ăn tập thể.",
        "Connecting farmers with canteens.",
        "https://nongsanxanh.vn",
        CONTACT_EMAIL,
    )
    assert list(project.stage_changes.values_list("stage", "effective_on")) == [
        (ProjectStage.PRE_INCUBATION, timezone.localdate())
    ]
    assert (
        exhibitor.event,
        exhibitor.status,
        exhibitor.kind,
        exhibitor.showcase_vi,
        exhibitor.booth_needs,
        exhibitor.contact_name,
        exhibitor.contact_phone,
        exhibitor.booth,
        exhibitor.language,
    ) == (
        exhibition,
        ExhibitorStatus.SUBMITTED,
        ParticipationKind.BOOTH,
        "Ứng dụng đặt rau sạch theo mùa",
        "Ổ điện, một màn hình",
        "Trần Văn Bình",
        "0903123456",
        "",
        "vi",
    )
    assert list(exhibitor.members.order_by("pk").values_list("full_name", "email", "phone", "role")) == [
        ("Lê Thị Mai", "mai@nongsanxanh.vn", "0912345678", "Trưởng nhóm"),
        ("Đỗ Quang Huy", "huy@nongsanxanh.vn", "0987654321", "Kỹ sư"),
    ]
    # Nobody has a ticket before staff approve the application.
    assert exhibition.registrations.count() == 0
    assert _sent(mailoutbox) == [([CONTACT_EMAIL], _subject("submitted", exhibitor))]
    assert [team_page_of(link) for link in links(mailoutbox[0].body)] == [exhibitor]


def test_apply_page_in_english_sends_english_email(
    client, exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_apply_url(exhibition, "/en"), application_post())

    exhibitor = Exhibitor.objects.get()
    assert response.status_code == 302
    assert exhibitor.language == "en"
    assert _sent(mailoutbox) == [
        ([CONTACT_EMAIL], "Application received: Nông Sản Xanh at HCMC startup innovation exhibition")
    ]


def test_apply_page_for_a_course_is_not_found(db, client, mailoutbox):
    course = EventFactory(kind=EventKind.COURSE, slug="tap-huan-uom-tao")

    assert client.get(_apply_url(course)).status_code == 404
    assert client.post(_apply_url(course), application_post()).status_code == 404
    assert _nothing_saved() == {**NOTHING}
    assert mailoutbox == []


def test_apply_page_for_a_draft_exhibition_is_not_found(db, client):
    draft = exhibition_event(slug="trien-lam-nhap", status=EventStatus.DRAFT)

    assert client.get(_apply_url(draft)).status_code == 404
    assert client.post(_apply_url(draft), application_post()).status_code == 404
    assert Exhibitor.objects.count() == 0


def test_apply_page_without_consent_shows_the_field_error(client, exhibition):
    data = application_post()
    del data["consent"]

    response = client.post(_apply_url(exhibition), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"consent": [vi("This field is required.")]}
    assert _nothing_saved() == NOTHING


# --- Refusals ------------------------------------------------------------------------------------------


def test_apply_after_the_deadline_is_refused_and_nothing_is_saved(
    client, exhibition, media_root, mailoutbox, django_capture_on_commit_callbacks
):
    exhibition.exhibitor_deadline = timezone.now() - datetime.timedelta(minutes=1)
    exhibition.save()
    data = application_post(logo=upload(image_bytes(200, 200)))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_apply_url(exhibition), data)

    assert response.status_code == 409
    assert alert(response.content) == vi("The deadline for exhibitor applications has passed.")
    assert _nothing_saved() == NOTHING
    assert stored_files(media_root) == []
    assert mailoutbox == []


def test_exhibitor_apply_after_the_deadline_has_code_deadline_passed(exhibition):
    exhibition.exhibitor_deadline = timezone.now() - datetime.timedelta(minutes=1)
    exhibition.save()

    with pytest.raises(ExhibitorError) as refused:
        apply(exhibition)

    assert refused.value.code == "deadline_passed"
    assert _nothing_saved() == NOTHING


def test_exhibitor_apply_before_the_deadline_is_accepted(exhibition):
    exhibition.exhibitor_deadline = timezone.now() + datetime.timedelta(minutes=1)
    exhibition.save()

    assert apply(exhibition).status == ExhibitorStatus.SUBMITTED


def test_exhibitor_apply_without_deadline_after_the_event_ended_is_refused(db):
    ended = exhibition_event(
        slug="trien-lam-da-qua", starts=timezone.now() - datetime.timedelta(days=2), hours=3
    )

    with pytest.raises(ExhibitorError) as refused:
        apply(ended)

    assert refused.value.code == "deadline_passed"
    assert _nothing_saved() == NOTHING


def test_exhibitor_apply_twice_for_the_same_project_is_refused(
    exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    first = apply(exhibition)

    with pytest.raises(ExhibitorError) as refused, django_capture_on_commit_callbacks(execute=True):
        apply(exhibition, name="  nông sản   XANH ", contact_email=CONTACT_EMAIL.upper())

    assert refused.value.code == "already_applied"
    assert list(Exhibitor.objects.all()) == [first]
    assert StartupProject.objects.count() == 1
    assert ExhibitorMember.objects.count() == 1
    assert mailoutbox == []


def test_apply_page_twice_for_the_same_project_stores_no_logo(client, exhibition, media_root):
    assert client.post(_apply_url(exhibition), application_post()).status_code == 302
    project = StartupProject.objects.get()

    response = client.post(_apply_url(exhibition), application_post(logo=upload(image_bytes(200, 200))))

    assert response.status_code == 409
    assert alert(response.content) == vi("This project has already applied to this event.")
    project.refresh_from_db()
    assert project.logo.name == ""
    assert stored_files(media_root) == []
    assert Exhibitor.objects.count() == 1


def test_exhibitor_apply_with_an_existing_project_at_another_event_reuses_it(exhibition):
    first = apply(exhibition)
    other = exhibition_event(slug="ngay-hoi-demo", kind=EventKind.DEMO_DAY)

    second = apply(other, kind=ParticipationKind.PITCH, stage=ProjectStage.ACCELERATION)

    assert second.project == first.project
    assert second.kind == ParticipationKind.PITCH
    assert StartupProject.objects.count() == 1
    # The declared stage of an existing project does not rewrite its history.
    assert list(first.project.stage_changes.values_list("stage", flat=True)) == [ProjectStage.PRE_INCUBATION]


@pytest.mark.parametrize("owner_email", ["chu.du.an@congtykhac.vn", ""])
def test_exhibitor_apply_with_a_project_name_owned_by_someone_else_is_refused(
    exhibition, owner_email, mailoutbox, django_capture_on_commit_callbacks
):
    StartupProjectFactory(name="Nông Sản Xanh", contact_email=owner_email)

    with pytest.raises(ExhibitorError) as refused, django_capture_on_commit_callbacks(execute=True):
        apply(exhibition, name="nông  sản xanh")

    assert refused.value.code == "project_taken"
    assert Exhibitor.objects.count() == 0
    assert ExhibitorMember.objects.count() == 0
    assert StartupProject.objects.count() == 1
    assert mailoutbox == []


def test_apply_page_with_a_project_name_owned_by_someone_else_shows_the_error(client, exhibition):
    StartupProjectFactory(name="Nông Sản Xanh", contact_email="chu.du.an@congtykhac.vn")

    response = client.post(_apply_url(exhibition), application_post())

    assert response.status_code == 409
    assert alert(response.content) == vi(
        "A project with this name is already registered by someone else. Contact the organisers."
    )
    assert Exhibitor.objects.count() == 0


def test_exhibitor_apply_with_more_than_ten_members_is_refused(exhibition):
    members = [
        {"full_name": f"Thành viên {n}", "email": f"tv{n}@duan.vn", "phone": "0912345678"} for n in range(11)
    ]

    with pytest.raises(ExhibitorError) as refused:
        apply(exhibition, members=members)

    assert refused.value.code == "too_many_members"
    assert _nothing_saved() == NOTHING


# --- Approval ------------------------------------------------------------------------------------------


def _member_registrations(exhibitor: Exhibitor) -> list[tuple]:
    return list(
        Registration.objects.filter(event=exhibitor.event, is_exhibitor=True)
        .order_by("email")
        .values_list("email", "full_name", "status", "source", "startup_project", "organization_name")
    )


def _attachments(message) -> list[tuple[str, str]]:
    return [(a[0], a[2]) for a in message.attachments if isinstance(a, tuple)]


def test_exhibitor_approve_gives_members_tickets_outside_the_visitor_seats(
    exhibition, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    RegistrationFactory.create_batch(3, event=exhibition)
    exhibitor = apply(exhibition, members=TWO_MEMBERS)
    assert selectors.seats_left(Event.objects.with_seats().get(pk=exhibition.pk)) == 7

    with django_capture_on_commit_callbacks(execute=True):
        result = exhibitor_approve(exhibitor=exhibitor, by=superuser)

    exhibitor.refresh_from_db()
    assert (result.status, exhibitor.status, exhibitor.decided_by) == (
        ExhibitorStatus.APPROVED,
        ExhibitorStatus.APPROVED,
        superuser,
    )
    as_team_member = (
        RegistrationStatus.CONFIRMED,
        RegistrationSource.STAFF,
        exhibitor.project_id,
        "Nông Sản Xanh",
    )
    assert _member_registrations(exhibitor) == [
        ("Huy@NongSanXanh.vn", "Đỗ Quang Huy", *as_team_member),
        ("mai@nongsanxanh.vn", "Lê Thị Mai", *as_team_member),
    ]
    assert [m.registration.email for m in exhibitor.members.order_by("pk")] == [
        "mai@nongsanxanh.vn",
        "Huy@NongSanXanh.vn",
    ]
    # Team members do not take visitors' seats: both ways of counting still show 7 free.
    assert selectors.seats_left(Event.objects.with_seats().get(pk=exhibition.pk)) == 7
    assert selectors.seats_left(Event.objects.get(pk=exhibition.pk)) == 7

    title = exhibition.title_vi
    assert _sent(mailoutbox) == sorted(
        [
            (["mai@nongsanxanh.vn"], vi("Registration confirmed: %(title)s", title=title)),
            (["Huy@NongSanXanh.vn"], vi("Registration confirmed: %(title)s", title=title)),
            ([CONTACT_EMAIL], _subject("approved", exhibitor)),
        ]
    )
    tickets = {m.to[0]: _attachments(m) for m in mailoutbox if m.to != [CONTACT_EMAIL]}
    references = {r.email: r.reference for r in Registration.objects.filter(is_exhibitor=True)}
    assert tickets == {
        email: [(f"ticket-{reference}.pdf", "application/pdf")] for email, reference in references.items()
    }


def test_exhibitor_approve_leaves_every_visitor_seat_to_visitors(exhibition):
    approved_one = exhibitor_approve(exhibitor=apply(exhibition, members=TWO_MEMBERS))
    assert approved_one.members.filter(registration__status=RegistrationStatus.CONFIRMED).count() == 2

    outcomes = [
        services.registration_create(
            event=exhibition,
            full_name=f"Khách {n}",
            email=f"khach{n}@example.vn",
            phone="0912345678",
            consent=True,
        )
        for n in range(11)
    ]

    statuses = [outcome.status for outcome in outcomes]
    assert statuses == [RegistrationStatus.CONFIRMED] * 10 + [RegistrationStatus.WAITLISTED]


def test_exhibitor_approve_twice_changes_nothing_the_second_time(
    exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = exhibitor_approve(exhibitor=apply(exhibition))

    with django_capture_on_commit_callbacks(execute=True):
        again = exhibitor_approve(exhibitor=exhibitor)

    assert again.status == ExhibitorStatus.APPROVED
    assert Registration.objects.filter(is_exhibitor=True).count() == 1
    assert mailoutbox == []


def test_admin_approve_action_approves_and_sends_tickets(
    client, exhibition, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = apply(exhibition, members=TWO_MEMBERS)
    waiting = apply(exhibition, name="Robot Giao Hàng", contact_email="an@robot.vn")
    client.force_login(superuser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/events/exhibitor/",
            {"action": "approve", "_selected_action": [exhibitor.pk], "index": "0", "reason": ""},
        )

    assert response.status_code == 302
    exhibitor.refresh_from_db()
    waiting.refresh_from_db()
    assert (exhibitor.status, exhibitor.decided_by, waiting.status) == (
        ExhibitorStatus.APPROVED,
        superuser,
        ExhibitorStatus.SUBMITTED,
    )
    assert [r[2] for r in _member_registrations(exhibitor)] == [RegistrationStatus.CONFIRMED] * 2
    assert _sent(mailoutbox) == sorted(
        [
            (["mai@nongsanxanh.vn"], vi("Registration confirmed: %(title)s", title=exhibition.title_vi)),
            (["Huy@NongSanXanh.vn"], vi("Registration confirmed: %(title)s", title=exhibition.title_vi)),
            ([CONTACT_EMAIL], _subject("approved", exhibitor)),
        ]
    )
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert messages == [vi("%(n)d application(s) updated.", n=1)]


# --- Waiting list and rejection --------------------------------------------------------------------------


def test_exhibitor_waitlist_tells_the_team_and_gives_no_ticket(
    exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = apply(exhibition)

    with django_capture_on_commit_callbacks(execute=True):
        exhibitor = exhibitor_waitlist(exhibitor=exhibitor)

    assert Exhibitor.objects.get().status == ExhibitorStatus.WAITLISTED
    assert Registration.objects.count() == 0
    assert _sent(mailoutbox) == [([CONTACT_EMAIL], _subject("waitlisted", exhibitor))]
    assert vi("Your application is on the waiting list. We will write to you if a place becomes free.") in (
        mailoutbox[0].body.splitlines()
    )


def test_exhibitor_approve_from_the_waiting_list(exhibition):
    exhibitor = exhibitor_waitlist(exhibitor=apply(exhibition))

    exhibitor = exhibitor_approve(exhibitor=exhibitor)

    assert Exhibitor.objects.get().status == ExhibitorStatus.APPROVED
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED


def test_exhibitor_reject_without_a_reason_is_refused(
    exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = apply(exhibition)

    with pytest.raises(ExhibitorError) as refused, django_capture_on_commit_callbacks(execute=True):
        exhibitor_reject(exhibitor=exhibitor, reason="   ")

    assert refused.value.code == "reason_required"
    assert Exhibitor.objects.get().status == ExhibitorStatus.SUBMITTED
    assert mailoutbox == []


def test_exhibitor_reject_with_a_reason_tells_the_team_why(
    exhibition, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = apply(exhibition)

    with django_capture_on_commit_callbacks(execute=True):
        exhibitor_reject(
            exhibitor=exhibitor, by=superuser, reason="  Sản phẩm chưa phù hợp chủ đề triển lãm. "
        )

    exhibitor.refresh_from_db()
    assert (exhibitor.status, exhibitor.decision_reason, exhibitor.decided_by) == (
        ExhibitorStatus.REJECTED,
        "Sản phẩm chưa phù hợp chủ đề triển lãm.",
        superuser,
    )
    assert Registration.objects.count() == 0
    assert _sent(mailoutbox) == [([CONTACT_EMAIL], _subject("rejected", exhibitor))]
    assert (
        vi("We are sorry, your application was not accepted.") + " Sản phẩm chưa phù hợp chủ đề triển lãm."
    ) in mailoutbox[0].body.splitlines()


def test_exhibitor_reject_after_approval_is_refused(
    exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = apply(exhibition)
    exhibitor_approve(exhibitor=exhibitor)  # `exhibitor` still says "submitted": the service must re-read

    with pytest.raises(ExhibitorError) as refused, django_capture_on_commit_callbacks(execute=True):
        exhibitor_reject(exhibitor=exhibitor, reason="Đổi ý")

    assert refused.value.code == "already_approved"
    stored = Exhibitor.objects.get()
    assert (stored.status, stored.decision_reason) == (ExhibitorStatus.APPROVED, "")
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    assert mailoutbox == []


def test_exhibitor_waitlist_after_approval_is_refused(exhibition):
    exhibitor = apply(exhibition)
    exhibitor_approve(exhibitor=exhibitor)

    with pytest.raises(ExhibitorError) as refused:
        exhibitor_waitlist(exhibitor=exhibitor)

    assert refused.value.code == "already_approved"
    assert Exhibitor.objects.get().status == ExhibitorStatus.APPROVED


def test_admin_reject_action_needs_a_reason(
    client, exhibition, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = apply(exhibition)
    client.force_login(superuser)
    action = {"action": "reject", "_selected_action": [exhibitor.pk], "index": "0"}

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post("/admin/events/exhibitor/", {**action, "reason": ""}, follow=True)

    assert Exhibitor.objects.get().status == ExhibitorStatus.SUBMITTED
    assert [str(m) for m in refused.context["messages"]] == [f"{exhibitor}: {vi('Give the team a reason.')}"]
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/events/exhibitor/", {**action, "reason": "Hết chỗ trưng bày"})

    stored = Exhibitor.objects.get()
    assert (stored.status, stored.decision_reason) == (ExhibitorStatus.REJECTED, "Hết chỗ trưng bày")
    assert _sent(mailoutbox) == [([CONTACT_EMAIL], _subject("rejected", exhibitor))]


def test_admin_reject_action_refuses_an_approved_exhibitor(client, exhibition, superuser):
    exhibitor = exhibitor_approve(exhibitor=apply(exhibition))
    client.force_login(superuser)

    response = client.post(
        "/admin/events/exhibitor/",
        {"action": "reject", "_selected_action": [exhibitor.pk], "index": "0", "reason": "Đổi ý"},
        follow=True,
    )

    assert Exhibitor.objects.get().status == ExhibitorStatus.APPROVED
    assert [str(m) for m in response.context["messages"]] == [
        f"{exhibitor}: {vi('An approved exhibitor cannot be rejected.')}"
    ]


def test_exhibitor_approve_of_two_teams_sharing_a_member_gives_them_one_ticket(
    exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    # A mentor from an incubator may attend with two of its teams: one person, one registration.
    mentor = {"full_name": "Võ Thị Lan", "email": "lan@vuonuom.vn", "phone": "0912345678"}
    first = apply(exhibition, members=[mentor])
    second = apply(exhibition, name="Robot Giao Hàng", contact_email="an@robot.vn", members=[mentor])

    with django_capture_on_commit_callbacks(execute=True):
        exhibitor_approve(exhibitor=first)
        exhibitor_approve(exhibitor=second)

    registration = Registration.objects.get()
    assert (registration.email, registration.status, registration.is_exhibitor) == (
        "lan@vuonuom.vn",
        RegistrationStatus.CONFIRMED,
        True,
    )
    assert list(Exhibitor.objects.order_by("pk").values_list("status", flat=True)) == [
        ExhibitorStatus.APPROVED,
        ExhibitorStatus.APPROVED,
    ]
    assert [m.registration for m in ExhibitorMember.objects.order_by("pk")] == [registration, None]
    assert _sent(mailoutbox) == sorted(
        [
            (["lan@vuonuom.vn"], vi("Registration confirmed: %(title)s", title=exhibition.title_vi)),
            ([CONTACT_EMAIL], _subject("approved", first)),
            (["an@robot.vn"], _subject("approved", second)),
        ]
    )


LONG_EMAIL = "a@" + ".".join(["b" * 63] * 4) + ".com"  # a valid address longer than the 254 a column holds


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("website", "https://example.com/" + "x" * 200),
        ("website", "example.com/" + "x" * 185),  # fits until the form adds https://
        ("contact_email", LONG_EMAIL),
        ("m-0-email", LONG_EMAIL),
    ],
    ids=["long_website", "website_long_with_scheme", "long_contact_email", "long_member_email"],
)
def test_apply_page_value_longer_than_its_column_is_a_field_error(
    client, exhibition, media_root, field, value
):
    response = client.post(
        _apply_url(exhibition), application_post(**{field: value}, logo=upload(image_bytes(200, 200)))
    )

    page = response.content.decode()
    assert response.status_code == 200
    if field.startswith("m-"):  # the member rows show their errors under each field
        assert f'<ul class="errorlist" id="id_{field}_error"><li>Giá trị này chỉ có tối đa 254 kí tự' in page
    else:
        assert field_errors(response.content, field) != []
    assert (StartupProject.objects.count(), Exhibitor.objects.count(), stored_files(media_root)) == (0, 0, [])


def test_apply_that_fails_after_storing_the_logo_leaves_no_file(exhibition, media_root):
    logo = upload(image_bytes(200, 200))
    broken_member = {"full_name": "Lê Thị Mai", "email": "mai@nongsanxanh.vn"}  # no phone: fails at insert

    with pytest.raises(KeyError):
        apply(exhibition, members=[broken_member], logo=clean_logo(logo))

    assert (StartupProject.objects.count(), Exhibitor.objects.count(), stored_files(media_root)) == (0, 0, [])


def test_meeting_request_form_refuses_an_email_longer_than_its_column():
    form = MeetingRequestForm(
        data={"requester_name": "Phạm Minh", "requester_email": LONG_EMAIL, "message": "Hợp tác phân phối"}
    )

    assert "requester_email" in form.errors


def test_apply_page_refuses_line_breaks_in_one_line_fields(client, exhibition, media_root):
    response = client.post(
        _apply_url(exhibition),
        application_post(
            project_name="Nông Sản\nXanh",
            contact_name="Trần Văn\r\nBình",
            contact_phone="0903\n123 456",
            **{"m-0-full_name": "Lê Thị\rMai", "m-0-role": "Trưởng\u2028nhóm", "m-0-phone": "0912\n345 678"},
        ),
    )

    line_break = [vi("Enter this on one line, without line breaks.")]
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "project_name": line_break,
        "contact_name": line_break,
        "contact_phone": line_break,
    }
    assert response.context["members"].forms[0].errors == {
        "full_name": line_break,
        "phone": line_break,
        "role": line_break,
    }
    assert (StartupProject.objects.count(), Exhibitor.objects.count(), stored_files(media_root)) == (0, 0, [])
