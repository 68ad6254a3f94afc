from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.selectors import moderators
from core.contract import lock, require, transition
from notifications.services import notification_announce

from ..models import FocusArea, Movement, MovementRegion, MovementSlug, Organiser, WayOfImpact
from ._common import movement_context, movement_path
from .search import movement_search_refresh

# Paths under /movements/ that a slug must never shadow.
RESERVED_SLUGS = {"new", "invitations", "search", "admin", "awaiting-approval"}

PROFILE_FIELDS = (
    "name",
    "summary",
    "description",
    "direction",
    "stage",
    "size",
    "website",
    "social_links",
    "open_to_proposals",
)


def _slug_taken(slug: str) -> bool:
    return (
        slug in RESERVED_SLUGS
        or Movement.objects.filter(slug=slug).exists()
        or MovementSlug.objects.filter(slug=slug).exists()
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "movement"
    candidate, n = base, 1
    while _slug_taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _set_relations(
    movement: Movement,
    *,
    ways_of_impact: Iterable[WayOfImpact],
    focus_areas: Iterable[FocusArea],
    regions: Iterable[str],
) -> None:
    movement.ways_of_impact.set(ways_of_impact)
    movement.focus_areas.set(focus_areas)
    wanted = set(regions)
    MovementRegion.objects.filter(movement=movement).exclude(region__in=wanted).delete()
    existing = set(MovementRegion.objects.filter(movement=movement).values_list("region", flat=True))
    MovementRegion.objects.bulk_create([MovementRegion(movement=movement, region=r) for r in wanted - existing])


def _announce_submitted(movement: Movement, *, actor: User, resubmitted: bool) -> None:
    notification_announce(
        kind="movements.submitted",
        recipients=moderators(),
        actor=actor,
        target=movement,
        context={**movement_context(movement), "resubmitted": resubmitted},
        url=movement_path(movement),
    )


def movement_create(
    *,
    actor: User,
    name: str,
    summary: str,
    description: str,
    direction: str,
    stage: str,
    size: str,
    ways_of_impact: Iterable[WayOfImpact],
    focus_areas: Iterable[FocusArea] = (),
    regions: Iterable[str] = (),
    website: str = "",
    social_links: str = "",
    open_to_proposals: bool = True,
) -> Movement:
    """Create a movement waiting for approval, with its creator as lead organiser."""
    require(actor, "movements.create_movement", message="Sign in to create a movement.")
    fields = dict(
        name=name.strip(),
        summary=summary.strip(),
        description=description.strip(),
        direction=direction,
        stage=stage,
        size=size,
        website=website,
        social_links=social_links,
        open_to_proposals=open_to_proposals,
    )
    for _attempt in range(5):
        try:
            with transaction.atomic():
                movement = Movement.objects.create(slug=_unique_slug(name), **fields)
                Organiser.objects.create(movement=movement, user=actor, role=Organiser.Role.LEAD)
                _set_relations(movement, ways_of_impact=ways_of_impact, focus_areas=focus_areas, regions=regions)
                movement_search_refresh(movement=movement)
                _announce_submitted(movement, actor=actor, resubmitted=False)
                return movement
        except IntegrityError:
            # Someone took the same slug between our check and our insert: try the next one.
            continue
    raise ValidationError("We could not give this movement a web address. Try a slightly different name.")


@transaction.atomic
def movement_update(*, actor: User, movement: Movement, resubmit: bool = False, **changes: Any) -> Movement:
    """Save an organiser's edits. The slug never changes, so old links keep working.

    With resubmit=True a rejected movement goes back to the moderators.
    """
    require(actor, "movements.edit_movement", movement, "Only this movement's organisers can edit it.")
    relations = {key: changes.pop(key) for key in ("ways_of_impact", "focus_areas", "regions") if key in changes}
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"movement_update() got unexpected fields: {', '.join(sorted(unknown))}")
    # Two organisers saving at once apply one after the other (the relation rows above all).
    movement = lock(movement)
    if resubmit:
        transition(
            movement,
            to=Movement.Status.PENDING,
            allowed_from=[Movement.Status.REJECTED],
            updates={"submitted_at": timezone.now()},
            conflict_message=lambda state: (
                f"Only a movement that was not approved can be sent for review again: “{movement.name}” is {state}."
            ),
            redirect_to=movement_path(movement),
        )
    for key, value in changes.items():
        setattr(movement, key, value.strip() if isinstance(value, str) else value)
    if relations:
        _set_relations(
            movement,
            ways_of_impact=relations.get("ways_of_impact", movement.ways_of_impact.all()),
            focus_areas=relations.get("focus_areas", movement.focus_areas.all()),
            regions=relations.get("regions", movement.region_rows.values_list("region", flat=True)),
        )
    # Only the fields edited: the status belongs to transition() alone.
    movement.save(update_fields=[*changes, "updated_at"])
    movement_search_refresh(movement=movement)
    if resubmit:
        _announce_submitted(movement, actor=actor, resubmitted=True)
    return movement


def movement_resubmit(*, actor: User, movement: Movement) -> Movement:
    """Send a rejected movement back for review without other changes."""
    return movement_update(actor=actor, movement=movement, resubmit=True)


@transaction.atomic
def movement_slug_change(*, actor: User, movement: Movement, slug: str) -> Movement:
    """Give a movement a new web address (moderators and admins only).

    The old address is kept and redirects permanently, so nothing anyone
    shared or bookmarked breaks.
    """
    require(actor, "movements.moderate_movement", movement, "Only moderators can change a movement's address.")
    slug = slugify(slug)
    if not slug:
        raise ValidationError("Enter a web address made of letters, numbers and hyphens.")
    movement = lock(movement)
    if slug == movement.slug:
        return movement
    own_old = MovementSlug.objects.filter(movement=movement, slug=slug)
    if slug in RESERVED_SLUGS or Movement.objects.filter(slug=slug).exists():
        raise ValidationError("That web address is already in use.")
    if MovementSlug.objects.filter(slug=slug).exclude(movement=movement).exists():
        raise ValidationError("That web address belonged to another movement and stays reserved for it.")
    own_old.delete()  # taking back an earlier address of its own
    MovementSlug.objects.create(movement=movement, slug=movement.slug)
    movement.slug = slug
    movement.save(update_fields=["slug", "updated_at"])
    return movement
