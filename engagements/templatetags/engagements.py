"""What other apps' pages show of engagements, so that they never import engagements' code:
{% load engagements %} on a profile, then

    {% response_facts institution as facts %}        median days to a first response, overdue now
    {% can_propose_to institution engagement_models as propose_url %}   the "Propose an engagement" link, or ""
    {% accountability_record institution as record %}  its published partnerships and commitments kept,
                                                      missed and overdue (engagements/_accountability_record.html)
"""

from django import template
from django.urls import reverse

from .. import selectors, selectors_register

register = template.Library()


@register.simple_tag
def response_facts(institution):
    return selectors.institution_response_facts(institution=institution)


@register.simple_tag(takes_context=True)
def can_propose_to(context, party, open_models=None):
    """The link to propose to this institution or movement, for someone who may; "" otherwise."""
    user = context["request"].user
    if not getattr(user, "is_authenticated", False):
        return ""
    key = selectors.proposal_target_key(party, open_models)
    if key is None:
        return ""
    # A movement proposes to an institution, an institution to a movement.
    wanted = "movement:" if key.startswith("institution:") else "institution:"
    if not selectors.proposer_sides(user, only=wanted.rstrip(":")):
        return ""
    return f"{reverse('engagements:new')}?to={key}"


@register.simple_tag
def accountability_record(party):
    """A movement's or an institution's published partnerships and its record across them."""
    return selectors_register.accountability_record(party=party)
