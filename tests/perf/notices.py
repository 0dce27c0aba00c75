"""Benchmark: telling 5,000 registered people of a change queues in well under 2 s on PostgreSQL, and the
request (or the periodic job) only queues: the sending is the worker's.

    python -m tests.perf.notices            # from the repository root; prints one JSON document

Creates its own database (perf_notices_<pid>_<time>), migrates it, and for each round makes an event with
one session and 5,000 confirmed registrations, then times, inside one transaction each (as a request or a
job would run them): the folded schedule-change notice being sent out (`notices_send_due`), the event's
cancellation (`event_cancel`: 5,000 registrations cancelled and told), and a staff message to all 5,000.
The baseline, measured in the same rounds, is the floor of any such work: inserting 5,000 bare outbox rows
with `bulk_create`. Task dispatch goes to an in-memory broker, so nothing is sent in process; the figures
check that no e-mail was sent and every row is pending for the worker.
"""

import datetime
import json
import statistics
import sys
import time

PEOPLE = 5_000
ROUNDS = 3


def main() -> int:
    from .run import machine, migrated_database

    with migrated_database("notices", memory_broker=True) as postgres:
        figures = [measure_round(n) for n in range(ROUNDS)]
        output = {
            "machine": {**machine(), "postgresql": postgres.version()},
            "people": PEOPLE,
            "rounds": figures,
        }
        summary = {}
        for key in ("baseline_bulk_insert", "change_notice", "event_cancel", "staff_message"):
            summary[f"{key}_seconds_median"] = round(statistics.median(r[key] for r in figures), 3)
        for key in ("change_notice", "event_cancel", "staff_message"):
            summary[f"{key}_ratio_to_baseline"] = round(
                summary[f"{key}_seconds_median"] / summary["baseline_bulk_insert_seconds_median"], 2
            )
        summary["all_under_2_seconds"] = all(
            summary[f"{key}_seconds_median"] < 2 for key in ("change_notice", "event_cancel", "staff_message")
        )
        summary["sent_in_process"] = sum(r["sent_in_process"] for r in figures)
        output["summary"] = summary
        json.dump(output, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0 if summary["all_under_2_seconds"] and summary["sent_in_process"] == 0 else 1


def _event(number: int):
    from django.utils import timezone

    from events.enums import EventStatus, RegistrationStatus
    from events.models import Event, Registration, Session

    now = timezone.now()
    event = Event.objects.create(
        slug=f"perf-notices-{number}",
        kind="workshop",
        title_vi=f"Sự kiện {number}",
        status=EventStatus.PUBLISHED,
    )
    Session.objects.create(
        event=event,
        starts_at=now + datetime.timedelta(days=10),
        ends_at=now + datetime.timedelta(days=10, hours=3),
    )
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                full_name=f"Người tham dự {n}",
                email=f"nguoi{number}.{n}@example.vn",
                phone="0912345678",
                status=RegistrationStatus.CONFIRMED,
                consent_at=now,
                confirmed_at=now,
                reference=f"P{number}{n:07d}"[:10],
            )
            for n in range(PEOPLE)
        ],
        batch_size=1000,
    )
    return event


def _timed(fn) -> float:
    from django.db import transaction

    started = time.perf_counter()
    with transaction.atomic():
        fn()
    return time.perf_counter() - started


def measure_round(number: int) -> dict:
    from django.core import mail
    from django.utils import timezone

    from events import services
    from events.mail.models import EmailStatus, OutgoingEmail, StaffMessage
    from events.mail.notices import notices_send_due
    from events.mail.staff_messages import staff_message_send

    mail.outbox = []
    event = _event(number)
    registrations = list(event.registrations.only("pk", "email"))

    def bulk_insert():
        OutgoingEmail.objects.bulk_create(
            [
                OutgoingEmail(
                    topic="registration", object_id=r.pk, kind="x", recipient=r.email, registration_id=r.pk
                )
                for r in registrations
            ],
            batch_size=500,
        )

    baseline = _timed(bulk_insert)
    OutgoingEmail.objects.filter(kind="x").delete()

    session = event.sessions.get()
    session.room = "Hội trường B"
    session.save()
    later = timezone.now() + datetime.timedelta(minutes=10)
    change_notice = _timed(lambda: notices_send_due(now=later))
    staff_message = _timed(
        lambda: staff_message_send(
            message=StaffMessage(
                event=event, audience="confirmed", subject_vi="Thông báo", body_vi="Chào {name}"
            ),
            by=None,
        )
    )
    event_cancel = _timed(lambda: services.event_cancel(event=event, reason="Benchmark"))
    queued = OutgoingEmail.objects.filter(registration__event=event).count()
    pending = OutgoingEmail.objects.filter(registration__event=event, status=EmailStatus.PENDING).count()
    return {
        "baseline_bulk_insert": round(baseline, 3),
        "change_notice": round(change_notice, 3),
        "staff_message": round(staff_message, 3),
        "event_cancel": round(event_cancel, 3),
        "rows_queued": queued,
        "rows_pending_for_the_worker": pending,
        "sent_in_process": len(mail.outbox),
    }


if __name__ == "__main__":
    sys.exit(main())
