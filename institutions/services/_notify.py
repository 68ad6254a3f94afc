"""Who hears about what, in one place, so every service tells the same people."""

from notifications.services import notification_announce

from ..models import Membership


def announce(*, kind, recipients, actor, target, context, url):
    recipients = [r for r in recipients if r is not None]
    if recipients:
        notification_announce(kind=kind, recipients=recipients, actor=actor, target=target, context=context, url=url)


def institution_admins(institution):
    return [
        m.user
        for m in Membership.objects.filter(
            institution=institution, status=Membership.Status.VERIFIED, role=Membership.Role.ADMIN
        ).select_related("user")
        if m.user.is_active
    ]


def institution_context(institution, **extra):
    return {"institution_name": institution.name, "ods_code": institution.ods_code, **extra}
