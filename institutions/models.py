import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.names import name_key_expression
from core.regions import INSTITUTION_REGIONS, Region

from .validators import validate_ods_code

__all__ = ["Institution", "Membership", "OrgType", "Region", "VerifiedDomain"]

REQUEST_NOTE_MAX_LENGTH = 300


class OrgType(models.TextChoices):
    NHS_ENGLAND = "nhs_england", "NHS England"
    NHS_TRUST = "nhs_trust", "NHS Trust"
    FOUNDATION_TRUST = "foundation_trust", "NHS Foundation Trust"
    ICB = "icb", "Integrated Care Board"
    SUB_ICB = "sub_icb", "Sub-ICB location"
    PCN = "pcn", "Primary Care Network"
    GP_PRACTICE = "gp_practice", "GP practice"
    CARE_TRUST = "care_trust", "Care Trust"
    CSU = "csu", "Commissioning Support Unit"
    SPECIAL_HEALTH_AUTHORITY = "special_health_authority", "Special Health Authority"
    LOCAL_AUTHORITY = "local_authority", "Local authority (public health)"
    ICP = "icp", "Integrated Care Partnership"
    PROVIDER_COLLABORATIVE = "provider_collaborative", "Provider collaborative"
    WALES = "wales_health_board", "NHS Wales health board or trust"
    SCOTLAND = "scotland_board", "NHS Scotland board"
    NORTHERN_IRELAND = "ni_hsc_trust", "HSC Northern Ireland trust"
    OTHER = "other", "Other NHS body"
    # Abolished in July 2022: kept so old records still read correctly.
    CCG = "ccg", "Clinical Commissioning Group (historical)"

    @classmethod
    def selectable(cls) -> list[tuple[str, str]]:
        """Types offered for new registrations: everything except the abolished CCGs."""
        return [(value, label) for value, label in cls.choices if value != cls.CCG]


class Institution(models.Model):
    """An NHS organisation, identified by its ODS code. Never deleted: codes are never reused."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        CLOSED = "closed", "Closed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    ods_code = models.CharField(
        "ODS code",
        max_length=9,
        unique=True,
        validators=[validate_ods_code],
        help_text="The NHS Organisation Data Service code: 3 to 9 letters and numbers.",
    )
    org_type = models.CharField("organisation type", max_length=32, choices=OrgType.choices)
    # Shared with movements so the two directories filter by the same places.
    region = models.CharField(max_length=32, choices=INSTITUTION_REGIONS)
    website = models.URLField(blank=True, max_length=300)
    # TextFields have no limit in the database: the validators hold one for forms and the admin.
    description = models.TextField(blank=True, max_length=5000, validators=[MaxLengthValidator(5000)])
    address = models.TextField(blank=True, max_length=500, validators=[MaxLengthValidator(500)])
    postcode = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Domains the person who registered it proposed; a moderator verifies them on approval.
    proposed_domains = models.TextField(blank=True, max_length=1000, validators=[MaxLengthValidator(1000)])
    decision_reason = models.TextField(blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response_deadline_working_days = models.PositiveSmallIntegerField(
        "response deadline (working days)",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How many working days your reviewers aim to take to answer a proposal.",
    )
    open_to_models = models.ManyToManyField(
        "engagements.EngagementModel",
        blank=True,
        related_name="open_institutions",
        verbose_name="engagement models it is open to",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "ods_code"]
        indexes = [
            models.Index(fields=["status", "name"], name="inst_status_name"),
            models.Index(fields=["status", "org_type", "name"], name="inst_status_type_name"),
            models.Index(fields=["status", "region", "name"], name="inst_status_region_name"),
            # Names compared as core.names does, for the possible-duplicate warnings.
            models.Index(name_key_expression("name"), name="inst_name_key_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.ods_code})"

    def get_absolute_url(self) -> str:
        return reverse("institutions:detail", kwargs={"ods_code": self.ods_code})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def proposed_domain_list(self) -> list[str]:
        return [d for d in self.proposed_domains.split() if d]


class VerifiedDomain(models.Model):
    """An email domain whose confirmed addresses prove membership of one institution."""

    class Method(models.TextChoices):
        STAFF_EMAIL = "staff_email", "Staff email"
        MODERATOR = "moderator", "Moderator"

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=16, choices=Method.choices)

    class Meta:
        ordering = ["domain"]
        constraints = [models.UniqueConstraint(fields=["institution", "domain"], name="unique_domain_per_institution")]
        indexes = [models.Index(fields=["domain"], name="inst_domain_domain")]

    def __str__(self):
        return self.domain

    @property
    def is_by_moderator(self) -> bool:
        return self.method == self.Method.MODERATOR


class Membership(models.Model):
    """A person's place at an institution. Rows are kept after rejection or leaving, for the record."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        REVIEWER = "reviewer", "Reviewer"
        ADMIN = "admin", "Admin"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"
        LEFT = "left", "Left"

    ACTIVE_STATUSES = (Status.PENDING, Status.VERIFIED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    is_signatory = models.BooleanField(
        "signatory", default=False, help_text="May sign agreements on behalf of the institution."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # How a verified membership was verified, shown to admins.
    verified_by_domain = models.CharField(max_length=253, blank=True)
    # What the person told the admins when asking to join (their role, their team): plain text.
    request_note = models.CharField(max_length=REQUEST_NOTE_MAX_LENGTH, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])
    decided_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution"],
                condition=Q(status__in=["pending", "verified"]),
                name="one_active_membership_per_user_institution",
            )
        ]
        indexes = [
            models.Index(fields=["institution", "status", "role"], name="inst_member_inst_status_role"),
            models.Index(fields=["user", "status"], name="inst_member_user_status"),
        ]

    def __str__(self):
        return f"{self.user} at {self.institution} ({self.get_role_display()}, {self.get_status_display()})"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
