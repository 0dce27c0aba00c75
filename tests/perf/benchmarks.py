"""The five benchmarks. HTTP ones go through gunicorn (`address`); the report and the query counts run
in this process against the same database, through the same settings."""

import cProfile
import datetime
import io
import json
import math
import pstats
import re
import statistics
import time
import uuid
from collections import Counter, deque
from pathlib import Path

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .client import LoadResult, Response, build_request, fetch, merge, run_load
from .data import World, catalogue_size, log

SCAN_PATH = "/api/v1/checkin/scan/"
BASELINE_PATH = "/perf/baseline/"
BASELINE_QUERY_PATH = "/perf/baseline-query/"
BASELINE_RECORD_PATH = "/perf/baseline-record/"


def _host_port(address: str) -> tuple[str, int]:
    host, port = address.rsplit(":", 1)
    return host, int(port)


def _get(address: str, path: str, headers: dict | None = None) -> bytes:
    return build_request("GET", path, host=address, headers=headers)


def _repeat(raw: bytes, count: int | None = None):
    """A `next_request` sending the same request, `count` times in all (or until the window ends)."""
    sent = [0]

    def next_request(_index: int):
        if count is not None and sent[0] >= count:
            return None
        sent[0] += 1
        return raw, None

    return next_request


# --- 0. The baseline ----------------------------------------------------------------------------------------


def _baseline_request(address: str, path: str = BASELINE_PATH, session: int = 1) -> bytes:
    # The same shape as a scan (a JSON body of the same size, the same headers).
    body = json.dumps({"code": "A" * 117, "session": session, "nonce": uuid.uuid4().hex}).encode()
    return build_request(
        "POST",
        path,
        host=address,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        body=body,
    )


def baseline(
    address: str,
    *,
    concurrency: int,
    duration: float | None,
    warmup: float,
    count=None,
    path: str = BASELINE_PATH,
    session: int = 1,
) -> LoadResult:
    host, port = _host_port(address)
    result = run_load(
        host,
        port,
        concurrency=concurrency,
        next_request=_repeat(_baseline_request(address, path, session), count),
        duration=duration,
        warmup=warmup,
    )
    log(f"baseline {path} at {concurrency}: {result.summary()}")
    return result


# --- 1. Scanning --------------------------------------------------------------------------------------------


