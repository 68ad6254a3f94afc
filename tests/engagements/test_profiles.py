"""Profiles show engagement facts through engagements' template tags: response time, overdue, the propose link."""

import pytest
from django.urls import reverse

from engagements import services
from tests.engagements.conftest import MONDAY

pytestmark = pytest.mark.django_db


def test_institution_profile_shows_response_facts(as_persona, submitted, reviewer_x):
    url = reverse("institutions:detail", kwargs={"ods_code": "RX1"})
    body = as_persona("visitor").get(url).content.decode()
    assert "No proposals answered in the last 12 months" in body
    assert 'Proposals overdue now</dt><dd class="nhsuk-summary-list__value">1<' in body  # March 2026 is past
    services.engagement_accept(actor=reviewer_x, engagement=submitted, now=MONDAY.replace(day=4))
    body = as_persona("visitor").get(url).content.decode()
    assert "2 working days (the median over the last 12 months, 1 proposal)" in body


def test_propose_link_for_organisers_on_an_open_institution(as_persona, open_x, movement_a, member_x):
    url = reverse("institutions:detail", kwargs={"ods_code": "RX1"})
    assert "/engagements/new/?to=institution:RX1" in as_persona("organiser_a").get(url).content.decode()
    for name in ("visitor", "member_x"):
        assert "/engagements/new/" not in as_persona(name).get(url).content.decode(), name


def test_propose_link_for_institution_members_on_a_movement_open_to_proposals(as_persona, movement_a, member_x):
    url = reverse("movements:detail", kwargs={"slug": movement_a.slug})
    movement_a.open_to_proposals = True
    movement_a.save()
    assert "/engagements/new/?to=movement:breathe-together" in as_persona("member_x").get(url).content.decode()
    assert "Propose an engagement" not in as_persona("organiser_a").get(url).content.decode()
    movement_a.open_to_proposals = False
    movement_a.save()
    assert "Propose an engagement" not in as_persona("member_x").get(url).content.decode()
