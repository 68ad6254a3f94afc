from django.urls import path

from . import converters  # noqa: F401 (registers <ods:...> and <domain:...>)
from .views import manage, membership, public, queues, registration

app_name = "institutions"

urlpatterns = [
    path("", public.directory, name="directory"),
    # Fixed paths first: "register" would otherwise read as an ODS code.
    path("register/", registration.register, name="register"),
    path("awaiting-approval/", registration.awaiting_approval, name="awaiting_approval"),
    path("requests-without-admin/", queues.requests_without_admin, name="requests_without_admin"),
    path("<ods:ods_code>/", public.detail, name="detail"),
    path("<ods:ods_code>/join/", membership.join, name="join"),
    path("<ods:ods_code>/leave/", membership.leave, name="leave"),
    path("<ods:ods_code>/edit/", manage.edit, name="edit"),
    path("<ods:ods_code>/review/", registration.review, name="review"),
    path("<ods:ods_code>/members/", manage.members, name="members"),
    path("<ods:ods_code>/members/<uuid:membership_uuid>/decide/", manage.member_decide, name="member_decide"),
    path("<ods:ods_code>/members/<uuid:membership_uuid>/role/", manage.member_change, name="member_change"),
    path("<ods:ods_code>/members/<uuid:membership_uuid>/remove/", manage.member_remove, name="member_remove"),
    path("<ods:ods_code>/domains/", manage.domains, name="domains"),
    path("<ods:ods_code>/domains/<domain:domain>/remove/", manage.domain_remove, name="domain_remove"),
]
