import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

# The proposal fields a model may make required (the title and the ask always are).
PROPOSAL_FIELDS = {
    "movement_brings": "What the movement brings",
    "institution_brings": "What the institution brings",
    "shared_purpose": "The shared purpose",
    "outcomes": "Intended outcomes",
    "timescale": "Timescale",
}
DEFAULT_REQUIRED_FIELDS = "movement_brings,institution_brings,shared_purpose"


def parse_required_fields(value: str) -> list[str]:
    return [name.strip() for name in (value or "").split(",") if name.strip()]


def validate_required_fields(value: str) -> None:
    unknown = [name for name in parse_required_fields(value) if name not in PROPOSAL_FIELDS]
    if unknown:
        raise ValidationError(
            f"These are not proposal fields: {', '.join(unknown)}. Use any of: {', '.join(PROPOSAL_FIELDS)}."
        )


class ReviewCadence(models.TextChoices):
    """How often the two sides sit down to review an engagement. Agreements reuse these choices."""

    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Every 3 months"
    SIX_MONTHLY = "six_monthly", "Every 6 months"
    YEARLY = "yearly", "Yearly"


class EngagementModel(models.Model):
    """A template for how an institution and a movement work together (DESIGN §2).

    The eight standard models are written in seed.py; admins may reword them, add others or
    retire one (is_active) without losing the institutions that chose it.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    summary = models.CharField(max_length=240, help_text="One line, shown as the hint beside the checkbox.")
    institution_offers = models.TextField(
        "what the institution offers",
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text="What the institution typically brings.",
    )
    movement_keeps = models.TextField(
        "what the movement keeps",
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text="How the movement keeps its independence and voice.",
    )
    suggested_commitments = models.TextField(
        max_length=4000,
        validators=[MaxLengthValidator(4000)],
        help_text="One commitment per line. Agreements built on this model start with them.",
    )
    default_review_cadence = models.CharField(
        max_length=16, choices=ReviewCadence.choices, default=ReviewCadence.QUARTERLY
    )
    required_fields = models.CharField(
        "required proposal fields",
        max_length=200,
        default=DEFAULT_REQUIRED_FIELDS,
        blank=True,
        validators=[validate_required_fields],
        help_text="Comma-separated, from: "
        + ", ".join(PROPOSAL_FIELDS)
        + ". The title and the ask are always required.",
    )
    proposal_prompt = models.TextField(
        "what the proposal form asks",
        max_length=1000,
        blank=True,
        validators=[MaxLengthValidator(1000)],
        help_text="Shown above the ask on the proposal form: what a proposer should think about under this model.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to stop offering this model without deleting it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def required_field_names(self) -> list[str]:
        return parse_required_fields(self.required_fields)

    @property
    def suggested_commitment_list(self) -> list[str]:
        return [line.strip() for line in self.suggested_commitments.splitlines() if line.strip()]
