"""Tasks off the request on the embedded default: one background thread per process.

Without a broker (no REDIS_URL) Celery's eager mode ran each task inside the call that queued it, so the
request that registered someone waited for the mail server (a server that accepts and never answers
held it for the whole SMTP timeout, and a few such requests held every worker). Here a task queued with
`.delay()` goes to a queue that one daemon thread of the process works through, and the request answers
at once. The thread also runs the periodic jobs of `CELERY_BEAT_SCHEDULE` (e-mail retries, course
completion) as `celery beat` does in production, one process at a time through the shared cache.

Nothing is lost when the process stops with tasks still queued: an e-mail's outbox row stays pending
until it is sent, and the periodic retry sends pending rows older than two minutes.

Used when `CELERY_TASK_ALWAYS_EAGER` and `TASKS_IN_BACKGROUND_THREAD` are both on (the embedded
default); the test settings keep tasks synchronous.
"""

import logging
import os
import queue
import threading
import time

from celery import Task as CeleryTask
from django.conf import settings

logger = logging.getLogger(__name__)

BEAT_TICK_SECONDS = 30.0
_STOP = object()


def in_background() -> bool:
    return bool(settings.CELERY_TASK_ALWAYS_EAGER and getattr(settings, "TASKS_IN_BACKGROUND_THREAD", False))


class Task(CeleryTask):
    """Celery's task: on the embedded default `.delay()` / `.apply_async()` hand the task to this process's
    background thread instead of running it in the caller."""

    def apply_async(self, args=None, kwargs=None, task_id=None, *rest, **options):
        if not in_background():
            return super().apply_async(args, kwargs, task_id, *rest, **options)
        task_id = task_id or options.get("task_id") or _new_id()
        runner.submit(self, tuple(args or ()), dict(kwargs or {}), task_id)
        return self.AsyncResult(task_id)


def _new_id() -> str:
    from celery.utils import uuid

    return uuid()


class BackgroundRunner:
    """A queue and the one daemon thread that empties it, started once per process (again after a fork)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._queue: queue.Queue | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
                return
            self._pid = os.getpid()
            self._queue = queue.Queue()
            self._thread = threading.Thread(
                target=self._run, args=(self._queue,), name="background-tasks", daemon=True
            )
            self._thread.start()

    def submit(self, task, args: tuple, kwargs: dict, task_id: str) -> None:
        self.start()
        self._queue.put((task, args, kwargs, task_id))

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the queued tasks and end the thread (tests; the process's end does not wait)."""
        with self._lock:
            thread, work = self._thread, self._queue
            self._thread = self._queue = self._pid = None
        if thread is not None and thread.is_alive():
            work.put(_STOP)
            thread.join(timeout)

    def _run(self, work: queue.Queue) -> None:
        next_beat = time.monotonic() + BEAT_TICK_SECONDS
        while True:
            try:
                item = work.get(timeout=max(0.0, next_beat - time.monotonic()))
            except queue.Empty:
                item = None
            if item is _STOP:
                from django.db import connections

                connections.close_all()  # this thread's own connections
                return
            if item is not None:
                task, args, kwargs, task_id = item
                self._call(task.name, lambda: task.apply(args=args, kwargs=kwargs, task_id=task_id))  # noqa: B023
            if time.monotonic() >= next_beat:
                next_beat = time.monotonic() + BEAT_TICK_SECONDS
                self._beat()

    def _call(self, name: str, function) -> None:
        from django.db import close_old_connections

        close_old_connections()
        try:
            result = function()
            if result.failed():
                logger.error("Background task %s failed: %r", name, result.result)
        except Exception:  # the thread must outlive any task
            logger.exception("Background task %s failed", name)
        finally:
            close_old_connections()

    def _beat(self) -> None:
        """Run the periodic jobs that are due. The shared cache lets one process of the machine run each
        job per interval (and a failing cache lets every process run it: the jobs are safe to repeat)."""
        from django.core.cache import cache

        from config.celery import app

        app.loader.import_default_modules()
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            interval = float(entry["schedule"])
            try:
                due = cache.add(f"background-beat:{name}", os.getpid(), timeout=max(1, int(interval)))
            except Exception:
                due = True
            task = app.tasks.get(entry["task"])
            if due and task is not None:
                self._call(entry["task"], lambda task=task: task.apply())


runner = BackgroundRunner()
os.register_at_fork(after_in_child=lambda: setattr(runner, "_pid", None))


def start_background_tasks() -> None:
    """Start this process's background thread when tasks run in the background (called by config.wsgi:
    web processes run the periodic jobs even before anything is queued)."""
    if in_background():
        runner.start()
