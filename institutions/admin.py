from django.contrib import admin

from core.admin import DecideWithReasonMixin, ModelAdmin, TabularInline

from . import services
from .models import Institution, Membership, VerifiedDomain


class VerifiedDomainInline(TabularInline):
    model = VerifiedDomain
    extra = 0
    fields = readonly_fields = ("domain", "method", "verified_by", "verified_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Domains are added through the service, which checks who may vouch for them.
        return False


class MembershipInline(TabularInline):
    model = Membership
    extra = 0
    fields = readonly_fields = ("user", "role", "is_signatory", "status", "decided_by", "decision_reason", "created_at")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Institution)
class InstitutionAdmin(DecideWithReasonMixin, ModelAdmin):
    list_display = ["name", "ods_code", "org_type", "region", "status", "created_at"]
    list_filter = ["status", "org_type", "region"]
    search_fields = ["name", "ods_code"]
    readonly_fields = ["uuid", "status", "requested_by", "decision_reason", "created_at", "updated_at"]
    inlines = [VerifiedDomainInline, MembershipInline]
    reason_help = "The person who registered each one sees this reason."

    def has_delete_permission(self, request, obj=None):
        # ODS codes are never reused: close an institution instead of deleting it.
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "ods_code"] if obj else self.readonly_fields

    def decide(self, request, obj, *, approve, reason):
        if approve:
            services.institution_approve(actor=request.user, institution=obj)
        else:
            services.institution_reject(actor=request.user, institution=obj, reason=reason)


@admin.register(Membership)
class MembershipAdmin(ModelAdmin):
    list_display = ["user", "institution", "role", "is_signatory", "status", "created_at"]
    list_filter = ["status", "role", "is_signatory"]
    search_fields = ["user__email", "user__display_name", "institution__name", "institution__ods_code"]
    raw_id_fields = ["user", "institution", "decided_by"]
    readonly_fields = ["uuid", "created_at", "updated_at", "decided_at", "ended_at"]


@admin.register(VerifiedDomain)
class VerifiedDomainAdmin(ModelAdmin):
    list_display = ["domain", "institution", "method", "verified_by", "verified_at"]
    search_fields = ["domain", "institution__name", "institution__ods_code"]
    readonly_fields = ["institution", "domain", "method", "verified_by", "verified_at"]

    def has_add_permission(self, request):
        return False
