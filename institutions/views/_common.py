from django.http import Http404

from core.contract import require

from ..models import Institution
from ..validators import normalise_ods_code

VIEW = "institutions.see_institution"


def institution_for(request, ods_code: str, perm: str = VIEW) -> Institution:
    """The institution, 404 if this person may not see it, 403 if they may see it but not do `perm`."""
    institution = Institution.objects.filter(ods_code=normalise_ods_code(ods_code)).first()
    if institution is None or not request.user.has_perm(VIEW, institution):
        raise Http404("No such institution.")
    if perm != VIEW:
        require(request.user, perm, institution)
    return institution
