"""Permission predicates about people, shared by every app."""

import rules
from allauth.account.models import EmailAddress

from .types import Viewer


@rules.predicate
def is_moderator(user: Viewer) -> bool:
    return bool(getattr(user, "is_moderator", False) and user.is_active)


@rules.predicate
def is_superuser(user: Viewer) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


is_platform_staff = is_moderator | is_superuser

rules.add_perm("accounts.delete_own_account", rules.is_authenticated)

# People whose role needs two-factor authentication. Apps that add such roles
# (institution admins) replace this rule with a wider one.
rules.add_rule("accounts.requires_mfa", is_platform_staff)

# --- Email addresses: what each address on the email page offers. The page shows an action
# only where its rule allows it, and the services refuse the rest (a page left open in another
# tab), so the page and the handlers can never disagree.


@rules.predicate
def owns_address(user: Viewer, address: EmailAddress | None) -> bool:
    return address is not None and user.is_authenticated and address.user_id == user.pk


@rules.predicate
def address_is_primary(user: Viewer, address: EmailAddress) -> bool:
    return bool(address.primary)


@rules.predicate
def address_is_confirmed(user: Viewer, address: EmailAddress) -> bool:
    return bool(address.verified)


@rules.predicate
def address_is_the_only_one(user: Viewer, address: EmailAddress) -> bool:
    # Everyone signs in by email address: an account without one could not be signed into.
    return not type(address).objects.filter(user_id=address.user_id).exclude(pk=address.pk).exists()


rules.add_perm("accounts.make_primary_email_address", owns_address & address_is_confirmed & ~address_is_primary)
rules.add_perm("accounts.resend_email_confirmation", owns_address & ~address_is_confirmed)
rules.add_perm("accounts.remove_email_address", owns_address & ~address_is_primary & ~address_is_the_only_one)
