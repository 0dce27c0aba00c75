"""Run every benchmark and print one JSON document on stdout (progress goes to stderr):

    python -m tests.perf.run            # from the repository root; see tests/perf/README.md

Creates a fresh PostgreSQL database (perf_<pid>_<time>), migrates it, generates the data, measures
what can be measured in process, starts gunicorn with 2 workers on 127.0.0.1, runs the HTTP
benchmarks, stops gunicorn, and drops the database (also when something fails).
"""

import argparse
import contextlib
import json
import os
import platform
import sys
import time
from collections import deque

import psycopg
from psycopg import sql

REDIS_DEFAULT = "redis://127.0.0.1:6379/0"
BENCHMARKS = ["scanning", "rush", "calendar", "reports", "catalogue"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data volume (1 = the spec's sizes)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured per throughput run")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up before each of them")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1 = sync)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--profile", action="store_true", help="profile the scan path even if its ratio is met"
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database at the end")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=BENCHMARKS,
        default=BENCHMARKS,
        metavar="NAME",
        help=f"run only these benchmarks ({', '.join(BENCHMARKS)})",
    )
    return parser.parse_args(argv)


class Postgres:
    """Creates and drops the benchmark's own database (never touches another one)."""

    def __init__(self):
        self.params = {
            "host": os.environ.get("PERF_DB_HOST", "127.0.0.1"),
            "port": os.environ.get("PERF_DB_PORT", "5432"),
            "user": os.environ.get("PERF_DB_USER", "postgres"),
            "password": os.environ.get("PERF_DB_PASSWORD", ""),
            "dbname": os.environ.get("PERF_DB_MAINTENANCE", "postgres"),
        }

    def _run(self, statement) -> None:
        with psycopg.connect(**self.params, autocommit=True) as conn:
            conn.execute(statement)

    def create(self, name: str) -> None:
        if not name.startswith("perf_"):
            raise ValueError("benchmark databases are named perf_*")
        self._run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop(self, name: str) -> None:
        if not name.startswith("perf_"):
            raise ValueError("benchmark databases are named perf_*")
        self._run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def version(self) -> str:
        with psycopg.connect(**self.params) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]


