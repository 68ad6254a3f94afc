from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from core.admin import CheckedKeysMixin

from .models import SignInEmailAddress, TwoFactorAuthenticator, User

# allauth's admin pages, moved under our "Accounts" section (see the proxy models).
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(SignInEmailAddress)
class EmailAddressAdmin(CheckedKeysMixin, AllauthEmailAddressAdmin):
    pass


@admin.register(TwoFactorAuthenticator)
class AuthenticatorAdmin(CheckedKeysMixin, AllauthAuthenticatorAdmin):
    pass


@admin.register(User)
class UserAdmin(CheckedKeysMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_moderator", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_moderator", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name"]}),
        ("Roles", {"fields": ["is_active", "is_moderator", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})]
