"""Signed agreement versions, signatures, agreed shared purposes and approvals are refused by the
database itself (engagements/immutable.py); the timeline learns the agreement's events."""

from django.db import migrations, models


def install(apps, schema_editor):
    from engagements.immutable import install as install_guards

    install_guards(schema_editor)


def uninstall(apps, schema_editor):
    from engagements.immutable import uninstall as uninstall_guards

    uninstall_guards(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("engagements", "0007_open_agreements")]

    operations = [
        migrations.RunPython(install, uninstall),
        migrations.AlterField(
            model_name="timelineevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Draft started"),
                    ("submitted", "Submitted"),
                    ("assigned", "Reviewer assigned"),
                    ("changes_requested", "Changes requested"),
                    ("resubmitted", "Resubmitted"),
                    ("accepted", "Accepted"),
                    ("declined", "Declined"),
                    ("withdrawn", "Withdrawn"),
                    ("activated", "Agreement in force"),
                    ("completed", "Completed"),
                    ("ended", "Ended"),
                    ("commented", "Comment"),
                    ("agreement_changed", "Agreement draft changed"),
                    ("amendment_started", "Amendment started"),
                    ("agreement_signed", "Agreement signed"),
                    ("agreement_in_force", "Agreement in force"),
                    ("publishing_changed", "Publishing consent changed"),
                ],
                max_length=20,
            ),
        ),
    ]
