"""Registering an institution that is not listed, the moderator's decision, and profile edits."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.selectors import moderators
from core.contract import require, transition
from moderation.services import moderation_action_record

from ..domains import InvalidDomain, is_shared_domain, normalise_domain, user_verified_domains
from ..models import Institution, Membership, OrgType, VerifiedDomain
from ..selectors import memberships_forget
from ..validators import normalise_ods_code, validate_ods_code
from ._notify import announce, institution_context

EDITABLE_FIELDS = (
    "name",
    "org_type",
    "region",
    "website",
    "description",
    "response_deadline_working_days",
    "open_to_models",
)


def ods_code_taken_message(existing: Institution) -> str:
    if existing.status == Institution.Status.APPROVED:
        return (
            f"{existing.name} is already on Common Ground with this ODS code. Find it in the directory and ask to join."
        )
    if existing.status == Institution.Status.PENDING:
        return "An institution with this ODS code is already waiting for a moderator to approve it."
    # Closed or turned down: codes are never reused, so a moderator has to look at it.
    return "This ODS code belongs to an institution that is closed or was not approved. Contact us to reopen it."


def institution_register(
    *,
    actor: User,
    name: str,
    ods_code: str,
    org_type: str,
    region: str,
    website: str = "",
    description: str = "",
    proposed_domains: Iterable[str] = (),
) -> Institution:
    """Add an institution that is not listed. It waits for a moderator; the person who registers is its first admin."""
    require(actor, "institutions.register_institution")
    ods_code = normalise_ods_code(ods_code)
    validate_ods_code(ods_code)
    if org_type not in dict(OrgType.selectable()):
        raise ValidationError({"org_type": "Choose a current organisation type."})
    existing = Institution.objects.filter(ods_code=ods_code).first()
    if existing:
        raise ValidationError({"ods_code": ods_code_taken_message(existing)})
    domains: list[str] = []
    for raw in proposed_domains:
        try:
            domain = normalise_domain(raw)
        except InvalidDomain as exc:
            raise ValidationError({"proposed_domains": f"{raw}: {exc}"}) from exc
        if is_shared_domain(domain):
            raise ValidationError(
                {"proposed_domains": f"{domain} is shared by many organisations, so it cannot prove membership."}
            )
        if domain not in domains:
            domains.append(domain)
    own_domains = user_verified_domains(actor)
    try:
        with transaction.atomic():
            institution = Institution.objects.create(
                name=name.strip(),
                ods_code=ods_code,
                org_type=org_type,
                region=region,
                website=website,
                description=description,
                status=Institution.Status.PENDING,
                requested_by=actor,
                # Domains the person holds a confirmed address at are verified now; the
                # rest wait for the moderator who approves the institution.
                proposed_domains=" ".join(d for d in domains if d not in own_domains),
            )
            for domain in domains:
                if domain in own_domains:
                    VerifiedDomain.objects.create(
                        institution=institution,
                        domain=domain,
                        verified_by=actor,
                        method=VerifiedDomain.Method.STAFF_EMAIL,
                    )
            Membership.objects.create(
                user=actor,
                institution=institution,
                role=Membership.Role.ADMIN,
                status=Membership.Status.VERIFIED,
                decided_at=timezone.now(),
            )
            announce(
                kind="institutions.registration_pending",
                recipients=moderators(),
                actor=actor,
                target=institution,
                context=institution_context(institution, requester_name=actor.display_name),
                url=reverse("institutions:review", kwargs={"ods_code": institution.ods_code}),
            )
    except IntegrityError as exc:
        raise ValidationError({"ods_code": "An institution with this ODS code has just been registered."}) from exc
    return institution


def institution_approve(*, actor: User, institution: Institution, reason: str = "") -> Institution:
    """A moderator approves a registration (from the review page or the Django admin)."""
    require(actor, "institutions.decide_institution", institution)
    return _decide(actor=actor, institution=institution, to=Institution.Status.APPROVED, reason=(reason or "").strip())


def institution_reject(*, actor: User, institution: Institution, reason: str) -> Institution:
    """A moderator turns down a registration; the person who registered it sees the reason."""
    require(actor, "institutions.decide_institution", institution)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Give a reason for turning down this institution. The person who registered it will see it."}
        )
    return _decide(actor=actor, institution=institution, to=Institution.Status.REJECTED, reason=reason)


def _decide(*, actor: User, institution: Institution, to: str, reason: str) -> Institution:
    approve = to == Institution.Status.APPROVED
    with transaction.atomic():
        transition(
            institution,
            to=to,
            allowed_from=[Institution.Status.PENDING],
            updates={"decision_reason": reason},
            conflict_message=lambda state: f"{institution.name} has already been decided: it is {state}.",
            redirect_to=reverse("institutions:awaiting_approval"),
        )
        moderation_action_record(
            actor=actor,
            action="institution_approve" if approve else "institution_reject",
            reason=reason or "Approved",
            target=institution,
        )
        if approve:
            for domain in institution.proposed_domain_list:
                if not is_shared_domain(domain):
                    VerifiedDomain.objects.get_or_create(
                        institution=institution,
                        domain=domain,
                        defaults={"verified_by": actor, "method": VerifiedDomain.Method.MODERATOR},
                    )
            Institution.objects.filter(pk=institution.pk).update(proposed_domains="")
            institution.proposed_domains = ""
        else:
            Membership.objects.filter(institution=institution, status__in=Membership.ACTIVE_STATUSES).update(
                status=Membership.Status.REJECTED, decided_by=actor, decision_reason=reason, decided_at=timezone.now()
            )
        if institution.requested_by_id:
            announce(
                kind="institutions.institution_approved" if approve else "institutions.institution_rejected",
                recipients=[institution.requested_by],
                actor=actor,
                target=institution,
                context=institution_context(institution, reason=reason),
                url=institution.get_absolute_url() if approve else reverse("institutions:register"),
            )
    memberships_forget(institution)
    return institution


def institution_update(*, actor: User, institution: Institution, **fields: Any) -> Institution:
    """An institution admin (or a moderator) edits the profile, the response deadline and the
    engagement models the institution is open to."""
    require(actor, "institutions.edit_institution", institution)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if (
        "org_type" in fields
        and fields["org_type"] != institution.org_type
        and fields["org_type"] not in dict(OrgType.selectable())
    ):
        raise ValidationError({"org_type": "Choose a current organisation type."})
    models_chosen = fields.pop("open_to_models", None)
    if models_chosen is not None:
        models_chosen = list(models_chosen)
        retired = [m.name for m in models_chosen if not m.is_active]
        if retired:
            raise ValidationError(
                {"open_to_models": f"{', '.join(retired)} is no longer offered. Choose from the models listed."}
            )
    with transaction.atomic():
        for key, value in fields.items():
            setattr(institution, key, value)
        institution.full_clean(exclude=["ods_code"])
        institution.save(update_fields=[*fields, "updated_at"])
        if models_chosen is not None:
            # Retired models are not offered on the form, so a choice made before one was retired
            # is kept rather than silently dropped; it shows again if an admin brings it back.
            kept_retired = institution.open_to_models.filter(is_active=False)
            institution.open_to_models.set([*models_chosen, *kept_retired])
    return institution
