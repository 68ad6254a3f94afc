"""The accountability side of an engagement (DESIGN §2): its shared purpose and its agreement.

Both are versioned. A version is a draft while nobody has approved or signed it: the two sides
edit it in place, each save bumping `revision`, so an approval or a signature always names the
exact words it was given. Once one side has approved (or signed) a version it is frozen, and the
next change starts a new version. When both sides have approved the same shared-purpose version
it is agreed; when both sides' signatories have signed the same agreement version it is in force.
Agreed and signed versions never change again: the services refuse, and the database refuses
direct edits (engagements/immutable.py).

`Agreement` is the one row per engagement that points at what is in force now and holds each
side's consent to publish it on the public register.
"""

import uuid
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from ..immutable import GuardedModel, GuardedQuerySet
from .catalogue import ReviewCadence
from .engagement import Engagement, Side


def _text(label, limit, **extra):
    return models.TextField(label, max_length=limit, blank=True, validators=[MaxLengthValidator(limit)], **extra)


class Agreement(models.Model):
    """What is in force for one engagement now, and whether each side publishes it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="agreement")
    purpose = models.ForeignKey(
        "engagements.SharedPurposeVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="shared purpose in force",
    )
    in_force = models.ForeignKey(
        "engagements.AgreementVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="agreement version in force",
    )
    in_force_since = models.DateTimeField(null=True, blank=True, help_text="When a version first came into force.")
    # Each side's consent to the public register; either may withdraw it at any time.
    movement_publishes = models.BooleanField(default=False)
    institution_publishes = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-in_force_since", "-created_at"]
        indexes = [
            models.Index(fields=["movement_publishes", "institution_publishes"], name="agreement_published"),
        ]

    def __str__(self):
        return f"Agreement for {self.engagement}"

    def get_absolute_url(self) -> str:
        return reverse("engagements:agreement", kwargs={"engagement_uuid": self.engagement.uuid})

    def get_public_url(self) -> str:
        return reverse("agreements:detail", kwargs={"agreement_uuid": self.uuid})

    @property
    def is_published(self) -> bool:
        return bool(self.in_force_id and self.movement_publishes and self.institution_publishes)


class SharedPurposeVersion(GuardedModel):
    """One version of the shared purpose: a statement, the outcomes sought, the ways of impact served."""

    # Never changed once agreed (engagements/immutable.py).
    immutable_when = {"agreed_at__isnull": False}
    objects = GuardedQuerySet.as_manager()

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="purpose_versions")
    number = models.PositiveSmallIntegerField()
    revision = models.PositiveIntegerField(default=1, help_text="Bumped by every save of a draft.")
    statement = _text("shared purpose", 2000)
    outcomes = _text("outcomes both sides seek", 2000)
    ways_of_impact = models.ManyToManyField(
        "movements.WayOfImpact", through="engagements.PurposeImpact", related_name="+", blank=True
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True, help_text="Both sides approved this version.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["engagement", "number"]
        constraints = [models.UniqueConstraint(fields=["engagement", "number"], name="one_purpose_version_number")]

    def __str__(self):
        return f"Shared purpose version {self.number}"


class PurposeImpact(GuardedModel):
    """A way of impact a shared-purpose version serves (a through table, so it is protected too)."""

    # Never changed once agreed (engagements/immutable.py).
    immutable_when = {"version__agreed_at__isnull": False}
    immutable_parent = "version"
    immutable_parent_when = {"agreed_at__isnull": False}
    objects = GuardedQuerySet.as_manager()

    version = models.ForeignKey(SharedPurposeVersion, on_delete=models.CASCADE, related_name="impact_rows")
    way = models.ForeignKey("movements.WayOfImpact", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["way__position"]
        constraints = [models.UniqueConstraint(fields=["version", "way"], name="purpose_impact_once")]

    def __str__(self):
        return f"{self.version} serves {self.way_id}"


class PurposeApproval(GuardedModel):
    """One side's approval of one shared-purpose version, at one revision. Never changed."""

    # Never changed once written (engagements/immutable.py).
    immutable_when = {}
    objects = GuardedQuerySet.as_manager()

    version = models.ForeignKey(SharedPurposeVersion, on_delete=models.CASCADE, related_name="approvals")
    side = models.CharField(max_length=12, choices=Side.choices)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approver_name = models.CharField(max_length=200)
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["approved_at"]
        constraints = [models.UniqueConstraint(fields=["version", "side"], name="one_purpose_approval_per_side")]

    def __str__(self):
        return f"{self.get_side_display()} approved {self.version}"


