from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from core import views as core_views

# The admin has no sign-in of its own: it sends people to the site's, so two-factor
# and the sign-in rate limits apply there too (allauth's documented way). Signing
# out of the admin is the site's sign-out. (Replacing the bound methods is that documented way:
# mypy forbids assigning to a method, hence the ignores.)
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.logout = lambda request, extra_context=None: account_views.logout(request)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("notifications/", include("notifications.urls")),
    path("institutions/", include("institutions.urls")),
    path("movements/", include("movements.urls")),
    path("engagements/", include("engagements.urls")),
    path("agreements/", include("engagements.register_urls")),
    path("moderation/", include("moderation.urls")),
    path("admin/", admin.site.urls),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error

admin.site.site_header = "Common Ground administration"
admin.site.site_title = "Common Ground admin"
