from django.urls import path

from .views import detail

app_name = "engagements"

urlpatterns = [
    path("<uuid:uuid>/", detail.engagement_detail, name="detail"),
]
