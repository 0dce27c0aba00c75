"""A database that was never migrated: `/healthz` says the server is not ready (503 with the reason) until
`migrate` has run, so a load balancer keeps it out of rotation; `seed_demo` says to run `migrate` first
instead of printing a traceback. Both on the embedded default (SQLite in a fresh DATA_DIR), in processes
of their own, as a newcomer or a deploy would run them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HEALTH_BEFORE_AND_AFTER_MIGRATE = """
import json
import django
django.setup()
from django.core.management import call_command
from django.test import Client

client = Client()
answers = [client.get("/healthz", HTTP_HOST="localhost")]
call_command("migrate", verbosity=0)
answers.append(client.get("/healthz", HTTP_HOST="localhost"))
answers.append(client.get("/healthz", HTTP_HOST="localhost"))
print(json.dumps([[a.status_code, a.json()] for a in answers]))
"""


def embedded_default(data_dir: Path, language: str = "vi") -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", DATA_DIR=str(data_dir), LANGUAGE=language)
    return env


def run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=embedded_default(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_health_is_503_until_the_database_is_migrated(tmp_path):
    done = run(["-c", HEALTH_BEFORE_AND_AFTER_MIGRATE], tmp_path)

    assert done.returncode == 0, done.stderr
    before, after, again = json.loads(done.stdout.splitlines()[-1])
    assert before[0] == 503
    assert (before[1]["status"], before[1]["database"]) == ("error", "not migrated")
    assert before[1]["unapplied_migrations"] > 0
    assert after == [200, {"status": "ok", "database": "ok"}]
    assert again == after


def test_seed_demo_before_migrate_says_to_migrate_first(tmp_path):
    done = run(["manage.py", "seed_demo"], tmp_path)

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "CommandError: Cơ sở dữ liệu chưa sẵn sàng: hãy chạy “manage.py migrate” trước.\n"
