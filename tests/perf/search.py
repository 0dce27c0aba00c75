"""Benchmark: the door's accent-free search in one event of 20,000 people on PostgreSQL, with the trigram
indexes of events migration 0022 against the same searches without them (the baseline, measured in the
same run on the same data: the indexes dropped inside a transaction that is rolled back).

    python -m tests.perf.search            # from the repository root; prints one JSON document

Creates its own database (perf_search_<pid>_<time>), migrates it, fills one event with 20,000 confirmed
registrations (Vietnamese names, e-mails, phones) and a second event of 20,000 beside it, runs ANALYZE,
then times `checkin.selectors.search_registrations` for typed names without accents, an e-mail, a phone
and a printed reference: each search ROUNDS times with the indexes (median), once without. It also reports
whether each indexed plan read the indexes and scanned no table, and that both ways found the same people.
"""

import json
import re
import statistics
import sys
import time

PEOPLE = 20_000
ROUNDS = 5
TRIGRAM_INDEXES = (
    "events_registration_name_fold_trgm",
    "events_registration_email_fold_trgm",
    "events_registration_phone_trgm",
)


def main() -> int:
    from .run import machine, migrated_database

    with migrated_database("search") as postgres:
        event, queries = _fill()
        figures = {label: _measure(event, query) for label, query in queries.items()}
        output = {
            "machine": {**machine(), "postgresql": postgres.version()},
            "people_in_event": PEOPLE,
            "people_in_table": 2 * PEOPLE,
            "searches": figures,
        }
        with_index = [f["indexed_ms_median"] for f in figures.values()]
        without = [f["without_indexes_ms"] for f in figures.values()]
        output["summary"] = {
            "indexed_ms_median_of_searches": round(statistics.median(with_index), 2),
            "without_indexes_ms_median_of_searches": round(statistics.median(without), 2),
            "ratio_indexed_to_without": round(statistics.median(with_index) / statistics.median(without), 4),
            "every_plan_reads_indexes_only": all(f["plan_reads_indexes_only"] for f in figures.values()),
            "same_people_both_ways": all(f["same_people_both_ways"] for f in figures.values()),
        }
        json.dump(output, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        summary = output["summary"]
        return 0 if summary["every_plan_reads_indexes_only"] and summary["same_people_both_ways"] else 1


def _fill():
    from django.db import connection

    from tests.events.test_search_index import fill_event
    from tests.factories import EventFactory

    event = EventFactory()
    fill_event(event, PEOPLE)
    fill_event(EventFactory(), PEOPLE)  # the table holds other events' people too
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE events_registration")
    someone = event.registrations.order_by("pk")[PEOPLE // 2]
    queries = {
        "full name without accents": "hoang thu son 1",
        "family and given name": "dang thi lan",
        "given name only": "phuc",
        "e-mail": someone.email,
        "phone": someone.phone,
        "printed reference": someone.reference.lower(),
    }
    return event, queries


def _timed(event, query) -> tuple[float, list[int]]:
    from checkin.selectors import search_registrations

    started = time.perf_counter()
    found = [r.pk for r in search_registrations(event, query)]
    return (time.perf_counter() - started) * 1000, found


def _measure(event, query) -> dict:
    from django.db import connection, transaction

    from checkin.selectors import search_registrations

    plan = search_registrations(event, query).explain()
    read = set(re.findall(r"Index Scan on (\w+)", plan)) | set(re.findall(r"Index Scan using (\w+)", plan))
    _timed(event, query)  # warm the caches once
    indexed = [_timed(event, query) for _ in range(ROUNDS)]
    with transaction.atomic():
        with connection.cursor() as cursor:
            for name in TRIGRAM_INDEXES:
                cursor.execute(f"DROP INDEX {name}")
        without_ms, without_found = _timed(event, query)
        transaction.set_rollback(True)
    return {
        "query": query,
        "found": len(indexed[0][1]),
        "indexed_ms_median": round(statistics.median(ms for ms, _found in indexed), 2),
        "without_indexes_ms": round(without_ms, 2),
        "ratio": round(statistics.median(ms for ms, _found in indexed) / without_ms, 4),
        "indexes_read": sorted(read),
        "plan_reads_indexes_only": "Seq Scan" not in plan and bool(read),
        "same_people_both_ways": without_found == indexed[0][1],
    }


if __name__ == "__main__":
    sys.exit(main())
