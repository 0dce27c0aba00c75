"""Hosts benchmark: 200 hosts and 20,000 events. The staff event list (the admin's changelist) keeps a
constant number of queries as the events grow tenfold, and a host organiser's list (its host's events only)
is no slower than the programme office's (every event). Prints one JSON document on stdout:

    python -m tests.perf.hosts [--events 20000] [--hosts 200] [--repeats 15]

Creates its own PostgreSQL database (perf_hosts_<pid>_<time>, the settings of tests/perf/settings.py),
migrates it, measures in process with Django's test client (no server: the figure is the view's own
work), and drops the database at the end, also when something fails.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time

from .run import REDIS_DEFAULT, Postgres, clear_cache_keys, machine


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.hosts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--hosts", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=15, help="requests per user and size, alternated")
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(*, hosts: int, events: int, start: int = 0) -> None:
    """`events` more events (one session each), spread over the hosts in turn."""
    from django.utils import timezone

    from events.enums import EventKind, OrganizationKind
    from events.models import Event, Host, Organization, Session

    existing = list(Host.objects.filter(is_programme_office=False).order_by("pk"))
    if not existing:
        organizations = Organization.objects.bulk_create(
            Organization(name=f"Đơn vị chủ trì {n:03d}", kind=OrganizationKind.INNOVATION_CENTRE)
            for n in range(hosts)
        )
        existing = Host.objects.bulk_create(
            Host(organization=organization, slug=f"don-vi-{n:03d}")
            for n, organization in enumerate(organizations)
        )
    now = timezone.now()
    made = Event.objects.bulk_create(
        (
            Event(
                slug=f"su-kien-{n}",
                kind=EventKind.WORKSHOP,
                title_vi=f"Hội thảo đổi mới sáng tạo {n}",
                status="published",
                host=existing[n % len(existing)],
            )
            for n in range(start, start + events)
        ),
        batch_size=2000,
    )
    Session.objects.bulk_create(
        (
            Session(
                event=event,
                starts_at=now + datetime.timedelta(days=n % 300),
                ends_at=now + datetime.timedelta(days=n % 300, hours=3),
            )
            for n, event in enumerate(made)
        ),
        batch_size=2000,
    )


def measure(client, path: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed * 1000, len(queries)


def run_sizes(args, office, organiser) -> dict:
    from django.test import Client

    from events.models import Event

    clients = {}
    for name, user in (("programme_office", office), ("host_organiser", organiser)):
        clients[name] = Client()
        clients[name].force_login(user)
    path = "/admin/events/event/"
    sizes = {}
    made = 0
    for total in (args.events // 10, args.events):
        generate(hosts=args.hosts, events=total - made, start=made)
        made = total
        for client in clients.values():
            measure(client, path)  # warm-up
        times = {name: [] for name in clients}
        queries = {}
        for _round in range(args.repeats):
            for name, client in clients.items():
                elapsed, count = measure(client, path)
                times[name].append(elapsed)
                queries[name] = count
        sizes[total] = {
            name: {
                "events_listed_of": Event.objects.for_staff(user).count(),
                "queries": queries[name],
                "median_ms": round(statistics.median(times[name]), 1),
                "p90_ms": round(sorted(times[name])[int(0.9 * (len(times[name]) - 1))], 1),
            }
            for name, user in (("programme_office", office), ("host_organiser", organiser))
        }
        log(f"{total} events: {json.dumps(sizes[total])}")
    return sizes


def main(argv=None) -> int:
    args = parse_args(argv)
    stamp = f"{os.getpid()}_{int(time.time())}"
    db_name = f"perf_hosts_{stamp}"
    os.environ.update(
        {
            "PERF_DB_NAME": db_name,
            "PERF_CACHE_PREFIX": f"perf_{stamp}",
            "PERF_REDIS_URL": os.environ.get("PERF_REDIS_URL", REDIS_DEFAULT),
        }
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.perf.settings"
    postgres = Postgres()
    postgres.create(db_name)
    started = time.monotonic()
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.core.management import call_command
        from django.db import connections

        from events.enums import HostRole
        from events.models import Host, HostMembership
        from events.roles import ORGANISER

        settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
        log(f"database {db_name}: migrating")
        call_command("migrate", verbosity=0)
        User = get_user_model()
        office = User.objects.create_user("van_phong", password="x", is_staff=True)
        office.groups.add(Group.objects.get(name=ORGANISER))
        generate(hosts=args.hosts, events=0)
        organiser = User.objects.create_user("to_chuc", password="x")
        host = Host.objects.filter(is_programme_office=False).order_by("pk").first()
        HostMembership.objects.create(host=host, user=organiser, role=HostRole.ORGANISER)
        sizes = run_sizes(args, office, organiser)
        small, large = (sizes[total] for total in sorted(sizes))
        ratio = large["host_organiser"]["median_ms"] / large["programme_office"]["median_ms"]
        output = {
            "machine": machine(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "hosts": args.hosts,
            "sizes": {str(total): figures for total, figures in sizes.items()},
            "queries_constant": {
                name: small[name]["queries"] == large[name]["queries"]
                for name in ("programme_office", "host_organiser")
            },
            "host_to_office_time_ratio": round(ratio, 3),
            "seconds": round(time.monotonic() - started, 1),
        }
        print(json.dumps(output, indent=2, ensure_ascii=False))
        connections.close_all()
        clear_cache_keys(os.environ["PERF_REDIS_URL"], os.environ["PERF_CACHE_PREFIX"])
        return 0 if all(output["queries_constant"].values()) and ratio <= 1.0 else 1
    finally:
        postgres.drop(db_name)


if __name__ == "__main__":
    sys.exit(main())
