"""Check-ins (history, recording one), one commitment's history, and ending or completing an
engagement (docs/agreements.md, "Check-ins, commitment statuses and ending")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.contract import require
from core.forms import add_service_errors

from .. import selectors_accountability as accountability
from .. import services
from ..forms_checkins import CheckInForm, CompleteForm, EndForm
from ._common import engagement_or_404


def _agreement_or_404(request, engagement_uuid, perm="engagements.see_agreement"):
    """The engagement and its agreement (with the version in force), for someone who may see the
    engagement (404 otherwise) and do `perm` (403 otherwise). 404 before acceptance: no agreement."""
    engagement = engagement_or_404(request, engagement_uuid)
    agreement = accountability.agreement_with_version(engagement)
    if agreement is None:
        raise Http404("This engagement has no agreement yet.")
    require(request.user, perm, engagement)
    return engagement, agreement


@login_required
@require_GET
def checkin_list(request, engagement_uuid):
    engagement, agreement = _agreement_or_404(request, engagement_uuid)
    page = accountability.checkin_page(engagement=engagement, page=request.GET.get("page"))
    return render(
        request,
        "engagements/checkin_list.html",
        {
            "engagement": engagement,
            "agreement": agreement,
            "page_obj": page,
            "checkins": page.object_list,
            "can_record": request.user.has_perm("engagements.record_checkin", engagement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin_new(request, engagement_uuid):
    engagement, agreement = _agreement_or_404(request, engagement_uuid, perm="engagements.record_checkin")
    states = accountability.commitment_states(agreement)
    form = CheckInForm(
        request.POST if request.method == "POST" else None,
        commitments=[state.commitment for state in states],
        current={state.commitment.key: state.status for state in states},
    )
    if request.method == "GET":
        today = timezone.localdate()
        form.initial.update(held_on_day=today.day, held_on_month=today.month, held_on_year=today.year)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_record(
                actor=request.user,
                engagement=engagement,
                held_on=form.cleaned_data["held_on"],
                note=form.cleaned_data["note"],
                statuses=form.statuses(),
                comments=form.comments(),
            )
        except ValidationError as error:
            add_service_errors(form, form.service_errors(error))
        else:
            messages.success(request, "Your check-in is recorded. The other side has been told.")
            return redirect(engagement.get_absolute_url() + "#accountability")
    return render(
        request,
        "engagements/checkin_new.html",
        {"engagement": engagement, "agreement": agreement, "form": form, "states": states},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def commitment_detail(request, engagement_uuid, key):
    engagement, agreement = _agreement_or_404(request, engagement_uuid)
    commitment = accountability.commitment_by_key(agreement, key)
    if commitment is None:
        raise Http404("No such commitment in this agreement.")
    progress = accountability.commitment_progress(agreement, key)
    status = progress.status if progress is not None else "on_track"
    return render(
        request,
        "engagements/checkin_commitment.html",
        {
            "engagement": engagement,
            "agreement": agreement,
            "commitment": commitment,
            "in_force": commitment.version_id == agreement.in_force_id,
            "progress": progress,
            "status": status,
            "overdue": accountability.is_overdue(commitment, status, timezone.localdate()),
            "history": accountability.commitment_history(agreement=agreement, key=key),
        },
    )


def _closing_view(action, form_class, template, done):
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, engagement_uuid):
        engagement = engagement_or_404(request, engagement_uuid, perm=f"engagements.{action}_engagement")
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            service = services.engagement_end if action == "end" else services.engagement_complete
            try:
                service(actor=request.user, engagement=engagement, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(engagement.get_absolute_url())
        return render(
            request,
            template,
            {"engagement": engagement, "form": form},
            status=400 if form.is_bound and form.errors else 200,
        )

    view.__name__ = f"engagement_{action}"
    return view


engagement_end = _closing_view(
    "end", EndForm, "engagements/checkin_end.html", "The engagement is ended. Both sides have been told."
)
engagement_complete = _closing_view(
    "complete",
    CompleteForm,
    "engagements/checkin_complete.html",
    "The engagement is marked completed. Both sides have been told.",
)


urlpatterns: list = [
    path("<uuid:engagement_uuid>/check-ins/", checkin_list, name="checkins"),
    path("<uuid:engagement_uuid>/check-ins/new/", checkin_new, name="checkin_new"),
    path("<uuid:engagement_uuid>/commitments/<uuid:key>/", commitment_detail, name="commitment"),
    path("<uuid:engagement_uuid>/end/", engagement_end, name="end"),
    path("<uuid:engagement_uuid>/complete/", engagement_complete, name="complete"),
]
