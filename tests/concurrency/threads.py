"""Run work in threads released together, for the PostgreSQL race tests."""

import threading
from collections.abc import Callable

from django.db import close_old_connections, connection


def all_at_once(
    count: int, work: Callable[[int], object], *, refusals: tuple[type[BaseException], ...] = ()
) -> tuple[list, list[BaseException]]:
    """Run `work(0..count-1)` in `count` threads released together by a barrier. Exceptions of the
    `refusals` types are results (their `code`); anything else raised is returned as an error."""
    barrier = threading.Barrier(count, timeout=30)
    results: list = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            close_old_connections()
            barrier.wait()
            try:
                results[index] = work(index)
            except refusals as refused:
                results[index] = getattr(refused, "code", refused)
        except BaseException as exc:  # collected, and asserted on in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [thread.is_alive() for thread in threads] == [False] * count
    return results, errors
