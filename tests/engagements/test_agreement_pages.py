"""The agreement's pages: who may see and do what (a matrix per view), forms that keep what was
typed and say what is wrong beside the field, and the version comparison."""

import datetime

import pytest
from django.urls import reverse

from engagements import services
from engagements.models import Agreement, Commitment
from tests.engagements.conftest import fresh
from tests.engagements.signing_setup import TERMS, latest
from tests.matrix import LOGIN, assert_matrix, redirect, refusals_then

pytestmark = pytest.mark.django_db

PARTIES = ("lead_a", "organiser_a", "member_x", "reviewer_x", "signatory_x", "admin_x")
SIGNATORIES = ("lead_a", "signatory_x", "admin_x")
TWO_FACTOR_FIRST = redirect("/accounts/2fa/")


def url(engagement, name, **kwargs):
    return reverse(f"engagements:{name}", kwargs={"engagement_uuid": engagement.uuid, **kwargs})


@pytest.mark.parametrize(
    ("name", "extra"),
    [("agreement", {}), ("agreement_versions", {}), ("agreement_version", {"number": 1})],
)
def test_the_two_sides_and_platform_staff_read_the_agreement(as_persona, accepted, name, extra):
    assert_matrix(
        as_persona,
        url(accepted, name, **extra),
        {
            "visitor": LOGIN,
            PARTIES: 200,
            ("moderator", "superuser"): 200,
            "moderator_without_two_factor": TWO_FACTOR_FIRST,
        },
        others=404,
    )


def test_before_acceptance_there_is_no_agreement_page(as_persona, submitted):
    assert_matrix(
        as_persona,
        url(submitted, "agreement"),
        {"visitor": LOGIN, "moderator_without_two_factor": TWO_FACTOR_FIRST},
        others=404,
    )


@pytest.mark.parametrize("name", ["agreement_edit", "commitment_new"])
def test_both_sides_draft_and_staff_only_read(as_persona, accepted, name):
    assert_matrix(
        as_persona,
        url(accepted, name),
        {
            "visitor": LOGIN,
            PARTIES: 200,
            ("moderator", "superuser"): 403,
            "moderator_without_two_factor": TWO_FACTOR_FIRST,
        },
        others=404,
    )


@pytest.mark.parametrize("name", ["commitment_edit", "commitment_remove"])
def test_a_commitment_is_changed_or_removed_by_either_side(as_persona, accepted, name):
    commitment = latest(accepted).commitments.first()
    assert_matrix(
        as_persona,
        url(accepted, name, commitment_uuid=commitment.uuid),
        {
            "visitor": LOGIN,
            PARTIES: 200,
            ("moderator", "superuser"): 403,
            "moderator_without_two_factor": TWO_FACTOR_FIRST,
        },
        others=404,
    )


def test_only_the_signatories_open_the_sign_page(as_persona, accepted):
    assert_matrix(
        as_persona,
        url(accepted, "agreement_sign"),
        {
            "visitor": LOGIN,
            SIGNATORIES: 200,
            ("organiser_a", "member_x", "reviewer_x", "moderator", "superuser"): 403,
            "moderator_without_two_factor": TWO_FACTOR_FIRST,
        },
        others=404,
    )


@pytest.mark.parametrize("allowed", SIGNATORIES)
def test_only_the_signatories_set_publishing(as_persona, accepted, allowed):
    side = "movement" if allowed == "lead_a" else "institution"
    assert_matrix(
        as_persona,
        url(accepted, "agreement_publish"),
        {
            "visitor": LOGIN,
            # The other signatories may post too (for their own side: refused, with a message).
            SIGNATORIES: redirect(url(accepted, "agreement")),
            ("organiser_a", "member_x", "reviewer_x", "moderator", "superuser"): 403,
            "moderator_without_two_factor": TWO_FACTOR_FIRST,
        },
        others=404,
        method="post",
        data={"side": side, "publish": "yes"},
        only=refusals_then(allowed, set(SIGNATORIES)),
    )
    agreement = Agreement.objects.get(engagement=accepted)
    assert getattr(agreement, f"{side}_publishes") is True


def test_an_unknown_commitment_is_404(as_persona, accepted):
    client = as_persona("organiser_a")
    response = client.get(url(accepted, "commitment_edit", commitment_uuid="7f3e4c5a-0b2d-4e6f-9c73-4b9f8d3e2e11"))
    assert response.status_code == 404


