"""Agreements for tests that need one already in force (check-ins, reminders, the register).

`bring_into_force` writes the approvals and signatures directly, as the signing services would
leave them: tests of signing itself go through the services. Dates default to MONDAY.
"""

import datetime

from django.utils import timezone

from engagements.models import (
    Agreement,
    AgreementVersion,
    Commitment,
    CommitmentProgress,
    Engagement,
    PurposeApproval,
    SharedPurposeVersion,
    Side,
    Signature,
)


def bring_into_force(
    engagement: Engagement,
    *,
    movement_signer,
    institution_signer,
    commitments: list[dict] | None = None,
    at: datetime.datetime | None = None,
    publish: bool = False,
    **terms,
) -> Agreement:
    """Agree the latest shared-purpose draft, replace the latest agreement draft's commitments
    with `commitments` (if given: dicts of Commitment fields), sign it for both sides and make
    the engagement active."""
    at = at or timezone.now()
    agreement = Agreement.objects.get(engagement=engagement)
    purpose = SharedPurposeVersion.objects.filter(engagement=engagement).latest("number")
    for side, person in ((Side.MOVEMENT, movement_signer), (Side.INSTITUTION, institution_signer)):
        PurposeApproval.objects.create(
            version=purpose, side=side, approver=person, approver_name=person.display_name, approved_at=at
        )
    SharedPurposeVersion.objects.filter(pk=purpose.pk).update(agreed_at=at)
    version = AgreementVersion.objects.filter(agreement=agreement).latest("number")
    if terms:
        AgreementVersion.objects.filter(pk=version.pk).update(**terms)
    if commitments is not None:
        Commitment.objects.filter(version=version).delete()
        Commitment.objects.bulk_create(
            Commitment(version=version, position=position, **fields)
            for position, fields in enumerate(commitments, start=1)
        )
    for side, person in ((Side.MOVEMENT, movement_signer), (Side.INSTITUTION, institution_signer)):
        Signature.objects.create(
            version=version,
            side=side,
            signer=person,
            signer_name=person.display_name,
            signer_role="Lead organiser" if side == Side.MOVEMENT else "Signatory",
            method=Signature.Method.PASSWORD,
            signed_at=at,
        )
    AgreementVersion.objects.filter(pk=version.pk).update(signed_at=at, purpose=purpose)
    CommitmentProgress.objects.bulk_create(
        CommitmentProgress(agreement=agreement, key=key)
        for key in Commitment.objects.filter(version=version).values_list("key", flat=True)
    )
    Agreement.objects.filter(pk=agreement.pk).update(
        purpose=purpose,
        in_force=version,
        in_force_since=at,
        movement_publishes=publish,
        institution_publishes=publish,
    )
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.ACTIVE)
    return Agreement.objects.select_related("engagement", "in_force", "purpose").get(pk=agreement.pk)
