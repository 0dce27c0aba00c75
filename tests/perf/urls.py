"""The project's URLs plus the baseline: the cheapest JSON answer Django gives through the same
middleware, with no database, so each benchmark can be read as a ratio to it."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as project_urlpatterns


@csrf_exempt  # POSTed like a scan (JSON body, no cookie), so it needs no CSRF token either
def baseline(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("perf/baseline/", baseline, name="perf-baseline"), *project_urlpatterns]
