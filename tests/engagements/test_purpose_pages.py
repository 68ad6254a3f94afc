"""The shared purpose's pages: who may see, change and approve (a matrix per view), and what each
page says and keeps when something is wrong."""

import re

import pytest
from django.urls import reverse

from engagements import services
from engagements.models import PurposeApproval, SharedPurposeVersion
from movements.models import WayOfImpact
from tests.engagements.conftest import fresh
from tests.institutions.factories import MembershipFactory
from tests.matrix import LOGIN, SET_UP_TWO_FACTOR, assert_matrix, redirect, refusals_then

pytestmark = pytest.mark.django_db

PARTIES = ("lead_a", "organiser_a", "member_x", "reviewer_x", "signatory_x", "admin_x")
STAFF = ("moderator", "superuser")
APPROVERS = ("lead_a", "organiser_a", "reviewer_x", "signatory_x", "admin_x")
READ_PAGES = ["purpose", "purpose_versions", "purpose_compare", "purpose_version"]


def url(name, engagement, **kwargs):
    if name == "purpose_version":
        kwargs.setdefault("number", 1)
    return reverse(f"engagements:{name}", kwargs={"engagement_uuid": engagement.uuid, **kwargs})


def latest(engagement):
    return SharedPurposeVersion.objects.filter(engagement=engagement).order_by("-number").first()


def edit_data(engagement, **changes):
    version = latest(engagement)
    data = {
        "statement": version.statement,
        "outcomes": version.outcomes,
        "ways_of_impact": [str(pk) for pk in version.ways_of_impact.values_list("pk", flat=True)],
        "seen_revision": str(version.revision),
    }
    return {**data, **changes}


def approve_data(engagement, **changes):
    version = latest(engagement)
    return {"version": str(version.uuid), "revision": str(version.revision), **changes}


@pytest.mark.parametrize("name", READ_PAGES)
def test_the_parties_and_platform_staff_read_it(as_persona, accepted, name):
    assert_matrix(
        as_persona,
        url(name, accepted),
        {"visitor": LOGIN, "moderator_without_two_factor": SET_UP_TWO_FACTOR, PARTIES + STAFF: 200},
        others=404,
    )


@pytest.mark.parametrize("name", [*READ_PAGES, "purpose_edit"])
def test_nothing_to_see_before_acceptance(as_persona, in_review, name):
    assert_matrix(
        as_persona,
        url(name, in_review),
        {"visitor": LOGIN, "moderator_without_two_factor": SET_UP_TWO_FACTOR},
        others=404,
    )


def test_only_the_parties_change_it(as_persona, accepted):
    assert_matrix(
        as_persona,
        url("purpose_edit", accepted),
        {"visitor": LOGIN, "moderator_without_two_factor": SET_UP_TWO_FACTOR, PARTIES: 200, STAFF: 403},
        others=404,
    )


def test_refused_edits_change_nothing(as_persona, accepted):
    assert_matrix(
        as_persona,
        url("purpose_edit", accepted),
        {"visitor": LOGIN, "moderator_without_two_factor": SET_UP_TWO_FACTOR, STAFF: 403},
        others=404,
        method="post",
        data=edit_data(accepted, statement="Not yours to change."),
        only=[name for name in refusals_then("lead_a", PARTIES) if name not in PARTIES],
    )
    assert latest(accepted).revision == 1


@pytest.mark.parametrize("allowed", APPROVERS)
def test_only_approvers_approve(as_persona, accepted, allowed):
    assert_matrix(
        as_persona,
        url("purpose_approve", accepted),
        {
            "visitor": LOGIN,
            "moderator_without_two_factor": SET_UP_TWO_FACTOR,
            ("member_x", *STAFF): 403,
            allowed: redirect(url("purpose", accepted)),
        },
        others=404,
        method="post",
        data=approve_data(accepted),
        only=refusals_then(allowed, APPROVERS),
    )
    assert PurposeApproval.objects.get().approver.email == as_persona.personas[allowed].email


