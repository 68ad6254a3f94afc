"""Of two people changing the same thing at once, one wins; the other gets a Conflict that says what
happened, on every state change, and ContractErrorMiddleware is the one place that answers it."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from core.contract import Conflict
from institutions import services as institution_services
from institutions.models import Institution, Membership
from movements import services as movement_services
from movements.models import Invitation, Movement, Organiser
from tests.engagements import races as engagement_races
from tests.factories import UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory, add_organiser

pytestmark = pytest.mark.django_db

PENDING = Movement.Status.PENDING


def fresh(obj):
    """Another copy of the row, as a page loaded before the first change would hold it."""
    return type(obj).objects.get(pk=obj.pk)


def _movement_decisions(first, second):
    def case():
        moderator = UserFactory(is_moderator=True)
        movement = MovementFactory(status=PENDING)
        stale = fresh(movement)
        first(moderator, movement)
        return lambda: second(moderator, stale)

    return case


def approve(moderator, movement):
    movement_services.movement_approve(actor=moderator, movement=movement, pending_only=True)


def reject(moderator, movement):
    movement_services.movement_reject(actor=moderator, movement=movement, reason="Say more.")


def hide_twice():
    moderator = UserFactory(is_moderator=True)
    movement = MovementFactory()
    stale = fresh(movement)
    movement_services.movement_hide(actor=moderator, movement=movement, reason="Spam.")
    return lambda: movement_services.movement_hide(actor=moderator, movement=stale, reason="Spam.")


def resubmit_twice():
    lead = UserFactory()
    movement = MovementFactory(status=Movement.Status.REJECTED, lead=lead)
    stale = fresh(movement)
    movement_services.movement_resubmit(actor=lead, movement=movement)
    return lambda: movement_services.movement_resubmit(actor=lead, movement=stale)


def close_twice():
    lead = UserFactory()
    movement = MovementFactory(lead=lead)
    stale = fresh(movement)
    movement_services.movement_close(actor=lead, movement=movement, reason="")
    return lambda: movement_services.movement_close(actor=lead, movement=stale, reason="")


def reopen_twice():
    lead = UserFactory()
    movement = MovementFactory(lead=lead)
    movement_services.movement_close(actor=lead, movement=movement, reason="")
    stale = fresh(movement)
    movement_services.movement_reopen(actor=lead, movement=movement)
    return lambda: movement_services.movement_reopen(actor=lead, movement=stale)


def _invitation(lead, movement, email="ivy@example.org"):
    invitation, _token = movement_services.invitation_create(actor=lead, movement=movement, email=email)
    return invitation


def accept_twice():
    lead, invitee = UserFactory(), UserFactory(email="ivy@example.org")
    invitation = _invitation(lead, MovementFactory(lead=lead))
    stale = fresh(invitation)
    movement_services.invitation_accept(actor=invitee, invitation=invitation)
    return lambda: movement_services.invitation_accept(actor=invitee, invitation=stale)


def accept_after_revoke():
    lead, invitee = UserFactory(), UserFactory(email="ivy@example.org")
    invitation = _invitation(lead, MovementFactory(lead=lead))
    stale = fresh(invitation)
    movement_services.invitation_revoke(actor=lead, invitation=invitation)
    return lambda: movement_services.invitation_accept(actor=invitee, invitation=stale)


def revoke_after_accept():
    lead, invitee = UserFactory(), UserFactory(email="ivy@example.org")
    invitation = _invitation(lead, MovementFactory(lead=lead))
    stale = fresh(invitation)
    movement_services.invitation_accept(actor=invitee, invitation=invitation)
    return lambda: movement_services.invitation_revoke(actor=lead, invitation=stale)


def remove_organiser_twice():
    lead = UserFactory()
    movement = MovementFactory(lead=lead)
    row = add_organiser(movement, UserFactory())
    stale = fresh(row)
    movement_services.organiser_remove(actor=lead, organiser=row)
    return lambda: movement_services.organiser_remove(actor=lead, organiser=stale)


def role_change_after_removal():
    lead = UserFactory()
    movement = MovementFactory(lead=lead)
    row = add_organiser(movement, UserFactory())
    stale = fresh(row)
    movement_services.organiser_remove(actor=lead, organiser=row)
    return lambda: movement_services.organiser_role_change(actor=lead, organiser=stale, role=Organiser.Role.LEAD)


def _institution_decisions(first, second):
    def case():
        moderator = UserFactory(is_moderator=True)
        institution = InstitutionFactory(status=Institution.Status.PENDING)
        stale = fresh(institution)
        first(moderator, institution)
        return lambda: second(moderator, stale)

    return case


def approve_institution(moderator, institution):
    institution_services.institution_approve(actor=moderator, institution=institution)


def reject_institution(moderator, institution):
    institution_services.institution_reject(actor=moderator, institution=institution, reason="Not NHS.")


def _membership_decisions(first, second):
    def case():
        admin = UserFactory()
        trust = InstitutionFactory()
        MembershipFactory(user=admin, institution=trust, role=Membership.Role.ADMIN)
        request = MembershipFactory(institution=trust, status=Membership.Status.PENDING)
        stale = fresh(request)
        first(admin, request)
        return lambda: second(admin, stale)

    return case


def approve_membership(admin, membership):
    institution_services.membership_approve(actor=admin, membership=membership)


def reject_membership(admin, membership):
    institution_services.membership_reject(actor=admin, membership=membership, reason="Unknown here.")


def remove_member_twice():
    admin = UserFactory()
    trust = InstitutionFactory()
    MembershipFactory(user=admin, institution=trust, role=Membership.Role.ADMIN)
    member = MembershipFactory(institution=trust)
    stale = fresh(member)
    institution_services.membership_remove(actor=admin, membership=member)
    return lambda: institution_services.membership_remove(actor=admin, membership=stale)


def leave_twice():
    """Two tabs: both asked the rules while the person was still a member."""
    person = UserFactory()
    trust = InstitutionFactory()
    MembershipFactory(user=person, institution=trust)
    stale = fresh(trust)
    assert person.has_perm("institutions.leave_institution", stale)
    institution_services.membership_leave(actor=person, institution=trust)
    return lambda: institution_services.membership_leave(actor=person, institution=stale)


CASES = {
    "movement approved, then rejected": _movement_decisions(approve, reject),
    "movement rejected, then approved": _movement_decisions(reject, approve),
    "movement approved twice": _movement_decisions(approve, approve),
    "movement hidden twice": hide_twice,
    "movement resubmitted twice": resubmit_twice,
    "movement closed twice": close_twice,
    "movement reopened twice": reopen_twice,
    "invitation accepted twice": accept_twice,
    "invitation accepted after it was withdrawn": accept_after_revoke,
    "invitation withdrawn after it was accepted": revoke_after_accept,
    "organiser removed twice": remove_organiser_twice,
    "role changed of an organiser who was removed": role_change_after_removal,
    "institution approved, then rejected": _institution_decisions(approve_institution, reject_institution),
    "institution rejected, then approved": _institution_decisions(reject_institution, approve_institution),
    "membership approved, then rejected": _membership_decisions(approve_membership, reject_membership),
    "membership rejected, then approved": _membership_decisions(reject_membership, approve_membership),
    "member removed twice": remove_member_twice,
    "membership left twice": leave_twice,
    **engagement_races.CASES,
}


# The services whose second call CASES makes; every service that changes a state must be here.
LOSERS = {
    "movement_approve",
    "movement_reject",
    "movement_hide",
    "movement_resubmit",
    "movement_update",  # movement_resubmit is movement_update(resubmit=True)
    "movement_close",
    "movement_reopen",
    "invitation_accept",
    "invitation_revoke",
    "institution_approve",
    "institution_reject",
    "membership_approve",
    "membership_reject",
    "membership_remove",
    "membership_leave",
    *engagement_races.LOSERS,
}


# Shared helpers that call transition() for the services: each service calling them has its own case.
HELPERS = {"draft_revise"}


def _services_that_change_a_state() -> set[str]:
    """Public functions of the services modules that call transition(), directly or through a
    helper (in any services module: a helper in one module used by services in another counts)."""
    base = Path(settings.BASE_DIR)
    calls: dict[str, set[str]] = {}
    for path in [*base.glob("*/services.py"), *base.glob("*/services/*.py")]:
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                called = {n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
                calls.setdefault(node.name, set()).update(called)
    changing = {name for name, called in calls.items() if "transition" in called}
    while True:
        more = {name for name, called in calls.items() if called & changing} - changing
        if not more:
            break
        changing |= more
    return {name for name in changing if not name.startswith("_")} - HELPERS


def test_every_service_that_changes_a_state_loses_a_race_here():
    changing = _services_that_change_a_state()
    assert {"movement_approve", "membership_leave", "invitation_revoke"} <= changing
    assert changing <= LOSERS, f"add a case for: {sorted(changing - LOSERS)}"


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_second_change_made_from_a_stale_page_is_a_conflict(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        second = case()
    with pytest.raises(Conflict) as lost:
        second()
    message = lost.value.message
    assert message.endswith(".") and len(message) > 30, message  # a sentence a person can act on


def test_the_loser_changes_nothing(django_capture_on_commit_callbacks):
    moderator = UserFactory(is_moderator=True)
    movement = MovementFactory(status=PENDING)
    stale = fresh(movement)
    reject(moderator, movement)
    with pytest.raises(Conflict, match="no longer waiting for approval: it is not approved"):
        approve(moderator, stale)
    row = fresh(movement)
    assert (row.status, row.rejection_reason) == (Movement.Status.REJECTED, "Say more.")
    assert stale.status == Movement.Status.REJECTED  # the loser's copy now shows what happened


def test_a_withdrawn_invitation_stays_withdrawn_and_is_not_accepted():
    case = accept_after_revoke()
    with pytest.raises(Conflict):
        case()
    invitation = Invitation.objects.get()
    assert invitation.revoked_at is not None and invitation.accepted_at is None


# --- The one place that answers a Conflict ------------------------------------------------------


@override_settings(ROOT_URLCONF="tests.core.conflict_urls")
def test_a_conflict_is_a_409_page_saying_what_happened_with_a_way_back(client, user):
    client.force_login(user)
    response = client.get("/conflict/", HTTP_REFERER="http://testserver/movements/?page=2")
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else got there first" in body and "it is now approved." in body
    assert 'href="http://testserver/movements/?page=2"' in body
    assert "nhsuk-header" in body  # the site's layout, not a bare error


@override_settings(ROOT_URLCONF="tests.core.conflict_urls")
@pytest.mark.parametrize(
    ("signed_in", "referer", "onward"),
    [
        (True, "https://elsewhere.example/", "/dashboard/"),
        (True, "", "/dashboard/"),
        (False, "https://elsewhere.example/", "/"),
    ],
)
def test_the_way_back_never_leaves_the_site(client, user, signed_in, referer, onward):
    if signed_in:
        client.force_login(user)
    response = client.get("/conflict/", HTTP_REFERER=referer)
    assert response.status_code == 409
    assert f'href="{onward}"' in response.content.decode()
    assert "elsewhere.example" not in response.content.decode()


@override_settings(ROOT_URLCONF="tests.core.conflict_urls")
def test_a_conflict_that_names_a_place_goes_there_with_the_message(client, user):
    client.force_login(user)
    response = client.post("/conflict-with-a-place/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    warnings = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert [str(m) for m in warnings] == ["Someone else approved it first: it is now approved."]


def test_withdrawing_an_invitation_someone_just_accepted_says_so_on_the_organisers_page(client):
    lead, invitee = UserFactory(), UserFactory(email="ivy@example.org")
    movement = MovementFactory(lead=lead)
    invitation = _invitation(lead, movement)
    movement_services.invitation_accept(actor=invitee, invitation=invitation)
    client.force_login(lead)
    url = reverse("movements:invitation_revoke", kwargs={"slug": movement.slug, "invitation_uuid": invitation.uuid})
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("movements:organisers", kwargs={"slug": movement.slug})
    assert "That invitation has already been accepted or withdrawn." in response.content.decode()
