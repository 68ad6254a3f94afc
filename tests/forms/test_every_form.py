"""Every form on the site, through its real page: text at and over its limit, and bad ids.

The classes of hole: free text with no limit (a 1,000,000-character description was accepted),
a limit shown in Django's words or cut off by the browser, a form limit longer than the column
behind it (a 500 on PostgreSQL), and ids a column cannot hold reaching the database (a 500 on
SQLite). The pages come from catalogue.PAGES; test_every_form_has_a_page keeps it complete.
"""

import pytest
from django import forms
from django.core.validators import MaxLengthValidator

from core import forms as site_forms

from .catalogue import (
    PAGES,
    form_fields,
    is_model_choice,
    is_text,
    model_choice_cases,
    project_apps,
    project_form_classes,
    text_field_cases,
)
from .samples import error_summary, page_text, sample, value_on_page


def submit(client, page, world, **changes):
    data = {**page.data(world), **changes}
    send = client.get if page.method == "get" else client.post
    return send(page.url(world), data)


def expected_label(page, name) -> str:
    field = page.form.base_fields[name]
    return page.form.message_labels.get(name) or site_forms.label_for_messages(field.label)


# --- The catalogue covers the project ---------------------------------------------------


def test_every_form_has_a_page(db):
    covered = {page.form for page in PAGES}
    missing = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in project_form_classes()
        if cls not in covered and any(is_text(f) or is_model_choice(f) for f in form_fields(cls).values())
    ]
    assert not missing, f"add these forms to tests/forms/catalogue.py PAGES: {missing}"


def test_no_form_adds_text_fields_the_catalogue_cannot_see(db):
    for cls in project_form_classes():
        added = {name for name, f in form_fields(cls).items() if is_text(f) or is_model_choice(f)}
        assert added <= set(cls.base_fields), f"{cls.__qualname__} adds {added - set(cls.base_fields)} in __init__"


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_the_catalogue_knows_which_declared_fields_each_form_drops(db, page):
    shown = form_fields(page.form)
    assert {name for name in page.form.base_fields if name not in shown} == page.dropped


@pytest.mark.parametrize("form_class", project_form_classes(), ids=lambda cls: cls.__qualname__)
def test_every_form_uses_the_site_limits(form_class):
    assert issubclass(form_class, site_forms.TextLimitsMixin), "subclass core.forms.Form or core.forms.ModelForm"


@pytest.mark.parametrize("form_class", project_form_classes(), ids=lambda cls: cls.__qualname__)
def test_every_text_field_has_a_limit_and_every_relation_checks_its_keys(db, form_class):
    for name, field in form_fields(form_class).items():
        if is_text(field):
            assert field.max_length, f"{form_class.__qualname__}.{name} has no max_length"
        if is_model_choice(field):
            assert isinstance(field, site_forms.ModelChoiceField | site_forms.ModelMultipleChoiceField), (
                f"{form_class.__qualname__}.{name}: use core.forms' model choice fields"
            )


# --- Text at and over its limit -------------------------------------------------------------


@pytest.mark.parametrize(("page", "name"), text_field_cases(), ids=lambda v: str(v))
def test_text_at_its_limit_is_accepted(world, as_persona, page, name):
    field = page.form.base_fields[name]
    response = submit(as_persona(page.persona), page, world, **{name: sample(field, name, field.max_length)})
    if name in page.format_bound:
        errors = response.context["form"].errors.get(name, [])
        assert not [e for e in errors if "characters or fewer" in e], errors
        return
    form = response.context and response.context.get("form")
    assert response.status_code == page.ok_status, form.errors.as_data() if form else response.status_code
    if page.method == "get":
        assert not form.errors


@pytest.mark.parametrize(("page", "name"), text_field_cases(), ids=lambda v: str(v))
def test_text_over_its_limit_is_refused_with_the_same_message_and_kept(world, as_persona, page, name):
    field = page.form.base_fields[name]
    limit = field.max_length
    typed = sample(field, name, limit + 1)
    response = submit(as_persona(page.persona), page, world, **{name: typed})

    assert response.status_code in (200, 400)
    message = f"{expected_label(page, name)} must be {limit:,} characters or fewer (it has {limit + 1:,})"
    assert response.context["form"].errors[name] == [message]
    text = page_text(response)
    if page.has_summary:
        assert message in error_summary(response), "the error summary should list it"
        assert text.count(message) >= 2, "the message should also be shown next to the field"
    else:
        assert message in text
    assert value_on_page(response, name) == typed, "what was typed should be back in the field"
    assert f'maxlength="{limit}"' not in response.content.decode(), "a browser limit would cut pasted text"


