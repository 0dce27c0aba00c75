"""Database helpers for the scan's hot path."""

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
