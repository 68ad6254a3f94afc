from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("about/", views.page("pages/about.html"), name="about"),
    path("accessibility/", views.page("pages/accessibility.html"), name="accessibility"),
    path("privacy/", views.page("pages/privacy.html"), name="privacy"),
    path("terms/", views.page("pages/terms.html"), name="terms"),
    path("health/", views.health_view, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
]
