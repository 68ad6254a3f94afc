"""Failed sign-ins: what is counted, who is held back, for how long, and the way back in.

allauth keys its per-account count of failed passwords by the email address alone, so
anyone who knows an address could keep its owner out with a few wrong passwords. Here
(the rates are in ACCOUNT_RATE_LIMITS):

- `login_failed`: per client address across all accounts, and per address *and* account.
  A stranger's wrong passwords lock only the stranger's address out of that account.
- `login_failed_account`: per account from all addresses together, set wider than one
  address can reach: a brake on guessing from many addresses at once.
- A refused person is told how long to wait. Resetting the password works meanwhile; a
  completed reset clears the account's count and those of the address it was completed from.

A success does not count: allauth rolls back the attempt it recorded.
"""

import math
import time

from allauth.core.internal import ratelimit  # the counters allauth keeps (no public reader)
from django.core.cache import cache
from django.core.exceptions import ValidationError

APP = "allauth.account"
FAILED = "login_failed"
FAILED_FOR_ACCOUNT = "login_failed_account"
CODE = "too_many_login_attempts"


def address_and_account(request, account_key: str) -> str:
    """The key for one client address trying one account (IPv6 by network, as allauth counts)."""
    if request is None:
        return account_key
    return f"{ratelimit.get_ip(request)}|{account_key}"


def consume_for_account(request, account_key: str):
    """Count one attempt against the account from everywhere; None when it is over its limit."""
    return ratelimit.consume(request, app=APP, action=FAILED_FOR_ACCOUNT, key=account_key)


def clear_for_account(request, account_key: str) -> None:
    ratelimit.clear(request, app=APP, action=FAILED_FOR_ACCOUNT, key=account_key)


def seconds_until_allowed(request, *, action: str, key: str) -> int:
    """How long until every rate of `action` for this request and key lets one more attempt through."""
    now = time.time()
    wait = 0.0
    for rate in ratelimit.get_rates(app=APP, action=action):
        if rate.per == "user":
            continue
        cache_key = ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        # Newest first; the attempt that must expire is the rate.amount-th newest still counted.
        live = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(live) >= rate.amount:
            wait = max(wait, live[rate.amount - 1] + rate.duration - now)
    return math.ceil(wait)


def longest_wait_seconds(action: str = FAILED) -> int:
    """The longest any one rate of `action` can hold someone back: an honest upper bound."""
    return max((int(rate.duration) for rate in ratelimit.get_rates(app=APP, action=action)), default=60)


def wait_in_words(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def locked_out(seconds: int, *, password: bool = True) -> ValidationError:
    message = f"Too many failed attempts. Wait {wait_in_words(seconds)}, then try again."
    if password:
        message += " If you have forgotten your password, reset it: you can do that now."
    # No %-placeholders in the message, so Django leaves it as it is; the middleware sends Retry-After.
    return ValidationError(message, code=CODE, params={"retry_after": seconds})
