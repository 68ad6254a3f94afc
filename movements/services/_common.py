"""Helpers the movement services share."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from core.contract import require

from ..models import Movement, Organiser

__all__ = ["require"]  # the movement services import it from here


def lock_movement(movement: Movement) -> Movement:
    """Lock the movement row so that organiser changes happen one at a time."""
    return Movement.objects.select_for_update().get(pk=movement.pk)


def movement_path(movement: Movement) -> str:
    return reverse("movements:detail", kwargs={"slug": movement.slug})


def organisers_path(movement: Movement) -> str:
    return reverse("movements:organisers", kwargs={"slug": movement.slug})


def organiser_users(movement: Movement, *, role: str | None = None, exclude=None) -> list:
    rows = Organiser.objects.filter(movement=movement).select_related("user")
    if role:
        rows = rows.filter(role=role)
    return [row.user for row in rows if row.user.is_active and row.user != exclude]


def moderators() -> list:
    return list(get_user_model().objects.filter(is_moderator=True, is_active=True))


def movement_context(movement: Movement) -> dict:
    return {"movement_name": movement.name, "movement_slug": movement.slug}
