from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from core.admin import ModelAdmin, TabularInline
from core.forms import Form

from . import services
from .models import Institution, Membership, VerifiedDomain


class VerifiedDomainInline(TabularInline):
    model = VerifiedDomain
    extra = 0
    fields = ["domain", "method", "verified_by", "verified_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Domains are added through the service, which checks who may vouch for them.
        return False


class MembershipInline(TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "is_signatory", "status", "decided_by", "decision_reason", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class RejectForm(Form):
    reason = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), label="Reason (the requester sees it)"
    )


@admin.register(Institution)
class InstitutionAdmin(ModelAdmin):
    list_display = ["name", "ods_code", "org_type", "region", "status", "created_at"]
    list_filter = ["status", "org_type", "region"]
    search_fields = ["name", "ods_code"]
    readonly_fields = ["uuid", "status", "requested_by", "decision_reason", "created_at", "updated_at"]
    inlines = [VerifiedDomainInline, MembershipInline]
    actions = ["approve_selected", "reject_selected"]

    def has_delete_permission(self, request, obj=None):
        # ODS codes are never reused: close an institution instead of deleting it.
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "ods_code"] if obj else self.readonly_fields

    @admin.action(description="Approve selected pending institutions")
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, approve=True, reason="")

    @admin.action(description="Turn down selected pending institutions (asks for a reason)")
    def reject_selected(self, request, queryset):
        if "apply" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                self._decide(request, queryset, approve=False, reason=form.cleaned_data["reason"])
                return None
        else:
            form = RejectForm()
        return TemplateResponse(
            request,
            "institutions/admin/reject.html",
            {
                **self.admin_site.each_context(request),
                "title": "Turn down institutions",
                "institutions": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    def _decide(self, request, queryset, *, approve, reason):
        done = 0
        for institution in queryset:
            try:
                services.institution_decide(
                    moderator=request.user, institution=institution, approve=approve, reason=reason
                )
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                text = " ".join(getattr(exc, "messages", [])) or "You may not decide this."
                self.message_user(request, f"{institution}: {text}", messages.WARNING)
        if done:
            verb = "approved" if approve else "turned down"
            self.message_user(request, f"{done} institution(s) {verb}.", messages.SUCCESS)


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
