"""Every service, view and admin action follows the one write contract (docs/architecture.md).

Class tests: each walks all the code of its kind (every service function, every views module,
every project module), so new code that takes a different way fails here on the day it is added.
"""

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django.conf import settings

APPS = ["accounts", "core", "engagements", "institutions", "moderation", "movements", "notifications"]
BASE = Path(settings.BASE_DIR)


def _service_modules():
    for app in APPS:
        try:
            package = importlib.import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        yield package
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            yield importlib.import_module(f"{app}.services.{info.name}")


def _service_functions():
    for module in _service_modules():
        for name, function in vars(module).items():
            if inspect.isfunction(function) and function.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{module.__name__}.{name}", function


def _public_services():
    """What each app offers other code: its services package's __all__ (or every function of services.py)."""
    for module in _service_modules():
        if not module.__name__.endswith(".services"):
            continue
        names = getattr(module, "__all__", None) or [
            n for n, f in vars(module).items() if inspect.isfunction(f) and f.__module__ == module.__name__
        ]
        for name in names:
            yield f"{module.__name__}.{name}", getattr(module, name)


def test_the_services_are_found():
    names = {name for name, _ in _public_services()}
    assert {"movements.services.movement_approve", "institutions.services.institution_approve"} <= names
    assert "accounts.services.user_delete" in names and len(names) >= 30


def _params(found):
    return [pytest.param(name, function, id=name) for name, function in found]


@pytest.mark.parametrize(("name", "function"), _params(_service_functions()))
def test_the_acting_person_is_always_actor(name, function):
    people = {"user", "moderator", "by", "requester"} & set(inspect.signature(function).parameters)
    assert not people, f"{name} takes the acting person as {people}: call it actor="


@pytest.mark.parametrize(("name", "function"), _params(_public_services()))
def test_every_service_takes_keyword_arguments_only(name, function):
    positional = [
        p.name
        for p in inspect.signature(function).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    assert not positional, f"{name}({', '.join(positional)}, ...): make them keyword-only (*, ...)"


def test_decisions_are_named_one_way():
    """<thing>_approve and <thing>_reject, in every app: no <thing>_decide(approve=...)."""
    names = {name.rsplit(".", 1)[1] for name, _ in _public_services()}
    assert not {n for n in names if n.endswith("_decide")}, names
    for thing in ("movement", "institution", "membership"):
        assert {f"{thing}_approve", f"{thing}_reject"} <= names


# --- Source checks ------------------------------------------------------------------------------


def _project_modules():
    for app in APPS:
        for path in (BASE / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(), filename=str(path))


def _exception_names(node) -> set[str]:
    if node is None:
        return set()
    parts = node.elts if isinstance(node, ast.Tuple) else [node]
    return {p.attr if isinstance(p, ast.Attribute) else getattr(p, "id", "") for p in parts}


def test_permission_failures_are_raised_by_require_alone():
    """No bare PermissionDenied and no Python PermissionError: every refusal is require(actor, perm, obj)."""
    found = []
    for path, tree in _project_modules():
        if path == BASE / "core" / "contract.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and node.exc is not None:
                raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if _exception_names(raised) & {"PermissionDenied", "PermissionError"}:
                    found.append(f"{path.relative_to(BASE)}:{node.lineno}")
    assert not found, f"raise through core.contract.require instead: {found}"


CONTRACT_ERRORS = {"ValidationError", "Conflict", "PermissionDenied"}


def _views_modules():
    for path, tree in _project_modules():
        if path.name == "views.py" or path.parent.name == "views":
            yield path, tree


def test_views_modules_are_found():
    names = {str(path.relative_to(BASE)) for path, _ in _views_modules()}
    assert {"movements/views/review.py", "institutions/views/manage.py", "notifications/views.py"} <= names


def test_no_view_inspects_a_contract_error():
    """Views hand a service's error to core.forms.add_service_errors or core.contract.error_messages.

    They never read its insides (.code, .error_dict, .messages, hasattr(...)) and never catch a
    Conflict: ContractErrorMiddleware is the one place that answers it.
    """
    found = []
    for path, tree in _views_modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ExceptHandler):
                continue
            caught = _exception_names(node.type)
            where = f"{path.relative_to(BASE)}:{node.lineno}"
            if "Conflict" in caught:
                found.append(f"{where} catches Conflict")
            if not (caught & CONTRACT_ERRORS) or not node.name:
                continue
            for inner in ast.walk(ast.Module(body=node.body, type_ignores=[])):
                if isinstance(inner, ast.Attribute) and getattr(inner.value, "id", None) == node.name:
                    found.append(f"{where} reads {node.name}.{inner.attr}")
                if (
                    isinstance(inner, ast.Call)
                    and getattr(inner.func, "id", None) in {"hasattr", "getattr"}
                    and inner.args
                    and getattr(inner.args[0], "id", None) == node.name
                ):
                    found.append(f"{where} asks {inner.func.id}({node.name}, ...)")
    assert not found, found


# Status columns written other than by transition(), each for a reason that is not one person's change.
NOT_TRANSITIONS = {
    # Rejecting a registration also closes its memberships, in the same transaction as its transition().
    ("institutions/services/registration.py", "Membership"),
    # The email queue: workers claim rows conditionally, and a lost claim is skipped, not a conflict.
    ("notifications/services/delivery.py", "EmailDelivery"),
    ("notifications/services/delivery.py", "stuck"),
    ("notifications/services/digests.py", "EmailDelivery"),
    ("notifications/services/preferences.py", "waiting"),
    # A commitment's current status follows the newest-dated check-in: a late-entered older one is
    # skipped by the conditional UPDATE (it stays in the history), not a conflict.
    ("engagements/services/checkins.py", "CommitmentProgress"),
}


def _model_of_update(call: ast.Call) -> str:
    """'Membership' in Membership.objects.filter(...).update(...), or a local variable's name."""
    assert isinstance(call.func, ast.Attribute)
    node = call.func.value
    while isinstance(node, ast.Call | ast.Attribute):
        node = node.func if isinstance(node, ast.Call) else node.value
    return getattr(node, "id", "")


def test_status_columns_change_only_through_transition():
    """Of two people changing the same row's state at once, one wins and the other gets a Conflict:
    that is transition()'s job, so no service writes a status column any other way."""
    found = []
    for path, tree in _project_modules():
        relative = str(path.relative_to(BASE))
        if "services" not in path.parts and path.name != "services.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update":
                if any(k.arg == "status" for k in node.keywords):
                    model = _model_of_update(node)
                    if (relative, model) not in NOT_TRANSITIONS:
                        found.append(f"{relative}:{node.lineno} {model}.update(status=...)")
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "status":
                        found.append(f"{relative}:{node.lineno} sets .status")
    assert not found, f"use core.contract.transition: {found}"
