from django.urls import path

from .views import manage, membership, public, queues, registration

app_name = "institutions"

urlpatterns = [
    path("", public.directory, name="directory"),
    # Fixed paths first: "register" would otherwise read as an ODS code.
    path("register/", registration.register, name="register"),
    path("awaiting-approval/", registration.awaiting_approval, name="awaiting_approval"),
    path("requests-without-admin/", queues.requests_without_admin, name="requests_without_admin"),
    path("<str:ods_code>/", public.detail, name="detail"),
    path("<str:ods_code>/join/", membership.join, name="join"),
    path("<str:ods_code>/leave/", membership.leave, name="leave"),
    path("<str:ods_code>/edit/", manage.edit, name="edit"),
    path("<str:ods_code>/review/", registration.review, name="review"),
    path("<str:ods_code>/members/", manage.members, name="members"),
    path("<str:ods_code>/members/<uuid:membership_uuid>/decide/", manage.member_decide, name="member_decide"),
    path("<str:ods_code>/members/<uuid:membership_uuid>/role/", manage.member_change, name="member_change"),
    path("<str:ods_code>/members/<uuid:membership_uuid>/remove/", manage.member_remove, name="member_remove"),
    path("<str:ods_code>/domains/", manage.domains, name="domains"),
    path("<str:ods_code>/domains/<str:domain>/remove/", manage.domain_remove, name="domain_remove"),
]