class AgreementVersion(GuardedModel):
    """One version of the accountability agreement: its terms, safeguards and commitments."""

    # Never changed once signed (engagements/immutable.py).
    immutable_when = {"signed_at__isnull": False}
    objects = GuardedQuerySet.as_manager()

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    revision = models.PositiveIntegerField(default=1, help_text="Bumped by every save of a draft.")
    review_cadence = models.CharField(max_length=16, choices=ReviewCadence.choices, default=ReviewCadence.QUARTERLY)
    escalation_route = _text("escalation route", 2000)
    escalation_days = models.PositiveSmallIntegerField(
        "escalate after (days overdue)",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="A commitment overdue by more than this many days is escalated to whom it is accountable.",
    )
    exit_terms = _text("exit terms", 2000)
    # The independence safeguards: on by default; switching one off needs a reason both sides see.
    keeps_public_voice = models.BooleanField("the movement keeps its right to speak publicly", default=True)
    public_voice_off_reason = _text("why the public-voice safeguard is off", 1000)
    keeps_right_to_withdraw = models.BooleanField("the movement keeps its right to withdraw", default=True)
    withdraw_off_reason = _text("why the right-to-withdraw safeguard is off", 1000)
    no_endorsement_without_consent = models.BooleanField(
        "the institution will not present the movement as endorsing it without consent", default=True
    )
    endorsement_off_reason = _text("why the endorsement safeguard is off", 1000)
    purpose = models.ForeignKey(
        SharedPurposeVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The shared purpose in force when this version was signed.",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True, help_text="Both sides signed: in force from then.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="one_agreement_version_number")]

    def __str__(self):
        return f"Agreement version {self.number}"


class Commitment(GuardedModel):
    """One promise in an agreement version. `key` stays the same across versions, so a commitment's
    progress (CommitmentProgress) carries over an amendment that keeps it."""

    # Never changed once signed (engagements/immutable.py).
    immutable_when = {"version__signed_at__isnull": False}
    immutable_parent = "version"
    immutable_parent_when = {"signed_at__isnull": False}
    objects = GuardedQuerySet.as_manager()

    class AccountableTo(models.TextChoices):
        OTHER_SIDE = "other_side", "The other side"
        ROLE = "role", "A named role"
        BOARD = "board", "A board"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="commitments")
    key = models.UUIDField(default=uuid4, help_text="The same commitment in every version.")
    position = models.PositiveSmallIntegerField(default=0)
    party = models.CharField("who commits", max_length=12, choices=Side.choices)
    what = models.TextField("what", max_length=1000, validators=[MaxLengthValidator(1000)])
    success_measure = _text("how success will be seen", 1000)
    due_date = models.DateField("due date", null=True, blank=True)
    review_date = models.DateField("review date", null=True, blank=True)
    accountable_to = models.CharField(max_length=12, choices=AccountableTo.choices, default=AccountableTo.OTHER_SIDE)
    accountable_to_name = models.CharField(
        "name of the role or board", max_length=200, blank=True, help_text="For a named role or a board."
    )

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="commitment_key_once_per_version")]
        indexes = [models.Index(fields=["due_date"], name="commitment_due")]

    def __str__(self):
        return self.what[:80]

    @property
    def next_date(self):
        """The date the commitment answers to: its due date, else its review date."""
        return self.due_date or self.review_date


class Signature(GuardedModel):
    """One side's signature on one agreement version, at one revision. Never changed."""

    # Never changed once written (engagements/immutable.py).
    immutable_when = {}
    objects = GuardedQuerySet.as_manager()

    class Method(models.TextChoices):
        PASSWORD = "password", "Password"
        TWO_FACTOR = "mfa", "Two-factor authentication"

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="signatures")
    side = models.CharField(max_length=12, choices=Side.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Kept as written at the time, so the record survives the person changing their name or leaving.
    signer_name = models.CharField(max_length=200)
    signer_role = models.CharField(max_length=200, help_text="e.g. 'Lead organiser, Patients Together'.")
    method = models.CharField("re-authenticated by", max_length=12, choices=Method.choices)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["version", "side"], name="one_signature_per_side")]

    def __str__(self):
        return f"{self.signer_name} signed {self.version} for the {self.side}"
