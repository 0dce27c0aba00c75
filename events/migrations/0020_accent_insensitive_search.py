"""The accent-insensitive search's SQL function on PostgreSQL (`events.folding`). SQLite registers the
same function on each connection instead, so there is nothing to do there."""

from django.db import migrations

from events import folding


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(folding.postgresql_function_sql())


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {folding.FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("events", "0019_one_line_subjects_and_news_titles")]

    operations = [migrations.RunPython(create_function, drop_function, elidable=False)]
