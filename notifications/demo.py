"""Demo notifications for the demo organiser, so the notification centre is not empty.

Rows are written directly (no emails go out while seeding) with fixed UUIDs, so
running the seed again changes nothing.
"""

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.demo import demo_user

from .models import Notification

_NAMESPACE = uuid.UUID("6f1c1f7e-2f57-4a3e-9a57-2b0c0b1c0d01")

# (name, kind, context, URL name, hours ago, read)
DEMO = [
    ("welcome", "accounts.welcome", {}, "dashboard", 24 * 6, True),
    ("mfa", "accounts.mfa_enabled", {"when": "", "ip": "", "user_agent": ""}, "mfa_index", 24 * 2, False),
    (
        "password",
        "accounts.password_changed",
        {"when": "", "ip": "", "user_agent": ""},
        "account_change_password",
        3,
        False,
    ),
]


def seed(*, stdout, show_passwords: bool) -> None:
    organiser = demo_user("organiser")
    now = timezone.now()
    created = 0
    for name, kind, context, url_name, hours_ago, read in DEMO:
        when = now - timedelta(hours=hours_ago)
        _, was_created = Notification.objects.get_or_create(
            uuid=uuid.uuid5(_NAMESPACE, f"organiser/{name}"),
            defaults={
                "recipient": organiser,
                "kind": kind,
                "actor": organiser if kind != "accounts.welcome" else None,
                "context": context,
                "url": reverse(url_name),
                "created_at": when,
                "read_at": when if read else None,
            },
        )
        created += was_created
    if created:
        stdout.write(f"Notifications: {created} demo notifications for {organiser.email}.")
