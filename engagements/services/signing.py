"""Signing the accountability agreement (docs/agreements.md, "Signing").

Each side's designated signatory signs the latest version, at the revision their page showed,
after re-authenticating (the page checks that and says how: `method`). When the second side
signs, the version is in force from then and never changes: the Agreement points at it, each new
commitment gets its progress record, and an accepted engagement becomes active through the
lifecycle's "activate" step. The version in force before an amendment stays in force until then.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.contract import Conflict, lock, require, transition
from institutions.models import Membership
from movements.models import Organiser
from notifications.services import notification_announce

from ..models import AgreementVersion, Commitment, CommitmentProgress, Engagement, Side, Signature
from ..rules import agreement_of, signing_sides
from ._common import _active_once, both_sides, engagement_context, timeline_write
from .agreement import agreement_url, latest_version
from .transitions import engagement_transition


def signatories_of(engagement: Engagement, side: str) -> list[User]:
    """Who may sign for a side: the movement's lead organisers, or the institution's verified
    members marked signatory."""
    if side == Side.MOVEMENT:
        rows = Organiser.objects.filter(movement_id=engagement.movement_id, role=Organiser.Role.LEAD)
        return _active_once(row.user for row in rows.select_related("user"))
    members = Membership.objects.filter(
        institution_id=engagement.institution_id, status=Membership.Status.VERIFIED, is_signatory=True
    ).select_related("user")
    return _active_once(row.user for row in members)


def signer_role(engagement: Engagement, side: str) -> str:
    if side == Side.MOVEMENT:
        return f"Lead organiser, {engagement.movement.name}"[:200]
    return f"Signatory, {engagement.institution.name}"[:200]


def _other(side: str) -> str:
    return Side.INSTITUTION if side == Side.MOVEMENT else Side.MOVEMENT


@transaction.atomic
def agreement_sign(
    *,
    actor: User,
    engagement: Engagement,
    version: AgreementVersion,
    seen_revision: int,
    method: str,
    now: datetime.datetime | None = None,
) -> Signature:
    """Sign `version` for the actor's side, as it was at `seen_revision`."""
    require(actor, "engagements.sign_agreement", engagement, "Only each side's signatory can sign the agreement.")
    if method not in Signature.Method.values:
        raise ValidationError("Confirm it is you (password or two-factor authentication) before signing.")
    now = now or timezone.now()
    agreement = agreement_of(engagement)
    assert agreement is not None  # the permission asked has_agreement
    url = agreement_url(engagement)
    agreement = lock(agreement, redirect_to=url)
    if agreement.purpose_id is None:
        raise ValidationError(
            "The shared purpose must be agreed by both sides before the agreement can be signed: "
            "approve the shared purpose first."
        )
    latest = latest_version(agreement)
    sign_url = f"{url}sign/"
    if latest.pk != version.pk:
        raise Conflict(
            f"This version was replaced while you were reading it: read version {latest.number} and sign that.",
            redirect_to=sign_url,
        )
    undated = [
        position
        for position, (due, review) in enumerate(
            Commitment.objects.filter(version=version)
            .order_by("position", "pk")
            .values_list("due_date", "review_date"),
            start=1,
        )
        if due is None and review is None
    ]
    if undated:
        numbers = ", ".join(str(n) for n in undated)
        raise ValidationError(
            f"Every commitment needs a due date or a review date before the agreement is signed: "
            f"give one to commitment {numbers} first."
        )
    signed = dict(Signature.objects.filter(version=version).values_list("side", "signer_id"))
    if actor.pk in signed.values():
        raise ValidationError(
            "You have already signed this version: the other side's signatory must sign it. "
            "Nobody signs both sides of an agreement."
        )
    sides = [side for side in signing_sides(actor, engagement) if side not in signed]
    if not sides:
        raise ValidationError("Your side has already signed this version.")
    side = sides[0]
    # On the revision the page showed, so an edit saved meanwhile and this signature cannot both
    # win; the revision stays as it is (signing changes no words), so the other side's open page
    # can still sign the same words.
    transition(
        version,
        field="revision",
        to=seen_revision,
        allowed_from=[seen_revision],
        conflict_message=lambda _label: (
            f"This version was changed while you were reading it: read version {latest.number} and sign that."
        ),
        redirect_to=sign_url,
    )
    signature = Signature.objects.create(
        version=version,
        side=side,
        signer=actor,
        signer_name=actor.display_name or actor.email,
        signer_role=signer_role(engagement, side),
        method=method,
        signed_at=now,
    )
    context = {
        **engagement_context(engagement),
        "version": version.number,
        "signer_name": signature.signer_name,
        "signer_role": signature.signer_role,
    }
    timeline_write(
        engagement=engagement,
        kind="agreement_signed",
        actor=actor,
        side=side,
        text=f"Version {version.number}, as {signature.signer_role}.",
        now=now,
    )
    if _other(side) not in signed:
        notification_announce(
            kind="engagements.agreement_signed",
            recipients=[p for p in signatories_of(engagement, _other(side)) if p != actor],
            actor=actor,
            target=engagement,
            context=context,
            url=sign_url,
        )
        return signature
    _bring_into_force(actor=actor, engagement=engagement, version=version, now=now, context=context)
    return signature


def _bring_into_force(
    *, actor: User, engagement: Engagement, version: AgreementVersion, now: datetime.datetime, context: dict[str, Any]
) -> None:
    agreement = agreement_of(engagement)
    assert agreement is not None
    transition(
        version,
        field="signed_at",
        to=now,
        allowed_from=[None],
        updates={"purpose_id": agreement.purpose_id},
        conflict_message=lambda _label: "This version is already in force: both sides have signed it.",
        redirect_to=agreement_url(engagement),
    )
    updates: dict[str, Any] = {"in_force": version, "updated_at": now}
    if agreement.in_force_since is None:
        updates["in_force_since"] = now
    type(agreement).objects.filter(pk=agreement.pk).update(**updates)
    for name, value in updates.items():
        setattr(agreement, name, value)
    known = set(CommitmentProgress.objects.filter(agreement=agreement).values_list("key", flat=True))
    CommitmentProgress.objects.bulk_create(
        CommitmentProgress(agreement=agreement, key=key)
        for key in Commitment.objects.filter(version=version).values_list("key", flat=True)
        if key not in known
    )
    if engagement.status == Engagement.Status.ACCEPTED:
        # engagements.activated tells both sides; the timeline records the activation.
        engagement_transition(actor=actor, engagement=engagement, action="activate", now=now)
        return
    timeline_write(
        engagement=engagement,
        kind="agreement_in_force",
        actor=actor,
        side="",
        text=f"Version {version.number} is in force.",
        now=now,
    )
    notification_announce(
        kind="engagements.agreement_in_force",
        recipients=both_sides(engagement, exclude=actor),
        actor=actor,
        target=engagement,
        context=context,
        url=agreement_url(engagement),
    )
