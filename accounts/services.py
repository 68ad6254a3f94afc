"""Writes about accounts."""

import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import transaction

from .models import User


@transaction.atomic
def user_update_profile(*, actor: User, display_name: str) -> User:
    """A person changes their own name (nobody changes anyone else's)."""
    actor.display_name = display_name
    actor.save(update_fields=["display_name"])
    return actor


@transaction.atomic
def user_delete(*, actor: User) -> None:
    """Close an account for good.

    The row is kept but emptied of personal data, so that records other people
    rely on (who signed an agreement, who said what in a timeline) still hold
    together; they then show "Deleted user". Only ever the person's own account.
    """
    user = actor
    user_pk = user.pk
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"deleted-{uuid.uuid4().hex}@deleted.invalid"
    user.display_name = "Deleted user"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_moderator = False
    user.set_unusable_password()
    user.save()
    # Sign the person out everywhere. Sessions are few per user but not
    # indexed by user, so this scans; deletion is rare.
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user_pk):
            session.delete()
