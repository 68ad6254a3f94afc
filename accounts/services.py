"""Writes about accounts."""

import uuid

from allauth.account.internal.flows import manage_email
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from core.contract import Conflict, require
from core.ratelimits import Throttled

from .models import User
from .rules import address_is_confirmed, address_is_primary, address_is_the_only_one


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


# --- Email addresses (the email page). allauth does the writing, sends the notices and says
# what happened; these decide first, with the rules the page uses to offer each action, and
# say why not when a page left open elsewhere offers what no longer makes sense.

MAKE_PRIMARY = "accounts.make_primary_email_address"
RESEND = "accounts.resend_email_confirmation"
REMOVE = "accounts.remove_email_address"

# The first condition that holds says why the rule refuses.
_REFUSALS = {
    MAKE_PRIMARY: [
        (address_is_primary, "{email} is already your primary address."),
        (
            ~address_is_confirmed,
            "{email} is not confirmed yet, so it cannot be your primary address. Open the link we emailed to it first.",
        ),
    ],
    RESEND: [(address_is_confirmed, "{email} is already confirmed.")],
    REMOVE: [
        (
            address_is_the_only_one,
            "{email} is the only email address on your account, so it cannot be removed: you sign in with it.",
        ),
        (
            address_is_primary,
            "{email} is your primary address, so it cannot be removed. Make another confirmed address primary first.",
        ),
    ],
}


def _email_page() -> str:
    return reverse("account_email")


def _own_address(*, actor: User, perm: str, email: str) -> EmailAddress:
    """The actor's address `email`, if `perm` allows it; a Conflict saying why not otherwise."""
    email = (email or "").strip()
    address = None
    if email and len(email) <= 254:
        address = EmailAddress.objects.filter(user=actor, email__iexact=email).first()
    if address is None:
        raise Conflict(
            f"{email} is not on your account any more." if email else "Choose an email address first.",
            redirect_to=_email_page(),
        )
    for condition, message in _REFUSALS[perm]:
        if condition.test(actor, address):
            raise Conflict(message.format(email=address.email), redirect_to=_email_page())
    require(actor, perm, address)
    return address


@transaction.atomic
def email_address_make_primary(*, actor: User, request: HttpRequest, email: str) -> EmailAddress:
    """Make a confirmed address the one we write to (and the one shown as the account's)."""
    address = _own_address(actor=actor, perm=MAKE_PRIMARY, email=email)
    manage_email.mark_as_primary(request, address)
    return address


def email_address_resend_confirmation(*, actor: User, request: HttpRequest, email: str) -> EmailAddress:
    """Email a new confirmation link to an address that is not confirmed yet.

    allauth sends one link per address every few minutes and skips the rest silently; saying
    so is more honest than a page that looks as if it sent one.
    """
    address = _own_address(actor=actor, perm=RESEND, email=email)
    if not send_verification_email_to_address(request, address):
        rates = allauth_ratelimit.parse_rates(settings.ACCOUNT_RATE_LIMITS.get("confirm_email", ""))
        wait = int(max((rate.duration for rate in rates), default=180))
        raise Throttled(
            f"We emailed a confirmation link to {address.email} a few minutes ago, and it still works: "
            "look for it in your inbox and spam folder. You can ask for another in a few minutes.",
            retry_after=wait,
        )
    return address


@transaction.atomic
def email_address_remove(*, actor: User, request: HttpRequest, email: str) -> EmailAddress:
    """Take an address that is not the primary one off the account."""
    address = _own_address(actor=actor, perm=REMOVE, email=email)
    manage_email.delete_email(request, address)
    return address
