"""The standard engagement models: the seed writes all eight, fully worded, and is safe to re-run.

The suite runs without migrations, so the seed function the data migration calls is tested directly.
"""

import pytest

from engagements.models import EngagementModel, ReviewCadence
from engagements.seed import ENGAGEMENT_MODELS, seed_engagement_models
from engagements.selectors import engagement_models_active

DESIGN_NAMES = [
    "Funder / resourcer",
    "Protective host",
    "Convener / connector",
    "Amplifier",
    "Co-producer / partner",
    "Learner / evaluator",
    "Adopter / spreader",
    "Catalyst",
]

pytestmark = pytest.mark.django_db


def test_seed_writes_the_eight_models_in_order_with_every_field_filled():
    assert seed_engagement_models() == 8
    models = list(EngagementModel.objects.all())
    assert [m.name for m in models] == DESIGN_NAMES
    for model in models:
        assert model.is_active
        for field in ("summary", "institution_offers", "movement_keeps", "suggested_commitments"):
            assert getattr(model, field).strip(), f"{model.name}: {field} is empty"
        assert "\n" not in model.summary  # one line: it is the checkbox hint
        assert len(model.suggested_commitment_list) >= 3, model.name
        assert model.default_review_cadence in ReviewCadence.values
        model.full_clean()  # within every field's limits
    assert len({m.slug for m in models}) == 8
    assert len({m.position for m in models}) == 8


def test_seed_is_idempotent_and_keeps_admin_edits():
    seed_engagement_models()
    host = EngagementModel.objects.get(slug="protective-host")
    host.summary = "Reworded by an admin."
    host.save()
    assert seed_engagement_models() == 0
    assert EngagementModel.objects.count() == 8
    host.refresh_from_db()
    assert host.summary == "Reworded by an admin."


def test_seed_recreates_only_what_is_missing():
    seed_engagement_models()
    EngagementModel.objects.filter(slug="catalyst").delete()
    # An admin renamed a model's slug but kept its name: it still counts as present.
    EngagementModel.objects.filter(slug="amplifier").update(slug="amplifier-renamed")
    assert seed_engagement_models() == 1
    assert EngagementModel.objects.count() == 8
    assert EngagementModel.objects.filter(slug="catalyst").exists()


def test_suggested_commitments_are_read_one_per_line():
    model = EngagementModel(suggested_commitments="  First thing.\n\n Second thing. \r\nThird thing.\n")
    assert model.suggested_commitment_list == ["First thing.", "Second thing.", "Third thing."]


def test_protective_host_keeps_the_movement_free_to_speak_and_leave():
    seed_engagement_models()
    host = EngagementModel.objects.get(slug="protective-host")
    assert "legal cover" in host.summary
    assert "leave at any time" in host.movement_keeps
    assert host.get_default_review_cadence_display() == "Every 6 months"


def test_only_active_models_are_offered():
    seed_engagement_models()
    EngagementModel.objects.filter(slug="catalyst").update(is_active=False)
    offered = [m.slug for m in engagement_models_active()]
    assert "catalyst" not in offered and len(offered) == 7


def test_seed_data_slugs_and_names_are_unique():
    assert len({e["slug"] for e in ENGAGEMENT_MODELS}) == len({e["name"] for e in ENGAGEMENT_MODELS}) == 8
