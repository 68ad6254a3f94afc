"""The notification centre, email preferences and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .forms import PreferencesForm
from .models import Notification
from .registry import CATEGORIES, SECURITY
from .selectors import notifications_page, preferences_for
from .services import (
    notification_mark_read as mark_read_service,
)
from .services import (
    notifications_mark_all_read,
    preferences_update,
    unsubscribe_apply,
)
from .unsubscribe_links import (
    ExpiredUnsubscribeLink,
    InvalidUnsubscribeLink,
    unsubscribe_read,
    unsubscribe_scope_label,
)


def _notification_or_404(request, notification_id, perm="notifications.see_notification") -> Notification:
    notification = Notification.objects.filter(uuid=notification_id).first()
    if notification is None or not request.user.has_perm(perm, notification):
        raise Http404("No such notification.")
    return notification


def _list_url(request) -> str:
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return f"{url}?page={page}" if page.isdigit() else url


@login_required
def notification_list(request):
    page = notifications_page(user=request.user, page_number=request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page, "notifications": page.object_list})


@login_required
def notification_open(request, notification_id):
    """Mark read, then go to what the notification is about: only ever a path on this site."""
    notification = _notification_or_404(request, notification_id)
    mark_read_service(actor=request.user, notification=notification)
    target = notification.url
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_read(request, notification_id):
    notification = _notification_or_404(request, notification_id, "notifications.edit_notification")
    mark_read_service(actor=request.user, notification=notification)
    messages.success(request, "Notification marked as read.")
    return redirect(_list_url(request))


@login_required
@require_POST
def notification_mark_all_read(request):
    count = notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    else:
        messages.info(request, "You had no unread notifications.")
    return redirect(_list_url(request))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = preferences_for(user=request.user)
    form = PreferencesForm(request.POST or None, initial_preferences=current)
    if request.method == "POST" and form.is_valid():
        preferences_update(actor=request.user, choices=form.cleaned_data)
        messages.success(request, "Your email preferences are saved.")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "security_label": CATEGORIES[SECURITY]},
        status=400 if form.errors else 200,
    )


# Mail clients make the RFC 8058 one-click POST without a CSRF token; the
# signed token in the URL is what proves the request came from the email.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user, scope = unsubscribe_read(token=token)
    except ExpiredUnsubscribeLink as exc:
        return render(request, "notifications/unsubscribe_expired.html", {"reason": str(exc)}, status=410)
    except InvalidUnsubscribeLink as exc:
        return render(request, "notifications/unsubscribe_invalid.html", {"reason": str(exc)}, status=400)
    # Nothing about the account itself: a link can be forwarded, or read over a shoulder.
    context = {"label": unsubscribe_scope_label(scope), "is_digest": scope.startswith("digest:")}
    if request.method == "POST":
        unsubscribe_apply(actor=user, scope=scope)
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe_confirm.html", context)
