"""Reads about people that several apps need: asked here, once, so every app asks the same way."""

from allauth.account.models import EmailAddress

from .models import User
from .types import Viewer


def moderators() -> list[User]:
    """The active moderators: who hears about anything waiting for a moderator."""
    return list(User.objects.filter(is_moderator=True, is_active=True))


def active_user(user_id: int) -> User | None:
    """The account with this id, unless it was closed (deleted accounts are kept, inactive)."""
    return User.objects.filter(pk=user_id, is_active=True).first()


def verified_emails(user: Viewer) -> list[str]:
    """The addresses this person has confirmed, lower case. None for a visitor."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        email.lower() for email in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    ]
