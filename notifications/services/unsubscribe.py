"""One-click unsubscribe links: signed, so only the person emailed can use theirs, and
dated, so a link forwarded or found in an old mailbox stops working after a while."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing

from .. import conf
from ..models import Frequency
from ..registry import CATEGORIES, SECURITY
from .preferences import preferences_for, preferences_update

SALT = "notifications.unsubscribe.v1"
DIGEST_SCOPES = {f"digest:{Frequency.DAILY}": Frequency.DAILY, f"digest:{Frequency.WEEKLY}": Frequency.WEEKLY}


class InvalidUnsubscribeLink(Exception):
    pass


class ExpiredUnsubscribeLink(InvalidUnsubscribeLink):
    pass


def _valid_scope(scope: str) -> bool:
    return scope in DIGEST_SCOPES or (scope in CATEGORIES and scope != SECURITY)


def unsubscribe_token(*, user_id: int, scope: str) -> str:
    """scope: a category key, or "digest:daily" / "digest:weekly" for digest emails."""
    if not _valid_scope(scope):
        raise ValueError(f"Cannot make an unsubscribe link for {scope!r}.")
    return signing.dumps({"u": user_id, "s": scope}, salt=SALT)


def unsubscribe_read(*, token: str):
    """(user, scope) for a genuine token, else InvalidUnsubscribeLink."""
    max_age = timedelta(days=conf.unsubscribe_link_days())
    try:
        # The signature is checked before the age: only a genuine old link is "expired".
        data = signing.loads(token, salt=SALT, max_age=max_age)
        user_id, scope = int(data["u"]), str(data["s"])
    except signing.SignatureExpired as exc:
        raise ExpiredUnsubscribeLink(
            f"Unsubscribe links work for {max_age.days} days after the email was sent."
        ) from exc
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidUnsubscribeLink("This unsubscribe link is not valid.") from exc
    if not _valid_scope(scope):
        raise InvalidUnsubscribeLink("This unsubscribe link is not valid.")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise InvalidUnsubscribeLink("This unsubscribe link is for an account that no longer exists.")
    return user, scope


def unsubscribe_scope_label(scope: str) -> str:
    if scope in DIGEST_SCOPES:
        return f"{DIGEST_SCOPES[scope].label.removeprefix('In a ')}s".capitalize()
    return CATEGORIES[scope]


def unsubscribe_apply(*, user, scope: str) -> list[str]:
    """Switch off the email the link was for. Returns the categories switched off."""
    if not _valid_scope(scope):
        raise InvalidUnsubscribeLink("This unsubscribe link is not valid.")
    if scope in DIGEST_SCOPES:
        frequency = DIGEST_SCOPES[scope]
        categories = [c for c, f in preferences_for(user=user).items() if f == frequency and c != SECURITY]
    else:
        categories = [scope]
    preferences_update(user=user, choices=dict.fromkeys(categories, Frequency.OFF))
    return categories
