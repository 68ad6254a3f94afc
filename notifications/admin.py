from django.contrib import admin, messages

from core.admin import ModelAdmin

from .models import EmailDelivery, Notification, NotificationPreference
from .services.announce import deliveries_enqueue


@admin.register(Notification)
class NotificationAdmin(ModelAdmin):
    list_display = ["kind", "recipient", "actor", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__email", "kind"]
    list_select_related = ["recipient", "actor"]
    raw_id_fields = ["recipient", "actor"]
    readonly_fields = ["uuid", "created_at"]
    date_hierarchy = "created_at"


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ModelAdmin):
    """Failed emails are found here with the status filter; "Send again" puts them back in the queue."""

    list_display = ["kind", "to_email", "status", "attempts", "created_at", "sent_at", "short_error"]
    list_filter = ["status", "category", "digest_frequency", "kind"]
    search_fields = ["to_email", "kind", "uuid"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "actor", "notification", "digest"]
    readonly_fields = ["uuid", "created_at", "claimed_at", "sent_at", "attempts", "last_error", "next_attempt_at"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    @admin.display(description="last error")
    def short_error(self, obj):
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error

    @admin.action(description="Send again (failed or cancelled emails)")
    def send_again(self, request, queryset):
        retry = queryset.filter(status__in=[EmailDelivery.Status.FAILED, EmailDelivery.Status.CANCELLED])
        ids = [str(u) for u in retry.values_list("uuid", flat=True)]
        EmailDelivery.objects.filter(uuid__in=ids).update(
            status=EmailDelivery.Status.PENDING, attempts=0, next_attempt_at=None
        )
        deliveries_enqueue(delivery_ids=ids)
        self.message_user(request, f"{len(ids)} email(s) queued to send again.", messages.SUCCESS)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ModelAdmin):
    list_display = ["user", "category", "frequency", "updated_at"]
    list_filter = ["category", "frequency"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