@contextlib.contextmanager
def migrated_database(kind: str, *, memory_broker: bool = False):
    """A fresh, migrated benchmark database `perf_<kind>_<pid>_<time>` with Django set up on it
    (`tests.perf.settings`), dropped on the way out, also when the benchmark fails. With `memory_broker`
    tasks go to an in-memory broker, as in production they go to Redis for the worker: nothing is sent in
    process. Yields the `Postgres` helper (for its version)."""
    stamp = f"{os.getpid()}_{int(time.time())}"
    db_name = f"perf_{kind}_{stamp}"
    os.environ.update({"PERF_DB_NAME": db_name, "PERF_CACHE_PREFIX": f"perf_{stamp}"})
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.perf.settings"
    postgres = Postgres()
    postgres.create(db_name)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        if memory_broker:
            from config.celery import app

            app.conf.task_always_eager = False
            app.conf.broker_url = "memory://localhost/"
            settings.CELERY_TASK_ALWAYS_EAGER = False
        call_command("migrate", verbosity=0)
        yield postgres
    finally:
        from django.db import connections

        connections.close_all()
        postgres.drop(db_name)


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    release = platform.freedesktop_os_release() if hasattr(platform, "freedesktop_os_release") else {}
    return {
        "cpus": os.cpu_count(),
        "ram_gb": round(memory / 1024**3, 1),
        "os": release.get("PRETTY_NAME", platform.system()),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def clear_cache_keys(url: str, prefix: str) -> int:
    """Delete this run's cache keys (and only them) from Redis."""
    import redis

    client = redis.Redis.from_url(url)
    deleted = 0
    batch = []
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        batch.append(key)
        if len(batch) == 500:
            deleted += client.delete(*batch)
            batch = []
    if batch:
        deleted += client.delete(*batch)
    return deleted


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    stamp = f"{os.getpid()}_{int(time.time())}"
    db_name = f"perf_{stamp}"
    redis_url = os.environ.get("PERF_REDIS_URL", REDIS_DEFAULT)
    env = {"PERF_DB_NAME": db_name, "PERF_CACHE_PREFIX": f"perf_{stamp}", "PERF_REDIS_URL": redis_url}
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.perf.settings"

    load_at_start = [round(x, 2) for x in os.getloadavg()]  # other work on the machine skews figures
    postgres = Postgres()
    postgres.create(db_name)
    server = None
    output: dict = {}
    try:
        import django

        django.setup()
        from django import get_version
        from django.core.management import call_command
        from django.db import connections

        from . import benchmarks, data
        from .data import log
        from .server import Server

        log(f"database {db_name}: migrating")
        step = time.monotonic()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.monotonic() - step
        world = data.generate(data.Sizes(scale=args.scale))
        fresh = deque(world.fresh_codes)

        output["machine"] = {
            **machine(),
            "postgresql": postgres.version(),
            "django": get_version(),
            "load_average_at_start": load_at_start,
        }
        output["data"] = {
            **world.counts,
            "database_mb": data.database_size_mb(),
            "migrate_seconds": round(migrate_seconds, 1),
            "scale": args.scale,
        }

        only = set(args.only)
        # In process first, with gunicorn not started yet.
        if "reports" in only:
            log("report indicators (in process)")
            output["report_indicators"] = benchmarks.report_indicators(world)
        if "catalogue" in only:
            catalogue_queries = benchmarks.catalogue_queries(world)
        if "scanning" in only:
            scan_queries = benchmarks.scan_queries(world, fresh)
        connections.close_all()

        if only - {"reports"}:
            server = Server(env=env, workers=args.workers, threads=args.threads)
            server.start()
            output["server"] = {
                "gunicorn_workers": args.workers,
                "worker_class": server.worker_class,
                "threads": args.threads,
                "config": "config/gunicorn.conf.py, max_requests off",
            }
            address = server.address
            benchmarks.baseline(address, concurrency=4, duration=2, warmup=0)  # each worker loads the app
            if "calendar" in only:  # first, while nothing has built the feed yet
                log("calendar feed")
                output["calendar_feed"] = benchmarks.calendar_feed(address)
            if "scanning" in only:
                log("scanning")
                output["scanning"] = benchmarks.scanning(
                    address, world, fresh=fresh, duration=args.duration, warmup=args.warmup
                )
                output["scanning"]["queries_per_scan"] = scan_queries
            if "rush" in only:
                log("registration rush")
                output["registration_rush"] = benchmarks.registration_rush(address, world)
            if "catalogue" in only:
                log("catalogue")
                output["catalogue"] = {
                    **benchmarks.catalogue(address),
                    "queries": catalogue_queries,
                    "query_count_constant": len(set(catalogue_queries.values())) == 1,
                    "events_listed": data.catalogue_size(),
                    "paginate_by": 12,
                }
            server.stop()
            output["server"]["log_error_lines"] = len(server.errors())
            if output["server"]["log_error_lines"]:
                log("server log errors:\n" + "\n".join(server.errors()[:40]))

        if "scanning" in only and (args.profile or not output["scanning"]["goal_ratio_at_least_0_5"]):
            log("profiling the scan path (in process)")
            output["scanning"]["profile_in_process"] = benchmarks.scan_profile(world, fresh)

        goals = {}
        if "scanning" in only:
            goals["scan_ratio_at_least_0_5"] = output["scanning"]["goal_ratio_at_least_0_5"]
            goals["scan_p99_under_50_ms"] = output["scanning"]["goal_p99_under_50_ms"]
        if "rush" in only:
            goals["rush_100_confirmed_900_waitlisted_0_errors"] = output["registration_rush"][
                "goal_exact_seats"
            ]
        if "reports" in only:
            goals["report_one_year_under_2_s"] = output["report_indicators"]["goal_under_2_s"]
            goals["report_query_count_constant"] = not output["report_indicators"][
                "query_count_grows_with_data"
            ]
        if "catalogue" in only:
            goals["catalogue_query_count_constant"] = output["catalogue"]["query_count_constant"]
        output["goals"] = goals
        output["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        if server is not None:
            server.stop()
            server.cleanup()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep_db:
            print(f"[perf] kept database {db_name}", file=sys.stderr)
        else:
            postgres.drop(db_name)
            print(f"[perf] dropped database {db_name}", file=sys.stderr)
        try:
            removed = clear_cache_keys(redis_url, env["PERF_CACHE_PREFIX"])
            print(f"[perf] removed {removed} cache keys", file=sys.stderr)
        except Exception as exc:  # the results matter more than the clean-up of a cache
            print(f"[perf] could not clear cache keys: {exc}", file=sys.stderr)
    output["total_seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(output, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
