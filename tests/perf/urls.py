"""The project's URLs plus three baselines, so each benchmark can be read as a ratio measured in the same
run: the cheapest JSON answer Django gives through the same middleware with no database; the same with
one round trip to PostgreSQL (`SELECT 1`), which shows what a single query costs on this machine; and the
same recording one scan attempt durably and nothing else, the least any scan must do."""

import json
import uuid

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from checkin.enums import CheckInSource, ScanResult
from checkin.models import CheckIn
from checkin.services import _insert
from config.urls import urlpatterns as project_urlpatterns


@csrf_exempt  # POSTed like a scan (JSON body, no cookie), so it needs no CSRF token either
def baseline(request):
    return JsonResponse({"ok": True})


@csrf_exempt
def baseline_one_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"ok": True})


@csrf_exempt
def baseline_record(request):
    """The floor of a scan: the empty view plus the scan's own INSERT of one attempt (the statement
    `checkin.services` uses, prepared, committing on its own, no health check: one round trip and one
    durable commit), with no look-up, no decision and no limits. No scan can cost less and still record
    every attempt before it answers."""
    session_id = json.loads(request.body)["session"]
    connection.health_check_done = connection.connection is not None  # as the scan's first read skips it
    now = timezone.now()
    _insert(
        CheckIn(
            session_id=session_id,
            code="FLOOR",
            result=ScanResult.INVALID,
            source=CheckInSource.SCAN,
            nonce=uuid.uuid4().hex,
            scanned_at=now,
        )
    )
    return JsonResponse({"ok": True})


urlpatterns = [
    path("perf/baseline-record/", baseline_record, name="perf-baseline-record"),
    path("perf/baseline/", baseline, name="perf-baseline"),
    path("perf/baseline-query/", baseline_one_query, name="perf-baseline-query"),
    *project_urlpatterns,
]
