from django.contrib import admin

from core.admin import DecideWithReasonMixin, ModelAdmin, TabularInline

from . import services
from .models import FocusArea, Invitation, Movement, MovementRegion, MovementSlug, Organiser, WayOfImpact


class OrganiserInline(TabularInline):
    model = Organiser
    extra = 0
    fields = ["user", "role", "invited_by", "created_at"]
    readonly_fields = ["user", "role", "invited_by", "created_at"]
    can_delete = False

    # Organisers change through the site's services (last-lead protection, notifications).
    def has_add_permission(self, request, obj=None):
        return False


class RegionInline(TabularInline):
    model = MovementRegion
    extra = 0


@admin.register(Movement)
class MovementAdmin(DecideWithReasonMixin, ModelAdmin):
    list_display = ["name", "slug", "status", "stage", "open_to_proposals", "submitted_at", "updated_at"]
    list_filter = ["status", "stage", "direction", "open_to_proposals", "ways_of_impact"]
    search_fields = ["name", "slug", "summary"]
    reason_help = "The organisers see this and can edit and resubmit: say what they would need to change."
    inlines = [OrganiserInline, RegionInline]
    # Status, slug and search document change only through the services.
    readonly_fields = [
        *("uuid", "slug", "status", "rejection_reason", "submitted_at", "approved_at", "created_at"),
        # Closing and reopening are the lead organisers' (movement_close, movement_reopen).
        *("closed_at", "closed_by", "closed_reason", "status_before_closing"),
    ]
    exclude = ["search_vector"]
    filter_horizontal = ["ways_of_impact", "focus_areas"]

    def decide(self, request, obj, *, approve, reason):
        # From the admin a moderator may also approve a rejected or hidden movement.
        if approve:
            services.movement_approve(actor=request.user, movement=obj, reason="Approved in the admin.")
        else:
            services.movement_reject(actor=request.user, movement=obj, reason=reason)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.movement_search_refresh(movement=form.instance)


@admin.register(Invitation)
class InvitationAdmin(ModelAdmin):
    list_display = ["email", "movement", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "movement__name"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(WayOfImpact)
class WayOfImpactAdmin(ModelAdmin):
    list_display = ["name", "position", "slug"]
    ordering = ["position"]


@admin.register(FocusArea)
class FocusAreaAdmin(ModelAdmin):
    list_display = ["name", "position", "slug"]
    ordering = ["position"]


@admin.register(MovementSlug)
class MovementSlugAdmin(ModelAdmin):
    list_display = ["slug", "movement", "created_at"]
    search_fields = ["slug", "movement__name"]
    readonly_fields = ["slug", "movement", "created_at"]
