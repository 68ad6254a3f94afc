"""The Django admin's own forms: a relation key the column cannot hold is a form error there too.

The admin builds forms from the models, so the site's forms' fields do not reach it unless every
admin class uses core.admin (a huge id in a many-to-many field was a 500 on SQLite).
"""

import pytest
from django.contrib import admin
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.urls import reverse

from core.admin import CheckedKeysMixin

from .catalogue import project_apps
from .test_every_form import BAD_IDS


def project_admins():
    labels = {config.label for config in project_apps()}
    return [
        (model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label in labels
    ]


def test_every_admin_class_checks_relation_keys():
    for _model, model_admin in project_admins():
        assert isinstance(model_admin, CheckedKeysMixin), f"{type(model_admin).__name__}: subclass core.admin"
        for inline in model_admin.inlines:
            assert issubclass(inline, CheckedKeysMixin), f"{inline.__name__}: subclass core.admin"


def _admin_form_page(client, model):
    """The add page, or where nothing may be added, the change page of a row the world has."""
    info = (model._meta.app_label, model._meta.model_name)
    response = client.get(reverse("admin:{}_{}_add".format(*info)))
    if response.status_code == 200:
        return reverse("admin:{}_{}_add".format(*info)), response
    row = model.objects.first()
    if row is None:
        return None, None
    url = reverse("admin:{}_{}_change".format(*info), args=[row.pk])
    response = client.get(url)
    return (url, response) if response.status_code == 200 and "adminform" in response.context else (None, None)


@pytest.mark.parametrize("bad", BAD_IDS.values(), ids=BAD_IDS.keys())
def test_bad_ids_in_admin_relation_fields_are_a_form_error(world, as_persona, bad):
    client = as_persona("superuser")
    checked = set()
    for model, _admin in project_admins():
        url, page = _admin_form_page(client, model)
        if url is None:
            continue
        for name, field in page.context["adminform"].form.fields.items():
            if not isinstance(field, ModelChoiceField):
                continue
            multiple = isinstance(field, ModelMultipleChoiceField)
            response = client.post(url, {name: [bad] if multiple else bad})
            assert response.status_code == 200, (model, name, response.status_code)
            assert response.context["adminform"].form.errors.get(name), f"{model.__name__}.{name} took {bad!r}"
            checked.add((model._meta.label, name))
    # The admin pages with relations people edit, so this test cannot pass by finding none.
    assert {("movements.Movement", "ways_of_impact"), ("institutions.Membership", "user")} <= checked, checked
