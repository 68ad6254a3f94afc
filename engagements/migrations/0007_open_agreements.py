"""Engagements accepted before agreements existed get their Agreement and first drafts, as an
acceptance now opens them (services.accountability.agreement_open, repeated here on the
historical models)."""

from django.db import migrations

AFTER_ACCEPTANCE = ["accepted", "active", "completed", "ended"]


def open_agreements(apps, schema_editor):
    Engagement = apps.get_model("engagements", "Engagement")
    Agreement = apps.get_model("engagements", "Agreement")
    SharedPurposeVersion = apps.get_model("engagements", "SharedPurposeVersion")
    PurposeImpact = apps.get_model("engagements", "PurposeImpact")
    AgreementVersion = apps.get_model("engagements", "AgreementVersion")
    Commitment = apps.get_model("engagements", "Commitment")
    pending = Engagement.objects.filter(status__in=AFTER_ACCEPTANCE, agreement__isnull=True).select_related(
        "model", "movement"
    )
    for engagement in pending.iterator():
        agreement = Agreement.objects.create(engagement=engagement)
        purpose = SharedPurposeVersion.objects.create(
            engagement=engagement, number=1, statement=engagement.shared_purpose, outcomes=engagement.outcomes
        )
        PurposeImpact.objects.bulk_create(
            PurposeImpact(version=purpose, way=way) for way in engagement.movement.ways_of_impact.all()
        )
        version = AgreementVersion.objects.create(
            agreement=agreement, number=1, review_cadence=engagement.model.default_review_cadence
        )
        lines = [line.strip() for line in engagement.model.suggested_commitments.splitlines() if line.strip()]
        Commitment.objects.bulk_create(
            Commitment(
                version=version,
                position=position,
                party="movement" if line.lower().startswith("the movement") else "institution",
                what=line[:1000],
            )
            for position, line in enumerate(lines, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("engagements", "0006_agreements")]

    operations = [migrations.RunPython(open_agreements, migrations.RunPython.noop)]
