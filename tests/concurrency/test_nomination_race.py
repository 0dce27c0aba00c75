"""Two partner organisations send their nominee lists for a course's last seats at the same instant: the
course's event stays locked from a list's check to its save, so one list is saved whole and the other is
refused whole; nobody is waitlisted through a nomination and no seat is oversold."""

import datetime

import pytest
from django.utils import timezone

from events.enums import OrganizationKind, RegistrationStatus
from events.models import Registration
from tests.concurrency.threads import all_at_once
from tests.factories import OrganizationFactory
from tests.training.helpers import make_course, vi
from training import nominations
from training.enums import NominationSource
from training.models import NominationBatch, NominationInvite

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_nomination_race_saves_one_list_whole_and_refuses_the_other(require_postgres):
    course = make_course(starts=[timezone.now() + datetime.timedelta(days=10)], capacity=4)
    course.event.waitlist_enabled = True
    course.event.save()
    invites = [
        NominationInvite.objects.create(
            course=course,
            organization=OrganizationFactory(name=f"Trung tâm {n}", kind=OrganizationKind.INNOVATION_CENTRE),
            contact_name="Trần Minh Khoa",
            contact_email=f"khoa{n}@example.vn",
        )
        for n in range(2)
    ]

    def nominate(n: int):
        rows = [
            (
                row,
                {"full_name": f"Cán Bộ {n}-{row}", "email": f"cb{n}.{row}@example.vn", "phone": "0912345678"},
            )
            for row in (2, 3, 4)
        ]
        return nominations.nominations_import(
            course=course,
            organization=invites[n].organization,
            rows=rows,
            source=NominationSource.EXCEL,
            invite=invites[n],
        )

    results, errors = all_at_once(2, nominate)

    assert errors == []
    assert sorted(result.ok for result in results) == [False, True]
    refused = next(result for result in results if not result.ok)
    assert [(e.row, e.message) for e in refused.errors] == [
        (0, vi("The course has %(free)d seats left; the list has %(n)d people.") % {"free": 1, "n": 3})
    ]
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 3
    assert Registration.objects.count() == 3
    assert NominationBatch.objects.count() == 1
