"""Registering an institution that is not listed, and the moderator's review of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import add_service_errors
from core.pagination import page_of
from core.ratelimits import Throttled, creation_limit, throttled_response
from moderation.decorators import queue_page

from .. import selectors, services
from ..forms import DecisionForm, RegisterInstitutionForm
from ._common import institution_for


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    form = RegisterInstitutionForm(request.POST or None, viewer=request.user)
    throttled = None
    if request.method == "POST" and form.is_valid():
        try:
            with creation_limit(request, action="institution_register"):
                institution = services.institution_register(actor=request.user, **form.cleaned_data)
        except Throttled as limit:
            throttled = limit
            form.add_error(None, limit.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Thank you. {institution.name} is waiting for a moderator to check it. We will tell you when it "
                "is approved; you will be its first admin.",
            )
            return redirect(institution)
    status = 400 if form.is_bound and form.errors else 200
    response = render(request, "institutions/register.html", {"form": form}, status=status)
    return throttled_response(response, throttled) if throttled else response


@queue_page("institutions.awaiting_approval")
@require_GET
def awaiting_approval(request):
    page = page_of(selectors.institutions_awaiting_approval(), request.GET.get("page"), per_page=25)
    return render(request, "institutions/awaiting_approval.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def review(request, ods_code):
    institution = institution_for(request, ods_code, "institutions.decide_institution")
    if institution.status != institution.Status.PENDING:
        messages.info(
            request, f"{institution.name} has already been decided: it is {institution.get_status_display().lower()}."
        )
        return redirect("institutions:awaiting_approval")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = services.institution_approve if form.approve else services.institution_reject
        try:
            # Another moderator deciding first is a Conflict: the middleware says so, on the queue.
            decide(actor=request.user, institution=institution, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            verb = "approved" if form.approve else "turned down"
            messages.success(request, f"You {verb} {institution.name}. The person who registered it has been told.")
            return redirect("institutions:awaiting_approval")
    status = 400 if form.is_bound and form.errors else 200
    requester = institution.requested_by
    return render(
        request,
        "institutions/review.html",
        {
            "institution": institution,
            "form": form,
            "requester": requester,
            "duplicates": selectors.institutions_named_like(
                institution.name, visible_to=request.user, exclude=institution
            ),
        },
        status=status,
    )
