"""Moderators approve or reject movements waiting for approval, in the browser."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import add_service_errors
from core.pagination import page_of
from moderation.decorators import queue_page

from .. import selectors, services
from ..forms import ReviewForm
from ..models import Movement
from ._common import follow_old_slugs, movement_or_404

MODERATE = "movements.moderate_movement"
PAGE_SIZE = 25


@queue_page("movements.awaiting_approval")
@require_GET
def awaiting_approval(request):
    page = page_of(selectors.movements_awaiting_approval(), request.GET.get("page"), per_page=PAGE_SIZE)
    return render(request, "movements/awaiting_approval.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
@follow_old_slugs
def movement_review(request, slug):
    movement = movement_or_404(request, slug, perm=MODERATE)
    if movement.status != Movement.Status.PENDING:
        messages.info(
            request,
            f"{movement.name} is not waiting for approval: it is {movement.get_status_display().lower()}.",
        )
        return redirect("movements:awaiting_approval")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            # Another moderator deciding first is a Conflict: the middleware says so, on the queue.
            if form.approve:
                services.movement_approve(actor=request.user, movement=movement, reason=reason, pending_only=True)
            else:
                services.movement_reject(actor=request.user, movement=movement, reason=reason)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.approve:
                messages.success(
                    request,
                    f"You approved {movement.name}. It is now in the directory and its organisers have been told.",
                )
            else:
                messages.success(request, f"You rejected {movement.name}. Its organisers have been told why.")
            return redirect("movements:awaiting_approval")
    return render(
        request,
        "movements/review.html",
        {
            "movement": movement,
            "form": form,
            "organisers": selectors.movement_organisers(movement=movement),
            "duplicates": selectors.movements_named_like(movement.name, visible_to=request.user, exclude=movement),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
