"""What institution admins (and moderators, where there is no admin) do."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_errors
from core.pagination import page_of

from .. import selectors, services
from ..forms import DecisionForm, DomainForm, InstitutionEditForm, MembershipChangeForm, RemoveMemberForm
from ..models import Membership, VerifiedDomain
from ..services.memberships import LAST_ADMIN_MESSAGE
from ..services.registration import EDITABLE_FIELDS
from ._common import institution_for

MEMBERS_PAGE_SIZE = 25


def _membership_for(institution, membership_uuid) -> Membership:
    membership = (
        Membership.objects.filter(institution=institution, uuid=membership_uuid)
        .select_related("user", "decided_by")
        .first()
    )
    if membership is None:
        raise Http404("No such member.")
    membership.institution = institution  # the rules asked of it share what this object remembers
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, ods_code):
    institution = institution_for(request, ods_code, "institutions.edit_institution")
    form = InstitutionEditForm(request.POST or None, instance=institution, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_update(
                actor=request.user, institution=institution, **{f: form.cleaned_data[f] for f in EDITABLE_FIELDS}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The profile has been updated.")
            return redirect(institution)
    if form.is_bound:
        # ModelForm validation writes the typed values onto the instance; show the saved name.
        institution.refresh_from_db()
    status = 400 if form.is_bound else 200
    return render(request, "institutions/edit.html", {"institution": institution, "form": form}, status=status)


@login_required
@require_http_methods(["GET"])
def members(request, ods_code):
    institution = institution_for(request, ods_code, "institutions.view_members")
    page = page_of(selectors.institution_members(institution), request.GET.get("page"), per_page=MEMBERS_PAGE_SIZE)
    return render(
        request,
        "institutions/members.html",
        {
            "institution": institution,
            "pending": list(selectors.institution_pending_requests(institution)),
            "page_obj": page,
            "can_manage": request.user.has_perm("institutions.manage_members", institution),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_decide(request, ods_code, membership_uuid):
    institution = institution_for(request, ods_code, "institutions.decide_membership")
    membership = _membership_for(institution, membership_uuid)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = services.membership_approve if form.approve else services.membership_reject
        try:
            # Another admin deciding first is a Conflict: the middleware says who, on the members page.
            decide(actor=request.user, membership=membership, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            who = membership.user.display_name
            if form.approve:
                messages.success(request, f"{who} is now a verified member.")
            else:
                messages.success(request, f"You turned down {who}'s request. They have been told why.")
            return redirect("institutions:members", ods_code=institution.ods_code)
    elif request.method == "GET" and not membership.is_pending:
        messages.info(request, "That request has already been decided.")
        return redirect("institutions:members", ods_code=institution.ods_code)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "institutions/member_decide.html",
        {"institution": institution, "membership": membership, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_change(request, ods_code, membership_uuid):
    institution = institution_for(request, ods_code, "institutions.manage_members")
    membership = _membership_for(institution, membership_uuid)
    if not membership.is_verified:
        raise Http404("No such member.")
    can_change_role = request.user.has_perm("institutions.can_change_role", membership)
    locked = (
        ""
        if can_change_role
        else LAST_ADMIN_MESSAGE.format(name=membership.user.display_name, institution=institution.name)
    )
    form = MembershipChangeForm(
        request.POST or None,
        initial={"role": membership.role, "is_signatory": membership.is_signatory},
        role_locked_because=locked,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change(
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                is_signatory=form.cleaned_data["is_signatory"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{membership.user.display_name}'s role has been saved.")
            return redirect("institutions:members", ods_code=institution.ods_code)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "institutions/member_change.html",
        {"institution": institution, "membership": membership, "form": form, "can_change_role": can_change_role},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, ods_code, membership_uuid):
    institution = institution_for(request, ods_code, "institutions.manage_members")
    membership = _membership_for(institution, membership_uuid)
    if not membership.is_verified:
        raise Http404("No such member.")
    not_possible = None
    if request.method == "GET" and not request.user.has_perm("institutions.can_remove_member", membership):
        # The members page offers no such link: this answers an old or typed address.
        not_possible = LAST_ADMIN_MESSAGE.format(name=membership.user.display_name, institution=institution.name)
    form = RemoveMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_remove(actor=request.user, membership=membership, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{membership.user.display_name} has been removed from {institution.name}.")
            return redirect("institutions:members", ods_code=institution.ods_code)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "institutions/member_remove.html",
        {"institution": institution, "membership": membership, "form": form, "not_possible": not_possible},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def domains(request, ods_code):
    institution = institution_for(request, ods_code, "institutions.manage_domains")
    form = DomainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.domain_add(actor=request.user, institution=institution, domain=form.cleaned_data["domain"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{added.domain} is now a verified domain.")
            return redirect("institutions:domains", ods_code=institution.ods_code)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "institutions/domains.html",
        {"institution": institution, "form": form, "domains": selectors.institution_domains(institution)},
        status=status,
    )


@login_required
@require_POST
def domain_remove(request, ods_code, domain):
    institution = institution_for(request, ods_code, "institutions.manage_domains")
    verified = VerifiedDomain.objects.filter(institution=institution, domain=domain.lower()).first()
    if verified is None:
        raise Http404("No such domain.")
    services.domain_remove(actor=request.user, domain=verified)
    messages.success(
        request, f"{verified.domain} no longer verifies new members. People already verified stay members."
    )
    return redirect("institutions:domains", ods_code=institution.ods_code)
