from django.contrib import admin

from core.admin import ModelAdmin

from .models import EngagementModel


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
