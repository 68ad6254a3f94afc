from django.contrib import admin

from core.admin import ModelAdmin

from .models import ModerationAction


@admin.register(ModerationAction)
class ModerationActionAdmin(ModelAdmin):
    list_display = ["created_at", "action", "target_label", "moderator"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "reason", "moderator__email"]
    readonly_fields = [f.name for f in ModerationAction._meta.fields]

    # Append-only: the log is evidence.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
