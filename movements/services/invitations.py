import hashlib
import secrets
import uuid
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.contract import require, transition
from notifications.services import notification_announce, notification_announce_to_email

from ..exceptions import InvitationProblem
from ..models import Invitation, Movement, Organiser
from ._common import movement_context, movement_path, organiser_users, organisers_path

TOKEN_SALT = "movements.invitation"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_path(token: str) -> str:
    return reverse("movements:invitation", kwargs={"token": token})


@transaction.atomic
def invitation_create(
    *, actor: User, movement: Movement, email: str, role: str = Organiser.Role.ORGANISER
) -> tuple[Invitation, str]:
    """Invite someone, by email, to organise the movement. Returns (invitation, token).

    Inviting the same address again replaces the earlier invitation, so only
    the newest link works.
    """
    require(actor, "movements.invite_organiser", movement, "Only this movement's organisers can invite people.")
    if role == Organiser.Role.LEAD:
        require(actor, "movements.invite_lead", movement, "Only lead organisers can invite another lead.")
    elif role != Organiser.Role.ORGANISER:
        raise ValidationError({"role": "Choose lead organiser or organiser."})
    email = email.strip().lower()
    already = EmailAddress.objects.filter(
        email__iexact=email, verified=True, user__movement_roles__movement=movement
    ).exists()
    if already:
        raise ValidationError({"email": f"{email} already belongs to an organiser of this movement."})
    now = timezone.now()
    Invitation.objects.filter(
        movement=movement, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    invitation_uuid = uuid.uuid4()
    token = signing.dumps({"i": str(invitation_uuid), "n": secrets.token_urlsafe(6)}, salt=TOKEN_SALT)
    invitation = Invitation.objects.create(
        uuid=invitation_uuid,
        movement=movement,
        email=email,
        role=role,
        invited_by=actor,
        token_hash=token_hash(token),
        expires_at=now + timedelta(days=Invitation.VALID_DAYS),
    )
    notification_announce_to_email(
        kind="movements.invitation",
        email=email,
        actor=actor,
        target=invitation,
        context={
            **movement_context(movement),
            "movement_summary": movement.summary,
            "role": invitation.get_role_display(),
            "inviter_name": actor.display_name,
            "expires_on": invitation.expires_at.strftime("%-d %B %Y"),
        },
        url=invitation_path(token),
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link points to, or InvitationProblem saying why it cannot be used."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        invitation_uuid = uuid.UUID(payload["i"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvitationProblem(
            "This invitation link is not valid. Check you copied the whole link from the email, "
            "or ask the organiser to send a new invitation.",
            status=400,
            title="This invitation link is not valid",
        ) from None
    invitation = Invitation.objects.select_related("movement", "invited_by").filter(uuid=invitation_uuid).first()
    if invitation is None or not secrets.compare_digest(invitation.token_hash, token_hash(token)):
        raise InvitationProblem(
            "This invitation has been replaced or withdrawn. Ask the organiser to send you a new one.",
            status=404,
            title="This invitation cannot be found",
        )
    if invitation.accepted_at is not None:
        raise InvitationProblem(
            "This invitation has already been used. Each invitation link works once.",
            status=410,
            title="This invitation has already been used",
        )
    if invitation.revoked_at is not None:
        raise InvitationProblem(
            "The organisers withdrew this invitation, or sent a newer one. Use the most recent email, "
            "or ask them to invite you again.",
            status=410,
            title="This invitation was withdrawn",
        )
    if invitation.is_expired:
        raise InvitationProblem(
            f"Invitations last {Invitation.VALID_DAYS} days and this one has expired. "
            "Ask the organiser to send you a new one.",
            status=410,
            title="This invitation has expired",
        )
    return invitation


NOT_FOR_YOU = (
    "This invitation was sent to a different email address from the ones on your account. "
    "Sign in with the address the invitation was sent to, or add and verify that address "
    "in your account settings."
)


@transaction.atomic
def invitation_accept(*, actor: User, invitation: Invitation) -> Organiser:
    """Make the invited person an organiser. Single use: a second accept is refused."""
    require(actor, "movements.accept_invitation", invitation, NOT_FOR_YOU)
    now = timezone.now()
    # Open means not yet accepted, not withdrawn and not expired; of two clicks, one wins.
    transition(
        invitation,
        field="accepted_at",
        to=now,
        allowed_from=[None],
        where=Q(revoked_at__isnull=True, expires_at__gt=now),
        updates={"accepted_by": actor},
        conflict_message=lambda _state: "This invitation has already been used, withdrawn or has expired.",
    )
    movement = invitation.movement
    organiser, created = Organiser.objects.get_or_create(
        movement=movement, user=actor, defaults={"role": invitation.role, "invited_by": invitation.invited_by}
    )
    if not created and invitation.role == Organiser.Role.LEAD and organiser.role != Organiser.Role.LEAD:
        organiser.role = Organiser.Role.LEAD
        organiser.save(update_fields=["role"])
    # The leads, and whoever sent the invitation if they still organise the movement.
    recipients = {u.pk: u for u in organiser_users(movement, role=Organiser.Role.LEAD, exclude=actor)}
    inviter = invitation.invited_by
    if inviter is not None and inviter in organiser_users(movement, exclude=actor):
        recipients[inviter.pk] = inviter
    notification_announce(
        kind="movements.invitation_accepted",
        recipients=list(recipients.values()),
        actor=actor,
        target=movement,
        context={**movement_context(movement), "role": organiser.get_role_display(), "person_name": actor.display_name},
        url=movement_path(movement),
    )
    return organiser


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    movement: Movement | None = getattr(invitation, "movement", None)
    require(actor, "movements.revoke_invitation", movement, "Only organisers can withdraw invitations.")
    assert movement is not None  # require() refuses None
    return transition(
        invitation,
        field="revoked_at",
        to=timezone.now(),
        allowed_from=[None],
        where=Q(accepted_at__isnull=True),
        conflict_message=lambda _state: "That invitation has already been accepted or withdrawn.",
        redirect_to=organisers_path(movement),
    )
