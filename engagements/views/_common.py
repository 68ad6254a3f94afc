from django.http import Http404

from core.contract import require

from .. import selectors


def engagement_or_404(request, uuid, *, perm: str | None = None):
    """The engagement at this UUID if the person may see it (404 otherwise: its existence is not
    revealed); 403 if they may see it but lack `perm`."""
    engagement = selectors.engagement_by_uuid(uuid)
    if engagement is None or not request.user.has_perm("engagements.see_engagement", engagement):
        raise Http404("No engagement at this address.")
    if perm:
        require(request.user, perm, engagement)
    return engagement
