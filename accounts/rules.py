"""Permission predicates about people, shared by every app."""

import rules

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
