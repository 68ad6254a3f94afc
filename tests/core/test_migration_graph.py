"""The suite runs without migrations, so it must check the migration graph itself: two branches
that each add an app's next migration merge cleanly in git and leave two leaves behind."""

from django.db.migrations.loader import MigrationLoader


def test_every_app_has_one_line_of_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert loader.detect_conflicts() == {}, "number one of them after the other (or add a merge migration)"
