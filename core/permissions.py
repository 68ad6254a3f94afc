"""The one permission check a service makes before it writes."""

from django.core.exceptions import PermissionDenied

_GENERAL = object()  # a permission about no particular object ("may create a movement")


def require(actor, perm: str, obj=_GENERAL, message: str = "You do not have permission to do that.") -> None:
    """PermissionDenied unless `actor` may do `perm` (to `obj`, when the service acts on one).

    A service handed None for the object it acts on (a lookup that found nothing) is refused:
    the rules never saw that object, so nothing after this may assume it exists. (To the rules
    themselves None means "in general", which platform staff may do.)
    """
    if actor is None or obj is None:
        raise PermissionDenied(message)
    if not (actor.has_perm(perm) if obj is _GENERAL else actor.has_perm(perm, obj)):
        raise PermissionDenied(message)
