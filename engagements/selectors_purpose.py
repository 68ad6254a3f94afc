"""Reads for the shared purpose's pages: its versions, who approved them, what each side still
has to do, and the difference between two versions. Each costs a constant number of queries.

A version's words were last saved at `words_revision`: every approval moves `revision` on by
one without changing the words (services/purpose.py), so a page opened at any revision from
then on showed the words as they are.
"""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db.models import Max, Prefetch, Q, QuerySet, Subquery

from accounts.types import Viewer
from core.diffing import word_diff

from .models import Engagement, PurposeApproval, PurposeImpact, SharedPurposeVersion, Side
from .rules import agreement_of, approving_sides

# States in which an engagement has (or had) a shared purpose to read.
AFTER_ACCEPTANCE = (
    Engagement.Status.ACCEPTED,
    Engagement.Status.ACTIVE,
    Engagement.Status.COMPLETED,
    Engagement.Status.ENDED,
    Engagement.Status.WITHDRAWN,
)
SIDES = (Side.MOVEMENT, Side.INSTITUTION)
# What each side's approvers are, in words for the page.
APPROVERS = {
    Side.MOVEMENT: "any organiser of the movement",
    Side.INSTITUTION: "a reviewer, admin or signatory of the institution",
}
STATE_LABELS = {
    "draft": "Draft",
    "approved_by_one": "Approved by one side",
    "in_force": "In force",
    "superseded": "Superseded",
}


def _versions(engagement: Engagement) -> QuerySet[SharedPurposeVersion]:
    """Versions with their author, approvals (approval_list) and ways of impact (impact_list):
    three queries however many versions are read."""
    return (
        SharedPurposeVersion.objects.filter(engagement=engagement)
        .select_related("author")
        .prefetch_related(
            Prefetch("approvals", queryset=PurposeApproval.objects.order_by("approved_at"), to_attr="approval_list"),
            Prefetch("impact_rows", queryset=PurposeImpact.objects.select_related("way"), to_attr="impact_list"),
        )
    )


def words_revision(version: SharedPurposeVersion) -> int:
    """The revision at which the version's words were last saved (approvals move it on since)."""
    approvals: list[PurposeApproval] | None = getattr(version, "approval_list", None)
    if approvals is None:
        approvals = list(version.approvals.all())
    return version.revision - len(approvals)


def saw_current_words(version: SharedPurposeVersion, seen_revision: int) -> bool:
    """Whether a page opened at `seen_revision` showed this version's words as they are now."""
    return words_revision(version) <= seen_revision <= version.revision


def latest_version(engagement: Engagement) -> SharedPurposeVersion | None:
    """The newest version, with approvals and ways of impact (three queries)."""
    return _versions(engagement).order_by("-number").first()


def version_by_number(engagement: Engagement, number: int) -> SharedPurposeVersion | None:
    if not 0 < number < 2**15:  # a PositiveSmallIntegerField: anything else is no version at all
        return None
    return _versions(engagement).filter(number=number).first()


def version_by_uuid(engagement: Engagement, uuid: UUID) -> SharedPurposeVersion | None:
    return SharedPurposeVersion.objects.filter(engagement=engagement, uuid=uuid).first()


def version_numbers(engagement: Engagement) -> list[int]:
    """Every version's number, oldest first (one query)."""
    return list(
        SharedPurposeVersion.objects.filter(engagement=engagement).order_by("number").values_list("number", flat=True)
    )


def latest_number(engagement: Engagement) -> int:
    found = SharedPurposeVersion.objects.filter(engagement=engagement).aggregate(newest=Max("number"))["newest"]
    return int(found or 0)


def versions_by_number(engagement: Engagement, numbers: Iterable[int]) -> dict[int, SharedPurposeVersion]:
    wanted = [n for n in numbers if 0 < n < 2**15]
    return {v.number: v for v in _versions(engagement).filter(number__in=wanted)}


def purpose_versions(engagement: Engagement) -> QuerySet[SharedPurposeVersion]:
    """Every version, newest first, for the versions list (paginate it: count, versions, approvals, ways)."""
    return _versions(engagement).order_by("-number")


def ways_of(version: SharedPurposeVersion) -> list[Any]:
    impact: list[PurposeImpact] | None = getattr(version, "impact_list", None)
    if impact is None:
        impact = list(version.impact_rows.select_related("way"))
    return sorted((row.way for row in impact), key=lambda way: (way.position, way.name))


def state_of(version: SharedPurposeVersion, *, latest_number: int, in_force_id: int | None) -> str:
    """draft, approved_by_one, in_force or superseded (a later version replaced it)."""
    if version.pk == in_force_id:
        return "in_force"
    if version.agreed_at is not None or version.number < latest_number:
        return "superseded"
    approvals: list[PurposeApproval] = getattr(version, "approval_list", [])
    return "approved_by_one" if approvals else "draft"


