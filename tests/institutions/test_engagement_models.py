"""Institution admins choose the engagement models their institution is open to; the profile shows them."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from institutions import services
from tests.matrix import LOGIN, SET_UP_TWO_FACTOR, assert_matrix
from tests.personas import PERSONAS
from tests.signin import sign_in

EDIT = reverse("institutions:edit", args=["RX1"])
PROFILE = reverse("institutions:detail", args=["RX1"])


def edit_data(**overrides):
    data = {
        "name": "Example Trust",
        "org_type": "nhs_trust",
        "region": "london",
        "website": "https://example-trust.nhs.uk",
        "description": "What we care about",
        "response_deadline_working_days": "15",
    }
    data.update(overrides)
    return data


def chosen(institution):
    return sorted(institution.open_to_models.values_list("slug", flat=True))


def test_edit_page_offers_each_active_model_with_its_summary(client, institution_x, admin_x, engagement_models):
    engagement_models["catalyst"].is_active = False
    engagement_models["catalyst"].save()
    sign_in(client, admin_x)
    content = client.get(EDIT).content.decode()
    assert "Engagement models you are open to" in content
    host = engagement_models["protective-host"]
    assert 'type="checkbox" name="open_to_models" value="protective-host"' in content
    assert host.summary in content  # the hint under the checkbox
    assert 'value="catalyst"' not in content


def test_admin_chooses_models_and_the_profile_shows_them(client, institution_x, admin_x, engagement_models):
    sign_in(client, admin_x)
    response = client.post(EDIT, edit_data(open_to_models=["protective-host", "amplifier"]))
    assert response.status_code == 302
    assert chosen(institution_x) == ["amplifier", "protective-host"]

    client.logout()
    content = client.get(PROFILE).content.decode()
    host = engagement_models["protective-host"]
    assert "is open to 2 engagement models" in content
    assert '<span class="nhsuk-details__summary-text">Protective host</span>' in content
    assert '<span class="nhsuk-details__summary-text">Amplifier</span>' in content
    assert "Convener / connector" not in content
    # Inside the details: what each side brings and keeps, the commitments as a list, the cadence.
    assert host.institution_offers.split(":")[0] in content
    assert "leave at any time" in content
    assert f"<li>{host.suggested_commitment_list[0]}</li>" in content
    assert "every 6 months" in content


def test_admin_clears_every_model(client, institution_x, admin_x, engagement_models):
    institution_x.open_to_models.set([engagement_models["amplifier"]])
    sign_in(client, admin_x)
    assert client.post(EDIT, edit_data()).status_code == 302
    assert chosen(institution_x) == []


def test_unknown_model_is_a_400_with_a_clear_message_and_nothing_lost(
    client, institution_x, admin_x, engagement_models
):
    institution_x.open_to_models.set([engagement_models["amplifier"]])
    sign_in(client, admin_x)
    response = client.post(
        EDIT, edit_data(description="Typed and kept", open_to_models=["protective-host", "no-such-model"])
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choose from the engagement models listed. no-such-model is not one of them." in content
    assert "There is a problem" in content  # error summary
    assert "Typed and kept" in content
    assert re.search(r'value="protective-host"[^>]*\bchecked', content)  # the ticked box stays ticked
    assert not re.search(r'value="amplifier"[^>]*\bchecked', content)
    assert chosen(institution_x) == ["amplifier"]  # nothing saved


def test_unknown_model_keeps_the_ticked_boxes(client, institution_x, admin_x, engagement_models):
    sign_in(client, admin_x)
    response = client.post(EDIT, edit_data(open_to_models=["convener-connector", "Protective Host"]))
    assert response.status_code == 400
    form = response.context["form"]
    assert "open_to_models" in form.errors
    assert form["open_to_models"].value() == ["convener-connector", "Protective Host"]


def test_profile_without_models_says_so_and_points_admins_to_edit(client, institution_x, admin_x, engagement_models):
    content = client.get(PROFILE).content.decode()
    assert "Example Trust has not yet said which engagement models it is open to" in content
    assert "nhsuk-details" not in content
    assert "Choose the engagement models" not in content
    sign_in(client, admin_x)
    assert "Choose the engagement models Example Trust is open to" in client.get(PROFILE).content.decode()


def test_retired_models_are_not_shown_but_survive_an_edit(client, institution_x, admin_x, engagement_models):
    catalyst = engagement_models["catalyst"]
    institution_x.open_to_models.set([catalyst, engagement_models["amplifier"]])
    catalyst.is_active = False
    catalyst.save()
    assert "Catalyst" not in client.get(PROFILE).content.decode()
    sign_in(client, admin_x)
    assert client.post(EDIT, edit_data(open_to_models=["amplifier", "funder-resourcer"])).status_code == 302
    # Kept for the record, and back on the profile if an admin brings the model back.
    assert chosen(institution_x) == ["amplifier", "catalyst", "funder-resourcer"]


EDITORS = ("admin_x", "moderator", "superuser")


def test_others_cannot_set_the_models(as_persona, personas, institution_x, engagement_models):
    refused = [name for name in PERSONAS if name not in EDITORS]
    assert_matrix(
        as_persona,
        EDIT,
        {"visitor": LOGIN, "moderator_without_two_factor": SET_UP_TWO_FACTOR},
        others=403,
        method="post",
        data=edit_data(open_to_models=["amplifier"]),
        only=refused,
    )
    # The service asks the same rule; two-factor is the session's business, not the service's,
    # so the moderator without it is platform staff there.
    for name in refused:
        if name in ("visitor", "moderator_without_two_factor"):
            continue
        with pytest.raises(PermissionDenied):
            services.institution_update(
                actor=personas[name], institution=institution_x, open_to_models=[engagement_models["amplifier"]]
            )
    assert chosen(institution_x) == []


def test_moderator_may_set_the_models(institution_x, moderator, engagement_models):
    services.institution_update(
        actor=moderator, institution=institution_x, open_to_models=[engagement_models["catalyst"]]
    )
    assert chosen(institution_x) == ["catalyst"]


def test_service_refuses_a_retired_model(institution_x, admin_x, engagement_models):
    catalyst = engagement_models["catalyst"]
    catalyst.is_active = False
    catalyst.save()
    with pytest.raises(ValidationError, match="no longer offered"):
        services.institution_update(actor=admin_x, institution=institution_x, open_to_models=[catalyst])
    assert chosen(institution_x) == []