# --- The purpose page ------------------------------------------------------------------------


def test_the_page_says_who_has_approved_and_offers_the_button_to_those_who_may(as_persona, accepted):
    body = as_persona("lead_a").get(url("purpose", accepted)).content.decode()
    assert "Nothing is in force yet" in body and "People with COPD feel less alone." in body
    assert "Approve version 1 for the movement" in body
    assert body.count("Not approved yet") == 2
    assert "Needs approval from a reviewer, admin or signatory of the institution." in body
    assert "Approve version" not in as_persona("member_x").get(url("purpose", accepted)).content.decode()
    assert "Approve version" not in as_persona("moderator").get(url("purpose", accepted)).content.decode()


def test_approving_in_the_page_then_agreeing_puts_it_in_force(as_persona, accepted):
    client = as_persona("lead_a")
    response = client.post(url("purpose_approve", accepted), approve_data(accepted, side="movement"), follow=True)
    body = response.content.decode()
    assert "You have approved version 1. The other side has been asked to approve it too." in body
    assert "by Leah Lead on" in body and "Approve version" not in body
    response = as_persona("signatory_x").post(url("purpose_approve", accepted), approve_data(accepted), follow=True)
    body = response.content.decode()
    assert "the shared purpose is agreed and in force" in body
    assert re.search(r"agreed on <time[^>]*>[^<]+</time> by Leah Lead for the movement and Sian Signatory", body)
    assert "No change is waiting for approval." in body


def test_someone_who_may_approve_for_both_sides_chooses_one(as_persona, accepted, organiser_a, institution_x):
    MembershipFactory(user=organiser_a, institution=institution_x, is_signatory=True)
    client = as_persona("organiser_a")
    body = client.get(url("purpose", accepted)).content.decode()
    assert "Approve for the movement" in body and "Approve for the institution" in body
    client.post(url("purpose_approve", accepted), approve_data(accepted, side="institution"))
    body = client.get(url("purpose", accepted)).content.decode()
    assert "Approve for the" not in body  # nobody approves for both sides
    response = client.post(url("purpose_approve", accepted), approve_data(accepted, side="movement"))
    assert response.status_code == 400 and "nobody approves for both sides" in response.content.decode()


def test_an_approval_from_a_page_that_is_out_of_date_goes_back_to_the_page_with_a_warning(
    as_persona, accepted, reviewer_x
):
    stale = approve_data(accepted)
    services.purpose_update(
        actor=reviewer_x,
        engagement=fresh(accepted),
        seen_revision=1,
        statement="New words.",
        outcomes="",
        ways_of_impact=WayOfImpact.objects.all()[:1],
    )
    response = as_persona("lead_a").post(url("purpose_approve", accepted), stale, follow=True)
    assert response.redirect_chain[-1][0] == url("purpose", accepted)
    body = response.content.decode()
    assert "The shared purpose changed after you opened it: read version 1 again before approving." in body
    assert not PurposeApproval.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"version": "not-a-uuid", "revision": "1"},
        {"version": "00000000-0000-0000-0000-000000000000", "revision": "1"},
    ],
)
def test_a_broken_approval_is_a_400_with_a_sentence(as_persona, accepted, data):
    response = as_persona("lead_a").post(url("purpose_approve", accepted), data)
    assert response.status_code == 400
    assert "This page is out of date: open the shared purpose again." in response.content.decode()


# --- Editing ---------------------------------------------------------------------------------


def test_the_form_is_filled_in_from_the_latest_version(as_persona, accepted):
    body = as_persona("member_x").get(url("purpose_edit", accepted)).content.decode()
    assert "People with COPD feel less alone.</textarea>" in body
    assert 'name="seen_revision" value="1"' in body
    assert "nobody has approved yet" in body
    way = accepted.movement.ways_of_impact.first()
    assert re.search(rf'value="{way.pk}"[^>]*checked', body) and way.description in body


