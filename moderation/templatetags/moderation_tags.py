"""The dashboard's moderation panel and the header's link to the hub, from the queue registry."""

from datetime import timedelta

import rules
from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from .. import selectors
from ..decorators import HUB

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def may_moderate(context) -> bool:
    """Whether to show the way to the hub. The rules directly: no queries for anyone."""
    user = _user(context)
    return user is not None and rules.has_perm(HUB, user)


@register.inclusion_tag("moderation/_dashboard_panel.html", takes_context=True)
def moderation_dashboard_panel(context):
    """Each queue the person works with its count (one query a queue); nothing, and no queries,
    for anyone who is not a moderator."""
    user = _user(context)
    if user is None or not rules.has_perm(HUB, user):
        return {"summaries": None}
    return {"summaries": selectors.queue_summaries(user=user)}


@register.filter
def waited(since) -> str:
    """Roughly how long something has waited, in its largest unit: "3 days", "less than a minute"."""
    if since is None:
        return ""
    if timezone.now() - since < timedelta(minutes=1):
        return "less than a minute"
    return timesince(since, depth=1)
