"""Signed agreement versions, signatures, agreed shared purposes and approvals are refused by the
database itself (engagements/immutable.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from engagements.immutable import install as install_guards

    install_guards(schema_editor)


def uninstall(apps, schema_editor):
    from engagements.immutable import uninstall as uninstall_guards

    uninstall_guards(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("engagements", "0008_timeline_kinds")]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
