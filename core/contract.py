"""The write contract every service follows (docs/architecture.md, "The write contract").

- The acting person is always the keyword argument `actor=`.
- `require(actor, perm, obj)` is the one permission check: it raises PermissionDenied (403).
- `Conflict` is the one error for "someone else changed this first" (409).
- `transition(obj, to=..., allowed_from=...)` is the one way a row moves between states: a
  single UPDATE conditional on the current state, so of two concurrent callers exactly one
  wins and the other gets a Conflict that names the state it found.
- `lock(obj)` serialises changes whose rule spans rows ("a movement keeps one lead").

Views never inspect these errors: `core.middleware.ContractErrorMiddleware` turns a Conflict
into a 409 page (or, when it says where the outcome can be seen, a redirect there with the
message), `core.forms.add_service_errors` puts a service's ValidationError on a form, and
`error_messages` gives any of them as sentences for a banner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

M = TypeVar("M", bound=models.Model)

DEFAULT_DENIED = "You do not have permission to do that."
DELETED = "This has just been deleted by someone else."


class Conflict(Exception):
    """Someone else changed this first; `message` says what happened, for the person to read."""

    def __init__(self, message: str, *, current: Any = None, redirect_to: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.current = current
        # Where the person can see the outcome (the view's redirect target), if anywhere.
        self.redirect_to = redirect_to


_GENERAL: Any = object()  # a permission about no particular object ("may create a movement")


def require(actor: Any, perm: str, obj: Any = _GENERAL, message: str = DEFAULT_DENIED) -> None:
    """Refuse (PermissionDenied, shown as 403) unless the rules let `actor` do `perm` (to `obj`).

    A service handed None for the object it acts on (a lookup that found nothing) is refused:
    the rules never saw that object, so nothing after this may assume it exists. (To the rules
    themselves None means "in general", which platform staff may do.)
    """
    if actor is None or obj is None:
        raise PermissionDenied(message)
    allowed = actor.has_perm(perm) if obj is _GENERAL else actor.has_perm(perm, obj)
    if not allowed:
        raise PermissionDenied(message)


def state_label(model: type[models.Model], field: str, value: Any) -> str:
    """The human label of a state value ("waiting for approval"), lower case for sentences."""
    column = model._meta.get_field(field)
    # A state is a plain column (a relation has no choices).
    assert isinstance(column, models.Field)
    choices = dict(column.flatchoices)
    return str(choices.get(value, value)).lower()


def transition(
    obj: M,
    *,
    to: Any,
    allowed_from: Iterable[Any],
    field: str = "status",
    updates: Mapping[str, Any] | None = None,
    where: Q | None = None,
    conflict_message: Callable[[str], str] | None = None,
    redirect_to: str | None = None,
) -> M:
    """Move `obj` from one of `allowed_from` to `to`, with `updates` written in the same UPDATE.

    Call it inside the service's transaction. The UPDATE is conditional on the current state,
    so concurrent callers serialise on the row in the database: exactly one succeeds and the
    others raise Conflict with the state they found. `obj` is updated in place and returned.

    None in `allowed_from` means "not set yet" (a nullable column such as `accepted_at`);
    `where` adds conditions the row must also meet (say, not expired). `conflict_message(label)`
    words the Conflict from the label of the state found; `redirect_to` is put on the Conflict.
    """
    model = type(obj)
    allowed = list(allowed_from)
    values: dict[str, Any] = {field: to, **(updates or {})}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields) and "updated_at" not in values:
        # update() skips auto_now; keep "last changed" honest.
        values["updated_at"] = timezone.now()
    in_state = Q(**{f"{field}__in": [value for value in allowed if value is not None]})
    if None in allowed:
        in_state |= Q(**{f"{field}__isnull": True})
    manager = model._default_manager
    changed = manager.filter(in_state, where or Q(), pk=obj.pk).update(**values)
    if not changed:
        row = manager.filter(pk=obj.pk).values(field).first()
        if row is None:
            raise Conflict(DELETED, redirect_to=redirect_to)
        current = row[field]
        setattr(obj, field, current)
        label = state_label(model, field, current)
        if conflict_message is not None:
            raise Conflict(conflict_message(label), current=current, redirect_to=redirect_to)
        raise Conflict(f"Someone else changed this first: it is now {label}.", current=current, redirect_to=redirect_to)
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def lock(obj: M, *, redirect_to: str | None = None) -> M:
    """A fresh copy of `obj`, its row locked until the transaction ends (call it inside one).

    For rules that span rows, which a conditional UPDATE of one row cannot keep: two leads
    demoting each other at once must not leave a movement with none. Conflict if it is gone.
    """
    fresh = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if fresh is None:
        raise Conflict(DELETED, redirect_to=redirect_to)
    return fresh


def error_messages(error: Exception) -> list[str]:
    """The sentences a service's error carries (ValidationError, Conflict, PermissionDenied), for a banner."""
    if isinstance(error, ValidationError):
        return list(error.messages)
    if isinstance(error, Conflict):
        return [error.message]
    return [str(error) or DEFAULT_DENIED]
