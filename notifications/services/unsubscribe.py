"""Switching off the email an unsubscribe link was for."""

from accounts.models import User

from ..models import Frequency
from ..registry import SECURITY
from ..selectors import preferences_for
from ..unsubscribe_links import DIGEST_SCOPES, InvalidUnsubscribeLink, valid_scope
from .preferences import preferences_update


def unsubscribe_apply(*, actor: User, scope: str) -> list[str]:
    """Switch off the email the link was for. Returns the categories switched off.

    `actor` is the person the signed link was made for: following it is acting as them.
    """
    if not valid_scope(scope):
        raise InvalidUnsubscribeLink("This unsubscribe link is not valid.")
    if scope in DIGEST_SCOPES:
        frequency = DIGEST_SCOPES[scope]
        categories = [c for c, f in preferences_for(user=actor).items() if f == frequency and c != SECURITY]
    else:
        categories = [scope]
    preferences_update(actor=actor, choices=dict.fromkeys(categories, Frequency.OFF))
    return categories
