"""Onboarding a host's staff: the programme office invites a host's first organiser, the host's organisers
invite their own staff; the e-mailed link sets a password, expires, and opens once."""

import time
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import override_settings

from events.enums import HostRole, OrganizationKind
from events.hosts import Host, HostMembership
from events.mail.invitations import host_staff_invite, invitation_token, invitation_user
from events.roles import HOST_ORGANISER, ORGANISER
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return Host.objects.create(
        organization=OrganizationFactory(name="Vườn ươm Đại học B", kind=OrganizationKind.UNIVERSITY),
        slug="vuon-uom-b",
    )


@pytest.fixture
def office(db):
    user = UserFactory(username="van_phong", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISER))
    return user


def link_in(message) -> str:
    return next(line for line in message.body.splitlines() if "/staff/invitation/" in line).strip()


def test_programme_office_invites_a_hosts_first_organiser(
    client, host, office, django_capture_on_commit_callbacks
):
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/hosts/vuon-uom-b/staff/", {"email": "Lan.Tran@Example.vn", "role": "organiser"}
        )
    membership = HostMembership.objects.get(host=host)
    assert (response.status_code, membership.user.email, membership.role) == (
        302,
        "lan.tran@example.vn",
        "organiser",
    )
    assert (membership.user.has_usable_password(), membership.user.is_staff) == (False, True)
    assert list(membership.user.groups.values_list("name", flat=True)) == [HOST_ORGANISER]
    assert [message.to for message in mail.outbox] == [["lan.tran@example.vn"]]
    assert mail.outbox[0].subject == "Bạn được mời vào đội ngũ của Vườn ươm Đại học B"

    client.logout()
    link = link_in(mail.outbox[0])
    path = link.split("127.0.0.1:8000", 1)[-1] if "127.0.0.1:8000" in link else link[link.index("/staff/") :]
    assert client.get(path).status_code == 200
    weak = client.post(path, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and weak.context["form"].errors["new_password2"]
    done = client.post(
        path, {"new_password1": "Mat-khau-rat-dai-2026", "new_password2": "Mat-khau-rat-dai-2026"}
    )
    membership.user.refresh_from_db()
    assert (done.status_code, membership.user.check_password("Mat-khau-rat-dai-2026")) == (302, True)
    assert client.get(path).status_code == 404  # once


def test_host_organisers_invite_their_own_staff_only(client, host, office):
    other = Host.objects.create(organization=OrganizationFactory(name="Trung tâm C"), slug="trung-tam-c")
    organiser = UserFactory(username="to_chuc_b")
    HostMembership.objects.create(host=host, user=organiser, role=HostRole.ORGANISER)
    door = UserFactory(username="gac_cong_b")
    HostMembership.objects.create(host=host, user=door, role=HostRole.DOOR_STAFF)
    client.force_login(organiser)
    assert (
        client.post("/hosts/vuon-uom-b/staff/", {"email": "gac@example.vn", "role": "door_staff"}).status_code
        == 302
    )
    assert client.get("/hosts/trung-tam-c/staff/").status_code == 404
    assert (
        client.post("/hosts/trung-tam-c/staff/", {"email": "x@example.vn", "role": "organiser"}).status_code
        == 404
    )
    client.force_login(door)
    assert client.get("/hosts/vuon-uom-b/staff/").status_code == 404
    assert sorted(HostMembership.objects.filter(host=host).values_list("user__username", "role")) == [
        ("gac@example.vn", "door_staff"),
        ("gac_cong_b", "door_staff"),
        ("to_chuc_b", "organiser"),
    ]
    assert HostMembership.objects.filter(host=other).count() == 0


def test_invitation_form_errors_in_vietnamese(client, host, office):
    client.force_login(office)
    response = client.post("/hosts/vuon-uom-b/staff/", {"email": "khong-phai-email", "role": "boss"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Nhập một địa chỉ email hợp lệ."],
        "role": ["Hãy chọn một lựa chọn hợp lệ. boss không phải là một trong các lựa chọn khả thi."],
    }
    assert HostMembership.objects.count() == 0


@override_settings(HOST_INVITATION_VALID_DAYS=7)
def test_invitation_link_expires(host):
    membership = host_staff_invite(host=host, email="mai@example.vn", role=HostRole.REPORT_VIEWER)
    token = invitation_token(membership.user)
    now = time.time()
    with mock.patch("time.time", return_value=now + 7 * 86400 - 60):
        assert invitation_user(token) == membership.user
    with mock.patch("time.time", return_value=now + 7 * 86400 + 60):
        assert invitation_user(token) is None
    assert invitation_user(token[:-2] + "xx") is None
    assert invitation_user("rac") is None
