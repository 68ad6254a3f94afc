"""Seed the eight standard engagement models (engagements/seed.py holds the wording)."""

from django.db import migrations


def seed(apps, schema_editor):
    from engagements.seed import seed_engagement_models

    seed_engagement_models(model=apps.get_model("engagements", "EngagementModel"))


class Migration(migrations.Migration):
    dependencies = [("engagements", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
