"""Tags for check-ins and commitment statuses: {% load accountability %}.

Statuses are shown as NHS.UK tags with their words (colour is never the only signal); the colour
is chosen here, so templates never compare status values.
"""

from django import template
from django.utils.html import format_html

from ..models import CommitmentStatus, Engagement

register = template.Library()

_COLOURS = {
    CommitmentStatus.DONE: "green",
    CommitmentStatus.ON_TRACK: "blue",
    CommitmentStatus.AT_RISK: "orange",
    CommitmentStatus.MISSED: "red",
    CommitmentStatus.DROPPED: "grey",
    "overdue": "red",
}
_LABELS = {**{value: str(label) for value, label in CommitmentStatus.choices}, "overdue": "Overdue"}


@register.filter
def commitment_tag(status, overdue=False):
    """{{ update.status|commitment_tag }}, {{ state.status|commitment_tag:state.overdue }}: the
    status as a tag, followed by an "Overdue" tag where the commitment is past its date."""
    value = str(status)
    tag = format_html(
        '<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', _COLOURS.get(value, "grey"), _LABELS.get(value, value)
    )
    if overdue:
        return format_html('{} <strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>', tag)
    return tag


@register.filter
def party_name(engagement, side):
    """{{ engagement|party_name:commitment.party }}: the movement's or the institution's name."""
    return engagement.movement.name if str(side) == "movement" else engagement.institution.name


@register.simple_tag
def withdrawal_consequence(engagement):
    """What withdrawing does to the agreement, for the withdraw page ("" before acceptance)."""
    if engagement.status == Engagement.Status.ACTIVE:
        start = "The agreement in force stops binding either side from now"
    elif engagement.status == Engagement.Status.ACCEPTED:
        start = "The shared purpose and agreement drafts stop here"
    else:
        return ""
    return format_html(
        '<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>{}, but nothing'
        " is deleted: its versions, signatures, check-ins and the timeline stay on the record. No more check-ins"
        " can be recorded and the agreement can no longer be changed.</p></div>",
        start,
    )
