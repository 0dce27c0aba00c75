"""The project's URLs plus two baselines, so each benchmark can be read as a ratio measured in the same
run: the cheapest JSON answer Django gives through the same middleware with no database, and the same
with one round trip to PostgreSQL (`SELECT 1`), which shows what a single query costs on this machine."""

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

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


urlpatterns = [
    path("perf/baseline/", baseline, name="perf-baseline"),
    path("perf/baseline-query/", baseline_one_query, name="perf-baseline-query"),
    *project_urlpatterns,
]