def test_a_change_is_saved_and_the_page_says_so(as_persona, accepted):
    client = as_persona("organiser_a")
    response = client.post(url("purpose_edit", accepted), edit_data(accepted, statement="Nobody alone."), follow=True)
    assert response.redirect_chain[-1][0] == url("purpose", accepted)
    assert "Version 1 is saved. The other side has been told." in response.content.decode()
    assert latest(accepted).statement == "Nobody alone."


def test_a_change_after_an_approval_starts_the_next_version(as_persona, accepted, lead_a):
    as_persona("lead_a").post(url("purpose_approve", accepted), approve_data(accepted))
    client = as_persona("reviewer_x")
    assert "saving starts version 2" in client.get(url("purpose_edit", accepted)).content.decode()
    response = client.post(url("purpose_edit", accepted), edit_data(accepted, statement="Version two."), follow=True)
    assert "Your change starts version 2." in response.content.decode()
    assert latest(accepted).number == 2


def test_nothing_changed_and_missing_words_keep_what_was_typed(as_persona, accepted):
    client = as_persona("organiser_a")
    response = client.post(url("purpose_edit", accepted), edit_data(accepted))
    assert response.status_code == 400 and "You have not changed anything." in response.content.decode()
    response = client.post(
        url("purpose_edit", accepted), edit_data(accepted, statement="", outcomes="Typed outcomes stay.")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert body.count("Enter the shared purpose: what both sides want to change together") == 2  # summary and field
    assert "Typed outcomes stay.</textarea>" in body
    assert latest(accepted).revision == 1


def test_a_save_after_someone_elses_keeps_the_words_shows_theirs_and_saves_next_time(as_persona, accepted):
    mine = edit_data(accepted, statement="Words from the movement.")
    as_persona("reviewer_x").post(url("purpose_edit", accepted), edit_data(accepted, statement="Words from the trust."))
    client = as_persona("organiser_a")
    response = client.post(url("purpose_edit", accepted), mine)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed the shared purpose while you were editing it. Your words are below" in body
    assert "Words from the movement.</textarea>" in body and "Words from the trust." in body
    assert 'name="seen_revision" value="2"' in body  # the next save goes through
    assert latest(accepted).statement == "Words from the trust."
    response = client.post(url("purpose_edit", accepted), {**mine, "seen_revision": "2"})
    assert response.status_code == 302 and latest(accepted).statement == "Words from the movement."


@pytest.mark.parametrize("seen", ["", "abc", "-1"])
def test_a_missing_or_broken_revision_is_a_form_error(as_persona, accepted, seen):
    response = as_persona("organiser_a").post(url("purpose_edit", accepted), edit_data(accepted, seen_revision=seen))
    assert response.status_code == 400
    assert "This page is out of date: open the shared purpose again" in response.content.decode()


# --- Versions and the difference between two ----------------------------------------------------


@pytest.fixture
def two_versions(accepted, lead_a, signatory_x, organiser_a):
    """Version 1 agreed by both sides; version 2 changes words and a way of impact."""
    one = latest(accepted)
    services.purpose_approve(actor=lead_a, engagement=fresh(accepted), version=one, seen_revision=1)
    services.purpose_approve(actor=signatory_x, engagement=fresh(accepted), version=one, seen_revision=2)
    old_ways = set(one.ways_of_impact.all())
    new_way = WayOfImpact.objects.exclude(pk__in=[w.pk for w in old_ways]).first()
    services.purpose_update(
        actor=organiser_a,
        engagement=fresh(accepted),
        seen_revision=3,
        statement="People with COPD feel less alone and more heard.",
        outcomes=one.outcomes,
        ways_of_impact=[*list(old_ways)[1:], new_way],
    )
    return accepted, sorted(old_ways, key=lambda w: w.position)[0], new_way


def test_the_versions_list_says_each_versions_state(as_persona, two_versions):
    engagement, _removed, _added = two_versions
    body = as_persona("member_x").get(url("purpose_versions", engagement)).content.decode()
    assert body.index("Version 2") < body.index("Version 1")
    assert ">Draft</strong>" in body and ">In force</strong>" in body
    assert "Leah Lead for the movement" in body and "Omar Organiser" in body


def test_one_version_reads_as_it_was(as_persona, two_versions):
    engagement, _removed, _added = two_versions
    body = as_persona("reviewer_x").get(url("purpose_version", engagement, number=1)).content.decode()
    assert "People with COPD feel less alone.</p>" in body and "agreed on" in body
    assert as_persona("reviewer_x").get(url("purpose_version", engagement, number=9)).status_code == 404
    assert as_persona("reviewer_x").get(url("purpose_version", engagement, number=0)).status_code == 404


def test_the_difference_between_two_versions(as_persona, two_versions):
    engagement, removed, added = two_versions
    response = as_persona("lead_a").get(f"{url('purpose_compare', engagement)}?from=1&to=2")
    body = response.content.decode()
    assert response.status_code == 200
    assert "What changed from version 1 to version 2" in body
    assert re.search(r"<ins><span class=\"nhsuk-u-visually-hidden\">Added: </span>alone and more heard\.</ins>", body)
    assert re.search(r"<del><span class=\"nhsuk-u-visually-hidden\">Removed: </span>alone\.</del>", body)
    added_part = body.split(">Added</dt>")[1].split("</dd>")[0]
    removed_part = body.split(">Removed</dt>")[1].split("</dd>")[0]
    assert added.name in added_part and removed.name in removed_part
    # The other way round reads the other way.
    body = as_persona("lead_a").get(f"{url('purpose_compare', engagement)}?from=2&to=1").content.decode()
    assert added.name in body.split(">Removed</dt>")[1].split("</dd>")[0]


def test_the_compare_page_without_a_choice_offers_one(as_persona, two_versions):
    engagement, _removed, _added = two_versions
    response = as_persona("lead_a").get(url("purpose_compare", engagement))
    body = response.content.decode()
    assert response.status_code == 200 and "Compare two versions" in body
    assert re.search(r'<option value="1" selected>Version 1</option>', body)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=1", "Choose the version to compare with"),
        ("?from=abc&to=2", "Choose a version this shared purpose has"),
        ("?from=1&to=99", "Choose a version this shared purpose has"),
        ("?from=2&to=2", "Choose two different versions to compare"),
        ("?from=99999999999999999999&to=1", "Choose a version this shared purpose has"),
        ("?from=%00&to=1", "Choose a version this shared purpose has"),
    ],
)
def test_bad_choices_are_a_400_with_a_clear_message(as_persona, two_versions, query, message):
    engagement, _removed, _added = two_versions
    response = as_persona("lead_a").get(f"{url('purpose_compare', engagement)}{query}")
    assert response.status_code == 400 and message in response.content.decode()


def test_with_one_version_there_is_nothing_to_compare(as_persona, accepted):
    body = as_persona("lead_a").get(url("purpose_compare", accepted)).content.decode()
    assert "There is only one version so far" in body


# --- The engagement page's summary -------------------------------------------------------------


def test_the_engagement_page_shows_the_state_and_links_to_it(as_persona, accepted, in_review):
    body = as_persona("lead_a").get(accepted.get_absolute_url()).content.decode()
    assert 'id="shared-purpose"' in body and "Read and approve the shared purpose" in body
    assert "waiting for Breathe Together and Example Trust to approve" in body
    assert "Read the shared purpose</a>" in as_persona("member_x").get(accepted.get_absolute_url()).content.decode()


def test_no_summary_before_acceptance(as_persona, in_review):
    assert 'id="shared-purpose"' not in as_persona("lead_a").get(in_review.get_absolute_url()).content.decode()
