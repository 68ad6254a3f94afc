"""Joining and leaving an institution."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.contract import error_messages, require
from core.forms import add_service_errors
from core.ratelimits import Throttled, creation_limit, throttled_response

from .. import selectors, services
from ..domains import user_verified_domains
from ..forms import JoinForm
from ..services.memberships import only_admin_leaving_message
from ._common import institution_for


@login_required
@require_http_methods(["GET", "POST"])
def join(request, ods_code):
    institution = institution_for(request, ods_code)
    existing = selectors.membership_of(user=request.user, institution=institution)
    if existing is not None:
        if existing.is_verified:
            messages.info(request, f"You are already a member of {institution.name}.")
        else:
            messages.info(request, f"You have already asked to join {institution.name}. An admin will decide soon.")
        return redirect(institution)
    require(request.user, "institutions.join_institution", institution)
    form = JoinForm(request.POST if request.method == "POST" else None)
    throttled = None
    if request.method == "POST" and form.is_valid():
        try:
            with creation_limit(request, action="membership_request"):
                membership = services.membership_request(
                    actor=request.user, institution=institution, request_note=form.cleaned_data["request_note"]
                )
        except Throttled as limit:
            throttled = limit
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if membership.is_verified:
                messages.success(
                    request,
                    f"You are now a member of {institution.name}: your email address at "
                    f"{membership.verified_by_domain} confirms it.",
                )
            else:
                messages.success(
                    request, f"You have asked to join {institution.name}. We will tell you when an admin has decided."
                )
            return redirect(institution)
    domains = selectors.institution_domain_names(institution)
    context = {
        "institution": institution,
        "domains": domains,
        "matching": sorted(user_verified_domains(request.user) & set(domains)),
        "form": form,
        "throttled": throttled,
    }
    if throttled:
        return throttled_response(render(request, "institutions/join.html", context), throttled)
    return render(request, "institutions/join.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request, ods_code):
    institution = institution_for(request, ods_code, "institutions.leave_institution")
    membership = selectors.membership_of(user=request.user, institution=institution)
    # The institution's page offers no such link to its only admin: this answers an old or typed address.
    not_possible = None
    if request.method == "GET" and not request.user.has_perm("institutions.can_leave", institution):
        not_possible = only_admin_leaving_message(institution)
    if request.method == "POST":
        try:
            services.membership_leave(actor=request.user, institution=institution)
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
            return redirect(institution)
        if membership.is_pending:
            messages.success(request, f"You have withdrawn your request to join {institution.name}.")
        else:
            messages.success(request, f"You have left {institution.name}.")
        return redirect("dashboard")
    return render(
        request,
        "institutions/leave.html",
        {"institution": institution, "membership": membership, "not_possible": not_possible},
    )
