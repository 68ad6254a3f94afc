"""A lead organiser closes the movement, or reopens it: a confirmation page each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors

from .. import services
from ..forms import CloseForm
from ..models import Movement
from ._common import follow_old_slugs, movement_or_404


def _already(request, movement):
    """The page was opened for a movement that is not in a state to do this any more."""
    messages.info(request, f"{movement.name} is {movement.get_status_display().lower()}.")
    return redirect("movements:detail", slug=movement.slug)


@login_required
@require_http_methods(["GET", "POST"])
@follow_old_slugs
def movement_close(request, slug):
    movement = movement_or_404(request, slug, perm="movements.close_movement")
    if request.method == "GET" and not request.user.has_perm("movements.can_close", movement):
        return _already(request, movement)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # Another lead closing it first is a Conflict: the middleware answers with the 409 page.
            services.movement_close(actor=request.user, movement=movement, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"You closed {movement.name}. It has left the directory and your co-organisers have been told. "
                "You can reopen it from this page.",
            )
            return redirect("movements:detail", slug=movement.slug)
    return render(
        request,
        "movements/close.html",
        {"movement": movement, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@follow_old_slugs
def movement_reopen(request, slug):
    movement = movement_or_404(request, slug, perm="movements.reopen_movement")
    if request.method == "POST":
        services.movement_reopen(actor=request.user, movement=movement)
        if movement.is_public:
            messages.success(request, f"You reopened {movement.name}. It is back in the directory.")
        else:
            messages.success(
                request, f"You reopened {movement.name}. It is {movement.get_status_display().lower()} again."
            )
        return redirect("movements:detail", slug=movement.slug)
    if not request.user.has_perm("movements.can_reopen", movement):
        return _already(request, movement)
    reopens_pending = movement.status_before_closing == Movement.Status.PENDING
    return render(request, "movements/reopen.html", {"movement": movement, "reopens_pending": reopens_pending})
