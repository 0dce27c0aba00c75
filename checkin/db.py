"""Database helpers for the scan's hot path."""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections


def first_read(read):
    """Run `read`, the request's first query, which must only read, without Django's health check.

    With `CONN_HEALTH_CHECKS` Django sends `SELECT 1` before a request's first query on a kept
    connection, so that a connection the server dropped in between is replaced instead of failing the
    request. On a scan that check is a third of the round trips. Here the read itself is the check: should
    the kept connection turn out dead, it is closed and the read runs again on a new one, which is what the
    health check promises, without its round trip when the connection is alive (nearly always)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.connection is None or not connection.health_check_enabled or connection.in_atomic_block:
        return read()
    connection.health_check_done = True
    try:
        return read()
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block:
            raise
        connection.close()
        return read()


@contextmanager
def prepared_cursor():
    """A cursor for the scan's statements: on PostgreSQL one that binds parameters on the server, so that
    psycopg prepares each statement on the connection after its fifth use (`prepare_threshold`) and
    PostgreSQL stops planning it again on every scan. Django's own cursors bind on the client (the rest
    of the application is planned per query, as the reports want: a generic plan there was slower). The
    cursor is wrapped as Django wraps its own (errors, query logging), after the same health check."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)
    cursor = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with cursor:
        yield cursor
