"""One rule for every moderators' page: sign in first, then 404 to anyone else.

A page that exists only for moderators does not exist for anyone else, so it answers
404 rather than 403 (a 403 would tell a probe that the page is there).
"""

from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404

from .registry import get_queue

HUB = "moderation.view_hub"


def _only_for(perm_of):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            # The rules directly: no model-backend queries for people who are not moderators.
            if not rules.has_perm(perm_of(), request.user):
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def moderator_page(perm: str = HUB):
    """For a moderators' page guarded by `perm` (the hub's permission by default)."""
    return _only_for(lambda: perm)


def queue_page(key: str):
    """For a registered queue's own page, guarded by that queue's permission.

    The queue is looked up per request: views are imported before every app's
    queues.py has necessarily been loaded.
    """
    return _only_for(lambda: get_queue(key).permission)
