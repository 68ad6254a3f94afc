"""Pages that raise a service's Conflict, to see how the one middleware answers it."""

from django.urls import include, path

from core.contract import Conflict


def conflict(request):
    raise Conflict("Someone else approved it first: it is now approved.")


def conflict_with_a_place(request):
    raise Conflict("Someone else approved it first: it is now approved.", redirect_to="/notifications/")


urlpatterns = [
    path("conflict/", conflict),
    path("conflict-with-a-place/", conflict_with_a_place),
    path("", include("config.urls")),
]
