from django.core.exceptions import PermissionDenied
from django.http import Http404

from ..models import Institution
from ..validators import normalise_ods_code

VIEW = "institutions.see_institution"


def institution_for(request, ods_code: str, perm: str = VIEW) -> Institution:
    """The institution, 404 if this person may not see it, 403 if they may see it but not do `perm`."""
    institution = Institution.objects.filter(ods_code=normalise_ods_code(ods_code)).first()
    if institution is None or not request.user.has_perm(VIEW, institution):
        raise Http404("No such institution.")
    if perm != VIEW and not request.user.has_perm(perm, institution):
        raise PermissionDenied
    return institution


def error_messages(exc) -> list[str]:
    """The sentences in a ValidationError, flattened for a message or a form."""
    return list(exc.messages)


def add_errors(form, exc) -> None:
    """Put a service's ValidationError next to the fields it names, or at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