class ScanMix:
    """Scan requests, 16 scanners each with its own device token: 7 in 10 codes of people not yet checked
    in (`ok`), 2 in 10 of people already in (`already_checked_in`), 1 in 10 codes that are not ours,
    half of them well-formed and signed with another key, half not codes at all (`invalid`). Every
    request carries its own nonce. Answers are checked against what each code should give."""

    def __init__(self, world: World, address: str, fresh: deque):
        self.world = world
        self.address = address
        self.fresh = fresh
        self.present = list(world.present_codes)
        self.sent = 0
        self.expected: Counter = Counter()
        self.answers: Counter = Counter()
        self.unexpected = 0
        self.answered_200 = 0

    def body(self, code: str) -> bytes:
        return json.dumps(
            {"code": code, "session": self.world.scan_session_id, "nonce": uuid.uuid4().hex}
        ).encode()

    def pick(self) -> tuple[str, str]:
        n = self.sent
        self.sent += 1
        slot = n % 10
        if slot < 7 and self.fresh:
            return self.fresh.popleft(), "ok"
        if slot < 9:
            return self.present[(n * 7919) % len(self.present)], "already_checked_in"
        if n % 20 == 9:
            return self.world.foreign_codes[n % len(self.world.foreign_codes)], "invalid"
        return f"HELLO-{n}", "invalid"

    def next_request(self, index: int):
        code, expect = self.pick()
        token = self.world.device_tokens[index % len(self.world.device_tokens)]
        raw = build_request(
            "POST",
            SCAN_PATH,
            host=self.address,
            headers={
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
            body=self.body(code),
        )
        return raw, (code, expect)

    def on_response(self, tag, response: Response) -> None:
        code, expect = tag
        self.expected[expect] += 1
        if response.status != 200:
            self.answers[f"http_{response.status}"] += 1
            self.unexpected += 1
            return
        self.answered_200 += 1
        result = json.loads(response.body)["result"]
        self.answers[result] += 1
        if result != expect:
            self.unexpected += 1
        if result == "ok":
            self.present.append(code)


def scanning(
    address: str, world: World, *, fresh: deque, duration: float, warmup: float, rounds: int = 3
) -> dict:
    """Scans against the baseline at the same concurrency, in alternating rounds (baseline, scans, floor,
    baseline, scans, floor, ...) so that a burst of other work on the machine weighs on all alike; the
    ratio is the median of the rounds' ratios. The floor is the baseline plus the one durable INSERT that
    every scan makes: what no scan can beat on this machine. Then a paced run: every scanner scanning
    once a second."""
    from checkin.models import CheckIn
    from events.models import Session

    concurrency = len(world.device_tokens)
    rows_before = CheckIn.objects.filter(session_id=world.scan_session_id).count()
    ok_before = CheckIn.objects.successful().filter(session_id=world.scan_session_id).count()
    mix = ScanMix(world, address, fresh)
    host, port = _host_port(address)
    # The floor's rows go to another session, so that the scan session holds the scans' rows only.
    floor_session = Session.objects.exclude(pk=world.scan_session_id).values_list("pk", flat=True).first()
    baselines, scans, ratios, floors, floor_ratios = [], [], [], [], []
    for round_ in range(rounds):
        base = baseline(address, concurrency=concurrency, duration=duration / rounds, warmup=warmup)
        result = run_load(
            host,
            port,
            concurrency=concurrency,
            next_request=mix.next_request,
            on_response=mix.on_response,
            duration=duration / rounds,
            warmup=warmup,
        )
        log(f"scans at {concurrency}, round {round_ + 1}: {result.summary()}")
        # The least any scan must do: record one attempt durably (see tests/perf/urls.py).
        if floor_session is None:
            raise RuntimeError("the record floor needs a second session in the generated data")
        floor = baseline(
            address,
            concurrency=concurrency,
            duration=duration / rounds,
            warmup=warmup,
            path=BASELINE_RECORD_PATH,
            session=floor_session,
        )
        baselines.append(base)
        scans.append(result)
        floors.append(floor)
        ratios.append(result.throughput / base.throughput if base.throughput else 0.0)
        if set(floor.statuses) != {200}:
            raise RuntimeError(f"the record floor answered {dict(floor.statuses)}")
        floor_ratios.append(floor.throughput / base.throughput if base.throughput else 0.0)
    one_query = baseline(
        address, concurrency=concurrency, duration=duration / rounds, warmup=warmup, path=BASELINE_QUERY_PATH
    )
    paced = run_load(
        host,
        port,
        concurrency=concurrency,
        next_request=mix.next_request,
        on_response=mix.on_response,
        duration=duration,
        warmup=warmup,
        interval=1.0,
    )
    log(f"scans paced at one a second per scanner: {paced.summary()}; answers {dict(mix.answers)}")
    rows = CheckIn.objects.filter(session_id=world.scan_session_id).count() - rows_before
    ok_rows = CheckIn.objects.successful().filter(session_id=world.scan_session_id).count() - ok_before
    all_scans, all_baselines = merge(scans), merge(baselines)
    ratio = statistics.median(ratios)
    return {
        "scanners": concurrency,
        "scans": all_scans.summary(),
        "baseline": all_baselines.summary(),
        "ratio_to_baseline": round(ratio, 3),
        "ratio_by_round": [round(r, 3) for r in ratios],
        "baseline_one_query": one_query.summary(),
        "ratio_one_query_baseline_to_baseline": round(one_query.throughput / all_baselines.throughput, 3),
        "record_floor": merge(floors).summary(),
        "ratio_record_floor_to_baseline": round(statistics.median(floor_ratios), 3),
        "ratio_record_floor_by_round": [round(r, 3) for r in floor_ratios],
        "ratio_scans_to_record_floor": round(all_scans.throughput / max(merge(floors).throughput, 1e-9), 3),
        "paced_one_scan_per_second_per_scanner": paced.summary(),
        "expected": dict(mix.expected),  # what each code sent should give, the warm-ups' too
        "answers": dict(mix.answers),
        "unexpected_answers": mix.unexpected,
        "db_check": {
            "attempts_recorded": rows,
            "answered_200": mix.answered_200,
            "every_attempt_recorded": rows == mix.answered_200,
            "ok_recorded": ok_rows,
            "ok_answered": mix.answers.get("ok", 0),
        },
        "goal_ratio_at_least_0_5": ratio >= 0.5,
        "goal_p99_under_50_ms": all_scans.percentile(99) < 50,
    }


def _scan_client() -> Client:
    return Client(SERVER_NAME="127.0.0.1")


def _scan_in_process(client: Client, world: World, token: str, code: str) -> dict:
    response = client.post(
        SCAN_PATH,
        data={"code": code, "session": world.scan_session_id, "nonce": uuid.uuid4().hex},
        content_type="application/json",
        headers={"authorization": f"Token {token}"},
    )
    return response.json()


def scan_queries(world: World, fresh: deque) -> dict:
    """Queries per scan, by answer (in process, through the whole middleware and DRF stack)."""
    client = _scan_client()
    token = world.device_tokens[0]
    _scan_in_process(client, world, token, "WARM-UP")  # the device's `last_seen_at` is written once a minute
    counts = {}
    for expect, code in (
        ("ok", fresh.popleft()),
        ("already_checked_in", world.present_codes[0]),
        ("invalid", world.foreign_codes[0]),
        ("invalid_not_a_code", "HELLO"),
    ):
        with CaptureQueriesContext(connection) as queries:
            answer = _scan_in_process(client, world, token, code)
        if answer["result"] != expect.removesuffix("_not_a_code"):
            raise AssertionError(f"expected {expect}, got {answer}")
        counts[expect] = len(queries.captured_queries)
    return counts


def _short_path(filename: str) -> str:
    """A profiled function's file without the machine's paths: relative to the repository, to
    site-packages or to the standard library."""
    root = str(Path(__file__).resolve().parent.parent.parent) + "/"
    if filename.startswith(root):
        return filename[len(root) :]
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    return re.sub(r"^.*/lib/python3[.0-9]*/", "", filename)


def scan_profile(world: World, fresh: deque, scans: int = 400, top: int = 25) -> dict:
    """Where a scan's time goes, in process: wall time and SQL time per scan against the baseline view's,
    and the functions with the most own time under cProfile."""
    client = _scan_client()
    token = world.device_tokens[1]
    mix = ScanMix(world, "127.0.0.1", fresh)
    codes = [mix.pick() for _ in range(scans)]

    def timed(fn) -> float:
        started = time.perf_counter()
        fn()
        return time.perf_counter() - started

    def scan_all():
        for code, _expect in codes:
            _scan_in_process(client, world, token, code)

    def baseline_all():
        for _ in range(scans):
            client.post(BASELINE_PATH, data={"code": "A" * 117}, content_type="application/json")

    baseline_all()  # warm
    with CaptureQueriesContext(connection) as capture:
        scan_seconds = timed(scan_all)
    queries = list(capture.captured_queries)  # read now: the next request resets the connection's log
    baseline_seconds = timed(baseline_all)
    sql_seconds = sum(float(q["time"]) for q in queries)
    codes = [mix.pick() for _ in range(scans)]
    profiler = cProfile.Profile()
    profiler.enable()
    scan_all()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
    stats.print_stats(top)
    log("scan profile (in process, by own time):\n" + out.getvalue())
    cumulative = io.StringIO()
    pstats.Stats(profiler, stream=cumulative).sort_stats("cumulative").print_stats(top)
    log("scan profile (in process, cumulative):\n" + cumulative.getvalue())
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in sorted(
        stats.stats.items(), key=lambda item: -item[1][2]
    )[:12]:
        rows.append(
            {
                "function": f"{_short_path(filename)}:{line}({name})",
                "calls_per_scan": round(calls / scans, 1),
                "own_ms_per_scan": round(tottime / scans * 1000, 3),
                "cumulative_ms_per_scan": round(cumtime / scans * 1000, 3),
            }
        )
    return {
        "scans": scans,
        "scan_ms": round(scan_seconds / scans * 1000, 3),
        "scan_sql_ms": round(sql_seconds / scans * 1000, 3),
        "scan_queries": round(len(queries) / scans, 2),
        "baseline_ms": round(baseline_seconds / scans * 1000, 3),
        "top_own_time": rows,
    }


# --- 2. Registration rush -----------------------------------------------------------------------------------


def registration_rush(address: str, world: World, *, attempts: int = 1000, concurrency: int = 50) -> dict:
    from checkin.models import Ticket
    from events.mail.models import OutgoingEmail
    from events.models import Event, Registration

    path = f"/api/v1/events/{world.rush_event_slug}/registrations/"
    requests = [
        build_request(
            "POST",
            path,
            host=address,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            body=json.dumps(
                {
                    "full_name": f"Người đăng ký {n}",
                    "email": f"dangky{n}@example.vn",
                    "phone": "0912345678",
                    "organization_name": "Công ty Đổi mới",
                    "position": "Kỹ sư",
                    "consent": True,
                }
            ).encode(),
        )
        for n in range(attempts)
    ]
    pending = iter(range(attempts))
    answers: Counter = Counter()

    def next_request(_index: int):
        n = next(pending, None)
        return None if n is None else (requests[n], n)

    def on_response(_tag, response: Response) -> None:
        if response.status == 201:
            answers[json.loads(response.body)["status"]] += 1
        else:
            answers[f"http_{response.status}"] += 1

    base = baseline(address, concurrency=concurrency, duration=None, warmup=0, count=attempts)
    host, port = _host_port(address)
    result = run_load(host, port, concurrency=concurrency, next_request=next_request, on_response=on_response)
    log(f"registration rush: {result.summary()} answers {dict(answers)}")
    event = Event.objects.get(slug=world.rush_event_slug)
    in_db = Counter(
        dict(Registration.objects.filter(event=event).values_list("status").annotate(n=Count("pk")))
    )
    errors = sum(v for k, v in answers.items() if k.startswith("http_"))
    tickets = Ticket.objects.filter(registration__event=event, revoked_at__isnull=True).count()
    emails = OutgoingEmail.objects.filter(registration__event=event).count()
    ratio = result.throughput / base.throughput if base.throughput else None
    confirmed, waitlisted = in_db.get("confirmed", 0), in_db.get("waitlisted", 0)
    return {
        "attempts": attempts,
        "concurrency": concurrency,
        "capacity": event.capacity,
        "answers": dict(answers),
        "errors": errors,
        "in_database": dict(in_db),
        "tickets_issued": tickets,
        "emails_queued": emails,
        "registrations": result.summary(),
        "baseline": base.summary(),
        "ratio_to_baseline": round(ratio, 3) if ratio is not None else None,
        "goal_exact_seats": confirmed == event.capacity
        and waitlisted == attempts - event.capacity
        and errors == 0,
    }


# --- 3. Calendar feed ---------------------------------------------------------------------------------------


def calendar_feed(address: str, *, repeats: int = 200) -> dict:
    host, port = _host_port(address)
    cold, cold_seconds = fetch(host, port, _get(address, "/calendar.ics"))
    if cold.status != 200:
        raise AssertionError(f"/calendar.ics answered {cold.status}")
    vevents = cold.body.count(b"BEGIN:VEVENT")
    etag = cold.headers["etag"]
    log(f"calendar: cold build {cold_seconds:.2f} s, {vevents} VEVENTs, {len(cold.body)} bytes")
    cold_en, cold_en_seconds = fetch(host, port, _get(address, "/en/calendar.ics"))
    warm = run_load(host, port, concurrency=1, next_request=_repeat(_get(address, "/calendar.ics"), 20))
    not_modified = run_load(
        host,
        port,
        concurrency=1,
        next_request=_repeat(_get(address, "/calendar.ics", {"If-None-Match": etag}), repeats),
    )
    log(f"calendar: 200 from cache {warm.summary()}, 304 {not_modified.summary()}")
    p50_304 = not_modified.percentile(50) / 1000
    return {
        "sessions_in_feed": vevents,
        "bytes": len(cold.body),
        "full_build_seconds": round(cold_seconds, 3),
        "full_build_en_seconds": round(cold_en_seconds, 3) if cold_en.status == 200 else None,
        "cached_200": warm.summary(),
        "not_modified_304": not_modified.summary(),
        "all_304": not_modified.statuses == Counter({304: repeats}),
        "ratio_full_build_to_304": round(cold_seconds / p50_304, 1) if p50_304 else None,
    }


# --- 4. Report indicators -----------------------------------------------------------------------------------


def report_indicators(world: World, *, runs: int = 3) -> dict:
    from reports.indicators import Period, compute

    def measure(year: int) -> dict:
        period = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        timings, query_counts = [], []
        slowest = []
        report = None
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                report = compute(period)
                timings.append(time.perf_counter() - started)
            query_counts.append(len(queries.captured_queries))
            if timings[-1] == min(timings):
                slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]
        figures = {f.key: f.value for f in report.figures}
        return {
            "year": year,
            "best_seconds": round(min(timings), 3),
            "runs_seconds": [round(t, 3) for t in timings],
            "queries": query_counts[0],
            "query_counts_equal_across_runs": len(set(query_counts)) == 1,
            "slowest_queries": [
                {"ms": round(float(q["time"]) * 1000), "sql": q["sql"][:160]} for q in slowest
            ],
            "figures": {
                key: figures[key]
                for key in (
                    "courses_held",
                    "sessions_held",
                    "trainees_registered",
                    "trainees_attended",
                    "trainees_completed",
                    "visitors_checked_in",
                    "exhibiting_projects",
                    "meetings_held",
                    "projects_supported",
                )
            },
        }

    main = measure(world.main_year)
    log(f"report {world.main_year}: {main['best_seconds']} s, {main['queries']} queries")
    small = measure(world.small_year)
    log(f"report {world.small_year}: {small['best_seconds']} s, {small['queries']} queries")
    return {
        "main_year": main,
        "small_year": small,
        "checkins_main_year": world.counts["main_year"]["checkins"],
        "checkins_small_year": world.counts["small_year"]["checkins"],
        "query_count_grows_with_data": main["queries"] != small["queries"],
        "time_ratio_main_to_small": round(main["best_seconds"] / small["best_seconds"], 1),
        "goal_under_2_s": main["best_seconds"] < 2.0,
    }


