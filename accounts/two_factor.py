"""Setting up two-factor authentication: allauth's pages, carrying on to where the person was going.

Setting up an authenticator app also makes the first set of recovery codes. The codes page then
says that these are the codes the set-up made (there were none before, so none stopped
working) and offers "Continue" to the page the person was on their way to: the `next` they
came with when it is a page of this site, otherwise the dashboard. Codes made again later are
announced as replacing the old ones (allauth's message).
"""

from allauth.account.utils import get_next_redirect_url
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes import views as recovery_codes_views
from allauth.mfa.totp import views as totp_views
from django.urls import reverse
from django.utils.http import urlencode

# The recovery codes the set-up of this session made (the authenticator's id): a later set has another id.
FIRST_CODES_SESSION_KEY = "accounts_first_recovery_codes"


def _recovery_codes(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()


def onward_url(request) -> str | None:
    """The `next` this request carries, if it is safe to send the person there."""
    return get_next_redirect_url(request)


def is_setting_up(request) -> bool:
    """Whether this request is the one turning an authenticator app on."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "mfa_activate_totp"


class ActivateTOTPView(totp_views.ActivateTOTPView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next_url"] = onward_url(self.request)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.did_generate_recovery_codes:
            codes = _recovery_codes(self.request.user)
            self.request.session[FIRST_CODES_SESSION_KEY] = codes.pk if codes else None
        return response

    def get_success_url(self):
        onward = onward_url(self.request)
        if self.did_generate_recovery_codes:
            codes_page = reverse("mfa_view_recovery_codes")
            return f"{codes_page}?{urlencode({'next': onward})}" if onward else codes_page
        return onward or super().get_success_url()


class RecoveryCodesView(recovery_codes_views.ViewRecoveryCodesView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes = _recovery_codes(self.request.user)
        context["first_codes"] = codes is not None and self.request.session.get(FIRST_CODES_SESSION_KEY) == codes.pk
        context["continue_url"] = onward_url(self.request) or reverse("dashboard")
        return context


activate_totp = ActivateTOTPView.as_view()
view_recovery_codes = RecoveryCodesView.as_view()
