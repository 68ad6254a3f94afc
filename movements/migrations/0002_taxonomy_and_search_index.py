"""Seed the ways of impact and focus areas; add the full-text GIN index on PostgreSQL.

The GIN index is PostgreSQL-only, so it is created by a vendor-aware step
rather than Meta.indexes: the same migrations run on SQLite, which searches
without it.
"""

from django.db import migrations

INDEX_NAME = "movement_search_vector_gin"


def seed_taxonomy(apps, schema_editor):
    from movements.taxonomy import taxonomy_sync

    taxonomy_sync(way_model=apps.get_model("movements", "WayOfImpact"), focus_model=apps.get_model("movements", "FocusArea"))


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON movements_movement USING gin (search_vector)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("movements", "0001_initial")]

    operations = [
        migrations.RunPython(seed_taxonomy, migrations.RunPython.noop),
        migrations.RunPython(create_gin_index, drop_gin_index),
    ]
