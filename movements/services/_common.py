"""Helpers the movement services share."""

from typing import Any

from django.urls import reverse

from accounts.models import User

from ..models import Movement, Organiser


def movement_path(movement: Movement) -> str:
    return reverse("movements:detail", kwargs={"slug": movement.slug})


def organisers_path(movement: Movement) -> str:
    return reverse("movements:organisers", kwargs={"slug": movement.slug})


def queue_path() -> str:
    return reverse("movements:awaiting_approval")


def organiser_users(movement: Movement, *, role: str | None = None, exclude: User | None = None) -> list[User]:
    rows = Organiser.objects.filter(movement=movement).select_related("user")
    if role:
        rows = rows.filter(role=role)
    return [row.user for row in rows if row.user.is_active and row.user != exclude]


def movement_context(movement: Movement) -> dict[str, Any]:
    return {"movement_name": movement.name, "movement_slug": movement.slug}
