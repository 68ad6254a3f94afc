"""Every form of the project, found by introspection, and the real page each is submitted on.

`project_form_classes()` finds the forms; `PAGES` says, for each, who submits it where and
what a complete, valid submission is. A new form with text or model choices and no page
here fails tests/forms/test_every_form.py until it is added.
"""

import importlib
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from accounts import forms as account_forms
from core import admin as core_admin
from engagements import forms as engagement_forms
from engagements import forms_register
from institutions import forms as institution_forms
from movements import forms as movement_forms
from tests.forms.catalogue_agreements import ACCOUNTABILITY_PAGES
from tests.forms.page import Page

PASSWORD = "a-long-unusual-passphrase-81"


def project_apps():
    """The project's own apps: folders at the top of the repository (not libraries in a virtualenv there)."""
    return [config for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)]


def project_form_classes() -> list[type]:
    """Every form class defined in the project's apps (forms, admin and views modules)."""
    names = set()
    for config in project_apps():
        names.add(config.name)
        for module in ("forms", "admin", "views"):
            try:
                importlib.import_module(f"{config.name}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.{module}":
                    raise
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in names and not sub.__module__.startswith("core.forms"):
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def form_fields(form_class) -> dict:
    """The fields a form shows, including those it adds in __init__ where it can be built bare."""
    try:
        return dict(form_class().fields)
    except TypeError:  # needs arguments only its view has
        return dict(form_class.base_fields)


def is_text(field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput | forms.HiddenInput)


def is_model_choice(field) -> bool:
    return isinstance(field, forms.ModelChoiceField)


def _movement_data(world):
    return {
        "name": "Clean Air Together",
        "summary": "Neighbours asking for cleaner air near schools.",
        "description": "We measure the air and talk to the council.",
        "ways_of_impact": [world.way.pk],
        "focus_areas": [],
        "direction": "promote",
        "stage": "emergence",
        "regions": ["london"],
        "size": "10-50",
        "website": "",
        "social_links": "",
        "open_to_proposals": "on",
    }


PAGES = [
    Page(
        "sign-up",
        account_forms.SignupForm,
        "visitor",
        lambda w: reverse("account_signup"),
        lambda w: {"display_name": "Nia New", "email": "nia@example.net", "password1": PASSWORD, "password2": PASSWORD},
        dropped=frozenset({"username"}),
    ),
    Page(
        "profile name",
        account_forms.DisplayNameForm,
        "user",
        lambda w: reverse("account_profile"),
        lambda w: {"display_name": "Una Renamed"},
    ),
    Page(
        "institution directory",
        institution_forms.DirectoryFilterForm,
        "visitor",
        lambda w: reverse("institutions:directory"),
        lambda w: {"q": "trust"},
        method="get",
        ok_status=200,
    ),
    Page(
        "institution registration",
        institution_forms.RegisterInstitutionForm,
        "user",
        lambda w: reverse("institutions:register"),
        lambda w: {
            "name": "Riverside Health",
            "ods_code": "RY9",
            "org_type": "nhs_trust",
            "region": "london",
            "website": "",
            "description": "",
            "proposed_domains": "",
        },
        format_bound=frozenset({"ods_code"}),
    ),
    Page(
        "institution profile edit",
        institution_forms.InstitutionEditForm,
        "admin_x",
        lambda w: reverse("institutions:edit", kwargs={"ods_code": w.institution_x.ods_code}),
        lambda w: {
            "name": "Example Trust",
            "org_type": "nhs_trust",
            "region": "london",
            "website": "",
            "description": "",
            "response_deadline_working_days": "15",
            "open_to_models": [w.engagement_model.slug],
        },
    ),
    Page(
        "ask to join",
        institution_forms.JoinForm,
        "user",
        lambda w: reverse("institutions:join", kwargs={"ods_code": w.institution_x.ods_code}),
        lambda w: {"request_note": "Staff nurse, ward 12"},
    ),
    Page(
        "membership decision",
        institution_forms.DecisionForm,
        "admin_x",
        lambda w: reverse(
            "institutions:member_decide",
            kwargs={"ods_code": w.institution_x.ods_code, "membership_uuid": w.pending_request.uuid},
        ),
        lambda w: {"decision": "reject", "reason": "We cannot find you in our staff list."},
    ),
    Page(
        "institution review",
        institution_forms.DecisionForm,
        "moderator",
        lambda w: reverse("institutions:review", kwargs={"ods_code": w.pending_institution.ods_code}),
        lambda w: {"decision": "reject", "reason": "This is not an NHS body."},
    ),
    Page(
        "member removal",
        institution_forms.RemoveMemberForm,
        "admin_x",
        lambda w: reverse(
            "institutions:member_remove",
            kwargs={"ods_code": w.institution_x.ods_code, "membership_uuid": w.member_x_membership.uuid},
        ),
        lambda w: {"reason": "Left the trust in May."},
    ),
    Page(
        "verified domains",
        institution_forms.DomainForm,
        "moderator",
        lambda w: reverse("institutions:domains", kwargs={"ods_code": w.institution_x.ods_code}),
        lambda w: {"domain": "riverside-health.nhs.uk"},
    ),
    Page(
        "admin: reject institutions",
        core_admin.RejectForm,
        "superuser",
        lambda w: reverse("admin:institutions_institution_changelist"),
        lambda w: {
            "action": "reject_selected",
            "_selected_action": [w.pending_institution.pk],
            "apply": "1",
            "reason": "Duplicate of another record.",
        },
        has_summary=False,
    ),
    Page(
        "movement creation",
        movement_forms.MovementForm,
        "user",
        lambda w: reverse("movements:create"),
        _movement_data,
    ),
    Page(
        "movement edit",
        movement_forms.MovementForm,
        "lead_a",
        lambda w: reverse("movements:edit", kwargs={"slug": w.movement_a.slug}),
        _movement_data,
    ),
    Page(
        "organiser invitation",
        movement_forms.InvitationForm,
        "lead_a",
        lambda w: reverse("movements:organiser_invite", kwargs={"slug": w.movement_a.slug}),
        lambda w: {"email": "friend@example.net", "role": "organiser"},
    ),
    Page(
        "movement closing",
        movement_forms.CloseForm,
        "lead_a",
        lambda w: reverse("movements:close", kwargs={"slug": w.movement_a.slug}),
        lambda w: {"reason": "We achieved what we set out to do."},
    ),
    Page(
        "movement review",
        movement_forms.ReviewForm,
        "moderator",
        lambda w: reverse("movements:review", kwargs={"slug": w.pending_movement.slug}),
        lambda w: {"decision": "reject", "reason": "Say more about what you want to change."},
    ),
    Page(
        "admin: reject movements",
        core_admin.RejectForm,
        "superuser",
        lambda w: reverse("admin:movements_movement_changelist"),
        lambda w: {
            "action": "reject_selected",
            "_selected_action": [w.pending_movement.pk],
            "apply": "1",
            "reason": "Say more about what you want to change.",
        },
        has_summary=False,
    ),
    Page(
        "movement directory",
        movement_forms.DirectoryFilterForm,
        "visitor",
        lambda w: reverse("movements:list"),
        lambda w: {"q": "care"},
        method="get",
        ok_status=200,
    ),
    Page(
        "public register of agreements",
        forms_register.RegisterFilterForm,
        "visitor",
        lambda w: reverse("agreements:list"),
        lambda w: {"q": "peer", "region": "london"},
        method="get",
        ok_status=200,
    ),
]


def _step(slug):
    return lambda w: reverse("engagements:step", kwargs={"engagement_uuid": w.draft.uuid, "step": slug})


def _on_sent(name):
    return lambda w: reverse(name, kwargs={"engagement_uuid": w.sent.uuid})


PAGES += [
    Page("proposal title", engagement_forms.TitleForm, "lead_a", _step("title"), lambda w: {"title": "Peer support"}),
    Page("proposal ask", engagement_forms.AskForm, "lead_a", _step("ask"), lambda w: {"ask": "A room."}),
    Page(
        "proposal: what each brings",
        engagement_forms.BringsForm,
        "lead_a",
        _step("brings"),
        lambda w: {"movement_brings": "Peers.", "institution_brings": "A room."},
    ),
    Page(
        "proposal: purpose",
        engagement_forms.PurposeForm,
        "lead_a",
        _step("purpose"),
        lambda w: {"shared_purpose": "Less alone.", "outcomes": ""},
    ),
    Page(
        "proposal: timescale",
        engagement_forms.TimescaleForm,
        "lead_a",
        _step("timescale"),
        lambda w: {"timescale": "1 year"},
    ),
    Page(
        "engagement: request changes",
        engagement_forms.ReasonForm,
        "admin_x",
        _on_sent("engagements:request_changes"),
        lambda w: {"reason": "Fewer sessions."},
    ),
    Page(
        "engagement: decline",
        engagement_forms.DeclineForm,
        "admin_x",
        _on_sent("engagements:decline"),
        lambda w: {"category": "other", "reason": "Not this year."},
    ),
    Page(
        "engagement: withdraw",
        engagement_forms.WithdrawForm,
        "lead_a",
        _on_sent("engagements:withdraw"),
        lambda w: {"reason": "We changed our plans."},
    ),
    Page(
        "engagement: comment",
        engagement_forms.CommentForm,
        "lead_a",
        _on_sent("engagements:comment"),
        lambda w: {"body": "We can start in May."},
    ),
    Page(
        "engagement: reviewer note",
        engagement_forms.NoteForm,
        "admin_x",
        _on_sent("engagements:note"),
        lambda w: {"note": "Budget is tight."},
    ),
]


# The accountability record's forms (shared purpose, agreement, check-ins) are listed apart.
PAGES += ACCOUNTABILITY_PAGES


def text_field_cases():
    """(page, field name) for every free-text field of every page.

    From the class's fields, as tests are collected without a database; test_every_form checks
    that no form adds text fields in __init__ that this would miss.
    """
    return [
        (page, name)
        for page in PAGES
        for name, f in page.form.base_fields.items()
        if is_text(f) and name not in page.dropped
    ]


def model_choice_cases():
    return [(page, name) for page in PAGES for name, f in page.form.base_fields.items() if is_model_choice(f)]
