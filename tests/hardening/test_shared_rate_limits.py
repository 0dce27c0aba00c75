"""On the embedded default (no Redis) the rate limits count once for all the processes of the site: several
workers used to keep a counter each, so five workers let a client through five times the limit."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# One worker process of the embedded default, asked whether each of `n` requests from one address gets
# through the registrations limit (DRF's ScopedRateThrottle, as the registration API uses it).
WORKER = """
import json, sys, types
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import ScopedRateThrottle

view = types.SimpleNamespace(throttle_scope="registrations")
answers = []
for _ in range(int(sys.argv[1])):
    request = Request(APIRequestFactory().post("/", REMOTE_ADDR="198.51.100.7"))
    request.user = AnonymousUser()
    answers.append(ScopedRateThrottle().allow_request(request, view))
print(json.dumps(answers))
"""


def worker(data_dir: Path, n: int) -> list[bool]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATA_DIR=str(data_dir),
        THROTTLE_REGISTRATIONS="3/minute",
    )
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(n)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_rate_limit_counts_across_worker_processes_on_the_embedded_default(tmp_path):
    first = worker(tmp_path, 2)
    second = worker(tmp_path, 2)

    assert first == [True, True]
    assert second == [True, False]  # the third request of the minute passes, the fourth is refused
