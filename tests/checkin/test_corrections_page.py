from django.contrib.auth.models import Group, Permission

from checkin.models import CheckIn
from events.roles import DOOR_STAFF, ORGANISER
from tests.factories import RegistrationFactory, UserFactory


def _page(session) -> str:
    return f"/checkin/sessions/{session.pk}/attendance/"


def _staff(group_name):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_corrections_page_marks_present_and_undoes_with_reason(client, open_event, open_session):
    organiser = _staff(ORGANISER)
    person = RegistrationFactory(event=open_event, full_name="Võ Thị Mai")
    client.force_login(organiser)

    page = client.get(_page(open_session))
    marked = client.post(
        _page(open_session),
        {"registration": person.reference, "action": "present", "reason": "Ký danh sách giấy"},
    )
    undone = client.post(
        _page(open_session), {"registration": person.reference, "action": "undo", "reason": "Nhầm người"}
    )

    assert (page.status_code, marked.status_code, undone.status_code) == (200, 302, 302)
    assert "Võ Thị Mai" in page.content.decode()
    record = CheckIn.objects.get(registration=person)
    assert (record.source, record.reason, record.user, record.undo_reason, record.undone_by) == (
        "correction",
        "Ký danh sách giấy",
        organiser,
        "Nhầm người",
        organiser,
    )
    assert CheckIn.objects.successful().count() == 0


def test_corrections_page_requires_a_reason(client, open_event, open_session):
    person = RegistrationFactory(event=open_event)
    client.force_login(_staff(ORGANISER))

    client.post(_page(open_session), {"registration": person.reference, "action": "present", "reason": ""})

    assert CheckIn.objects.count() == 0


def test_corrections_page_refused_to_door_staff(client, open_session):
    door = _staff(DOOR_STAFF)
    client.force_login(door)

    assert door.has_perm("checkin.change_checkin") is False
    assert client.get(_page(open_session)).status_code == 403
    assert Permission.objects.filter(codename="change_checkin").exists()


def test_corrections_page_says_what_is_wrong_with_the_reason(client, open_event, open_session):
    person = RegistrationFactory(event=open_event)
    client.force_login(_staff(ORGANISER))

    def errors(reason: str) -> list[str]:
        response = client.post(
            _page(open_session), {"registration": person.reference, "action": "present", "reason": reason}
        )
        assert response.status_code == 200
        return [str(message) for message in response.context["messages"]]

    assert errors("") == ["Vui lòng nêu lý do điều chỉnh."]
    assert errors("x" * 300) == ["Lý do: Giá trị này chỉ có tối đa 255 kí tự (hiện có 300)"]
    assert errors("Ký\x00giấy") == ["Lý do: Không được dùng ký tự rỗng (NUL)."]
    assert CheckIn.objects.count() == 0
