"""An agreement's public page: the shared purpose, terms, safeguards, commitments with their
statuses, signatures and check-ins; 404 unless published; a print view."""

import datetime
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from engagements.models import Agreement, Commitment, Engagement
from movements.models import Movement
from tests.engagements.agreements import bring_into_force
from tests.engagements.conftest import MONDAY
from tests.engagements.register_data import COMMITMENTS, check_in, finish
from tests.matrix import SET_UP_TWO_FACTOR, assert_matrix


@pytest.fixture
def public(accepted, lead_a, signatory_x):
    """Movement A and institution X's agreement, in force and published by both, with terms and a
    commitment accountable to a board (written before signing: signed rows never change)."""
    return bring_into_force(
        accepted,
        movement_signer=lead_a,
        institution_signer=signatory_x,
        at=MONDAY,
        publish=True,
        escalation_route="To the trust's patient experience committee.",
        exit_terms="Either side may end it with a month's notice.",
        commitments=[
            COMMITMENTS[0],
            {
                **COMMITMENTS[1],
                "accountable_to": Commitment.AccountableTo.BOARD,
                "accountable_to_name": "The trust board",
            },
        ],
    )


def test_everyone_may_read_a_published_agreement(as_persona, public):
    assert_matrix(as_persona, public.get_public_url(), {"moderator_without_two_factor": SET_UP_TWO_FACTOR}, others=200)


def test_an_unpublished_agreement_is_not_found_even_by_its_parties(as_persona, active):
    agreement = Agreement.objects.get(engagement=active)
    Agreement.objects.filter(pk=agreement.pk).update(movement_publishes=True)
    assert_matrix(
        as_persona, agreement.get_public_url(), {"moderator_without_two_factor": SET_UP_TWO_FACTOR}, others=404
    )


def test_an_agreement_not_in_force_or_unknown_is_not_found(client, accepted):
    agreement = Agreement.objects.get(engagement=accepted)
    Agreement.objects.filter(pk=agreement.pk).update(movement_publishes=True, institution_publishes=True)
    assert client.get(agreement.get_public_url()).status_code == 404
    assert client.get(reverse("agreements:detail", args=[uuid.uuid4()])).status_code == 404


def test_a_hidden_movement_takes_its_agreement_off_the_register(client, public, movement_a):
    Movement.objects.filter(pk=movement_a.pk).update(status=Movement.Status.HIDDEN)
    assert client.get(public.get_public_url()).status_code == 404


@pytest.mark.parametrize("path", ["not-a-uuid", "1", "%00", "x" * 300])
def test_a_malformed_address_is_not_found(client, public, path):
    assert client.get(f"/agreements/{path}/").status_code == 404


def test_the_page_shows_the_agreement_as_signed(client, public):
    page = client.get(public.get_public_url()).content.decode()
    assert '<h1 class="nhsuk-heading-l">Peer support in the respiratory clinic</h1>' in page
    assert 'href="http://testserver/movements/breathe-together/">Breathe Together</a>' in page
    assert 'href="http://testserver/institutions/RX1/">Example Trust</a>' in page
    assert "People with COPD feel less alone." in page  # the shared purpose in force
    assert "Fewer missed appointments." in page
    assert "How care is experienced and delivered" in page  # its way of impact
    assert "Version 1, signed by both sides on" in page
    assert "To the trust&#x27;s patient experience committee." in page
    assert "Either side may end it with a month&#x27;s notice." in page
    assert "More than 20 days" in page
    assert page.count(">Yes</dd>") == 3  # the three safeguards, on
    assert "Leah Lead, Lead organiser" in page
    assert "Sian Signatory, Signatory" in page
    assert "Book the room every month." in page
    assert "The trust board" in page
    assert f"http://testserver{public.get_public_url()}" in page


def test_a_safeguard_switched_off_shows_the_reason(client, accepted, lead_a, signatory_x):
    agreement = bring_into_force(
        accepted,
        movement_signer=lead_a,
        institution_signer=signatory_x,
        publish=True,
        no_endorsement_without_consent=False,
        endorsement_off_reason="Joint logo on the leaflet, agreed.",
    )
    page = client.get(agreement.get_public_url()).content.decode()
    assert "No, switched off by both sides: Joint logo on the leaflet, agreed." in page


def test_commitments_show_their_latest_status_and_the_check_in_history(client, public):
    check_in(public, held_on=datetime.date(2026, 3, 16), note="A slow start.", statuses={1: "at_risk", 2: "on_track"})
    check_in(
        public,
        held_on=datetime.date(2026, 4, 13),
        note="Room booked <b>at last</b>.",
        statuses={1: "done"},
        side="institution",
        comments={1: "Booked to December."},
    )
    page = client.get(public.get_public_url()).content.decode()
    assert '<strong class="nhsuk-tag nhsuk-tag--green">Done</strong>' in page
    assert 'as of <time datetime="2026-04-13">13 April 2026</time>' in page
    assert "2 check-ins, newest first" in page
    assert page.index("13 April 2026</time>, recorded by Example Trust") < page.index(
        "16 March 2026</time>, recorded by Breathe Together"
    )
    assert "Room booked &lt;b&gt;at last&lt;/b&gt;." in page  # people's words are escaped
    assert "Book the room every month.<br><strong>Done</strong>: Booked to December.</li>" in page
    assert "Bring two peer supporters.<br><strong>On track</strong></li>" in page
    assert "Check-in notes are published with the agreement." in page


def test_an_overdue_commitment_is_marked(client, public):
    page = client.get(public.get_public_url()).content.decode()
    # Both dates (1 April, 1 June 2026) have passed and neither is done.
    assert page.count('<strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>') == 2
    assert "<strong>2 overdue.</strong>" in page


def test_an_ended_partnership_says_so_and_nothing_is_overdue(client, public):
    finish(public, Engagement.Status.ENDED, at=datetime.datetime(2026, 9, 14, 12, 0, tzinfo=datetime.UTC))
    page = client.get(public.get_public_url()).content.decode()
    assert 'This partnership ended on <time datetime="2026-09-14">14 September 2026</time>' in page
    assert ">Ended</strong>" in page
    assert "Overdue</strong>" not in page


def test_the_page_has_a_print_view_and_a_print_button_without_inline_script(client, public):
    page = client.get(public.get_public_url()).content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css">' in page
    assert '<script type="module" src="/static/js/print.js"></script>' in page
    assert "data-app-print hidden>Print this agreement</button>" in page
    assert "onclick" not in page
    css = open(finders.find("css/print.css")).read()
    assert "@media print" in css
    for hidden in (".nhsuk-header", ".nhsuk-footer", ".nhsuk-breadcrumb", ".nhsuk-button"):
        assert hidden in css
    assert 'content: " (" attr(href) ")"' in css
    assert "window.print()" in open(finders.find("js/print.js")).read()
