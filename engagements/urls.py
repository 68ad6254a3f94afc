from django.urls import path

from .views import detail

app_name = "engagements"

urlpatterns = [
    path("<uuid:engagement_uuid>/", detail.engagement_detail, name="detail"),
]
