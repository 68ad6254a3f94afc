"""What the agreement pages share: the engagement and its Agreement, or 404 (403 without the rule)."""

from django.http import Http404

from core.contract import require

from ..models import Agreement, SharedPurposeVersion
from ..rules import agreement_of
from ._common import engagement_or_404


def agreement_or_404(request, engagement_uuid, *, perm: str = "engagements.see_agreement"):
    """(engagement, agreement) if the person may see the engagement and it has an agreement
    (404 otherwise); 403 if they lack `perm`."""
    engagement = engagement_or_404(request, engagement_uuid)
    agreement = agreement_of(engagement)
    if agreement is None:
        raise Http404("This engagement has no agreement yet: it opens when a proposal is accepted.")
    require(request.user, "engagements.see_agreement", engagement)
    if perm != "engagements.see_agreement":
        require(request.user, perm, engagement, "You cannot do that to this agreement now.")
    agreement.engagement = engagement
    return engagement, agreement


def purpose_in_force(agreement: Agreement) -> SharedPurposeVersion | None:
    if agreement.purpose_id is None:
        return None
    found: SharedPurposeVersion | None = (
        SharedPurposeVersion.objects.filter(pk=agreement.purpose_id).prefetch_related("ways_of_impact").first()
    )
    return found
