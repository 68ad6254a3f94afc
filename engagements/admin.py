from django.contrib import admin

from core.admin import ModelAdmin, TabularInline

from .models import (
    Agreement,
    AgreementVersion,
    Commitment,
    EngagementModel,
    PurposeApproval,
    SharedPurposeVersion,
    Signature,
)


@admin.register(EngagementModel)
class EngagementModelAdmin(ModelAdmin):
    list_display = ["name", "summary", "default_review_cadence", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "default_review_cadence"]
    search_fields = ["name", "summary"]
    ordering = ["position", "name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["uuid", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "position", "is_active"]}),
        (
            "How the two sides work together",
            {"fields": ["institution_offers", "movement_keeps", "suggested_commitments", "default_review_cadence"]},
        ),
        ("Record", {"fields": ["uuid", "created_at", "updated_at"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # Institutions (and later engagements) refer to models: retire one by unticking "active".
        return False


# --- The accountability record: for platform staff to look at. Signed agreement versions, their
# signatures and commitments, agreed shared purposes and approvals are read-only here, as in the
# database (engagements/immutable.py); the pages and their services are where people change drafts.


class _ReadOnlyInline(TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommitmentInline(_ReadOnlyInline):
    model = Commitment
    fields = readonly_fields = ("position", "party", "what", "success_measure", "due_date", "review_date")


class SignatureInline(_ReadOnlyInline):
    model = Signature
    fields = readonly_fields = ("side", "signer_name", "signer_role", "method", "signed_at")


class ApprovalInline(_ReadOnlyInline):
    model = PurposeApproval
    fields = readonly_fields = ("side", "approver_name", "approved_at")


@admin.register(Agreement)
class AgreementAdmin(ModelAdmin):
    list_display = ["engagement", "in_force", "in_force_since", "movement_publishes", "institution_publishes"]
    list_filter = ["movement_publishes", "institution_publishes"]
    search_fields = ["engagement__title", "engagement__movement__name", "engagement__institution__name"]
    # Consent is each side's to give (agreement_publish_set); the pointers follow the signatures.
    readonly_fields = [
        "uuid",
        "engagement",
        "purpose",
        "in_force",
        "in_force_since",
        "movement_publishes",
        "institution_publishes",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _VersionAdmin(ModelAdmin):
    """Read-only: a signed or agreed version never changes, and a draft changes only through its
    pages (each save names the revision it saw, so an admin's edit would slip past the signers)."""

    frozen_field = ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgreementVersion)
class AgreementVersionAdmin(_VersionAdmin):
    frozen_field = "signed_at"
    list_display = ["agreement", "number", "revision", "signed_at"]
    list_filter = [("signed_at", admin.EmptyFieldListFilter)]
    search_fields = ["agreement__engagement__title"]
    readonly_fields = ["uuid", "agreement", "number", "revision", "purpose", "author", "signed_at", "created_at"]
    inlines = [CommitmentInline, SignatureInline]


@admin.register(SharedPurposeVersion)
class SharedPurposeVersionAdmin(_VersionAdmin):
    frozen_field = "agreed_at"
    list_display = ["engagement", "number", "revision", "agreed_at"]
    list_filter = [("agreed_at", admin.EmptyFieldListFilter)]
    search_fields = ["engagement__title"]
    readonly_fields = ["uuid", "engagement", "number", "revision", "author", "agreed_at", "created_at"]
    exclude = ["ways_of_impact"]
    inlines = [ApprovalInline]


@admin.register(Signature)
class SignatureAdmin(ModelAdmin):
    list_display = ["version", "side", "signer_name", "signer_role", "method", "signed_at"]
    list_filter = ["side", "method"]
    search_fields = ["signer_name", "version__agreement__engagement__title"]
    readonly_fields = ["version", "side", "signer", "signer_name", "signer_role", "method", "signed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
