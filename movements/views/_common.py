from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from core.contract import require

from .. import selectors


class MovedPermanently(Exception):
    def __init__(self, response):
        self.response = response


def movement_or_404(request, slug: str, *, perm: str | None = None):
    """The movement at this slug, if the user may see it.

    Someone who may not see it gets 404 (its existence is not revealed); one
    who may see it but lacks `perm` gets 403. An old slug raises
    MovedPermanently with a 301 to the same page at the current address, but
    only for those who may see the movement: the new address is no less secret.
    """
    movement, moved = selectors.movement_for_slug(slug)
    if movement is None or not request.user.has_perm("movements.see_movement", movement):
        raise Http404("No movement at this address.")
    if moved:
        match = request.resolver_match
        url = reverse(match.view_name, kwargs={**match.kwargs, "slug": movement.slug})
        query = request.META.get("QUERY_STRING", "")
        raise MovedPermanently(HttpResponsePermanentRedirect(f"{url}?{query}" if query else url))
    if perm:
        require(request.user, perm, movement)
    return movement


def follow_old_slugs(view):
    """Let a view raise MovedPermanently from movement_or_404 and answer with the redirect."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MovedPermanently as moved:
            return moved.response

    return wrapper
