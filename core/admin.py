"""Bases for the project's Django admin classes.

The admin builds its own forms from the models; these make their relation fields the ones in
core.forms, so a key the column cannot hold is a form error in the admin too, not a 500.
`DecideWithReasonMixin` gives moderators' approve and reject-with-a-reason actions.
"""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from .contract import Conflict, error_messages
from .forms import Form, ModelChoiceField, ModelMultipleChoiceField


class CheckedKeysMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ModelAdmin(CheckedKeysMixin, admin.ModelAdmin):
    pass


class TabularInline(CheckedKeysMixin, admin.TabularInline):
    pass


class RejectForm(Form):
    """The reason a moderator gives when rejecting from the admin; the people affected read it."""

    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        error_messages={"required": "Enter a reason"},
    )


# The mixin is used only on ModelAdmin classes: the type checker sees that base, Python does not.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


class DecideWithReasonMixin(_AdminBase):
    """The admin's "approve selected" and "reject selected (with a reason)" actions.

    Both apps' moderators decide through the same services as the site's review pages: the
    admin class implements `decide(request, obj, approve=, reason=)` by calling them with
    `actor=request.user`. Rejecting first shows a page asking for the reason (`reason_help`
    says who reads it). Anything a service refuses is reported per object; the rest go ahead.
    """

    actions = ["approve_selected", "reject_selected"]
    reason_help = "The people affected see this reason."

    def decide(self, request, obj, *, approve: bool, reason: str) -> None:
        raise NotImplementedError

    @admin.action(description="Approve selected %(verbose_name_plural)s")
    def approve_selected(self, request, queryset):
        self._decide_each(request, queryset, approve=True, reason="")

    @admin.action(description="Reject selected %(verbose_name_plural)s (asks for a reason)")
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        form.fields["reason"].help_text = self.reason_help
        if form.is_bound and form.is_valid():
            self._decide_each(request, queryset, approve=False, reason=form.cleaned_data["reason"])
            return None
        opts = self.model._meta
        return TemplateResponse(
            request,
            "admin/reject_with_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Reject {opts.verbose_name_plural}",
                "objects": queryset,
                "form": form,
                "opts": opts,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def _decide_each(self, request, queryset, *, approve: bool, reason: str) -> None:
        done = 0
        for obj in queryset:
            try:
                self.decide(request, obj, approve=approve, reason=reason)
            except (ValidationError, PermissionDenied, Conflict) as refused:
                for message in error_messages(refused):
                    self.message_user(request, f"{obj}: {message}", messages.WARNING)
            else:
                done += 1
        if done:
            verb = "Approved" if approve else "Rejected"
            self.message_user(request, f"{verb} {done} {model_ngettext(self.model._meta, done)}.", messages.SUCCESS)