# --- 5. Catalogue -------------------------------------------------------------------------------------------


def catalogue_queries(world: World) -> dict:
    client = _scan_client()
    client.get("/")  # warm (templates, translations)
    counts = {}
    for label, path in (
        ("full_page", "/"),
        ("last_page", f"/?page={math.ceil(catalogue_size() / 12)}"),
        ("one_event", f"/?q={world.catalogue_unique_title}"),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise AssertionError(f"{path} answered {response.status_code}")
        counts[label] = len(queries.captured_queries)
    return counts


def catalogue(address: str, *, requests: int = 200) -> dict:
    host, port = _host_port(address)
    page = _get(address, "/")
    run_load(host, port, concurrency=1, next_request=_repeat(page, 10))  # warm both workers
    pages = run_load(host, port, concurrency=1, next_request=_repeat(page, requests))
    base = run_load(host, port, concurrency=1, next_request=_repeat(_get(address, BASELINE_PATH), requests))
    log(f"catalogue: {pages.summary()}; baseline {base.summary()}")
    return {
        "pages": pages.summary(),
        "baseline": base.summary(),
        "p95_ratio_to_baseline": round(pages.percentile(95) / base.percentile(95), 1),
    }


__all__ = [
    "baseline",
    "calendar_feed",
    "catalogue",
    "catalogue_queries",
    "registration_rush",
    "report_indicators",
    "scan_profile",
    "scan_queries",
    "scanning",
]
