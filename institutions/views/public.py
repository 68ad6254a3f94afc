"""The public directory and institution profiles."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .. import selectors
from ..forms import DirectoryFilterForm
from ..models import Membership, OrgType
from ..validators import normalise_ods_code
from ._common import institution_for

PAGE_SIZE = 20


@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    status = 200
    filters = {}
    if form.is_bound:
        if form.is_valid():
            filters = {
                "query": form.cleaned_data["q"],
                "org_type": form.cleaned_data["org_type"],
                "region": form.cleaned_data["region"],
            }
        else:
            status = 400
    page = Paginator(selectors.institution_directory(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "institutions/directory.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": any(filters.values()),
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
        "can_manage": can_manage,
        "can_edit": can_manage and request.user.has_perm("institutions.edit_institution", institution),
        "can_review": request.user.has_perm("institutions.decide_institution", institution)
        and institution.status == institution.Status.PENDING,
        "is_historical_type": institution.org_type == OrgType.CCG,
        "pending_count": selectors.institution_pending_requests(institution).count() if can_manage else None,
    }
    return render(request, "institutions/detail.html", context)
