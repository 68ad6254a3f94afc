"""The write contract every service follows (docs/architecture.md, "The write contract").

- The acting person is always the keyword argument `actor=`.
- `require(actor, perm, obj)` is the one permission check: it raises PermissionDenied (403).
- `Conflict` is the one error for "someone else changed this first" (409).
- `transition(obj, to=..., allowed_from=...)` is the one way a row moves between states: a
  single UPDATE conditional on the current state, so of two concurrent callers exactly one
  wins and the other gets a Conflict that names the state it found.

Views never inspect these errors: `core.middleware.ContractErrorMiddleware` turns a Conflict
into a 409 page, and `core.forms.add_service_errors` puts a service's ValidationError on a form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

M = TypeVar("M", bound=models.Model)

DEFAULT_DENIED = "You do not have permission to do that."


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
    choices = dict(model._meta.get_field(field).flatchoices)
    return str(choices.get(value, value)).lower()


def transition(
    obj: M,
    *,
    to: Any,
    allowed_from: Iterable[Any],
    field: str = "status",
    updates: Mapping[str, Any] | None = None,
    conflict_message: Callable[[str], str] | None = None,
) -> M:
    """Move `obj` from one of `allowed_from` to `to`, with `updates` written in the same UPDATE.

    Call it inside the service's transaction. The UPDATE is conditional on the current state,
    so concurrent callers serialise on the row in the database: exactly one succeeds and the
    others raise Conflict with the state they found. `obj` is updated in place and returned.
    `conflict_message(label)` words the Conflict from the label of the state found.
    """
    model = type(obj)
    allowed = list(allowed_from)
    values: dict[str, Any] = {field: to, **(updates or {})}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields) and "updated_at" not in values:
        # update() skips auto_now; keep "last changed" honest.
        values["updated_at"] = timezone.now()
    manager = model._default_manager
    changed = manager.filter(pk=obj.pk, **{f"{field}__in": allowed}).update(**values)
    if not changed:
        current = manager.filter(pk=obj.pk).values_list(field, flat=True).first()
        if current is None:
            raise Conflict("This has just been deleted by someone else.")
        setattr(obj, field, current)
        label = state_label(model, field, current)
        if conflict_message is not None:
            raise Conflict(conflict_message(label), current=current)
        raise Conflict(f"Someone else changed this first: it is now {label}.", current=current)
    for name, value in values.items():
        setattr(obj, name, value)
    return obj
