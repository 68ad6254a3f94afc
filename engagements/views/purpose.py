"""The shared purpose's pages: what is in force and what waits for approval, the edit form, every
version, one version, and the difference between any two (docs/agreements.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.contract import error_messages, require
from core.forms import add_service_errors
from core.pagination import page_of

from .. import selectors_purpose as selectors
from .. import services
from ..forms_purpose import OUT_OF_DATE, ApproveForm, CompareForm, PurposeEditForm
from ..models import Side
from ..rules import agreement_of
from ._common import engagement_or_404

PER_PAGE = 20
SIDE_LABELS = dict(Side.choices)
CHANGED_MEANWHILE = (
    "Someone else changed the shared purpose while you were editing it. Your words are below: "
    "compare them with the current version and save again."
)


def purpose_or_404(request, engagement_uuid, *, perm: str | None = None):
    """The engagement, if the person may see its shared purpose (404 before acceptance and for
    anyone who is not a party or platform staff); 403 if they may see it but lack `perm`."""
    engagement = engagement_or_404(request, engagement_uuid)
    if not request.user.has_perm("engagements.see_agreement", engagement):
        raise Http404("No shared purpose at this address.")
    if perm:
        require(request.user, perm, engagement)
    return engagement


def _url(name, engagement, **kwargs):
    return reverse(f"engagements:{name}", kwargs={"engagement_uuid": engagement.uuid, **kwargs})


def _purpose_page(request, engagement, *, status=200, problems=()):
    context = selectors.purpose_page(engagement=engagement, user=request.user)
    context["problems"] = list(problems)
    return render(request, "engagements/purpose_detail.html", context, status=status)


@login_required
@require_GET
def purpose_detail(request, engagement_uuid):
    return _purpose_page(request, purpose_or_404(request, engagement_uuid))


@login_required
@require_POST
def purpose_approve(request, engagement_uuid):
    engagement = purpose_or_404(request, engagement_uuid, perm="engagements.approve_purpose")
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _purpose_page(request, engagement, status=400, problems=[OUT_OF_DATE + "."])
    version = selectors.version_by_uuid(engagement, form.cleaned_data["version"])
    if version is None:
        return _purpose_page(request, engagement, status=400, problems=[OUT_OF_DATE + "."])
    try:
        approved = services.purpose_approve(
            actor=request.user,
            engagement=engagement,
            version=version,
            seen_revision=form.cleaned_data["revision"],
            side=form.cleaned_data["side"] or None,
        )
    except ValidationError as error:
        return _purpose_page(request, engagement, status=400, problems=error_messages(error))
    if approved.agreed_at is not None:
        messages.success(
            request, f"Both sides have approved version {approved.number}: the shared purpose is agreed and in force."
        )
    else:
        messages.success(
            request, f"You have approved version {approved.number}. The other side has been asked to approve it too."
        )
    return redirect(_url("purpose", engagement))


def _edit_form(version, data=None):
    initial = {}
    if version is not None:
        initial = {
            "statement": version.statement,
            "outcomes": version.outcomes,
            "ways_of_impact": [way.pk for way in selectors.ways_of(version)],
            "seen_revision": version.revision,
        }
    return PurposeEditForm(data, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def purpose_edit(request, engagement_uuid):
    engagement = purpose_or_404(request, engagement_uuid, perm="engagements.edit_agreement")
    latest = selectors.latest_version(engagement)
    form = _edit_form(latest, request.POST if request.method == "POST" else None)
    context = {"engagement": engagement, "form": form, "latest": latest, "changed_meanwhile": None}
    if request.method == "GET":
        return render(request, "engagements/purpose_edit.html", context)
    if not form.is_valid():
        return render(request, "engagements/purpose_edit.html", context, status=400)
    seen = form.cleaned_data["seen_revision"]
    if latest is not None and not selectors.saw_current_words(latest, seen):
        # Keep what they typed, show the words saved meanwhile, and let the next save go through.
        data = request.POST.copy()
        data["seen_revision"] = str(latest.revision)
        selectors.annotate([latest], latest_number=latest.number, in_force_id=_in_force_id(engagement))
        context.update(form=_edit_form(latest, data), changed_meanwhile=latest, problems=[CHANGED_MEANWHILE])
        return render(request, "engagements/purpose_edit.html", context, status=409)
    try:
        version = services.purpose_update(
            actor=request.user,
            engagement=engagement,
            seen_revision=seen,
            statement=form.cleaned_data["statement"],
            outcomes=form.cleaned_data["outcomes"],
            ways_of_impact=form.cleaned_data["ways_of_impact"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "engagements/purpose_edit.html", context, status=400)
    if latest is not None and version.pk != latest.pk:
        done = (
            f"Your change starts version {version.number}. Both sides need to approve it; the other side has been told."
        )
    else:
        done = f"Version {version.number} is saved. The other side has been told."
    messages.success(request, done)
    return redirect(_url("purpose", engagement))


def _in_force_id(engagement):
    agreement = agreement_of(engagement)
    return agreement.purpose_id if agreement is not None else None


@login_required
@require_GET
def purpose_versions(request, engagement_uuid):
    engagement = purpose_or_404(request, engagement_uuid)
    page = page_of(selectors.purpose_versions(engagement), request.GET.get("page"), per_page=PER_PAGE)
    # Versions are numbered 1, 2, 3 … with none ever removed: the newest number is the count.
    selectors.annotate(page.object_list, latest_number=page.paginator.count, in_force_id=_in_force_id(engagement))
    return render(request, "engagements/purpose_versions.html", {"engagement": engagement, "page_obj": page})


@login_required
@require_GET
def purpose_version(request, engagement_uuid, number):
    engagement = purpose_or_404(request, engagement_uuid)
    version = selectors.version_by_number(engagement, number)
    if version is None:
        raise Http404("This shared purpose has no version with that number.")
    latest_number = selectors.latest_number(engagement)
    selectors.annotate([version], latest_number=latest_number, in_force_id=_in_force_id(engagement))
    context = {
        "engagement": engagement,
        "version": version,
        "latest_number": latest_number,
        "steps": selectors.approval_steps(engagement, version),
    }
    return render(request, "engagements/purpose_version.html", context)


@login_required
@require_GET
def purpose_compare(request, engagement_uuid):
    engagement = purpose_or_404(request, engagement_uuid)
    numbers = selectors.version_numbers(engagement)
    asked = "from" in request.GET or "to" in request.GET
    if asked:
        form = CompareForm(request.GET, numbers=numbers)
    else:
        newest = numbers[-1] if numbers else 1
        form = CompareForm(initial={"from": max(newest - 1, 1), "to": newest}, numbers=numbers)
    context = {"engagement": engagement, "form": form, "numbers": numbers, "comparison": None}
    if not asked:
        return render(request, "engagements/purpose_compare.html", context)
    if not form.is_valid():
        return render(request, "engagements/purpose_compare.html", context, status=400)
    versions = selectors.versions_by_number(engagement, [form.cleaned_data["from"], form.cleaned_data["to"]])
    before, after = versions[form.cleaned_data["from"]], versions[form.cleaned_data["to"]]
    context.update(before=before, after=after, comparison=selectors.purpose_compare(engagement, before, after))
    return render(request, "engagements/purpose_compare.html", context)


urlpatterns = [
    path("<uuid:engagement_uuid>/purpose/", purpose_detail, name="purpose"),
    path("<uuid:engagement_uuid>/purpose/edit/", purpose_edit, name="purpose_edit"),
    path("<uuid:engagement_uuid>/purpose/approve/", purpose_approve, name="purpose_approve"),
    path("<uuid:engagement_uuid>/purpose/versions/", purpose_versions, name="purpose_versions"),
    path("<uuid:engagement_uuid>/purpose/versions/<int:number>/", purpose_version, name="purpose_version"),
    path("<uuid:engagement_uuid>/purpose/compare/", purpose_compare, name="purpose_compare"),
]