def _terms_post(version, **changes):
    data = {
        "revision": version.revision,
        **{k: v for k, v in TERMS.items() if not isinstance(v, bool)},
        **{k: "on" for k, v in TERMS.items() if v is True},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_switching_a_safeguard_off_without_a_reason_keeps_the_words_and_says_why(as_persona, accepted):
    client = as_persona("organiser_a")
    version = latest(accepted)
    data = _terms_post(version, keeps_public_voice=None, exit_terms="Our exit words.")
    response = client.post(url(accepted, "agreement_edit"), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Say why the movement will not keep its right to speak publicly" in body
    assert "Our exit words." in body
    assert latest(accepted).revision == version.revision


def test_saving_terms_shows_a_safeguard_off_to_both_sides_in_a_warning(as_persona, accepted):
    client = as_persona("organiser_a")
    data = _terms_post(latest(accepted), keeps_public_voice=None, public_voice_off_reason="The trust's press rules.")
    response = client.post(url(accepted, "agreement_edit"), data)
    assert response.status_code == 302
    body = as_persona("reviewer_x").get(url(accepted, "agreement")).content.decode()
    assert "nhsuk-warning-callout" in body and "The trust&#x27;s press rules." in body


def test_a_commitment_form_error_is_beside_the_field_and_nothing_typed_is_lost(as_persona, accepted):
    client = as_persona("reviewer_x")
    data = {
        "revision": latest(accepted).revision,
        "party": "institution",
        "what": "Book the room.",
        "accountable_to": "role",
    }
    response = client.post(url(accepted, "commitment_new"), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Give a due date or a review date" in body and "Name the role" in body and "Book the room." in body


def test_a_commitment_is_added_changed_and_removed_through_the_pages(as_persona, accepted):
    client = as_persona("reviewer_x")
    soon = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    data = {"revision": latest(accepted).revision, "party": "institution", "what": "Book the room.", "due_date": soon}
    data["accountable_to"] = "board"
    data["accountable_to_name"] = "Trust board"
    assert client.post(url(accepted, "commitment_new"), data).status_code == 302
    added = Commitment.objects.get(what="Book the room.")
    body = client.get(url(accepted, "agreement")).content.decode()
    assert "Trust board (a board)" in body
    data |= {"revision": latest(accepted).revision, "what": "Book the big room."}
    assert client.post(url(accepted, "commitment_edit", commitment_uuid=added.uuid), data).status_code == 302
    assert Commitment.objects.get(pk=added.pk).what == "Book the big room."
    remove = url(accepted, "commitment_remove", commitment_uuid=added.uuid)
    assert "Remove this commitment?" in client.get(remove).content.decode()
    assert client.post(remove, {"revision": latest(accepted).revision}).status_code == 302
    assert not Commitment.objects.filter(pk=added.pk).exists()


def test_a_stale_form_is_told_what_happened(as_persona, accepted, reviewer_x):
    client = as_persona("organiser_a")
    version = latest(accepted)
    services.agreement_update(actor=reviewer_x, engagement=fresh(accepted), seen_revision=version.revision, **TERMS)
    response = client.post(url(accepted, "agreement_edit"), _terms_post(version), follow=True)
    assert "Someone else changed the agreement while you were editing it." in response.content.decode()


def _amended(accepted, active, organiser_a):
    first = latest(active)
    services.agreement_update(
        actor=organiser_a,
        engagement=fresh(active),
        seen_revision=first.revision,
        **{**TERMS, "keeps_right_to_withdraw": False, "withdraw_off_reason": "A grant condition."},
    )
    second = latest(active)
    commitment = second.commitments.first()
    services.commitment_remove(
        actor=organiser_a, engagement=fresh(active), commitment=commitment, seen_revision=second.revision
    )


def test_compare_shows_terms_safeguards_and_commitments_that_changed(as_persona, accepted, active, organiser_a):
    _amended(accepted, active, organiser_a)
    client = as_persona("member_x")
    body = client.get(f"{url(active, 'agreement_compare')}?from=1&to=2").content.decode()
    assert "What changed from version 1 to version 2" in body
    assert "The movement keeps its right to withdraw" in body and "<ins>Off. Reason: A grant condition.</ins>" in body
    assert "Commitments removed" in body and "<del>Book the room every month.</del>" in body
    page = client.get(url(active, "agreement")).content.decode()
    assert "In force: version 1" in page and "Amendment: draft version 2" in page


@pytest.mark.parametrize("query", ["", "?from=1", "?from=1&to=1", "?from=x&to=2", "?from=1&to=9", "?from=-1&to=2"])
def test_bad_compare_queries_are_a_400_with_a_way_on(as_persona, active, query):
    response = as_persona("lead_a").get(f"{url(active, 'agreement_compare')}{query}")
    assert response.status_code == 400
    assert "Those versions cannot be compared" in response.content.decode()


def test_a_version_that_does_not_exist_is_404(as_persona, active):
    assert as_persona("lead_a").get(url(active, "agreement_version", number=7)).status_code == 404
    assert as_persona("lead_a").get(url(active, "agreement_version", number=99999)).status_code == 404


def test_the_comparison_is_for_those_who_read_the_agreement(as_persona, accepted, active, organiser_a):
    _amended(accepted, active, organiser_a)
    assert_matrix(
        as_persona,
        f"{url(active, 'agreement_compare')}?from=1&to=2",
        {
            "visitor": LOGIN,
            PARTIES: 200,
            ("moderator", "superuser"): 200,
            "moderator_without_two_factor": TWO_FACTOR_FIRST,
        },
        others=404,
    )


def test_a_sign_post_is_refused_or_sent_to_re_authenticate_and_signs_nothing(as_persona, accepted):
    from engagements.models import Signature
    from tests.engagements.signing_setup import agree_purpose

    agree_purpose(
        accepted,
        movement_approver=as_persona.personas["lead_a"],
        institution_approver=as_persona.personas["signatory_x"],
    )
    version = latest(accepted)
    assert_matrix(
        as_persona,
        url(accepted, "agreement_sign"),
        {
            "visitor": LOGIN,
            ("lead_a", "signatory_x"): redirect(reverse("account_reauthenticate")),
            "admin_x": redirect(reverse("mfa_reauthenticate")),  # two-factor people confirm with a code
            ("organiser_a", "member_x", "reviewer_x", "moderator", "superuser"): 403,
            "moderator_without_two_factor": TWO_FACTOR_FIRST,
        },
        others=404,
        method="post",
        data={"version": str(version.uuid), "revision": version.revision, "declaration": "on"},
    )
    assert not Signature.objects.exists()
