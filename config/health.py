"""Health endpoint for a load balancer: 200 when this app server can reach its database and the database
has every migration this code needs (a server started before `migrate` must not take requests)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Once every migration is applied it stays so for this process's lifetime (migrations are not rolled back
# under running code), so the migration plan, which reads every migration file, is built only until then.
_migrated = False


def unapplied_migrations() -> int:
    """How many of this code's migrations the default database has not applied."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@never_cache
@require_GET
def health(request):
    global _migrated
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        pending = 0 if _migrated else unapplied_migrations()
    except Exception:  # any database failure means "take me out of rotation"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    if pending:
        return JsonResponse(
            {"status": "error", "database": "not migrated", "unapplied_migrations": pending}, status=503
        )
    _migrated = True
    return JsonResponse({"status": "ok", "database": "ok"})
