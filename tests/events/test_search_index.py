"""PostgreSQL reads the door search's trigram indexes (events migration 0022) instead of every registration
of a big event: the plan of the search on 20,000 registrations names the indexes and scans no table."""

import re

import pytest
from django.db import connection
from django.utils import timezone

from checkin.selectors import search_registrations
from events.enums import RegistrationStatus
from events.models import Registration
from tests.factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thu"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Mai", "Nam", "Phúc", "Quân", "Sơn"]


def _reference_like_index() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'events_registration' "
            "AND indexdef LIKE '%varchar_pattern_ops%' AND indexdef LIKE '%(reference%'"
        )
        return cursor.fetchone()[0]


def name(i: int) -> str:
    return f"{FAMILY[i % 12]} {MIDDLE[i // 12 % 8]} {GIVEN[i // 96 % 13]} {i}"


def fill_event(event, count: int) -> None:
    """`count` confirmed registrations with varied Vietnamese names, e-mails and phones."""
    now = timezone.now()
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                full_name=name(i),
                email=f"nguoi{i}@example.vn",
                phone=f"09{i:08d}",
                status=RegistrationStatus.CONFIRMED,
                consent_at=now,
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_registration")


def plan(queryset) -> str:
    return queryset.explain()


def indexes_read(text: str) -> set[str]:
    return {
        name
        for pair in re.findall(r"Index (?:Only )?Scan (?:using|on) (\w+)|Bitmap Index Scan on (\w+)", text)
        for name in pair
        if name
    }


def test_door_search_on_a_big_event_reads_the_trigram_indexes(require_postgres):
    """Before migration 0022 this search folded every one of the 20,000 names and e-mails (about 8 s on the
    development machine); now it reads three indexes (about 30 ms)."""
    reference_like = _reference_like_index()
    event = EventFactory()
    fill_event(event, 20_000)

    by_name = search_registrations(event, "hoang thu son")
    by_phone = search_registrations(event, "0900012345")

    assert [r.full_name for r in by_name] == sorted(
        name(i) for i in range(20_000) if name(i).startswith("Hoàng Thu Sơn ")
    )[:20]
    assert [r.phone for r in by_phone] == ["0900012345"]
    name_plan, phone_plan = plan(by_name), plan(by_phone)
    assert "Seq Scan" not in name_plan, name_plan
    read = indexes_read(name_plan)
    # the reference's exact match: either of its two btree indexes (unique, and varchar_pattern_ops)
    assert len(read & {"events_registration_reference_key", reference_like}) == 1, name_plan
    assert read - {"events_registration_reference_key", reference_like} == {
        "events_registration_name_fold_trgm",
        "events_registration_email_fold_trgm",
    }, name_plan
    assert "Seq Scan" not in phone_plan, phone_plan
    assert "events_registration_phone_trgm" in indexes_read(phone_plan), phone_plan
