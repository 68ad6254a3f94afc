from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.invited import invited_signup_forget, invited_signup_remember

from .. import services
from ..exceptions import InvitationProblem
from ..models import Invitation
from ..services.invitations import invitation_for_token

ACCEPT = "movements.accept_invitation"

# Kept so a person who signs up or signs in part-way can be taken back to it.
SESSION_KEY = "movements_invitation_token"


def _problem(request, problem: InvitationProblem):
    return render(
        request,
        "movements/invitation_problem.html",
        {"title": problem.title, "message": problem.message},
        status=problem.status,
    )


def _accepted(request, organiser):
    request.session.pop(SESSION_KEY, None)
    invited_signup_forget(request)
    role = "a lead organiser" if organiser.is_lead else "an organiser"
    messages.success(request, f"Welcome! You are now {role} of {organiser.movement.name}.")
    return redirect("movements:detail", slug=organiser.movement.slug)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link in an invitation email. Works before the person has an account."""
    try:
        invite = invitation_for_token(token)
    except InvitationProblem as problem:
        if request.session.get(SESSION_KEY) == token:
            request.session.pop(SESSION_KEY, None)
            invited_signup_forget(request)
        return _problem(request, problem)
    if not request.user.is_authenticated:
        request.session[SESSION_KEY] = token
        # The sign-up page fills in the invited address and comes back here afterwards.
        invited_signup_remember(request, email=invite.email, return_to=request.path)
        if request.method == "POST":
            return redirect(f"{request.path}")
        return render(request, "movements/invitation.html", {"invitation": invite, "signed_in": False})
    if not request.user.has_perm(ACCEPT, invite):
        return _problem(
            request,
            InvitationProblem(
                f"This invitation was sent to a different email address from the ones on your account "
                f"({request.user.email}). Sign out and sign in with the address the invitation was sent to, "
                "or add and verify that address in your account settings, then open the link again.",
                status=403,
                title="This invitation is for someone else",
            ),
        )
    if request.method == "POST":
        return _accepted(request, services.invitation_accept(actor=request.user, invitation=invite))
    return render(request, "movements/invitation.html", {"invitation": invite, "signed_in": True})


@login_required
@require_POST
def invitation_accept_waiting(request, invitation_uuid):
    """Accept from the dashboard: the person's verified address stands in for the emailed link."""
    invite = Invitation.objects.select_related("movement", "invited_by").filter(uuid=invitation_uuid).first()
    if invite is None or not request.user.has_perm(ACCEPT, invite):
        raise Http404("No invitation for you here.")
    if not invite.is_open:
        return _problem(
            request,
            InvitationProblem(
                "This invitation has already been used, withdrawn or has expired.",
                status=410,
                title="This invitation cannot be used any more",
            ),
        )
    return _accepted(request, services.invitation_accept(actor=request.user, invitation=invite))
