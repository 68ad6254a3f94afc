from allauth.account import views as allauth_views
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic.edit import FormView

from core.ratelimits import Throttled, throttled_response

from . import services
from .forms import DeleteAccountForm, DisplayNameForm
from .invited import invited_signup, invited_signup_forget


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = DisplayNameForm(
        request.POST if request.method == "POST" else None, initial={"display_name": request.user.display_name}
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(actor=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, "Your name has been updated.")
        return redirect("account_profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(actor=user)
        messages.success(request, "Your account has been deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


# The buttons of each row on the email page (allauth's names for them), and the service each asks.
EMAIL_ACTIONS = {
    "action_primary": services.email_address_make_primary,
    "action_send": services.email_address_resend_confirmation,
    "action_remove": services.email_address_remove,
}


class EmailView(allauth_views.EmailView):
    """allauth's email page; each address offers only what its rules allow, and the services refuse the rest."""

    def post(self, request, *args, **kwargs):
        action = next((name for name in EMAIL_ACTIONS if name in request.POST), None)
        if action is None or "action_add" in request.POST:
            return super().post(request, *args, **kwargs)
        try:
            EMAIL_ACTIONS[action](actor=request.user, request=request, email=request.POST.get("email", ""))
        except Throttled as limit:
            messages.warning(request, limit.message)
            return throttled_response(self.get(request, *args, **kwargs), limit)
        return redirect("account_email")


email = EmailView.as_view()


class SignupView(allauth_views.SignupView):
    """allauth's sign-up; a person who opened an invitation finds its address filled in and returns to it."""

    def get_initial(self):
        # Not allauth's ?email=: an address put in a link by anyone is no reason to suggest it.
        initial = FormView.get_initial(self)
        invited = invited_signup(self.request)
        if invited:
            initial["email"] = invited["email"]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invited"] = invited_signup(self.request)
        return context

    def get_success_url(self):
        invited = invited_signup(self.request)
        return self.get_next_url() or (invited and invited["return_to"]) or super().get_success_url()

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self, "user", None) is not None and self.user.pk:
            invited_signup_forget(self.request)
        return response


signup = SignupView.as_view()


def _bad_request_when(view, is_dead_link):
    """allauth answers a dead link with 200 and a message; say 400 as well, for clients and logs."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None and is_dead_link(context):
            response.status_code = 400
        return response

    return wrapped


# An expired, already used or forged email confirmation link.
confirm_email = _bad_request_when(allauth_views.confirm_email, lambda context: not context.get("confirmation"))
# A tampered or already used password reset link.
password_reset_from_key = _bad_request_when(
    allauth_views.password_reset_from_key, lambda context: bool(context.get("token_fail"))
)
