"""Bases for the project's Django admin classes.

The admin builds its own forms from the models; these make their relation fields the ones in
core.forms, so a key the column cannot hold is a form error in the admin too, not a 500.
"""

from django.contrib import admin

from .forms import ModelChoiceField, ModelMultipleChoiceField


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
