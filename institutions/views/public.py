"""The public directory and institution profiles."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.pagination import page_of

from .. import selectors
from ..forms import DirectoryFilterForm
from ..models import Membership, OrgType
from ..validators import normalise_ods_code
from ._common import institution_for

PAGE_SIZE = 20
# The selector's argument for each filter of the form.
_FILTERS = {"query": "q", "org_type": "org_type", "region": "region"}


@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    status = 200
    filters = {}
    if form.is_bound:
        valid = form.is_valid()
        # The filters that were valid, even when the search was not (too long).
        filters = {name: form.cleaned_data.get(key, "") for name, key in _FILTERS.items()}
        status = 200 if valid else 400
    page = page_of(selectors.institution_directory(**filters), request.GET.get("page"), per_page=PAGE_SIZE)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "institutions/directory.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": any(filters.values()),
            "active_count": bool(filters.get("org_type")) + bool(filters.get("region")),
            "query_string": query_string.urlencode(),
        },
        status=status,
    )


@require_GET
def detail(request, ods_code):
    if ods_code != normalise_ods_code(ods_code):
        return redirect("institutions:detail", ods_code=normalise_ods_code(ods_code), permanent=True)
    institution = institution_for(request, ods_code)
    membership = selectors.membership_of(user=request.user, institution=institution)
    is_admin = bool(membership and membership.is_verified and membership.role == Membership.Role.ADMIN)
    can_manage = is_admin or request.user.has_perm("institutions.view_members", institution)
    context = {
        "institution": institution,
        "engagement_models": selectors.institution_engagement_models(institution),
        "membership": membership,
        "can_join": membership is None and request.user.has_perm("institutions.join_institution", institution),
        "can_leave": membership is not None and request.user.has_perm("institutions.can_leave", institution),
        "can_manage": can_manage,
        "can_edit": can_manage and request.user.has_perm("institutions.edit_institution", institution),
        "can_review": request.user.has_perm("institutions.decide_institution", institution)
        and institution.status == institution.Status.PENDING,
        "is_historical_type": institution.org_type == OrgType.CCG,
        "pending_count": selectors.institution_pending_requests(institution).count() if can_manage else None,
        "domains": selectors.institution_domain_names(institution),
    }
    return render(request, "institutions/detail.html", context)
