"""Every button and link a movement's pages offer is one the services accept.

The only lead organiser used to be offered "Make organiser", which answered 409. Here every
action on the organisers page (and the close and reopen links) is pressed, as every person who
sees it, in every shape of movement: a refusal of any offered action fails. The rules that decide
what is offered (movements.can_*) are also checked against the services directly.
"""

import pytest
from django.urls import reverse

from movements import services
from movements.models import Movement, Organiser
from tests.offered import accepted_then_undone, offered, press_everything, press_form
from tests.personas import PERSONAS
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

ACTION_LINKS = {
    "movements:organiser_remove",
    "movements:organiser_leave",
    "movements:close",
    "movements:reopen",
}
# Who organises movement A (every other persona is walked too, and is offered nothing there).
ORGANISERS_OF_A = {"lead_a", "organiser_a"}


def _with_an_invitation(movement, lead, organiser):
    services.invitation_create(actor=lead, movement=movement, email="ivy@example.org")


def _two_leads(movement, lead, organiser):
    Organiser.objects.filter(movement=movement, user=organiser).update(role=Organiser.Role.LEAD)


def _closed(movement, lead, organiser):
    services.movement_close(actor=lead, movement=movement, reason="")


def _pending(movement, lead, organiser):
    Movement.objects.filter(pk=movement.pk).update(status=Movement.Status.PENDING)


SHAPES = {
    "one lead, one organiser, an invitation": [_with_an_invitation],
    "two leads": [_two_leads, _with_an_invitation],
    "closed": [_closed],
    "waiting for approval": [_pending, _with_an_invitation],
}


def _pages(movement_a):
    slug = movement_a.slug
    return [
        reverse("movements:organisers", kwargs={"slug": slug}),
        reverse("movements:detail", kwargs={"slug": slug}),
    ]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("who", PERSONAS)
def test_every_offered_action_works(client, personas, movement_a, lead_a, organiser_a, shape, who):
    for make in SHAPES[shape]:
        make(movement_a, lead_a, organiser_a)
    if personas[who] is not None:
        sign_in(client, personas[who])
    everything = []
    for url in _pages(movement_a):
        status = client.get(url).status_code
        if status != 200:
            assert status in (302, 403, 404), (who, url, status)  # not theirs to see: nothing offered
            continue
        pressed, refusals = press_everything(client, url, links=ACTION_LINKS)
        assert not refusals, f"{who} on {url} ({shape}): offered but refused:\n" + "\n".join(refusals)
        everything += pressed
    if who == "lead_a":
        assert everything, "a lead organiser is offered something"
    if who not in ORGANISERS_OF_A:
        assert not everything, f"{who} is offered {everything} on movement A"


def test_the_edit_page_and_the_dashboard_offer_closing_and_reopening(client, movement_a, lead_a):
    sign_in(client, lead_a)
    edit = reverse("movements:edit", kwargs={"slug": movement_a.slug})
    # The edit form itself is for editing; the page's action is the link to close.
    pressed, refusals = press_everything(client, edit, links={"movements:close"}, forms=False)
    assert not refusals and any("Close" in p for p in pressed), (pressed, refusals)
    services.movement_close(actor=lead_a, movement=movement_a, reason="")
    pressed, refusals = press_everything(client, reverse("dashboard"), links={"movements:reopen"})
    assert not refusals and any("Reopen" in p for p in pressed), (pressed, refusals)


def _labels(client, url):
    return [label for label, _href, _form in offered(client.get(url).content.decode(), url, ACTION_LINKS)]


def test_the_only_lead_is_offered_neither_stepping_down_nor_leaving(client, movement_a, lead_a):
    sign_in(client, lead_a)
    url = reverse("movements:organisers", kwargs={"slug": movement_a.slug})
    labels = " | ".join(_labels(client, url))
    assert "Make organiser" not in labels and "Leave this movement" not in labels, labels
    assert "Make lead" in labels and "Remove" in labels  # for organiser_a
    body = client.get(url).content.decode()
    assert "You are the only lead organiser. To leave, first make someone else a lead" in body


def test_the_walk_reports_a_button_the_service_refuses(client, movement_a, lead_a):
    """The walk can fail: the button the page used to offer the only lead is reported as refused."""
    sign_in(client, lead_a)
    own = Organiser.objects.get(movement=movement_a, user=lead_a)
    url = reverse("movements:organiser_role", kwargs={"slug": movement_a.slug, "organiser_uuid": own.uuid})
    old_page = f"""<main><form method="post" action="{url}"><input type="hidden" name="role" value="organiser">
        <button type="submit">Make organiser</button></form></main>"""
    actions = offered(old_page, url, ACTION_LINKS)
    assert [label for label, _href, _form in actions] == ["Make organiser"]
    assert press_form(client, actions[0][2], url) == ["“Make organiser” → Make organiser: answered 409"]


def test_an_organiser_who_is_not_a_lead_is_offered_only_leaving(client, movement_a, organiser_a):
    sign_in(client, organiser_a)
    url = reverse("movements:organisers", kwargs={"slug": movement_a.slug})
    labels = _labels(client, url)
    # The invite form is every organiser's; role changes, removals and closing are the leads'.
    assert not [label for label in labels if "Make" in label or label.startswith("Remove")], labels
    assert any("Leave this movement" in label for label in labels)
    detail = reverse("movements:detail", kwargs={"slug": movement_a.slug})
    assert "Close this movement" not in client.get(detail).content.decode()


# --- The rules and the services agree ------------------------------------------------------------


@pytest.mark.parametrize("shape", ["one lead", "two leads"])
def test_each_rule_answers_as_its_service_does(movement_a, lead_a, organiser_a, shape):
    """For every organiser row: each role change, removal and leaving is offered exactly when accepted."""
    if shape == "two leads":
        _two_leads(movement_a, lead_a, organiser_a)
    cases = []
    for actor in (lead_a, organiser_a):
        for row in Organiser.objects.filter(movement=movement_a):
            row.movement = Movement.objects.get(pk=movement_a.pk)
            if row.role == Organiser.Role.LEAD:
                cases.append(
                    (actor, "movements.can_make_organiser", row, lambda a=actor, r=row: _role(a, r, "organiser"))
                )
            else:
                cases.append((actor, "movements.can_make_lead", row, lambda a=actor, r=row: _role(a, r, "lead")))
            cases.append((actor, "movements.can_remove_organiser", row, lambda a=actor, r=row: _remove(a, r)))
        movement = Movement.objects.get(pk=movement_a.pk)
        cases.append((actor, "movements.can_leave", movement, lambda a=actor, m=movement: _leave(a, m)))
    disagreements = []
    for actor, perm, obj, call in cases:
        offered_now = actor.has_perm(perm, obj)
        accepted = accepted_then_undone(call)
        if offered_now != accepted:
            disagreements.append(f"{actor.display_name} {perm} {obj}: offered={offered_now}, accepted={accepted}")
    assert len(cases) == 10
    assert not disagreements, "\n".join(disagreements)


def _role(actor, row, role):
    services.organiser_role_change(actor=actor, organiser=Organiser.objects.get(pk=row.pk), role=role)


def _remove(actor, row):
    services.organiser_remove(actor=actor, organiser=Organiser.objects.get(pk=row.pk))


def _leave(actor, movement):
    services.organiser_leave(actor=actor, movement=movement)
