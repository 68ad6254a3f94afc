"""No service assumes an object exists that the rules did not check.

Every service that acts on an object (an institution, a membership, a movement, ...) is
called with None for it (what a lookup that found nothing gives), by a superuser (platform
staff, whom the rules let do most things "in general") and by someone with no role: each
must refuse (PermissionDenied, or the 4xx problem its views show), never fail with an
AttributeError (a 500 in a view).
Services are found from each app's services package, so a new one is covered at once.
"""

import importlib
import inspect

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models

from movements.exceptions import InvitationProblem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SERVICE_PACKAGES = ["accounts", "institutions", "movements", "notifications", "engagements", "moderation"]
ACTORS = {"actor", "user", "moderator"}
OBJECTS = {"institution", "membership", "movement", "organiser", "invitation", "notification"}
# A plausible value for every other argument, so only the missing object can be the problem.
PLACEHOLDERS = {"approve": True, "is_signatory": False, "email": "someone@example.org", "role": "organiser"}


def _services():
    for app in SERVICE_PACKAGES:
        try:
            module = importlib.import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        for name in getattr(module, "__all__", []):
            function = getattr(module, name)
            if inspect.isfunction(function):
                yield f"{app}.{name}", function


def _object_params(params):
    return [
        name
        for name, spec in params.items()
        if name in OBJECTS
        or (inspect.isclass(spec.annotation) and issubclass(spec.annotation, models.Model) and name not in ACTORS)
    ]


def _acting_on_objects():
    found = []
    for name, function in _services():
        params = inspect.signature(function).parameters
        if ACTORS & set(params) and _object_params(params):
            found.append(pytest.param(function, id=name))
    return found


def test_the_services_are_found():
    names = {p.id for p in _acting_on_objects()}
    expected = {"institutions.membership_leave", "movements.organiser_remove", "notifications.notification_mark_read"}
    assert expected <= names and len(names) >= 20


@pytest.mark.parametrize("who", ["superuser", "no_role"])
@pytest.mark.parametrize("service", _acting_on_objects())
def test_service_refuses_an_object_it_was_not_given(service, who):
    person = UserFactory(is_superuser=True, is_staff=True) if who == "superuser" else UserFactory()
    params = inspect.signature(service).parameters
    missing = _object_params(params)
    kwargs = {}
    for name, spec in params.items():
        if spec.kind is spec.VAR_KEYWORD or (spec.default is not spec.empty and name not in missing):
            continue
        kwargs[name] = person if name in ACTORS else None if name in missing else PLACEHOLDERS.get(name, "x")
    with pytest.raises((PermissionDenied, InvitationProblem)) as refused:
        service(**kwargs)
    assert getattr(refused.value, "status", 403) in (403, 404)