def annotate(versions: Iterable[SharedPurposeVersion], *, latest_number: int, in_force_id: int | None) -> None:
    """Put `state`, `state_label`, `ways` and `approved` (side → approval) on each version."""
    for version in versions:
        version.state = state_of(version, latest_number=latest_number, in_force_id=in_force_id)  # type: ignore[attr-defined]
        version.state_label = STATE_LABELS[version.state]  # type: ignore[attr-defined]
        version.ways = ways_of(version)  # type: ignore[attr-defined]
        approvals: list[PurposeApproval] = getattr(version, "approval_list", [])
        version.approved = {a.side: a for a in approvals}  # type: ignore[attr-defined]


def _party_names(engagement: Engagement) -> dict[str, str]:
    return {Side.MOVEMENT: engagement.movement.name, Side.INSTITUTION: engagement.institution.name}


def approval_steps(engagement: Engagement, version: SharedPurposeVersion) -> list[dict[str, Any]]:
    """Each side, in order: its party's name, its approval if given, and who may give it."""
    approved: dict[str, PurposeApproval] = {a.side: a for a in getattr(version, "approval_list", [])}
    names = _party_names(engagement)
    return [
        {"side": side, "party": names[side], "approval": approved.get(side), "who": APPROVERS[side]} for side in SIDES
    ]


def approve_choices(user: Viewer, engagement: Engagement, version: SharedPurposeVersion) -> list[str]:
    """The sides this person may approve this version for now: a side nobody approved yet, and
    none at all once they approved it for one side (nobody approves for both)."""
    if version.agreed_at is not None or not user.has_perm("engagements.approve_purpose", engagement):
        return []
    approvals: list[PurposeApproval] = getattr(version, "approval_list", [])
    if any(a.approver_id == user.pk for a in approvals):
        return []
    taken = {a.side for a in approvals}
    return [side for side in approving_sides(user, engagement) if side not in taken]


def purpose_page(*, engagement: Engagement, user: Viewer) -> dict[str, Any]:
    """The purpose page: the version in force, the latest version (if it is another) and its approvals."""
    agreement = agreement_of(engagement)
    in_force_id = agreement.purpose_id if agreement is not None else None
    # The newest version and the one in force, in one read (they are often the same row).
    newest = SharedPurposeVersion.objects.filter(engagement=engagement).order_by("-number").values("number")[:1]
    shown = list(_versions(engagement).filter(Q(number=Subquery(newest)) | Q(pk=in_force_id)).order_by("-number"))
    latest = shown[0] if shown else None
    in_force = next((v for v in shown if v.pk == in_force_id), None)
    annotate(shown, latest_number=latest.number if latest else 0, in_force_id=in_force_id)
    draft = latest if latest is not None and latest.pk != in_force_id else None
    return {
        "engagement": engagement,
        "in_force": in_force,
        "draft": draft,
        "latest": latest,
        "steps": approval_steps(engagement, draft) if draft is not None else [],
        "approve_sides": approve_choices(user, engagement, draft) if draft is not None else [],
        "can_edit": user.has_perm("engagements.edit_agreement", engagement),
        "side_labels": dict(Side.choices),
    }


def purpose_summary(*, engagement: Engagement, user: Viewer) -> dict[str, Any] | None:
    """The engagement page's "Shared purpose" block: the latest version's state, the version in
    force and whether this person has something to do. None before acceptance (no query) or for
    someone who may not see it. At most four queries: the agreement (remembered by the rules),
    the latest version with its approvals and ways, and the version in force if it is an older one."""
    if engagement.status not in AFTER_ACCEPTANCE or not user.has_perm("engagements.see_agreement", engagement):
        return None
    page = purpose_page(engagement=engagement, user=user)
    waiting = [step["party"] for step in page["steps"] if step["approval"] is None]
    return {
        "in_force": page["in_force"],
        "draft": page["draft"],
        "waiting_on": waiting,
        "your_turn": bool(page["approve_sides"]),
    }


def purpose_compare(
    engagement: Engagement, before: SharedPurposeVersion, after: SharedPurposeVersion
) -> dict[str, Any]:
    """Word differences of the statement and outcomes, and the ways of impact added and removed."""
    ways_before, ways_after = ways_of(before), ways_of(after)
    kept = {way.pk for way in ways_before} & {way.pk for way in ways_after}
    fields = [
        ("Shared purpose", before.statement, after.statement),
        ("Outcomes both sides seek", before.outcomes, after.outcomes),
    ]
    return {
        "fields": [{"label": label, "changed": old != new, "parts": word_diff(old, new)} for label, old, new in fields],
        "ways_added": [way for way in ways_after if way.pk not in kept],
        "ways_removed": [way for way in ways_before if way.pk not in kept],
        "ways_kept": [way for way in ways_after if way.pk in kept],
    }
