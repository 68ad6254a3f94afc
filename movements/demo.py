"""Demo movements: invented, but the kind of groups the platform is for. Idempotent.

The approved movements live in demo_movements.json (names and descriptions
are our own inventions); one pending and one rejected movement are below.
"""

import json
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from .models import FocusArea, Movement, MovementRegion, Organiser, WayOfImpact
from .services.search import movement_search_refresh
from .taxonomy import taxonomy_sync

MOVEMENTS = json.loads((Path(__file__).parent / "demo_movements.json").read_text(encoding="utf-8"))

PENDING = {
    "name": "Quiet Rooms for Crisis",
    "summary": "People with lived experience of mental health crisis asking for calm alternatives to A&E.",
    "description": "We want a crisis café open in the evenings in every town, run with people who have been there.",
    "ways": ["care-experience", "innovation-and-policy"],
    "focus_areas": ["mental-health"],
    "direction": "promote",
    "stage": "emergence",
    "regions": ["south-west"],
    "size": "under-10",
    "open_to_proposals": True,
}
REJECTED = {
    "name": "Eastside Health Group",
    "summary": "A group.",
    "description": "We meet sometimes.",
    "ways": ["healthy-lives"],
    "focus_areas": ["health-inequalities"],
    "direction": "promote",
    "stage": "emergence",
    "regions": ["london"],
    "size": "10-50",
    "open_to_proposals": False,
}
REJECTION_REASON = (
    "Thanks for adding your group. The profile does not yet say what the movement wants to change, "
    "who is involved or how it works. Add a summary and description that tell NHS staff those things, "
    "then send it for review again."
)

LED_BY_ORGANISER = 5  # the demo organiser leads the first few movements


def _upsert(row: dict, status: str, ways: dict, focus: dict) -> tuple[Movement, bool]:
    approved = status == Movement.Status.APPROVED
    movement, created = Movement.objects.get_or_create(
        slug=slugify(row["name"]),
        defaults={
            "name": row["name"],
            "summary": row["summary"],
            "description": row["description"],
            "direction": row["direction"],
            "stage": row["stage"],
            "size": row["size"],
            "open_to_proposals": row["open_to_proposals"],
            "status": status,
            "approved_at": timezone.now() if approved else None,
            "rejection_reason": REJECTION_REASON if status == Movement.Status.REJECTED else "",
        },
    )
    if created:
        movement.ways_of_impact.set([ways[s] for s in row["ways"]])
        movement.focus_areas.set([focus[s] for s in row["focus_areas"]])
        MovementRegion.objects.bulk_create([MovementRegion(movement=movement, region=r) for r in row["regions"]])
        movement_search_refresh(movement=movement)
    return movement, created


def seed(*, stdout, show_passwords: bool) -> None:
    # Written straight to the tables, not through the services: seeding should
    # not email the moderators about thirty new movements.
    from accounts.demo import demo_user

    taxonomy_sync()
    ways = {w.slug: w for w in WayOfImpact.objects.all()}
    focus = {f.slug: f for f in FocusArea.objects.all()}
    organiser, co_organiser = demo_user("organiser"), demo_user("co_organiser")
    added = 0
    for index, row in enumerate(MOVEMENTS):
        movement, created = _upsert(row, Movement.Status.APPROVED, ways, focus)
        added += created
        if index < LED_BY_ORGANISER:
            Organiser.objects.get_or_create(movement=movement, user=organiser, defaults={"role": Organiser.Role.LEAD})
        if index == 0:
            Organiser.objects.get_or_create(
                movement=movement,
                user=co_organiser,
                defaults={"role": Organiser.Role.ORGANISER, "invited_by": organiser},
            )
    for row, status in ((PENDING, Movement.Status.PENDING), (REJECTED, Movement.Status.REJECTED)):
        movement, created = _upsert(row, status, ways, focus)
        added += created
        Organiser.objects.get_or_create(movement=movement, user=organiser, defaults={"role": Organiser.Role.LEAD})
    stdout.write(f"Movements: {added} added, {Movement.objects.count()} in total.")
