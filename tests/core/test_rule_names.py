"""Every permission the code asks for is a rule an app defines, and no rule is named like a model permission.

User.has_perm sends the rules' names to the rules and every other name to Django, where a
superuser passes any check. A view that asked for a name no rule defines (a typo, or an old
name such as "movements.change_movement") would so let every superuser through and nobody
else; a rule named like a model permission would answer the Django admin's questions.
"""

import re
from pathlib import Path

import rules
from django.apps import apps
from django.conf import settings

APPS = ["accounts", "core", "institutions", "movements", "notifications", "engagements", "moderation"]
NAME = r"([a-z_]+\.[a-z_]+)"
ASKS = [
    re.compile(r"has_perm\(\s*" + f'"{NAME}"'),
    re.compile(r"\brequire\(\s*\w+,\s*" + f'"{NAME}"'),
    re.compile(r"\bperm\s*=\s*" + f'"{NAME}"'),
    re.compile(r"institution_for\([^)]*" + f'"{NAME}"'),
    re.compile(r"{%\s*has_perm\s+" + f'"{NAME}"'),
]
RULE_ASKS = [re.compile(r"test_rule\(\s*" + f'"{NAME}"')]
CONSTANT = re.compile(r"^([A-Z_]+) = " + f'"{NAME}"', re.MULTILINE)  # VIEW = "...", then has_perm(VIEW, ...)


def _sources():
    base = Path(settings.BASE_DIR)
    for app in APPS:
        yield from (base / app).rglob("*.py")
    yield from (base / "templates").rglob("*.html")


def _asked(patterns, *, constants=False):
    found = {}
    for path in _sources():
        text = path.read_text()
        for pattern in patterns:
            for name in pattern.findall(text):
                found.setdefault(name, path.name)
        for constant, name in CONSTANT.findall(text) if constants else []:
            if re.search(rf"(has_perm\(|perm=|perm: str = ){constant}\b", text):
                found.setdefault(name, path.name)
    return found


def test_every_permission_asked_for_is_a_site_rule():
    asked = _asked(ASKS, constants=True)
    assert {"institutions.see_institution", "movements.edit_movement", "movements.moderate_movement"} <= set(asked)
    unknown = {name: where for name, where in asked.items() if not rules.perm_exists(name)}
    assert not unknown, f"no rule defines these permissions: {unknown}"


def test_every_rule_asked_for_is_defined():
    unknown = {name: where for name, where in _asked(RULE_ASKS).items() if not rules.rule_exists(name)}
    assert not unknown, f"no rule defines these: {unknown}"


def model_permissions() -> set[str]:
    names = set()
    for model in apps.get_models():
        opts = model._meta
        names |= {f"{opts.app_label}.{action}_{opts.model_name}" for action in opts.default_permissions}
        names |= {f"{opts.app_label}.{codename}" for codename, _ in opts.permissions}
    return names


def test_no_site_rule_shares_a_name_with_a_django_model_permission():
    """The admin asks for model permissions by name: a rule of the same name would answer instead."""
    clash = sorted(set(rules.permissions.permissions) & model_permissions())
    assert not clash, f"rename these site rules (see_/edit_/create_, not view_/change_/add_): {clash}"
