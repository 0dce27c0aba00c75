"""Booths: one project per booth at an event (case-insensitive), in the service and in the database."""

import pytest
from django.db import IntegrityError, transaction

from events.enums import EventKind, ProjectStage
from events.exhibitions.models import Exhibitor, ExhibitorStatus
from events.exhibitions.services import ExhibitorError, exhibitor_approve, exhibitor_assign_booth
from tests.factories import StartupProjectFactory

from .helpers import apply, approved, exhibition_event, exhibitor_row, in_language, vi


def _booths(event) -> list[tuple[str, str]]:
    return list(event.exhibitors.order_by("project__name").values_list("project__name", "booth"))


def test_exhibitor_assign_booth_gives_the_booth_and_tells_the_team(
    exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = approved(exhibition)

    with django_capture_on_commit_callbacks(execute=True):
        result = exhibitor_assign_booth(exhibitor=exhibitor, booth="  a12 ")

    assert result.booth == "A12"
    assert Exhibitor.objects.get().booth == "A12"
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["binh.tran@nongsanxanh.vn"], vi("Booth assigned to %(p)s: %(b)s", p="Nông Sản Xanh", b="A12"))
    ]


def test_exhibitor_approve_with_a_booth_assigns_it(exhibition):
    exhibitor = exhibitor_approve(exhibitor=apply(exhibition), booth="b3")

    assert (exhibitor.status, Exhibitor.objects.get().booth) == (ExhibitorStatus.APPROVED, "B3")


def test_exhibitor_assign_booth_taken_by_another_project_is_refused(
    exhibition, mailoutbox, django_capture_on_commit_callbacks
):
    first = approved(exhibition, booth="A1")
    second = approved(exhibition, name="Robot Giao Hàng", contact_email="an@robot.vn")

    with pytest.raises(ExhibitorError) as refused, django_capture_on_commit_callbacks(execute=True):
        exhibitor_assign_booth(exhibitor=second, booth="a1")

    assert refused.value.code == "booth_taken"
    assert refused.value.message == in_language(
        "vi", "Booth %(booth)s is already assigned to another project.", booth="A1"
    )
    assert _booths(exhibition) == [("Nông Sản Xanh", "A1"), ("Robot Giao Hàng", "")]
    assert first.booth == "A1"
    assert mailoutbox == []


def test_exhibitor_approve_with_a_taken_booth_approves_nothing(exhibition):
    approved(exhibition, booth="A1")
    second = apply(exhibition, name="Robot Giao Hàng", contact_email="an@robot.vn")

    with pytest.raises(ExhibitorError) as refused:
        exhibitor_approve(exhibitor=second, booth="A1")

    assert refused.value.code == "booth_taken"
    second.refresh_from_db()
    assert (second.status, second.booth) == (ExhibitorStatus.SUBMITTED, "")
    assert second.members.get().registration is None


def test_booth_constraint_holds_in_the_database(exhibition):
    approved(exhibition, booth="A1")
    second = approved(exhibition, name="Robot Giao Hàng", contact_email="an@robot.vn")

    with pytest.raises(IntegrityError), transaction.atomic():
        Exhibitor.objects.filter(pk=second.pk).update(booth="a1")

    assert _booths(exhibition) == [("Nông Sản Xanh", "A1"), ("Robot Giao Hàng", "")]


def test_booth_constraint_lets_many_exhibitors_have_no_booth_yet(exhibition):
    for _ in range(3):
        exhibitor_row(exhibition, StartupProjectFactory(), booth="")

    assert exhibition.exhibitors.filter(booth="").count() == 3


def test_exhibitor_assign_booth_same_code_at_another_event_is_fine(exhibition):
    approved(exhibition, booth="A1")
    demo_day = exhibition_event(kind=EventKind.DEMO_DAY, slug="ngay-hoi-demo")
    other = approved(
        demo_day, name="Robot Giao Hàng", contact_email="an@robot.vn", stage=ProjectStage.INCUBATION
    )

    exhibitor_assign_booth(exhibitor=other, booth="a1")

    assert Exhibitor.objects.get(event=demo_day).booth == "A1"
    assert Exhibitor.objects.get(event=exhibition).booth == "A1"


def test_exhibitor_assign_booth_moves_a_project_to_a_free_booth(exhibition):
    exhibitor = approved(exhibition, booth="A1")

    exhibitor_assign_booth(exhibitor=exhibitor, booth="A2")
    approved(exhibition, name="Robot Giao Hàng", contact_email="an@robot.vn", booth="A1")

    assert _booths(exhibition) == [("Nông Sản Xanh", "A2"), ("Robot Giao Hàng", "A1")]


def test_exhibitor_assign_booth_to_an_unapproved_application_is_refused(exhibition):
    exhibitor = apply(exhibition)

    with pytest.raises(ExhibitorError) as refused:
        exhibitor_assign_booth(exhibitor=exhibitor, booth="A1")

    assert refused.value.code == "not_approved"
    assert Exhibitor.objects.get().booth == ""


def test_admin_booth_change_to_a_taken_booth_is_refused(client, exhibition, superuser):
    approved(exhibition, booth="A1")
    second = approved(exhibition, name="Robot Giao Hàng", contact_email="an@robot.vn")
    client.force_login(superuser)
    page = client.get(f"/admin/events/exhibitor/{second.pk}/change/")
    data = {
        **{k: v for k, v in page.context["adminform"].form.initial.items() if v is not None},
        "event": exhibition.pk,
        "project": second.project_id,
        "booth": "a1",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-id": second.members.get().pk,
        "members-0-exhibitor": second.pk,
        "members-0-full_name": "Lê Thị Mai",
        "members-0-email": "mai@robotgiaohang.vn",
        "members-0-phone": "0912345678",
        "members-0-role": "",
    }

    response = client.post(f"/admin/events/exhibitor/{second.pk}/change/", data)

    assert response.status_code == 200  # the form is shown again with the error, nothing saved
    assert len(response.context["adminform"].form.non_field_errors()) == 1
    assert _booths(exhibition) == [("Nông Sản Xanh", "A1"), ("Robot Giao Hàng", "")]
