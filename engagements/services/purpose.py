"""The shared purpose: either side changes it, each side approves it, and it is in force once both
sides have approved the same version (docs/agreements.md, "The shared purpose").

A version nobody has approved is a draft and changes in place (draft_revise). Once one side has
approved it, it is frozen: the next change starts version number + 1, which needs both sides'
approval again. An approval moves the version's `revision` on by one without changing its words,
so an approval and an edit made at the same moment cannot both win, and a page opened before the
other side approved still names words that are current (selectors_purpose.saw_current_words).

Both services first lock the engagement's Agreement row: changes to one shared purpose happen one
at a time, so two people starting the next version at once cannot both take its number, and an
approval never lands on a version someone is replacing.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.contract import Conflict, lock, require, transition
from core.forms import too_long_message
from institutions.models import Membership
from movements.models import WayOfImpact
from notifications.services import notification_announce

from ..models import Agreement, Engagement, PurposeApproval, PurposeImpact, SharedPurposeVersion, Side
from ..rules import agreement_of, approving_sides, side_of
from ..selectors_purpose import latest_version, saw_current_words
from ._common import engagement_context, side_people, timeline_write
from .accountability import draft_revise

STATEMENT_LIMIT = 2000
OUTCOMES_LIMIT = 2000
SIDE_LABELS = dict(Side.choices)
NOTHING_CHANGED = "You have not changed anything."


def _other(side: str) -> str:
    return Side.INSTITUTION if side == Side.MOVEMENT else Side.MOVEMENT


def _purpose_url(engagement: Engagement) -> str:
    return reverse("engagements:purpose", kwargs={"engagement_uuid": engagement.uuid})


def stale_edit_message() -> str:
    return (
        "Someone else changed the shared purpose while you were editing it. "
        "Read the current version and make your change again."
    )


def stale_approval_message(latest: SharedPurposeVersion | None) -> str:
    number = latest.number if latest is not None else 1
    return f"The shared purpose changed after you opened it: read version {number} again before approving."


def _words(statement: str, outcomes: str) -> tuple[str, str]:
    statement, outcomes = (statement or "").strip(), (outcomes or "").strip()
    errors: dict[str, str] = {}
    if not statement:
        errors["statement"] = "Enter the shared purpose: what both sides want to change together"
    elif len(statement) > STATEMENT_LIMIT:
        errors["statement"] = too_long_message("Shared purpose", STATEMENT_LIMIT, len(statement))
    if len(outcomes) > OUTCOMES_LIMIT:
        errors["outcomes"] = too_long_message("Outcomes", OUTCOMES_LIMIT, len(outcomes))
    if errors:
        raise ValidationError(errors)
    return statement, outcomes


def _ways(ways_of_impact: Iterable[WayOfImpact]) -> list[WayOfImpact]:
    ways = list({way.pk: way for way in ways_of_impact or []}.values())
    if not ways:
        raise ValidationError({"ways_of_impact": "Select at least one way of impact the shared purpose serves"})
    return ways


def _approvers(engagement: Engagement, side: str, *, exclude: User) -> list[User]:
    """Who is told about the shared purpose for a side: the people who act for it and, for the
    institution, its signatories too (they may approve)."""
    people = side_people(engagement, side)
    if side == Side.INSTITUTION:
        signatories = Membership.objects.filter(
            institution_id=engagement.institution_id, status=Membership.Status.VERIFIED, is_signatory=True
        ).select_related("user")
        people += [row.user for row in signatories]
    seen: set[int] = set()
    unique: list[User] = []
    for person in people:
        if person.is_active and person.pk not in seen and person != exclude:
            seen.add(person.pk)
            unique.append(person)
    return unique


def _locked_agreement(engagement: Engagement) -> Agreement:
    agreement = agreement_of(engagement)
    if agreement is None:  # the rules saw one; it cannot vanish while its engagement exists
        raise Conflict("This engagement has no shared purpose yet.", redirect_to=engagement.get_absolute_url())
    return lock(agreement, redirect_to=engagement.get_absolute_url())


@transaction.atomic
def purpose_update(
    *,
    actor: User,
    engagement: Engagement,
    seen_revision: int,
    statement: str,
    outcomes: str,
    ways_of_impact: Iterable[WayOfImpact],
    now: datetime.datetime | None = None,
) -> SharedPurposeVersion:
    """Save new words for the shared purpose: in place on a draft, else as the next version."""
    require(
        actor,
        "engagements.edit_agreement",
        engagement,
        "Only the two parties can change the shared purpose, while the engagement is accepted or active.",
    )
    statement, outcomes = _words(statement, outcomes)
    ways = _ways(ways_of_impact)
    now = now or timezone.now()
    _locked_agreement(engagement)
    latest = latest_version(engagement)
    if latest is None:  # agreement_open always writes version 1; this keeps the service total
        raise Conflict(stale_edit_message(), redirect_to=_purpose_url(engagement))
    if not saw_current_words(latest, seen_revision):
        raise Conflict(stale_edit_message())
    old_ways = {row.way_id for row in getattr(latest, "impact_list", [])}
    if (latest.statement, latest.outcomes, old_ways) == (statement, outcomes, {way.pk for way in ways}):
        raise ValidationError(NOTHING_CHANGED)
    frozen = latest.agreed_at is not None or bool(getattr(latest, "approval_list", []))
    if frozen:
        # Revisions keep rising across versions, so a page opened on the old one is stale here too.
        version = SharedPurposeVersion.objects.create(
            engagement=engagement,
            number=latest.number + 1,
            revision=latest.revision + 1,
            statement=statement,
            outcomes=outcomes,
            author=actor,
        )
        PurposeImpact.objects.bulk_create(PurposeImpact(version=version, way=way) for way in ways)
        text = f"Version {version.number} started: it needs both sides' approval."
    else:
        version = draft_revise(
            latest,
            seen_revision=seen_revision,
            updates={"statement": statement, "outcomes": outcomes},
            what="the shared purpose",
        )
        keep = {way.pk for way in ways}
        PurposeImpact.objects.filter(version=version).exclude(way_id__in=keep).delete()
        PurposeImpact.objects.bulk_create(
            PurposeImpact(version=version, way=way) for way in ways if way.pk not in old_ways
        )
        text = f"Version {version.number} changed."
    side = side_of(actor, engagement)
    timeline_write(engagement=engagement, kind="purpose_changed", actor=actor, side=side, text=text, now=now)
    notification_announce(
        kind="engagements.purpose_changed",
        recipients=_approvers(engagement, _other(side), exclude=actor) if side else [],
        actor=actor,
        target=engagement,
        context={**engagement_context(engagement), "version": version.number},
        url=_purpose_url(engagement),
    )
    return version


def _side_to_approve(
    actor: User, engagement: Engagement, version: SharedPurposeVersion, side: str | None, url: str
) -> str:
    """The side this approval is for, or the reason there is none."""
    approvals: list[PurposeApproval] = getattr(version, "approval_list", [])
    taken = {approval.side: approval for approval in approvals}
    mine = next((approval for approval in approvals if approval.approver_id == actor.pk), None)
    if mine is not None:
        raise ValidationError(
            f"You have already approved version {version.number} for the {SIDE_LABELS[mine.side].lower()}. "
            f"Someone else must approve it for the {SIDE_LABELS[_other(mine.side)].lower()}: "
            "nobody approves for both sides."
        )
    sides = approving_sides(actor, engagement)
    if side:
        if side not in sides:
            raise ValidationError({"side": "Choose a side you may approve for."})
        wanted = [side]
    else:
        wanted = [s for s in sides if s not in taken] or sides
        if len(wanted) > 1:
            raise ValidationError({"side": "Choose which side you are approving for: you approve for one side only."})
    chosen = wanted[0]
    if chosen in taken:
        raise Conflict(
            f"{taken[chosen].approver_name} has already approved version {version.number} "
            f"for the {SIDE_LABELS[chosen].lower()}.",
            redirect_to=url,
        )
    return chosen


@transaction.atomic
def purpose_approve(
    *,
    actor: User,
    engagement: Engagement,
    version: SharedPurposeVersion,
    seen_revision: int,
    side: str | None = None,
    now: datetime.datetime | None = None,
) -> SharedPurposeVersion:
    """Approve the latest version for one side, as it was when the page was opened. When both
    sides have approved it, it is agreed and in force; the version in force before stays as history."""
    require(
        actor,
        "engagements.approve_purpose",
        engagement,
        "Only an organiser of the movement, or a reviewer, admin or signatory of the institution, "
        "can approve the shared purpose.",
    )
    if version.engagement_id != engagement.pk:
        raise ValidationError({"version": "That version belongs to another engagement."})
    now = now or timezone.now()
    url = _purpose_url(engagement)
    agreement = _locked_agreement(engagement)
    latest = latest_version(engagement)
    if latest is None or latest.pk != version.pk or not saw_current_words(latest, seen_revision):
        raise Conflict(stale_approval_message(latest), redirect_to=url)
    if latest.agreed_at is not None:
        raise Conflict(
            f"Both sides have already agreed version {latest.number}: nothing is left to approve.", redirect_to=url
        )
    chosen = _side_to_approve(actor, engagement, latest, side, url)
    agreed = {chosen, *(a.side for a in getattr(latest, "approval_list", []))} == {Side.MOVEMENT, Side.INSTITUTION}
    transition(
        latest,
        field="revision",
        to=latest.revision + 1,
        allowed_from=[latest.revision],
        updates={"agreed_at": now} if agreed else {},
        conflict_message=lambda _label: stale_approval_message(latest),
        redirect_to=url,
    )
    PurposeApproval.objects.create(
        version=latest,
        side=chosen,
        approver=actor,
        approver_name=(actor.display_name or actor.email)[:200],
        approved_at=now,
    )
    label = SIDE_LABELS[chosen].lower()
    timeline_write(
        engagement=engagement,
        kind="purpose_approved",
        actor=actor,
        side=chosen,
        text=f"Version {latest.number}, for the {label}.",
        now=now,
    )
    context = {**engagement_context(engagement), "version": latest.number, "side": label}
    if not agreed:
        notification_announce(
            kind="engagements.purpose_approved",
            recipients=_approvers(engagement, _other(chosen), exclude=actor),
            actor=actor,
            target=engagement,
            context=context,
            url=url,
        )
        return latest
    Agreement.objects.filter(pk=agreement.pk).update(purpose=latest, updated_at=now)
    engagement.__dict__["_agreement_row"] = Agreement.objects.get(pk=agreement.pk)
    timeline_write(
        engagement=engagement,
        kind="purpose_agreed",
        actor=None,  # both sides agreed it, not the person who approved last
        side="",
        text=f"Version {latest.number} is in force.",
        now=now,
    )
    notification_announce(
        kind="engagements.purpose_agreed",
        recipients=_approvers(engagement, Side.MOVEMENT, exclude=actor)
        + _approvers(engagement, Side.INSTITUTION, exclude=actor),
        actor=actor,
        target=engagement,
        context=context,
        url=url,
    )
    return latest
