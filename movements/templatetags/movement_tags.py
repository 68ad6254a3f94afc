from django import template

from .. import selectors
from ..views.invitations import SESSION_KEY

register = template.Library()


@register.inclusion_tag("movements/_dashboard_panel.html", takes_context=True)
def movements_dashboard_panel(context):
    """The dashboard's "Your movements" panel: roles, invitations waiting, and an
    invitation link the person opened before signing in."""
    request = context["request"]
    user = request.user
    return {
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "roles": selectors.user_movements(user=user),
        "waiting": selectors.user_waiting_invitations(user=user),
        "pending_token": request.session.get(SESSION_KEY),
    }
