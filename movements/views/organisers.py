from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.contract import error_messages
from core.forms import add_service_errors
from core.ratelimits import Throttled, creation_limit, throttled_response

from .. import selectors, services
from ..forms import InvitationForm, RoleForm
from ..models import Invitation, Organiser
from ..services.organisers import LAST_LEAD_MESSAGE, LEAVE_INSTEAD_MESSAGE, ONLY_LEAD_LEAVING_MESSAGE
from ._common import follow_old_slugs, movement_or_404


def _organisers_page(request, movement, *, form=None, status=200):
    can_invite_lead = request.user.has_perm("movements.invite_lead", movement)
    can_invite = request.user.has_perm("movements.invite_organiser", movement)
    return render(
        request,
        "movements/organisers.html",
        {
            "movement": movement,
            "organisers": selectors.movement_organisers(movement=movement),
            "invitations": selectors.movement_open_invitations(movement=movement) if can_invite else [],
            "form": form or (InvitationForm(can_invite_lead=can_invite_lead) if can_invite else None),
            "can_manage": request.user.has_perm("movements.change_organiser_role", movement),
            "can_invite": can_invite,
            "is_organiser": request.user.has_perm("movements.leave_movement", movement),
            "role_choices": Organiser.Role.choices,
        },
        status=status,
    )


@login_required
@require_GET
@follow_old_slugs
def organiser_list(request, slug):
    movement = movement_or_404(request, slug, perm="movements.view_organisers")
    return _organisers_page(request, movement)


@login_required
@require_POST
@follow_old_slugs
def organiser_invite(request, slug):
    movement = movement_or_404(request, slug, perm="movements.invite_organiser")
    form = InvitationForm(request.POST, can_invite_lead=request.user.has_perm("movements.invite_lead", movement))
    if form.is_valid():
        try:
            with creation_limit(request, action="invitation_create"):
                services.invitation_create(actor=request.user, movement=movement, **form.cleaned_data)
        except Throttled as limit:
            form.add_error(None, limit.message)
            return throttled_response(_organisers_page(request, movement, form=form), limit)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"We have emailed an invitation to {form.cleaned_data['email']}.")
            return redirect("movements:organisers", slug=movement.slug)
    return _organisers_page(request, movement, form=form, status=400)


def _organiser_or_404(movement, organiser_uuid):
    try:
        # Through the movement, so the row's .movement is this object and the rules share what it remembers.
        return movement.organisers.select_related("user").get(uuid=organiser_uuid)
    except Organiser.DoesNotExist:
        raise Http404("That person is not an organiser of this movement.") from None


@login_required
@require_POST
@follow_old_slugs
def organiser_role(request, slug, organiser_uuid):
    movement = movement_or_404(request, slug, perm="movements.change_organiser_role")
    organiser = _organiser_or_404(movement, organiser_uuid)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose lead organiser or organiser.")
        return _organisers_page(request, movement, status=400)
    try:
        services.organiser_role_change(actor=request.user, organiser=organiser, role=form.cleaned_data["role"])
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return _organisers_page(request, movement, status=409)
    role = "a lead organiser" if form.cleaned_data["role"] == Organiser.Role.LEAD else "an organiser"
    messages.success(request, f"{organiser.user.display_name} is now {role}.")
    return redirect("movements:organisers", slug=movement.slug)


@login_required
@require_http_methods(["GET", "POST"])
@follow_old_slugs
def organiser_remove(request, slug, organiser_uuid):
    movement = movement_or_404(request, slug, perm="movements.remove_organiser")
    organiser = _organiser_or_404(movement, organiser_uuid)
    refusals = []
    not_possible = None
    if request.method == "GET" and not request.user.has_perm("movements.can_remove_organiser", organiser):
        # The organisers page offers no such link: this answers an old or typed address.
        not_possible = LEAVE_INSTEAD_MESSAGE if organiser.user_id == request.user.pk else LAST_LEAD_MESSAGE
    if request.method == "POST":
        try:
            services.organiser_remove(actor=request.user, organiser=organiser)
        except ValidationError as error:
            refusals = error_messages(error)
        else:
            messages.success(request, f"{organiser.user.display_name} is no longer an organiser.")
            return redirect("movements:organisers", slug=movement.slug)
    return render(
        request,
        "movements/organiser_remove.html",
        {"movement": movement, "organiser": organiser, "error_messages": refusals, "not_possible": not_possible},
        status=409 if refusals else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@follow_old_slugs
def organiser_leave(request, slug):
    movement = movement_or_404(request, slug, perm="movements.leave_movement")
    refusals = []
    not_possible = None
    if request.method == "GET" and not request.user.has_perm("movements.can_leave", movement):
        not_possible = ONLY_LEAD_LEAVING_MESSAGE
    if request.method == "POST":
        try:
            services.organiser_leave(actor=request.user, movement=movement)
        except ValidationError as error:
            refusals = error_messages(error)
        else:
            messages.success(request, f"You are no longer an organiser of {movement.name}.")
            return redirect("dashboard")
    return render(
        request,
        "movements/organiser_leave.html",
        {"movement": movement, "error_messages": refusals, "not_possible": not_possible},
        status=409 if refusals else 200,
    )


@login_required
@require_POST
@follow_old_slugs
def invitation_revoke(request, slug, invitation_uuid):
    movement = movement_or_404(request, slug, perm="movements.revoke_invitation")
    try:
        invitation = Invitation.objects.get(movement=movement, uuid=invitation_uuid)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation.") from None
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect("movements:organisers", slug=movement.slug)
