from django.contrib import admin
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("notifications/", include("notifications.urls")),
    path("institutions/", include("institutions.urls")),
    path("movements/", include("movements.urls")),
    path("moderation/", include("moderation.urls")),
    path("admin/", admin.site.urls),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error

admin.site.site_header = "Common Ground administration"
admin.site.site_title = "Common Ground admin"
