"""Adding and removing an institution's verified email domains."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.rules import is_platform_staff
from core.contract import require

from ..domains import InvalidDomain, is_shared_domain, normalise_domain, user_verified_domains
from ..models import Institution, VerifiedDomain


def domain_add(*, actor: User, institution: Institution, domain: str) -> VerifiedDomain:
    """Verify a domain: by someone with a confirmed address at exactly that domain, or by a moderator."""
    require(actor, "institutions.manage_domains", institution)
    try:
        domain = normalise_domain(domain)
    except InvalidDomain as exc:
        raise ValidationError({"domain": str(exc)}) from exc
    if is_shared_domain(domain):
        raise ValidationError(
            {
                "domain": f"{domain} is shared by many organisations or open to the public, so it cannot prove "
                "that someone works here."
            }
        )
    if VerifiedDomain.objects.filter(institution=institution, domain=domain).exists():
        raise ValidationError({"domain": f"{domain} is already a verified domain of {institution.name}."})
    if domain in user_verified_domains(actor):
        method = VerifiedDomain.Method.STAFF_EMAIL
    elif is_platform_staff(actor):
        method = VerifiedDomain.Method.MODERATOR
    else:
        raise ValidationError(
            {
                "domain": f"You can only add a domain you have a confirmed email address at. Add and confirm an "
                f"address ending @{domain} in your account, or ask a moderator to add it."
            }
        )
    try:
        with transaction.atomic():
            return VerifiedDomain.objects.create(
                institution=institution, domain=domain, verified_by=actor, method=method
            )
    except IntegrityError as exc:
        raise ValidationError({"domain": f"{domain} is already a verified domain of {institution.name}."}) from exc


def domain_remove(*, actor: User, domain: VerifiedDomain) -> None:
    """Stop a domain verifying new members. People already verified stay members."""
    require(actor, "institutions.manage_domains", getattr(domain, "institution", None))
    VerifiedDomain.objects.filter(pk=domain.pk).delete()
