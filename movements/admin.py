from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from core.admin import ModelAdmin, TabularInline

from . import services
from .forms import RejectForm
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


def _run_for_each(modeladmin, request, queryset, action, **kwargs):
    done = 0
    for movement in queryset:
        try:
            action(moderator=request.user, movement=movement, **kwargs)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                modeladmin.message_user(request, f"{movement.name}: {message}", messages.WARNING)
    return done


@admin.action(description="Approve selected movements (make them public)")
def approve_movements(modeladmin, request, queryset):
    done = _run_for_each(modeladmin, request, queryset, services.movement_approve, reason="Approved in the admin.")
    if done:
        modeladmin.message_user(request, f"Approved {done} movement(s).", messages.SUCCESS)


@admin.action(description="Reject selected movements (with a reason)…")
def reject_movements(modeladmin, request, queryset):
    """Two steps: first a page asking for the reason, then the rejection."""
    form = RejectForm(request.POST if "reason" in request.POST else None)
    if form.is_bound and form.is_valid():
        done = _run_for_each(
            modeladmin, request, queryset, services.movement_reject, reason=form.cleaned_data["reason"]
        )
        if done:
            modeladmin.message_user(request, f"Rejected {done} movement(s).", messages.SUCCESS)
        return None
    return TemplateResponse(
        request,
        "movements/admin/reject.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "Reject movements",
            "form": form,
            "movements": queryset,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(Movement)
class MovementAdmin(ModelAdmin):
    list_display = ["name", "slug", "status", "stage", "open_to_proposals", "submitted_at", "updated_at"]
    list_filter = ["status", "stage", "direction", "open_to_proposals", "ways_of_impact"]
    search_fields = ["name", "slug", "summary"]
    actions = [approve_movements, reject_movements]
    inlines = [OrganiserInline, RegionInline]
    # Status, slug and search document change only through the services.
    readonly_fields = ["uuid", "slug", "status", "rejection_reason", "submitted_at", "approved_at", "created_at"]
    exclude = ["search_vector"]
    filter_horizontal = ["ways_of_impact", "focus_areas"]

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
