"""Per-account limits on creating things: movements, institutions, invitations, join requests.

Each creation notifies people (every moderator, an institution's admins, the person invited),
so one account must not be able to flood them. Limits are counted with allauth's rate-limit
machinery in the shared cache, beside the sign-in limits, and set in
`settings.CREATION_RATE_LIMITS` in allauth's notation ("5/h/user": five an hour per account).
allauth's public helper reads only its own settings and cannot say how long to wait, so this
uses its internal module (allauth is pinned below 66; tests/forms/test_creation_limits.py
covers what is used here).
"""

import math
import time
from contextlib import contextmanager
from dataclasses import dataclass

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.cache import cache
from django.core.checks import Error, register

APP = "commonground"
OFF = "off"


@dataclass(frozen=True)
class Action:
    done: str  # "You have {done} 5 {things}"
    thing: str
    things: str
    again: str  # "You can {again} in 12 minutes"


ACTIONS = {
    "movement_create": Action("created", "movement", "movements", "create another"),
    "institution_register": Action("registered", "institution", "institutions", "register another"),
    "invitation_create": Action("sent", "invitation", "invitations", "send another"),
    "membership_request": Action("asked to join", "institution", "institutions", "ask to join another"),
}


class Throttled(Exception):
    """Over a creation limit: `message` says how long to wait, `retry_after` in whole seconds."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _config() -> dict:
    return {k: ("" if (v or "").strip().lower() == OFF else v) for k, v in settings.CREATION_RATE_LIMITS.items()}


def _span(seconds: float, *, unit_of_one: bool = False) -> str:
    """'12 minutes', '1 hour and 5 minutes', '2 days'; with unit_of_one, 'hour' rather than '1 hour'."""

    def count(n, name):
        return name if n == 1 and unit_of_one else f"{n} {name}{'s' if n != 1 else ''}"

    for size, name in ((86400, "day"), (3600, "hour")):
        if seconds >= size and seconds % size == 0:
            return count(int(seconds // size), name)
    hours, minutes = divmod(max(1, math.ceil(seconds / 60)), 60)
    if not minutes:
        return count(hours, "hour")
    return " and ".join(([count(hours, "hour")] if hours else []) + [count(minutes, "minute")])


def _throttled(request, action: str) -> Throttled:
    """Which limit was reached, and when the oldest counted creation stops counting."""
    now, worst = time.time(), None
    for rate in allauth_ratelimit.get_rates(app=APP, action=action, config=_config()):
        key = allauth_ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, user=request.user)
        counted = [t for t in cache.get(key, []) if t > now - rate.duration]  # newest first
        if len(counted) >= rate.amount:
            wait = counted[rate.amount - 1] + rate.duration - now
            if worst is None or wait > worst[1]:
                worst = (rate, wait)
    rate, wait = worst or (allauth_ratelimit.get_rates(app=APP, action=action, config=_config())[0], 60)
    words = ACTIONS[action]
    things = words.thing if rate.amount == 1 else words.things
    message = (
        f"You have {words.done} {rate.amount} {things} in the last {_span(rate.duration, unit_of_one=True)}, "
        f"which is the most we allow. You can {words.again} in {_span(wait)}."
    )
    return Throttled(message, retry_after=max(1, math.ceil(wait)))


@contextmanager
def creation_limit(request, *, action: str):
    """Count one `action` by this person around the code that creates it.

    Raises Throttled, before anything is created, when the person is at the limit. If the
    creation itself fails, it is not counted.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown creation action {action!r}")
    options = {"app": APP, "action": action, "config": _config(), "user": request.user}
    # Look first, so a refusal under one rate does not use up another.
    if allauth_ratelimit.consume(request, dry_run=True, **options) is None:
        raise _throttled(request, action)
    usage = allauth_ratelimit.consume(request, **options)
    if usage is None:  # another request took the last place meanwhile
        raise _throttled(request, action)
    try:
        yield
    except Exception:
        usage.rollback()
        raise


def throttled_response(response, throttled: Throttled):
    """Mark a page re-shown because of a limit: 429, and when to try again."""
    response.status_code = 429
    response["Retry-After"] = str(throttled.retry_after)
    return response


@register("security")
def check_creation_rate_limits(app_configs=None, **kwargs):
    errors = []
    for action, rates in settings.CREATION_RATE_LIMITS.items():
        hint = 'Write it as allauth does, e.g. "5/h/user" (per account) or "20/h/ip"; "off" for no limit.'
        if action not in ACTIONS:
            errors.append(Error(f"CREATION_RATE_LIMITS has an unknown action {action!r}.", id="core.E101"))
            continue
        try:
            parsed = allauth_ratelimit.parse_rates(_config()[action])
        except ValueError:
            errors.append(Error(f"The rate limit for {action} ({rates!r}) cannot be read.", hint=hint, id="core.E102"))
            continue
        if any(rate.per not in ("user", "ip") for rate in parsed):
            message = f"The rate limit for {action} ({rates!r}) must count per user or per ip."
            errors.append(Error(message, hint=hint, id="core.E102"))
    return errors
