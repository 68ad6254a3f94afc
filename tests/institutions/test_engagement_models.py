"""Institution admins choose the engagement models their institution is open to; the profile shows them."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from institutions import services
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


def test_edit_page_offers_each_active_model_with_its_summary(client, trust, inst_admin, engagement_models):
    engagement_models["catalyst"].is_active = False
    engagement_models["catalyst"].save()
    sign_in(client, inst_admin)
    content = client.get(EDIT).content.decode()
    assert "Engagement models you are open to" in content
    host = engagement_models["protective-host"]
    assert 'type="checkbox" name="open_to_models" value="protective-host"' in content
    assert host.summary in content  # the hint under the checkbox
    assert 'value="catalyst"' not in content


def test_admin_chooses_models_and_the_profile_shows_them(client, trust, inst_admin, engagement_models):
    sign_in(client, inst_admin)
    response = client.post(EDIT, edit_data(open_to_models=["protective-host", "amplifier"]))
    assert response.status_code == 302
    assert chosen(trust) == ["amplifier", "protective-host"]

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


def test_admin_clears_every_model(client, trust, inst_admin, engagement_models):
    trust.open_to_models.set([engagement_models["amplifier"]])
    sign_in(client, inst_admin)
    assert client.post(EDIT, edit_data()).status_code == 302
    assert chosen(trust) == []


def test_unknown_model_is_a_400_with_a_clear_message_and_nothing_lost(client, trust, inst_admin, engagement_models):
    trust.open_to_models.set([engagement_models["amplifier"]])
    sign_in(client, inst_admin)
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
    assert chosen(trust) == ["amplifier"]  # nothing saved


def test_unknown_model_keeps_the_ticked_boxes(client, trust, inst_admin, engagement_models):
    sign_in(client, inst_admin)
    response = client.post(EDIT, edit_data(open_to_models=["convener-connector", "Protective Host"]))
    assert response.status_code == 400
    form = response.context["form"]
    assert "open_to_models" in form.errors
    assert form["open_to_models"].value() == ["convener-connector", "Protective Host"]


def test_profile_without_models_says_so_and_points_admins_to_edit(client, trust, inst_admin, engagement_models):
    content = client.get(PROFILE).content.decode()
    assert "Example Trust has not yet said which engagement models it is open to" in content
    assert "nhsuk-details" not in content
    assert "Choose the engagement models" not in content
    sign_in(client, inst_admin)
    assert "Choose the engagement models Example Trust is open to" in client.get(PROFILE).content.decode()


def test_retired_models_are_not_shown_but_survive_an_edit(client, trust, inst_admin, engagement_models):
    catalyst = engagement_models["catalyst"]
    trust.open_to_models.set([catalyst, engagement_models["amplifier"]])
    catalyst.is_active = False
    catalyst.save()
    assert "Catalyst" not in client.get(PROFILE).content.decode()
    sign_in(client, inst_admin)
    assert client.post(EDIT, edit_data(open_to_models=["amplifier", "funder-resourcer"])).status_code == 302
    # Kept for the record, and back on the profile if an admin brings the model back.
    assert chosen(trust) == ["amplifier", "catalyst", "funder-resourcer"]


@pytest.mark.parametrize("persona", ["member", "reviewer", "other_admin", "user"])
def test_others_cannot_set_the_models(client, trust, engagement_models, persona, request):
    person = request.getfixturevalue(persona)
    sign_in(client, person)
    assert client.post(EDIT, edit_data(open_to_models=["amplifier"])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.institution_update(actor=person, institution=trust, open_to_models=[engagement_models["amplifier"]])
    assert chosen(trust) == []


def test_moderator_may_set_the_models(trust, moderator, engagement_models):
    services.institution_update(actor=moderator, institution=trust, open_to_models=[engagement_models["catalyst"]])
    assert chosen(trust) == ["catalyst"]


def test_service_refuses_a_retired_model(trust, inst_admin, engagement_models):
    catalyst = engagement_models["catalyst"]
    catalyst.is_active = False
    catalyst.save()
    with pytest.raises(ValidationError, match="no longer offered"):
        services.institution_update(actor=inst_admin, institution=trust, open_to_models=[catalyst])
    assert chosen(trust) == []
