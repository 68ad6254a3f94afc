"""Unsubscribe tokens from the past, signed exactly as the site signs them."""

import time

from django.core import signing

from notifications.unsubscribe_links import SALT


def unsubscribe_token_made(days_ago: float, *, user_id: int, scope: str = "comments") -> str:
    """A genuine token signed `days_ago` days ago, as if its email was sent then."""

    class SignedThen(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - days_ago * 86400))

    return SignedThen(salt=SALT).sign_object({"u": user_id, "s": scope})
