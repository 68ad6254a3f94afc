"""Closing a movement: it leaves the directory and search, keeps its page and history, can be
reopened to the state it had, and the other organisers are told. Lead organisers decide."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.contract import Conflict
from movements import services
from movements.models import Movement, Organiser
from notifications.models import Notification
from notifications.registry import get_kind as event_kind
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

REASON = "We achieved what we set out to do: the clinic stays open."


def close_url(movement):
    return reverse("movements:close", kwargs={"slug": movement.slug})


def reopen_url(movement):
    return reverse("movements:reopen", kwargs={"slug": movement.slug})


def detail_url(movement):
    return reverse("movements:detail", kwargs={"slug": movement.slug})


def fresh(movement):
    return Movement.objects.get(pk=movement.pk)


# --- The services ----------------------------------------------------------------------------------


def test_a_lead_closes_and_the_other_organisers_are_told(
    movement_a, lead_a, organiser_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.movement_close(actor=lead_a, movement=movement_a, reason=f"  {REASON}  ")
    row = fresh(movement_a)
    assert row.status == Movement.Status.CLOSED
    assert (row.closed_by, row.closed_reason, row.status_before_closing) == (lead_a, REASON, "approved")
    assert abs((timezone.now() - row.closed_at).total_seconds()) < 60
    # Nothing else changed: the organisers are all still there.
    assert set(row.organisers.values_list("user", flat=True)) == {lead_a.pk, organiser_a.pk}
    told = Notification.objects.get(kind="movements.closed")
    assert told.recipient == organiser_a and told.actor == lead_a and told.context["reason"] == REASON
    assert not Notification.objects.filter(recipient=lead_a).exists()
    (email,) = [m for m in mail.outbox if organiser_a.email in m.to]
    assert email.subject.endswith("Breathe Together has closed")
    assert "Leah Lead closed Breathe Together" in email.body and REASON in email.body
    html = email.alternatives[0][0]
    assert "email-quote" in html and "/movements/breathe-together/" in html


def test_reopening_restores_the_state_it_had_and_tells_the_others(movement_a, lead_a, organiser_a):
    services.movement_close(actor=lead_a, movement=movement_a, reason=REASON)
    services.movement_reopen(actor=lead_a, movement=fresh(movement_a))
    row = fresh(movement_a)
    assert row.status == Movement.Status.APPROVED
    assert (row.closed_at, row.closed_by, row.closed_reason, row.status_before_closing) == (None, None, "", "")
    told = Notification.objects.get(kind="movements.reopened")
    assert told.recipient == organiser_a and told.context["back_in_directory"] is True


def test_a_movement_closed_while_waiting_for_approval_waits_again(movement_a, lead_a, moderator):
    Movement.objects.filter(pk=movement_a.pk).update(status=Movement.Status.PENDING)
    services.movement_close(actor=lead_a, movement=fresh(movement_a), reason="")
    from movements.selectors import movements_awaiting_approval

    assert movement_a not in movements_awaiting_approval()
    before = fresh(movement_a).submitted_at
    services.movement_reopen(actor=lead_a, movement=fresh(movement_a))
    row = fresh(movement_a)
    assert row.status == Movement.Status.PENDING and row.submitted_at > before
    assert row in movements_awaiting_approval()


def test_only_lead_organisers_close_and_reopen(movement_a, organiser_a, lead_b, moderator, lead_a):
    for person in (organiser_a, lead_b, moderator):
        with pytest.raises(PermissionDenied):
            services.movement_close(actor=person, movement=fresh(movement_a), reason="")
    services.movement_close(actor=lead_a, movement=movement_a, reason="")
    for person in (organiser_a, lead_b, moderator):
        with pytest.raises(PermissionDenied):
            services.movement_reopen(actor=person, movement=fresh(movement_a))


def test_a_hidden_movement_cannot_be_closed_and_a_closed_one_can_be_hidden(movement_a, lead_a, moderator):
    services.movement_hide(actor=moderator, movement=movement_a, reason="Spam.")
    assert not lead_a.has_perm("movements.can_close", fresh(movement_a))
    with pytest.raises(Conflict, match="hidden by a moderator"):
        services.movement_close(actor=lead_a, movement=fresh(movement_a), reason="")
    services.movement_approve(actor=moderator, movement=fresh(movement_a))
    services.movement_close(actor=lead_a, movement=fresh(movement_a), reason="")
    services.movement_hide(actor=moderator, movement=fresh(movement_a), reason="Abusive content on the page.")
    assert fresh(movement_a).status == Movement.Status.HIDDEN


def test_the_reason_is_limited(movement_a, lead_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=r"Reason must be 1,000 characters or fewer \(it has 1,001\)"):
        services.movement_close(actor=lead_a, movement=movement_a, reason="x" * 1001)


def test_both_kinds_are_registered_for_organisers():
    for key in ("movements.closed", "movements.reopened"):
        kind = event_kind(key)
        assert kind.category == "membership" and not kind.digestible


# --- Who sees what ---------------------------------------------------------------------------------


def test_a_closed_movement_leaves_the_directory_and_search_but_keeps_its_page(client, movement_a, lead_a):
    services.movement_close(actor=lead_a, movement=movement_a, reason=REASON)
    directory = client.get(reverse("movements:list")).content.decode()
    assert "Breathe Together" not in directory
    assert "Breathe Together" not in client.get(reverse("movements:list"), {"q": "breathe"}).content.decode()
    page = client.get(detail_url(movement_a))
    body = page.content.decode()
    assert page.status_code == 200 and "This movement has closed." in body and REASON in body
    assert "Open to proposals</strong>" not in body and "No: the movement has closed" in body
    assert not fresh(movement_a).accepts_proposals


def test_a_closed_movement_that_was_never_public_stays_private(client, movement_a, lead_a, user):
    Movement.objects.filter(pk=movement_a.pk).update(status=Movement.Status.PENDING)
    services.movement_close(actor=lead_a, movement=fresh(movement_a), reason="")
    assert client.get(detail_url(movement_a)).status_code == 404
    sign_in(client, user)
    assert client.get(detail_url(movement_a)).status_code == 404
    sign_in(client, lead_a)
    assert client.get(detail_url(movement_a)).status_code == 200


@pytest.mark.parametrize(
    ("who", "close", "reopen"),
    [
        ("visitor", 302, 302),
        ("user", 403, 403),
        ("lead_a", 200, 200),
        ("organiser_a", 403, 403),
        ("lead_b", 403, 403),
        ("moderator", 403, 403),
        ("superuser", 403, 403),
    ],
)
def test_the_pages_are_the_leads(client, request, movement_a, who, close, reopen):
    if who != "visitor":
        sign_in(client, request.getfixturevalue(who))
    response = client.get(close_url(movement_a))
    assert response.status_code == close
    if close == 302:
        assert response.url.startswith("/accounts/login/")
    Movement.objects.filter(pk=movement_a.pk).update(
        status=Movement.Status.CLOSED, status_before_closing=Movement.Status.APPROVED, closed_at=timezone.now()
    )
    assert client.get(reopen_url(movement_a)).status_code == reopen


# --- The pages -------------------------------------------------------------------------------------


def test_a_lead_closes_through_the_confirmation_page(client, movement_a, lead_a, organiser_a):
    sign_in(client, lead_a)
    page = client.get(close_url(movement_a)).content.decode()
    assert "Close Breathe Together?" in page and "nhsuk-button--warning" in page
    response = client.post(close_url(movement_a), {"reason": REASON})
    assert response.status_code == 302 and response.url == detail_url(movement_a)
    assert fresh(movement_a).status == Movement.Status.CLOSED
    body = client.get(response.url).content.decode()
    assert "You closed Breathe Together" in body and "Reopen this movement" in body


def test_a_reason_too_long_is_refused_and_kept(client, movement_a, lead_a):
    sign_in(client, lead_a)
    typed = "We stopped. " * 90
    response = client.post(close_url(movement_a), {"reason": typed})
    body = response.content.decode()
    assert response.status_code == 400
    assert "must be 1,000 characters or fewer" in body and "We stopped. We stopped." in body
    assert fresh(movement_a).status == Movement.Status.APPROVED


def test_the_second_of_two_closes_gets_the_conflict_page(client, movement_a, lead_a, organiser_a):
    Organiser.objects.filter(user=organiser_a).update(role=Organiser.Role.LEAD)
    sign_in(client, lead_a)
    assert client.get(close_url(movement_a)).status_code == 200  # the page, loaded before...
    services.movement_close(actor=organiser_a, movement=movement_a, reason="")  # ...the other lead closed it
    response = client.post(close_url(movement_a), {"reason": ""})
    assert response.status_code == 409
    assert "“Breathe Together” is already closed." in response.content.decode()
    assert fresh(movement_a).closed_by == organiser_a


def test_opening_the_close_page_of_a_closed_movement_says_so(client, movement_a, lead_a):
    services.movement_close(actor=lead_a, movement=movement_a, reason="")
    sign_in(client, lead_a)
    response = client.get(close_url(movement_a))
    assert response.status_code == 302 and response.url == detail_url(movement_a)
    assert "Breathe Together is closed." in client.get(response.url).content.decode()


def test_organisers_still_see_it_on_their_dashboard_and_leads_can_reopen(client, movement_a, lead_a, organiser_a):
    services.movement_close(actor=lead_a, movement=movement_a, reason="")
    sign_in(client, organiser_a)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Breathe Together" in dashboard and "Closed</strong>" in dashboard
    assert reopen_url(movement_a) not in dashboard
    sign_in(client, lead_a)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reopen_url(movement_a)}">Reopen' in dashboard
    response = client.post(reopen_url(movement_a))
    assert response.status_code == 302 and fresh(movement_a).status == Movement.Status.APPROVED
    assert "It is back in the directory" in client.get(response.url).content.decode()


def test_the_dashboard_asks_no_more_queries_for_more_movements(client, lead_a, django_assert_num_queries):
    """Each movement's "may reopen?" reads the role the dashboard already has."""
    from tests.movements.factories import MovementFactory

    sign_in(client, lead_a)
    counts = []
    for extra in (1, 4):
        for _ in range(extra):
            movement = MovementFactory(lead=lead_a)
            services.movement_close(actor=lead_a, movement=movement, reason="")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs concurrent transactions (PostgreSQL; CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_two_leads_closing_at_the_same_moment_close_it_once(lead_a, organiser_a):
    import threading

    from django.db import connection

    movement = Movement.objects.get(slug="breathe-together")
    Organiser.objects.filter(user=organiser_a).update(role=Organiser.Role.LEAD)
    barrier, outcomes = threading.Barrier(2), []

    def close(actor):
        try:
            barrier.wait()
            services.movement_close(actor=actor, movement=Movement.objects.get(pk=movement.pk), reason="")
            outcomes.append("closed")
        except Conflict as conflict:
            outcomes.append(conflict.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=close, args=(person,)) for person in (lead_a, organiser_a)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["closed", "“Breathe Together” is already closed."], outcomes
    assert Notification.objects.filter(kind="movements.closed").count() == 1
