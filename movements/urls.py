from django.urls import path

from core import converters  # noqa: F401 (registers <bounded_slug:...> and <signed_token:...>)

from .views import closing, directory, invitations, organisers, profile, review

app_name = "movements"
urlpatterns = [
    path("", directory.movement_list, name="list"),
    path("new/", profile.movement_create, name="create"),
    path(
        "invitations/waiting/<uuid:invitation_uuid>/accept/",
        invitations.invitation_accept_waiting,
        name="invitation_accept_waiting",
    ),
    path("invitations/<signed_token:token>/", invitations.invitation, name="invitation"),
    # Fixed paths before "<bounded_slug:slug>/" (their words are reserved slugs too).
    path("awaiting-approval/", review.awaiting_approval, name="awaiting_approval"),
    path("<bounded_slug:slug>/", profile.movement_detail, name="detail"),
    path("<bounded_slug:slug>/review/", review.movement_review, name="review"),
    path("<bounded_slug:slug>/edit/", profile.movement_edit, name="edit"),
    path("<bounded_slug:slug>/close/", closing.movement_close, name="close"),
    path("<bounded_slug:slug>/reopen/", closing.movement_reopen, name="reopen"),
    path("<bounded_slug:slug>/organisers/", organisers.organiser_list, name="organisers"),
    path("<bounded_slug:slug>/organisers/invite/", organisers.organiser_invite, name="organiser_invite"),
    path("<bounded_slug:slug>/organisers/leave/", organisers.organiser_leave, name="organiser_leave"),
    path(
        "<bounded_slug:slug>/organisers/<uuid:organiser_uuid>/role/", organisers.organiser_role, name="organiser_role"
    ),
    path(
        "<bounded_slug:slug>/organisers/<uuid:organiser_uuid>/remove/",
        organisers.organiser_remove,
        name="organiser_remove",
    ),
    path(
        "<bounded_slug:slug>/invitations/<uuid:invitation_uuid>/revoke/",
        organisers.invitation_revoke,
        name="invitation_revoke",
    ),
]
