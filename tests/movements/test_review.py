"""Moderators approve and reject movements in the browser: the queue, the review page,
the links to them, and what happens when two moderators decide at once."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.contract import Conflict
from moderation.models import ModerationAction
from movements import services
from movements.models import Movement
from tests.factories import UserFactory
from tests.matrix import LOGIN, SET_UP_TWO_FACTOR, assert_matrix, redirect, refusals_then
from tests.signin import sign_in

from .factories import MovementFactory, add_organiser

pytestmark = pytest.mark.django_db

QUEUE = reverse("movements:awaiting_approval")


def review_url(movement):
    return reverse("movements:review", kwargs={"slug": movement.slug})


def messages_in(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Permission matrix ----------------------------------------------------------------------

STAFF = ("moderator", "superuser")
NO_TWO_FACTOR = "moderator_without_two_factor"


def test_queue_is_for_moderators_only(as_persona, pending_movement, movement_b):
    assert_matrix(as_persona, QUEUE, {"visitor": LOGIN, STAFF: 200, NO_TWO_FACTOR: SET_UP_TWO_FACTOR}, others=404)


# The pending movement is invisible to everyone but its organisers and platform staff (404);
# its organisers can see it but not decide on it (403).
REVIEW = {"visitor": LOGIN, ("lead_a", "organiser_a"): 403, NO_TWO_FACTOR: SET_UP_TWO_FACTOR}


def test_review_page_matrix(as_persona, pending_movement, movement_b):
    assert_matrix(as_persona, review_url(pending_movement), {**REVIEW, STAFF: 200}, others=404)


@pytest.mark.parametrize("allowed", STAFF)
def test_review_decision_matrix(as_persona, personas, pending_movement, movement_b, allowed):
    # The decision is made and the moderator goes back to the queue; nobody refused changed anything.
    assert_matrix(
        as_persona,
        review_url(pending_movement),
        {**REVIEW, allowed: redirect(QUEUE)},
        others=404,
        method="post",
        data={"decision": "reject", "reason": "Not for you to decide."},
        only=refusals_then(allowed, STAFF),
    )
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.REJECTED
    assert list(ModerationAction.objects.values_list("moderator__email", flat=True)) == [personas[allowed].email]


def test_unknown_movement_is_404_for_a_moderator(client, moderator):
    sign_in(client, moderator)
    assert client.get("/movements/no-such-movement/review/").status_code == 404


def test_awaiting_approval_is_a_reserved_slug(lead_a):
    movement = services.movement_create(
        actor=lead_a,
        name="Awaiting approval",
        summary="A name that would shadow the queue.",
        description="Words.",
        direction="promote",
        stage="emergence",
        size="under-10",
        ways_of_impact=[],
        regions=["london"],
    )
    assert movement.slug != "awaiting-approval"


# --- The queue --------------------------------------------------------------------------------


def test_queue_lists_pending_movements_oldest_first_with_their_lead(client, moderator, pending_movement, movement_a):
    older = MovementFactory(name="Older Owls", slug="older-owls", status=Movement.Status.PENDING)
    Movement.objects.filter(pk=older.pk).update(submitted_at=pending_movement.submitted_at.replace(year=2020))
    sign_in(client, moderator)
    response = client.get(QUEUE)
    names = [m.name for m in response.context["page_obj"].object_list]
    assert names == ["Older Owls", "Pending Pals"]  # the approved movement is not listed
    body = response.content.decode()
    assert f'href="{review_url(pending_movement)}"' in body
    assert "Leah Lead" in body


def test_queue_marks_movements_sent_again(client, moderator, rejected_movement, lead_a):
    services.movement_resubmit(actor=lead_a, movement=rejected_movement)
    sign_in(client, moderator)
    assert "Sent again" in client.get(QUEUE).content.decode()


def test_empty_queue(client, moderator):
    sign_in(client, moderator)
    assert "No movements are waiting for approval." in client.get(QUEUE).content.decode()


def test_queue_paginates(client, moderator):
    MovementFactory.create_batch(27, status=Movement.Status.PENDING)
    sign_in(client, moderator)
    assert len(client.get(QUEUE).context["page_obj"].object_list) == 25
    assert len(client.get(QUEUE, {"page": "2"}).context["page_obj"].object_list) == 2
    assert client.get(QUEUE, {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_queue_query_budget(client, moderator, django_assert_num_queries, size):
    MovementFactory.create_batch(size, status=Movement.Status.PENDING)
    sign_in(client, moderator)
    with django_assert_num_queries(7):
        # 1. session  2. user  3. TOTP authenticator exists (2FA middleware; a moderator
        # needs 2FA without asking the database)  4. count of pending movements (paginator)
        # 5. unread notifications (header)  6. the page of movements
        # 7. their lead organisers with their users
        response = client.get(QUEUE)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == size


# --- The review page -------------------------------------------------------------------------


def test_review_page_shows_the_movement_and_the_form(client, moderator, pending_movement):
    sign_in(client, moderator)
    body = client.get(review_url(pending_movement)).content.decode()
    assert "Review Pending Pals" in body
    assert "nhsuk-summary-list" in body
    # Addresses may wrap after the @ and before dots (the email_breaks filter).
    assert "leah@<wbr>example<wbr>.org" in body and "omar@<wbr>example<wbr>.org" in body
    assert 'name="decision"' in body and 'value="approve"' in body and 'value="reject"' in body
    assert 'name="reason"' in body
    assert "not approved before" not in body


def test_review_page_shows_the_previous_reason_for_a_resubmitted_movement(client, moderator, rejected_movement, lead_a):
    services.movement_resubmit(actor=lead_a, movement=rejected_movement)
    sign_in(client, moderator)
    body = client.get(review_url(rejected_movement)).content.decode()
    assert "Why it was not approved before" in body
    assert "Say more about what you want to change." in body


def test_approve(client, moderator, pending_movement, lead_a, organiser_a, django_capture_on_commit_callbacks):
    sign_in(client, moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(pending_movement), {"decision": "approve", "reason": ""})
    assert response.status_code == 302 and response.url == QUEUE
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.APPROVED
    action = ModerationAction.objects.get()
    assert (action.action, action.moderator) == ("movement_approve", moderator)
    assert {m.to[0] for m in mail.outbox} >= {lead_a.email, organiser_a.email}
    assert any("is now public" in m.subject for m in mail.outbox)
    assert "You approved Pending Pals" in " ".join(messages_in(client.get(QUEUE)))
    # Now public: anyone may see it.
    client.logout()
    assert client.get(reverse("movements:detail", kwargs={"slug": "pending-pals"})).status_code == 200


def test_approve_with_a_note_records_it(client, moderator, pending_movement):
    sign_in(client, moderator)
    client.post(review_url(pending_movement), {"decision": "approve", "reason": "Checked their website."})
    assert ModerationAction.objects.get().reason == "Checked their website."


def test_reject(client, moderator, pending_movement, lead_a, organiser_a, django_capture_on_commit_callbacks):
    sign_in(client, moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(pending_movement), {"decision": "reject", "reason": "Say who you are."})
    assert response.status_code == 302 and response.url == QUEUE
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.REJECTED
    assert pending_movement.rejection_reason == "Say who you are."
    action = ModerationAction.objects.get()
    assert (action.action, action.reason) == ("movement_reject", "Say who you are.")
    to_organisers = [m for m in mail.outbox if m.to[0] in {lead_a.email, organiser_a.email}]
    assert len(to_organisers) == 2
    assert all("Say who you are." in m.body for m in to_organisers)


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_reject_without_a_reason_changes_nothing(client, moderator, pending_movement, reason):
    sign_in(client, moderator)
    response = client.post(review_url(pending_movement), {"decision": "reject", "reason": reason})
    assert response.status_code == 400
    body = response.content.decode()
    assert "nhsuk-error-summary" in body
    assert "Give the organisers a reason" in body
    assert re.search(r'value="reject"[^>]*checked', body)  # the choice made is kept
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.PENDING
    assert not ModerationAction.objects.exists()


def test_no_decision_and_an_overlong_reason_are_explained(client, moderator, pending_movement):
    sign_in(client, moderator)
    response = client.post(review_url(pending_movement), {"reason": "x" * 2001})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose whether to approve or reject this movement" in body
    assert "2,000 characters or fewer" in body
    assert "x" * 2001 in body  # what was typed is kept


def test_an_already_decided_movement_is_not_reviewed_again(client, moderator, movement_a):
    sign_in(client, moderator)
    response = client.get(review_url(movement_a), follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert "Breathe Together is not waiting for approval: it is approved." in messages_in(response)


@pytest.mark.parametrize(
    "first,second,final",
    [
        ("reject", "approve", Movement.Status.REJECTED),
        ("approve", "reject", Movement.Status.APPROVED),
        ("approve", "approve", Movement.Status.APPROVED),
        ("reject", "reject", Movement.Status.REJECTED),
    ],
)
def test_second_moderator_is_told_the_movement_was_decided(client, moderator, pending_movement, first, second, final):
    """Both moderators opened the page while it was pending; the second to press the button loses."""
    other = UserFactory(is_moderator=True)
    if first == "approve":
        services.movement_approve(actor=other, movement=pending_movement, pending_only=True)
    else:
        services.movement_reject(actor=other, movement=pending_movement, reason="Too vague.")
    # The second moderator's decision arrives after the first has been saved.
    sign_in(client, moderator)
    response = client.post(review_url(pending_movement), {"decision": second, "reason": "My reason."}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert any("not waiting for approval" in m for m in messages_in(response))
    pending_movement.refresh_from_db()
    assert pending_movement.status == final
    assert ModerationAction.objects.count() == 1


def test_approve_pending_only_refuses_a_movement_rejected_meanwhile(moderator, pending_movement):
    """The service re-reads the status under the row lock: a rejection made since the page was
    loaded is not overturned by an approval."""
    stale = Movement.objects.get(pk=pending_movement.pk)
    services.movement_reject(actor=moderator, movement=pending_movement, reason="Too vague.")
    with pytest.raises(Conflict, match="no longer waiting for approval"):
        services.movement_approve(actor=moderator, movement=stale, pending_only=True)
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.REJECTED
    # Without pending_only (the admin's bulk action), a rejected movement can still be approved.
    services.movement_approve(actor=moderator, movement=stale)
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.APPROVED


def test_view_refuses_a_decision_made_between_loading_and_locking(client, moderator, pending_movement, monkeypatch):
    """The race itself: the view has read the movement as pending, then another moderator
    rejects it before the view's service call takes the row lock."""
    from movements.views import review as review_views

    other = UserFactory(is_moderator=True)
    real_approve = services.movement_approve

    def approve_after_someone_else_rejects(**kwargs):
        services.movement_reject(actor=other, movement=kwargs["movement"], reason="Too vague.")
        return real_approve(**kwargs)

    monkeypatch.setattr(review_views.services, "movement_approve", approve_after_someone_else_rejects)
    sign_in(client, moderator)
    response = client.post(review_url(pending_movement), {"decision": "approve"}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert any("no longer waiting for approval" in m for m in messages_in(response))
    pending_movement.refresh_from_db()
    assert pending_movement.status == Movement.Status.REJECTED


@pytest.mark.parametrize("size", [3, 30])
def test_review_page_query_budget(client, moderator, django_assert_num_queries, size):
    movement = MovementFactory(name="Big Group", slug="big-group", status=Movement.Status.PENDING)
    for _ in range(size):
        add_organiser(movement, UserFactory())
    sign_in(client, moderator)
    with django_assert_num_queries(11):
        # 1. session  2. user  3. TOTP authenticator exists (2FA middleware)
        # 4. the movement by slug  5. its ways of impact  6. focus areas  7. regions
        # 8. is the moderator an organiser of it? (see_movement rule, checked first)
        # 9. organisers with their users  10. movements of the same name (possible duplicates)
        # 11. unread notifications (header)
        response = client.get(review_url(movement))
    assert response.status_code == 200


# --- Links to the review ------------------------------------------------------------------------


def test_profile_banner_links_moderators_to_the_review(client, moderator, lead_a, pending_movement):
    profile = reverse("movements:detail", kwargs={"slug": pending_movement.slug})
    sign_in(client, moderator)
    assert f'href="{review_url(pending_movement)}">Review this movement' in client.get(profile).content.decode()
    client.force_login(lead_a)
    assert "Review this movement" not in client.get(profile).content.decode()


def test_dashboard_moderation_panel(client, moderator, user, pending_movement, movement_a):
    from institutions.models import Institution
    from tests.institutions.factories import InstitutionFactory

    InstitutionFactory(ods_code="PX9", status=Institution.Status.PENDING)
    sign_in(client, moderator)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Moderation" in body
    assert f'href="{QUEUE}">Movements waiting for approval (1)' in body
    assert f'href="{reverse("institutions:awaiting_approval")}">Institutions waiting for approval (1)' in body
    client.force_login(user)
    body = client.get(reverse("dashboard")).content.decode()
    assert "waiting for approval (" not in body


def test_dashboard_panel_costs_nothing_for_other_people(client, user, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/dashboard/")
    request.user = user
    with django_assert_num_queries(0):
        html = Template('{% include "core/_dashboard_moderation.html" %}').render(Context({"request": request}))
    assert "Moderation" not in html
