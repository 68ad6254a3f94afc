"""Rows the reminder tests write directly: a check-in and an amendment in force.

The check-in and signing services belong to their own pages and are tested there; the sweep only
reads what they leave behind, so these helpers leave the same rows.
"""

import datetime

from django.utils import timezone

from engagements.models import (
    Agreement,
    AgreementVersion,
    CheckIn,
    Commitment,
    CommitmentProgress,
    CommitmentUpdate,
    Side,
    Signature,
)


def check_in(agreement: Agreement, held_on: datetime.date, statuses: dict | None = None, *, author=None) -> CheckIn:
    """A check-in held on `held_on` saying `statuses` ({commitment key: status}) of the version in force."""
    agreement = Agreement.objects.select_related("in_force").get(pk=agreement.pk)
    assert agreement.in_force is not None
    checkin = CheckIn.objects.create(
        engagement_id=agreement.engagement_id,
        version=agreement.in_force,
        held_on=held_on,
        note="We met and went through the commitments.",
        author=author,
        side=Side.MOVEMENT,
    )
    commitments = {c.key: c for c in Commitment.objects.filter(version=agreement.in_force)}
    for key, status in (statuses or {}).items():
        CommitmentUpdate.objects.create(checkin=checkin, commitment=commitments[key], key=key, status=status)
        CommitmentProgress.objects.update_or_create(
            agreement=agreement, key=key, defaults={"status": status, "as_of": held_on}
        )
    return checkin


def amend(agreement: Agreement, *, signers, changes: dict | None = None, at=None, **terms) -> AgreementVersion:
    """Bring a new version into force: the one in force copied (same commitment keys), with
    `changes` ({key: {field: value}}) to its commitments and `terms` to the version, signed by
    `signers` (movement's, institution's)."""
    at = at or timezone.now()
    agreement = Agreement.objects.select_related("in_force").get(pk=agreement.pk)
    old = agreement.in_force
    assert old is not None
    fields = {
        f.name: getattr(old, f.name)
        for f in AgreementVersion._meta.concrete_fields
        if f.name not in {"id", "uuid", "number", "revision", "signed_at", "created_at", "updated_at"}
    }
    version = AgreementVersion.objects.create(**{**fields, **terms, "number": old.number + 1})
    for commitment in Commitment.objects.filter(version=old):
        values = {
            f.name: getattr(commitment, f.name)
            for f in Commitment._meta.concrete_fields
            if f.name not in {"id", "uuid", "version"}
        }
        Commitment.objects.create(**{**values, **(changes or {}).get(commitment.key, {}), "version": version})
    for side, person in zip((Side.MOVEMENT, Side.INSTITUTION), signers, strict=True):
        Signature.objects.create(
            version=version,
            side=side,
            signer=person,
            signer_name=person.display_name,
            signer_role="Signatory",
            method=Signature.Method.PASSWORD,
            signed_at=at,
        )
    AgreementVersion.objects.filter(pk=version.pk).update(signed_at=at)
    Agreement.objects.filter(pk=agreement.pk).update(in_force=version)
    return version
