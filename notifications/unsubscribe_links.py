"""One-click unsubscribe links: signed, so only the person emailed can use theirs, and
dated, so a link forwarded or found in an old mailbox stops working after a while.

Made when an email is rendered and read when one is followed; switching the email off is
the service `notifications.services.unsubscribe_apply`.
"""

from datetime import timedelta

from django.core import signing

from accounts.selectors import active_user

from . import conf
from .models import Frequency
from .registry import CATEGORIES, SECURITY

SALT = "notifications.unsubscribe.v1"
DIGEST_SCOPES = {f"digest:{Frequency.DAILY}": Frequency.DAILY, f"digest:{Frequency.WEEKLY}": Frequency.WEEKLY}


class InvalidUnsubscribeLink(Exception):
    pass


class ExpiredUnsubscribeLink(InvalidUnsubscribeLink):
    pass


def valid_scope(scope: str) -> bool:
    return scope in DIGEST_SCOPES or (scope in CATEGORIES and scope != SECURITY)


def unsubscribe_token(*, user_id: int, scope: str) -> str:
    """scope: a category key, or "digest:daily" / "digest:weekly" for digest emails."""
    if not valid_scope(scope):
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
    if not valid_scope(scope):
        raise InvalidUnsubscribeLink("This unsubscribe link is not valid.")
    user = active_user(user_id)
    if user is None:
        raise InvalidUnsubscribeLink("This unsubscribe link is for an account that no longer exists.")
    return user, scope


def unsubscribe_scope_label(scope: str) -> str:
    if scope in DIGEST_SCOPES:
        return f"{DIGEST_SCOPES[scope].label.removeprefix('In a ')}s".capitalize()
    return CATEGORIES[scope]
