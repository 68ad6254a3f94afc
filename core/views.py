from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@require_GET
def home(request):
    return render(request, "core/home.html")


@login_required
@require_GET
def dashboard(request):
    return render(request, "core/dashboard.html")


def page(template_name):
    @require_GET
    def view(request):
        return render(request, template_name)

    return view


@require_GET
def favicon(request):
    """Browsers and tools ask for /favicon.ico whatever a page links to: the operator's icon.

    The NHS icon is the NHS logo, so only an NHS operator's site shows it.
    """
    if settings.SITE_OPERATOR_IS_NHS:
        icon = "vendor/nhsuk-frontend/assets/images/favicon.ico"
    else:
        icon = "images/favicon.ico"
    response = redirect(static(icon))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
@require_GET
def health_view(request):
    healthy, results = health.run_checks()
    body = {"status": "ok" if healthy else "unavailable"}
    if health.is_operator(request):
        body["checks"] = results
    return JsonResponse(body, status=200 if healthy else 503)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without a request context: the failure may be in a context processor.
    from django.http import HttpResponseServerError
    from django.template.loader import get_template

    return HttpResponseServerError(get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)
