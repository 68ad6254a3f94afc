from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import add_service_errors
from core.ratelimits import Throttled, creation_limit, throttled_response

from .. import services
from ..forms import MovementForm
from ._common import follow_old_slugs, movement_or_404


@require_GET
@follow_old_slugs
def movement_detail(request, slug):
    movement = movement_or_404(request, slug)
    return render(request, "movements/detail.html", {"movement": movement})


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request):
    form = MovementForm(request.POST or None, viewer=request.user)
    throttled = None
    if request.method == "POST" and form.is_valid():
        try:
            with creation_limit(request, action="movement_create"):
                movement = services.movement_create(actor=request.user, **form.cleaned_data)
        except Throttled as limit:
            throttled = limit
            form.add_error(None, limit.message)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Your movement has been sent to our moderators. It will appear in the directory once approved; "
                "until then only you, your co-organisers and moderators can see it.",
            )
            return redirect("movements:detail", slug=movement.slug)
    response = render(
        request, "movements/form.html", {"form": form, "creating": True}, status=400 if form.errors else 200
    )
    return throttled_response(response, throttled) if throttled else response


@login_required
@require_http_methods(["GET", "POST"])
@follow_old_slugs
def movement_edit(request, slug):
    movement = movement_or_404(request, slug, perm="movements.edit_movement")
    form = MovementForm(request.POST or None, instance=movement, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        resubmit = "resubmit" in request.POST and movement.status == movement.Status.REJECTED
        try:
            services.movement_update(actor=request.user, movement=movement, resubmit=resubmit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if resubmit:
                messages.success(request, "Your changes are saved and the movement has been sent for review again.")
            else:
                messages.success(request, "Your changes are saved.")
            return redirect("movements:detail", slug=movement.slug)
    if form.is_bound:
        # Validation copied the typed values onto the object; show the stored ones in the page heading.
        movement.refresh_from_db()
    return render(
        request,
        "movements/form.html",
        {"form": form, "movement": movement, "creating": False},
        status=400 if form.errors else 200,
    )
