"""Account event kinds: the welcome, and the security notices allauth asks us to send."""

from notifications.registry import EventKind, register

register(
    EventKind(
        key="accounts.welcome",
        category="security",
        description="Your email address is confirmed and your account is ready",
        digestible=False,
    )
)

register(
    EventKind(
        key="accounts.email_confirmed",
        category="security",
        description="Another email address on your account was confirmed",
        digestible=False,
    )
)

# allauth template prefix → (kind key, description). allauth calls the adapter's
# send_notification_mail with the prefix; accounts.adapters routes it here.
SECURITY_NOTICES = {
    "account/email/password_changed": ("accounts.password_changed", "Your password was changed"),
    "account/email/password_set": ("accounts.password_set", "A password was set on your account"),
    "account/email/password_reset": ("accounts.password_reset", "Your password was reset"),
    "account/email/email_changed": ("accounts.email_changed", "Your primary email address was changed"),
    "account/email/email_deleted": ("accounts.email_removed", "An email address was removed from your account"),
    "mfa/email/totp_activated": ("accounts.mfa_enabled", "Two-factor authentication was turned on"),
    "mfa/email/totp_deactivated": ("accounts.mfa_disabled", "Two-factor authentication was turned off"),
    "mfa/email/recovery_codes_generated": (
        "accounts.recovery_codes_generated",
        "New two-factor recovery codes were made",
    ),
    "mfa/email/webauthn_added": ("accounts.security_key_added", "A security key was added to your account"),
    "mfa/email/webauthn_removed": ("accounts.security_key_removed", "A security key was removed from your account"),
}

for _key, _description in SECURITY_NOTICES.values():
    register(EventKind(key=_key, category="security", description=_description, digestible=False))