@pytest.mark.parametrize(("page", "name"), text_field_cases(), ids=lambda v: str(v))
def test_a_null_character_in_any_text_field_is_a_form_error(world, as_persona, page, name):
    """PostgreSQL cannot store NUL in text: it must stop at the form, in words."""
    response = submit(as_persona(page.persona), page, world, **{name: "Breathe\x00easy"})
    assert response.status_code in (200, 400)
    message = (
        f"{expected_label(page, name)} contains a character that cannot be stored (a null character). "
        "Remove it and try again"
    )
    assert message in response.context["form"].errors[name]


def test_the_movement_name_says_how_long_it_may_be(world, as_persona):
    """The newcomer's finding: the name field showed Django's raw message."""
    page = next(p for p in PAGES if p.name == "movement creation")
    response = submit(as_persona("user"), page, world, name="N" * 121)
    assert response.context["form"].errors["name"] == ["Movement name must be 120 characters or fewer (it has 121)"]


@pytest.mark.parametrize("name", ["website", "social_links"])
def test_links_that_grow_past_the_column_when_https_is_added_are_a_form_error(world, as_persona, name):
    """A link typed without https:// is stored with it, which can take it past its column: the same message."""
    page = next(p for p in PAGES if p.name == "movement creation")
    limit = page.form.base_fields[name].max_length
    typed = "example.org/" + "a" * (limit - len("example.org/"))
    response = submit(as_persona("user"), page, world, **{name: typed})
    assert response.status_code == 400
    (message,) = response.context["form"].errors[name]
    assert message.endswith(f"must be {limit:,} characters or fewer (it has {limit + len('https://'):,})")


# --- Ids the database could never hold -----------------------------------------------------

BAD_IDS = {
    "huge": "99999999999999999999999",
    "past 64 bits": str(2**63),
    "negative": "-1",
    "not a number": "abc",
    "null character": "1\x00",
    "only a null character": "\x00",
}


@pytest.mark.parametrize("bad", BAD_IDS.values(), ids=BAD_IDS.keys())
@pytest.mark.parametrize(("page", "name"), model_choice_cases(), ids=lambda v: str(v))
def test_bad_ids_in_model_choices_are_a_form_error(world, as_persona, page, name, bad):
    multiple = isinstance(page.form.base_fields[name], forms.ModelMultipleChoiceField)
    response = submit(as_persona(page.persona), page, world, **{name: [bad] if multiple else bad})
    assert response.status_code in (200, 400)
    errors = response.context["form"].errors.get(name)
    assert errors, f"{bad!r} in {name} should be a form error"
    assert all(message in page_text(response) for message in errors)


def test_model_choices_still_accept_every_real_choice(world, as_persona):
    from movements.models import FocusArea, WayOfImpact

    page = next(p for p in PAGES if p.name == "movement creation")
    ways = list(WayOfImpact.objects.values_list("pk", flat=True))
    areas = list(FocusArea.objects.values_list("pk", flat=True))
    response = submit(as_persona("user"), page, world, ways_of_impact=ways, focus_areas=areas)
    assert response.status_code == 302


# --- Models, for the admin and anything else that saves them ---------------------------------

# Written by the system, never typed by a person.
UNLIMITED_COLUMNS = {("notifications", "EmailDelivery", "last_error")}


def test_every_text_column_people_type_into_has_a_limit():
    from django.db import models

    problems = []
    for model in [model for config in project_apps() for model in config.get_models()]:
        for f in model._meta.get_fields():
            key = (model._meta.app_label, model.__name__, f.name)
            if not isinstance(f, models.CharField | models.TextField) or key in UNLIMITED_COLUMNS:
                continue
            if not f.max_length:
                problems.append(f"{key}: no max_length")
            elif isinstance(f, models.TextField) and not any(
                isinstance(v, MaxLengthValidator) and v.limit_value == f.max_length for v in f.validators
            ):
                problems.append(f"{key}: a TextField's max_length is not enforced without MaxLengthValidator")
    assert not problems, problems
