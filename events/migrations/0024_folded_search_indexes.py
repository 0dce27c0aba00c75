"""Trigram indexes for the door's accent-free search on PostgreSQL (`checkin.selectors.search_registrations`):
`hcmc_fold(full_name)` and `hcmc_fold(email)` (the function of 0020) and the phone, so that a search inside a
big event reads the index instead of every registration; the reference is served by its unique index.

They need the `pg_trgm` extension (PostgreSQL's contrib, trusted since PostgreSQL 13: a database owner may
create it). Where it cannot be created the migration says so and goes on without the indexes: the search
gives the same answers, only by scanning. Running this migration again later (migrate events 0021, then
migrate) adds them. SQLite: nothing to do (its databases are small and it has no such index)."""

import sys

from django.db import migrations, transaction
from django.db.utils import DatabaseError

from events import folding

# name: indexed expression (of events_registration)
INDEXES = {
    "events_registration_name_fold_trgm": "hcmc_fold(full_name) gin_trgm_ops",
    "events_registration_email_fold_trgm": "hcmc_fold(email) gin_trgm_ops",
    "events_registration_phone_trgm": "phone gin_trgm_ops",
}


def _has_pg_trgm(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone():
            return True
        try:
            with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint: failing is fine
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as exc:
            sys.stderr.write(
                "\n  The pg_trgm extension could not be created, so the accent-free search has no index "
                f"(the search still works, by scanning): {str(exc).strip()}\n"
                "  Run `CREATE EXTENSION pg_trgm;` as a superuser, then migrate events 0021 and migrate again.\n"
            )
            return False
    return True


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # hcmc_fold() as 0020 made it was inlined by the planner, which then costed it as two cheap
    # operators and never chose an index: it now carries its true cost and is not inlined.
    schema_editor.execute(folding.postgresql_function_sql())
    if not _has_pg_trgm(schema_editor):
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON events_registration USING gin ({expression})")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("events", "0023_event_what_to_bring_registration_changes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
