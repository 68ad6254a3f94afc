"""The dashboard's moderation panel: how much is waiting for a moderator's decision."""

import rules
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_counts(context):
    """{"movements": n, "institutions": n} for a moderator, None for anyone else.

    Asks the rules directly rather than user.has_perm, whose model backend would
    spend queries on everyone who is not a moderator.
    """
    user = context["request"].user
    may_movements = rules.has_perm("movements.moderate_movement", user)
    may_institutions = rules.has_perm("institutions.decide_institution", user)
    if not (may_movements or may_institutions):
        return None
    # Imported here: core is loaded before the apps it reports on.
    from institutions.selectors import institutions_awaiting_approval
    from movements.models import Movement

    return {
        "movements": Movement.objects.filter(status=Movement.Status.PENDING).count() if may_movements else None,
        "institutions": institutions_awaiting_approval().count() if may_institutions else None,
    }
