"""The accountability agreement's pages (docs/agreements.md): the version in force and the draft,
editing terms, safeguards and commitments, signing (views/signing.py), every version and the
difference between any two, and each side's consent to publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.contract import error_messages
from core.forms import add_service_errors

from .. import selectors_agreement as reads
from .. import services
from ..forms_agreement import AgreementTermsForm, CommitmentForm, CompareForm, PublishForm, RemoveForm
from ..models import Side
from ..rules import signing_sides
from ..services.agreement import COPIED_TERMS
from . import signing
from ._agreement import agreement_or_404, purpose_in_force

EDIT = "engagements.edit_agreement"


def _next_steps(page, engagement, agreement) -> list[str]:
    """What each side must do next, in plain words."""
    steps = []
    if agreement.purpose_id is None:
        steps.append("Both sides approve the shared purpose: the agreement can be signed only after that.")
    draft = page.draft
    if draft is not None and draft.signed_at is None:
        signed = {s.side for s in draft.signatures.all()}
        for side, party in ((Side.MOVEMENT, engagement.movement.name), (Side.INSTITUTION, engagement.institution.name)):
            if side not in signed:
                who = "its lead organiser" if side == Side.MOVEMENT else "a signatory"
                steps.append(f"{party}: {who} reads version {draft.number} and signs it.")
    return steps


def _publish_choices(engagement, agreement, sides):
    """The consent toggle for each side the person signs for."""
    parties = {
        Side.MOVEMENT: (engagement.movement.name, agreement.movement_publishes),
        Side.INSTITUTION: (engagement.institution.name, agreement.institution_publishes),
    }
    return [{"side": side, "party": parties[side][0], "publishes": parties[side][1]} for side in sides]


@login_required
@require_GET
def agreement_detail(request, engagement_uuid):
    engagement, agreement = agreement_or_404(request, engagement_uuid)
    page = reads.agreement_page(agreement)
    user = request.user
    own_sides = signing_sides(user, engagement)
    return render(
        request,
        "engagements/agreement_detail.html",
        {
            "engagement": engagement,
            "agreement": agreement,
            "page": page,
            "purpose": purpose_in_force(agreement),
            "next_steps": _next_steps(page, engagement, agreement),
            "can_edit": user.has_perm(EDIT, engagement),
            "can_sign": user.has_perm("engagements.sign_agreement", engagement),
            "publish_choices": _publish_choices(engagement, agreement, own_sides)
            if user.has_perm("engagements.publish_agreement", engagement)
            else [],
        },
    )


def _terms_initial(version):
    return {"revision": version.revision, **{name: getattr(version, name) for name in COPIED_TERMS}}


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, engagement_uuid):
    engagement, agreement = agreement_or_404(request, engagement_uuid, perm=EDIT)
    version = reads.agreement_page(agreement).latest
    form = AgreementTermsForm(request.POST if request.method == "POST" else None, initial=_terms_initial(version))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.agreement_update(
                actor=request.user,
                engagement=engagement,
                seen_revision=data["revision"],
                version=version,
                **{name: data[name] for name in COPIED_TERMS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            started = " as a new draft version: the version in force stays until both sides sign it" * (
                draft.pk != version.pk
            )
            messages.success(request, f"The terms and safeguards are saved{started}.")
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "engagements/agreement_edit.html",
        {"engagement": engagement, "agreement": agreement, "version": version, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


COMMITMENT_FIELDS = (
    "party",
    "what",
    "success_measure",
    "due_date",
    "review_date",
    "accountable_to",
    "accountable_to_name",
)


def _commitment_form(request, version, commitment=None):
    initial = {"revision": version.revision}
    if commitment is not None:
        initial |= {name: getattr(commitment, name) for name in COMMITMENT_FIELDS}
    return CommitmentForm(request.POST if request.method == "POST" else None, initial=initial)


def _commitment_or_404(version, commitment_uuid):
    commitment = reads.commitment_in(version, commitment_uuid)
    if commitment is None:
        raise Http404("That commitment is not in the latest version of this agreement.")
    return commitment


@login_required
@require_http_methods(["GET", "POST"])
def commitment_new(request, engagement_uuid):
    return _commitment_page(request, engagement_uuid, None)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request, engagement_uuid, commitment_uuid):
    return _commitment_page(request, engagement_uuid, commitment_uuid)


def _commitment_page(request, engagement_uuid, commitment_uuid):
    engagement, agreement = agreement_or_404(request, engagement_uuid, perm=EDIT)
    version = reads.agreement_page(agreement).latest
    commitment = _commitment_or_404(version, commitment_uuid) if commitment_uuid else None
    form = _commitment_form(request, version, commitment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {name: data[name] for name in COMMITMENT_FIELDS}
        try:
            if commitment is None:
                services.commitment_add(
                    actor=request.user,
                    engagement=engagement,
                    seen_revision=data["revision"],
                    version=version,
                    **values,
                )
            else:
                services.commitment_update(
                    actor=request.user,
                    engagement=engagement,
                    commitment=commitment,
                    seen_revision=data["revision"],
                    **values,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The commitment is saved." if commitment else "The commitment is added.")
            return redirect(f"{agreement.get_absolute_url()}#commitments")
    return render(
        request,
        "engagements/agreement_commitment.html",
        {"engagement": engagement, "agreement": agreement, "version": version, "commitment": commitment, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_remove(request, engagement_uuid, commitment_uuid):
    engagement, agreement = agreement_or_404(request, engagement_uuid, perm=EDIT)
    version = reads.agreement_page(agreement).latest
    commitment = _commitment_or_404(version, commitment_uuid)
    form = RemoveForm(request.POST if request.method == "POST" else None, initial={"revision": version.revision})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_remove(
                actor=request.user,
                engagement=engagement,
                commitment=commitment,
                seen_revision=form.cleaned_data["revision"],
            )
        except ValidationError as error:
            problems = error_messages(error)
        else:
            messages.success(request, "The commitment is taken out of the draft.")
            return redirect(f"{agreement.get_absolute_url()}#commitments")
    return render(
        request,
        "engagements/agreement_commitment_remove.html",
        {
            "engagement": engagement,
            "agreement": agreement,
            "commitment": commitment,
            "form": form,
            "problems": problems,
        },
        status=400 if problems or (form.is_bound and form.errors) else 200,
    )


@login_required
@require_POST
def agreement_publish(request, engagement_uuid):
    engagement, agreement = agreement_or_404(request, engagement_uuid, perm="engagements.publish_agreement")
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether your side publishes the agreement.")
        return redirect(f"{agreement.get_absolute_url()}#publishing")
    publish = form.cleaned_data["publish"] == "yes"
    try:
        services.agreement_publish_set(
            actor=request.user, engagement=engagement, side=form.cleaned_data["side"], publish=publish
        )
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            "Your side agrees to publish the agreement on the public register."
            if publish
            else "Your side no longer publishes the agreement.",
        )
    return redirect(f"{agreement.get_absolute_url()}#publishing")


@login_required
@require_GET
def version_list(request, engagement_uuid):
    engagement, agreement = agreement_or_404(request, engagement_uuid)
    versions = reads.version_list(agreement, request.GET.get("page"))
    return render(
        request,
        "engagements/agreement_versions.html",
        {"engagement": engagement, "agreement": agreement, "versions": versions},
    )


@login_required
@require_GET
def version_detail(request, engagement_uuid, number):
    engagement, agreement = agreement_or_404(request, engagement_uuid)
    version = reads.version_by_number(agreement, number)
    if version is None:
        raise Http404("This agreement has no version with that number.")
    return render(
        request,
        "engagements/agreement_version.html",
        {"engagement": engagement, "agreement": agreement, "version": version},
    )


@login_required
@require_GET
def version_compare(request, engagement_uuid):
    engagement, agreement = agreement_or_404(request, engagement_uuid)
    form = CompareForm(request.GET)
    found = {}
    if form.is_valid():
        numbers = [form.cleaned_data["from_"], form.cleaned_data["to"]]
        found = reads.versions_by_number(agreement, numbers)
    if not form.is_valid() or len(found) != len(set(numbers)) or numbers[0] == numbers[1]:
        return render(
            request,
            "engagements/agreement_compare.html",
            {"engagement": engagement, "agreement": agreement, "bad_query": True},
            status=400,
        )
    before, after = found[numbers[0]], found[numbers[1]]
    return render(
        request,
        "engagements/agreement_compare.html",
        {
            "engagement": engagement,
            "agreement": agreement,
            "before": before,
            "after": after,
            "changes": reads.version_changes(before, after),
        },
    )


_AT = "<uuid:engagement_uuid>/agreement/"
urlpatterns = [
    path(_AT, agreement_detail, name="agreement"),
    path(f"{_AT}edit/", agreement_edit, name="agreement_edit"),
    path(f"{_AT}commitments/new/", commitment_new, name="commitment_new"),
    path(f"{_AT}commitments/<uuid:commitment_uuid>/edit/", commitment_edit, name="commitment_edit"),
    path(f"{_AT}commitments/<uuid:commitment_uuid>/remove/", commitment_remove, name="commitment_remove"),
    path(f"{_AT}sign/", signing.agreement_sign, name="agreement_sign"),
    path(f"{_AT}versions/", version_list, name="agreement_versions"),
    path(f"{_AT}versions/<int:number>/", version_detail, name="agreement_version"),
    path(f"{_AT}compare/", version_compare, name="agreement_compare"),
    path(f"{_AT}publish/", agreement_publish, name="agreement_publish"),
]
