"""Names, titles, places, organisations, positions, phones and labels are one line wherever they are
typed: the public forms and the API refuse a line break (their own tests show it), and so do the models'
fields, which the admin, the services (`full_clean`) and model serializers check."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from events.models import Organization, Venue
from events.validators import validate_single_line

pytestmark = pytest.mark.django_db

LINE_BREAK = "Vui lòng nhập trên một dòng, không xuống dòng."

ONE_LINE_FIELDS = [
    "events.NewsPost.title_vi",
    "events.NewsPost.title_en",
    "events.StaffMessage.subject_vi",
    "events.StaffMessage.subject_en",
    "events.Organization.name",
    "events.Organization.district",
    "events.StartupProject.name",
    "events.Venue.name",
    "events.Venue.address",
    "events.Venue.district",
    "events.Event.title_vi",
    "events.Event.title_en",
    "events.Session.title_vi",
    "events.Session.title_en",
    "events.Session.room",
    "events.Registration.full_name",
    "events.Registration.phone",
    "events.Registration.organization_name",
    "events.Registration.position",
    "events.Exhibitor.contact_name",
    "events.Exhibitor.contact_phone",
    "events.Exhibitor.booth",
    "events.ExhibitorMember.full_name",
    "events.ExhibitorMember.phone",
    "events.ExhibitorMember.role",
    "events.Meeting.requester_name",
    "events.Meeting.requester_phone",
    "events.Meeting.requester_organization",
    "events.Meeting.table",
    "events.ParticipantImport.file_name",
    "training.Course.certificate_signer_name",
    "training.Course.certificate_signer_title",
    "training.Certificate.full_name",
    "training.Certificate.organization_name",
    "training.NominationInvite.contact_name",
    "checkin.ScannerDevice.name",
    "checkin.DoorStaffAssignment.gate",
    "checkin.CheckIn.gate",
]

# Text fields that are not typed as one line by a person: sentences (reasons, notes, errors, may hold
# several lines in an e-mail), or values the system writes itself (codes, tokens, a file's name).
NOT_ONE_LINE = {
    "events.ProjectStageChange.note",
    "events.Registration.reference",
    "events.Registration.language",
    "events.Registration.status_note",
    "events.PersonalFeed.secret",
    "events.Exhibitor.code",
    "events.Exhibitor.decision_reason",
    "events.Exhibitor.language",
    "events.Meeting.code",
    "events.Meeting.language",
    "events.SupportRecord.note",
    "events.MeetingHeldUndo.reason",
    "events.ChangeNotice.reason",
    "events.Event.reminder_hours",
    "events.StaffMessage.audience",
    "events.OutgoingEmail.kind",
    "events.OutgoingEmail.last_error",
    "events.ParticipantImport.token",
    "training.Certificate.code",
    "training.Certificate.revoked_reason",
    "training.NominationInvite.token",
    "training.NominationBatch.file_name",
    "checkin.Ticket.code",
    "checkin.Ticket.revoked_reason",
    "checkin.ScannerDevice.token_hash",
    "checkin.ScannerDevice.token_hint",
    "checkin.CheckIn.code",
    "checkin.CheckIn.nonce",
    "checkin.DeletedTicket.ticket_id",
    "checkin.CheckIn.reason",
    "checkin.CheckIn.undo_reason",
}


def model_field(path: str) -> models.Field:
    app_label, model_name, field_name = path.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name)


@pytest.mark.parametrize("path", ONE_LINE_FIELDS)
# Short digits, so that the phone fields' own rule and the shortest column (16) accept the rest.
@pytest.mark.parametrize("value", ["0912\n345678", "0912\r\n345678", "0912\r345678", "0912\u2028345678"])
def test_one_line_field_refuses_a_line_break(path, value):
    field = model_field(path)

    with pytest.raises(ValidationError) as refused:
        field.run_validators(value)

    assert [error.code for error in refused.value.error_list] == ["line_break"]
    assert refused.value.messages == [LINE_BREAK]
    field.run_validators("0912 345678")  # the same on one line is fine


def test_every_free_text_field_is_one_line_or_listed_as_not():
    """A new text field is a decision: one line (a name, a title, a place) or not."""
    text_fields = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}": field
        for app_label in ("events", "checkin", "training", "reports")
        for model in apps.get_app_config(app_label).get_models()
        for field in model._meta.get_fields()
        if type(field) is models.CharField and not field.choices
    }
    one_line = {path for path, field in text_fields.items() if validate_single_line in field.validators}

    assert (one_line, set(text_fields) - one_line) == (set(ONE_LINE_FIELDS), NOT_ONE_LINE)


def test_admin_refuses_a_venue_name_on_two_lines(admin_client):
    response = admin_client.post(
        reverse("admin:events_venue_add"),
        {"name": "Nhà văn hóa\r\nThanh niên", "address": "4 Phạm Ngọc Thạch, Phường Sài Gòn", "district": ""},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"name": [LINE_BREAK]}
    assert Venue.objects.count() == 0


def test_admin_refuses_an_organisation_name_on_two_lines(admin_client):
    response = admin_client.post(
        reverse("admin:events_organization_add"),
        {"name": "Sở Khoa học\nvà Công nghệ", "kind": "state_agency", "district": ""},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"name": [LINE_BREAK]}
    assert Organization.objects.filter(name__startswith="Sở Khoa học").count() == 0
