from django import template

from .. import selectors

register = template.Library()

# A dashboard shows at most this many; the rest are a click away.
DASHBOARD_LIMIT = 10


@register.inclusion_tag("institutions/_dashboard_panel.html", takes_context=True)
def institutions_dashboard_panel(context):
    """The signed-in person's institutions and the requests waiting for them to decide."""
    user = context["request"].user
    return {
        "memberships": list(selectors.user_memberships(user)[:DASHBOARD_LIMIT]),
        "requests_to_decide": list(selectors.user_requests_to_decide(user)[:DASHBOARD_LIMIT]),
    }
