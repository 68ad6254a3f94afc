import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from core.names import name_key_expression
from core.regions import Region


class WayOfImpact(models.Model):
    """One of the seven ways movements change health and care (taxonomy.py)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, help_text="Shown as the hint beside the checkbox.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "ways of impact"

    def __str__(self):
        return self.name


class FocusArea(models.Model):
    """A health focus area, from a controlled list admins can extend."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Movement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not approved"
        HIDDEN = "hidden", "Hidden by a moderator"
        CLOSED = "closed", "Closed"

    class Direction(models.TextChoices):
        PROMOTE = "promote", "Promoting a change"
        RESIST = "resist", "Resisting a change"

    class Stage(models.TextChoices):
        EMERGENCE = "emergence", "Emergence"
        COALESCENCE = "coalescence", "Coalescence"
        ESTABLISHED = "established", "Established"
        DECLINE = "decline", "Declining or transformed"

    class Size(models.TextChoices):
        UNDER_10 = "under-10", "Fewer than 10 people"
        UP_TO_50 = "10-50", "10 to 50 people"
        UP_TO_250 = "50-250", "50 to 250 people"
        UP_TO_1000 = "250-1000", "250 to 1,000 people"
        UP_TO_10000 = "1000-10000", "1,000 to 10,000 people"
        OVER_10000 = "over-10000", "More than 10,000 people"

    # Its organisers may close a movement in any of these states (not one a moderator hid).
    CLOSABLE_STATUSES = (Status.PENDING, Status.APPROVED, Status.REJECTED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    # Set once from the first name and never changed by a rename, so links keep working.
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(max_length=280)
    # TextFields have no limit in the database: the validator holds one for forms and the admin.
    description = models.TextField(max_length=5000, validators=[MaxLengthValidator(5000)])
    focus_areas = models.ManyToManyField(FocusArea, related_name="movements", blank=True)
    ways_of_impact = models.ManyToManyField(WayOfImpact, related_name="movements")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    stage = models.CharField(max_length=12, choices=Stage.choices)
    website = models.URLField(max_length=300, blank=True)
    social_links = models.TextField(
        blank=True, max_length=2000, validators=[MaxLengthValidator(2000)], help_text="One address per line."
    )
    size = models.CharField(max_length=12, choices=Size.choices)
    open_to_proposals = models.BooleanField(default=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.TextField(blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])
    submitted_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    # Closing keeps everything; reopening restores the status it had (so a pending one waits again).
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_reason = models.TextField(blank=True, max_length=1000, validators=[MaxLengthValidator(1000)])
    status_before_closing = models.CharField(max_length=10, choices=Status.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Weighted full-text document, kept up to date by the services (PostgreSQL
    # only; the column stays empty on SQLite, which searches with icontains).
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "name"], name="movement_status_name_idx"),
            models.Index(fields=["status", "stage"], name="movement_status_stage_idx"),
            models.Index(fields=["status", "open_to_proposals"], name="movement_status_open_idx"),
            # Names compared as core.names does, for the possible-duplicate warnings.
            models.Index(name_key_expression("name"), name="movement_name_key_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_rejected(self):
        return self.status == self.Status.REJECTED

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def was_public(self):
        """Closed after it was approved: its profile stays public, saying it has closed."""
        return self.is_closed and self.status_before_closing == self.Status.APPROVED

    @property
    def accepts_proposals(self):
        """Whether NHS staff may propose working with it now: public, open, and not closed."""
        return self.is_public and self.open_to_proposals

    def social_link_list(self):
        return [line.strip() for line in self.social_links.splitlines() if line.strip()]


class MovementRegion(models.Model):
    """Where a movement works: one row per region, so filters use an index."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="region_rows")
    region = models.CharField(max_length=30, choices=Region.choices)

    class Meta:
        ordering = ["region"]
        constraints = [models.UniqueConstraint(fields=["movement", "region"], name="movement_region_unique")]
        indexes = [models.Index(fields=["region", "movement"], name="movement_region_idx")]

    def __str__(self):
        return self.get_region_display()


class MovementSlug(models.Model):
    """An earlier address of a movement; requests for it are redirected permanently."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.slug


class Organiser(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead organiser"
        ORGANISER = "organiser", "Organiser"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="organisers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="movement_roles")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.ORGANISER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "created_at"]
        constraints = [models.UniqueConstraint(fields=["movement", "user"], name="organiser_unique")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) of {self.movement}"

    @property
    def is_lead(self):
        return self.role == self.Role.LEAD


class Invitation(models.Model):
    """An invitation to organise a movement, sent by email.

    The link carries a signed token; only its SHA-256 hash is stored, so a
    copy of the database cannot be used to accept invitations.
    """

    VALID_DAYS = 7

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=10, choices=Organiser.Role.choices, default=Organiser.Role.ORGANISER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "accepted_at"], name="invitation_email_idx")]

    def __str__(self):
        return f"Invitation for {self.email} to {self.movement}"

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired
