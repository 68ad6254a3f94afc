"""Who hears about what, in one place, so every service tells the same people."""

from collections.abc import Iterable
from typing import Any

from django.db import models

from accounts.models import User
from notifications.services import notification_announce

from ..models import Institution, Membership


def announce(
    *,
    kind: str,
    recipients: Iterable[User | None],
    actor: User | None,
    target: models.Model,
    context: dict[str, Any],
    url: str,
) -> None:
    people = [r for r in recipients if r is not None]
    if people:
        notification_announce(kind=kind, recipients=people, actor=actor, target=target, context=context, url=url)


def institution_admins(institution: Institution) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            institution=institution, status=Membership.Status.VERIFIED, role=Membership.Role.ADMIN
        ).select_related("user")
        if m.user.is_active
    ]


def institution_context(institution: Institution, **extra: Any) -> dict[str, Any]:
    return {"institution_name": institution.name, "ods_code": institution.ods_code, **extra}
