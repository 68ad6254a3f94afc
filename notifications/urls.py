from django.urls import path

from core import converters  # noqa: F401 (registers <signed_token:...>)

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<signed_token:token>/", views.unsubscribe, name="unsubscribe"),
    path("<uuid:notification_id>/open/", views.notification_open, name="open"),
    path("<uuid:notification_id>/read/", views.notification_mark_read, name="mark_read"),
]
