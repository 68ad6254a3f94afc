"""The person's engagements, and the reviewers' queue."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.pagination import page_of

from .. import selectors
from ..forms import QueueFilterForm

PAGE_SIZE = 20


@login_required
@require_GET
def engagement_mine(request):
    rows, places = selectors.my_engagements(user=request.user)
    page_obj = page_of(rows, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "engagements/mine.html",
        {
            "page_obj": page_obj,
            "engagements": selectors.with_turn(page_obj.object_list, places),
            "to_review": selectors.with_turn(selectors.movement_reviews(user=request.user), places),
            "can_propose": bool(selectors.proposer_sides(request.user)),
        },
    )


@login_required
@require_GET
def review_queue(request):
    if not request.user.has_perm("engagements.see_review_queue"):
        raise Http404("Only an institution's reviewers have a review queue.")
    form = QueueFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound else {}
    rows = selectors.review_queue(user=request.user, status=data.get("status", ""), show=data.get("show", ""))
    page_obj = page_of(rows, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "engagements/review.html",
        {"form": form, "page_obj": page_obj, "engagements": selectors.with_overdue(page_obj.object_list)},
        status=200 if valid else 400,
    )
