"""Proposing: start a draft (saved as the person goes), change it, send it, and send it again after changes."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.contract import Conflict, require
from institutions.models import Institution
from movements.models import Movement

from .. import lifecycle
from ..models import PROPOSAL_FIELDS, Engagement, EngagementModel, EngagementVersion, Side
from ..working_days import add_working_days
from ._common import timeline_write
from .transitions import engagement_transition

Direction = Engagement.Direction
TEXT_FIELDS = ["title", "ask", *PROPOSAL_FIELDS]
ALWAYS_REQUIRED = {"title": "Enter a title for the proposal.", "ask": "Say what you are proposing or asking for."}


def _check_parties(*, direction: str, movement: Movement, institution: Institution, model: EngagementModel) -> None:
    errors: dict[str, str] = {}
    if not model.is_active:
        errors["model"] = "That way of working is no longer offered. Choose another."
    if institution.status != Institution.Status.APPROVED:
        errors["institution"] = "That institution is not on Common Ground yet."
    elif direction == Direction.TO_INSTITUTION and not institution.open_to_models.filter(pk=model.pk).exists():
        errors["model"] = f"{institution.name} is not open to “{model.name}”. Choose one of the ways it is open to."
    if movement.status != Movement.Status.APPROVED:
        errors["movement"] = "That movement is not public yet."
    elif direction == Direction.TO_MOVEMENT and not movement.open_to_proposals:
        errors["movement"] = f"{movement.name} is not taking proposals at the moment."
    if errors:
        raise ValidationError(errors)


def _clean_words(fields: Mapping[str, str | None]) -> dict[str, str]:
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"not proposal fields: {sorted(unknown)}")
    return {name: (value or "").strip() for name, value in fields.items()}


@transaction.atomic
def engagement_draft_create(
    *,
    actor: User,
    direction: str,
    movement: Movement,
    institution: Institution,
    model: EngagementModel,
    **fields: str | None,
) -> Engagement:
    """Start a proposal as a draft, on behalf of the movement or the institution the person belongs to."""
    if direction == Direction.TO_INSTITUTION:
        require(
            actor,
            "engagements.create_engagement_for_movement",
            movement,
            "Only its organisers can propose for a movement.",
        )
    else:
        require(
            actor,
            "engagements.create_engagement_for_institution",
            institution,
            "Only its members can propose for an institution.",
        )
    _check_parties(direction=direction, movement=movement, institution=institution, model=model)
    engagement = Engagement.objects.create(
        direction=direction,
        movement=movement,
        institution=institution,
        model=model,
        proposer=actor,
        **_clean_words(fields),
    )
    side = Side.MOVEMENT if direction == Direction.TO_INSTITUTION else Side.INSTITUTION
    timeline_write(engagement=engagement, kind="created", actor=actor, side=side)
    return engagement


@transaction.atomic
def engagement_draft_update(
    *, actor: User, engagement: Engagement, model: EngagementModel | None = None, **fields: str | None
) -> Engagement:
    """Save the words typed so far. Only while the proposal is the proposers' to change (a draft, or
    after changes were asked for); a proposal sent meanwhile from another tab is a Conflict."""
    require(actor, "engagements.edit_engagement", engagement, "You cannot change this proposal now.")
    values: dict[str, Any] = dict(_clean_words(fields))
    if model is not None and model.pk != engagement.model_id:
        _check_parties(
            direction=engagement.direction,
            movement=engagement.movement,
            institution=engagement.institution,
            model=model,
        )
        values["model"] = model
    values["updated_at"] = timezone.now()
    changed = Engagement.objects.filter(pk=engagement.pk, status__in=lifecycle.EDITABLE).update(**values)
    if not changed:
        raise Conflict(
            "This proposal was sent or closed in the meantime, so your changes were not saved.",
            redirect_to=engagement.get_absolute_url(),
        )
    for name, value in values.items():
        setattr(engagement, name, value)
    return engagement


def missing_fields(engagement: Engagement) -> dict[str, str]:
    """The fields that must be filled before the proposal can be sent, with what to say about each."""
    missing = {name: message for name, message in ALWAYS_REQUIRED.items() if not getattr(engagement, name).strip()}
    for name in engagement.model.required_field_names:
        if not getattr(engagement, name).strip():
            missing[name] = f"{PROPOSAL_FIELDS[name]}: {engagement.model.name} proposals need this."
    return missing


def _sending(engagement: Engagement, now: datetime.datetime) -> dict[str, Any]:
    missing = missing_fields(engagement)
    if missing:
        raise ValidationError(missing)
    updates: dict[str, Any] = {"submitted_at": now}
    if engagement.first_submitted_at is None:
        updates["first_submitted_at"] = now
    if engagement.direction == Direction.TO_INSTITUTION:
        # Institutions answer within their working days; movements keep their own pace.
        start = timezone.localdate(now)
        updates["deadline"] = add_working_days(start, engagement.institution.response_deadline_working_days)
    return updates


def _snapshot(engagement: Engagement, actor: User) -> None:
    number = engagement.versions.count() + 1
    EngagementVersion.objects.create(engagement=engagement, number=number, snapshot=engagement.proposal, author=actor)


@transaction.atomic
def engagement_submit(*, actor: User, engagement: Engagement, now: datetime.datetime | None = None) -> Engagement:
    require(actor, "engagements.submit_engagement", engagement, "You cannot send this proposal now.")
    now = now or timezone.now()
    engagement_transition(
        actor=actor, engagement=engagement, action="submit", updates=_sending(engagement, now), now=now
    )
    _snapshot(engagement, actor)
    return engagement


@transaction.atomic
def engagement_resubmit(*, actor: User, engagement: Engagement, now: datetime.datetime | None = None) -> Engagement:
    require(actor, "engagements.resubmit_engagement", engagement, "You cannot resend this proposal now.")
    now = now or timezone.now()
    engagement_transition(
        actor=actor, engagement=engagement, action="resubmit", updates=_sending(engagement, now), now=now
    )
    _snapshot(engagement, actor)
    return engagement


@transaction.atomic
def engagement_draft_delete(*, actor: User, engagement: Engagement) -> None:
    """Throw away a draft nobody else has seen (with its timeline). Once sent, it can only be withdrawn."""
    require(actor, "engagements.discard_draft", engagement, "Only the proposers can delete a draft.")
    deleted, _ = Engagement.objects.filter(pk=engagement.pk, status=Engagement.Status.DRAFT).delete()
    if not deleted:
        raise Conflict(
            "This proposal was sent in the meantime, so it was not deleted. You can withdraw it instead.",
            redirect_to=engagement.get_absolute_url(),
        )
