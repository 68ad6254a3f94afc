from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme

from .contract import Conflict

# Error codes of a form refused because a rate limit was hit (allauth's, and ours).
RATE_LIMIT_CODES = frozenset({"too_many_login_attempts", "rate_limited"})


class PrivateCacheMiddleware:
    """Nothing sent to a signed-in person is stored by a shared cache or kept by the browser.

    Their pages carry personal data (names, email addresses, reviewers' notes), and NHS
    staff often share computers: `no-store` keeps the page out of the browser's cache, so
    the back button after signing out cannot bring it back. Visitors' pages are left as they were.
    Static files are answered before this runs and stay cacheable for everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Before and after: signing in or out happens inside the request.
        signed_in = _signed_in(request)
        response = self.get_response(request)
        if signed_in or _signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class RateLimitStatusMiddleware:
    """A form refused because of a rate limit answers 429 Too Many Requests, not 200.

    The page stays the same form with its message; the status is what clients and
    monitoring count. `Retry-After` is sent when the error knows the wait.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        if response.status_code == 200:
            error = _rate_limit_error(response.context_data or {})
            if error is not None:
                response.status_code = 429
                retry_after = (error.params or {}).get("retry_after")
                if retry_after:
                    response["Retry-After"] = str(int(retry_after))
        return response


def _rate_limit_error(context):
    for value in context.values():
        if not isinstance(value, forms.BaseForm) or not value.is_bound:
            continue
        for field_errors in value.errors.as_data().values():
            for error in field_errors:
                if error.code in RATE_LIMIT_CODES:
                    return error
    return None


class ContractErrorMiddleware:
    """The one place a service's Conflict ("someone else changed this first") becomes a response.

    Where the Conflict says where the outcome can be seen (`redirect_to`), the person is sent
    there with the message as a warning: their page was out of date and the new one shows what
    happened. Otherwise the 409 page says what happened, with a link back to where they were.
    PermissionDenied is left to the 403 handler, and ValidationErrors to the views' forms.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Conflict):
            return None
        if exception.redirect_to:
            messages.warning(request, exception.message)
            return redirect(exception.redirect_to)
        onward_url, onward_label = _onward(request)
        context = {"message": exception.message, "onward_url": onward_url, "onward_label": onward_label}
        return render(request, "errors/409.html", context, status=409)


def _onward(request) -> tuple[str, str]:
    """The page the person came from, if it is on this site; else their dashboard or the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer, "Go back to the page you were on"
    if _signed_in(request):
        return reverse("dashboard"), "Go to your dashboard"
    return reverse("home"), "Go to the home page"
