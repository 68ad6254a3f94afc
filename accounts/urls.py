from django.urls import path, re_path

from . import two_factor, views

urlpatterns = [
    path("profile/", views.profile, name="account_profile"),
    path("delete/", views.delete_account, name="account_delete"),
    # allauth's pages with our own handling in front (same paths and names as allauth's).
    path("signup/", views.signup, name="account_signup"),
    path("email/", views.email, name="account_email"),
    path("2fa/totp/activate/", two_factor.activate_totp, name="mfa_activate_totp"),
    path("2fa/recovery-codes/", two_factor.view_recovery_codes, name="mfa_view_recovery_codes"),
    # allauth's own views, answering dead links with 400 (same paths and names as allauth's).
    re_path(r"^confirm-email/(?P<key>[-:\w]+)/$", views.confirm_email, name="account_confirm_email"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
]
