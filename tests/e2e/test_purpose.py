"""The shared purpose in the browser: movement A's organiser changes the draft the acceptance opened,
institution X's reviewer approves it, A's lead approves it and it is in force; a later change starts
version 2, and the compare page shows what changed. axe-core checks every page, at 1280 px and at
375 px."""

import re

from playwright.sync_api import expect

from engagements import services
from engagements.models import Agreement, Engagement
from tests.engagements.conftest import draft_to_x
from tests.engagements.factories import EngagementModelFactory
from tests.factories import PASSWORD

from .conftest import login, submit

NEW_WORDS = "People with COPD feel less alone and are heard when the clinic changes."


def main(page):
    return page.locator("main")


def click_link(page, name):
    with page.expect_navigation():
        main(page).get_by_role("link", name=name).first.click()


def sign_in_as(page, user):
    page.context.clear_cookies()
    login(page, user.email, PASSWORD)


def accepted_engagement(organiser, reviewer, movement, institution):
    way = EngagementModelFactory(name="Co-host", slug="co-host")
    institution.open_to_models.add(way)
    engagement = draft_to_x(organiser, movement, institution, way)
    services.engagement_submit(actor=organiser, engagement=engagement)
    engagement = Engagement.objects.get(pk=engagement.pk)
    services.engagement_accept(actor=reviewer, engagement=engagement)
    return Engagement.objects.get(pk=engagement.pk)


def test_both_sides_agree_the_shared_purpose_and_then_change_it(
    browser_page, axe_check, movement_a, institution_x, organiser_a, lead_a, reviewer_x
):
    page = browser_page
    engagement = accepted_engagement(organiser_a, reviewer_x, movement_a, institution_x)
    purpose_url = f"/engagements/{engagement.uuid}/purpose/"

    # 1. The organiser finds the draft from the engagement page and changes it.
    sign_in_as(page, organiser_a)
    page.goto(engagement.get_absolute_url())
    expect(main(page).locator("#shared-purpose")).to_have_text("Shared purpose")
    click_link(page, "Read and approve the shared purpose")
    expect(main(page).get_by_role("heading", level=1)).to_have_text("Shared purpose")
    expect(main(page)).to_contain_text("Nothing is in force yet")
    axe_check(page, "01-draft")
    click_link(page, "Change version 1")
    axe_check(page, "02-edit")
    statement = main(page).get_by_label("Shared purpose")
    statement.fill("")
    submit(page, "Save the shared purpose")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the shared purpose")
    axe_check(page, "03-edit-with-an-error")
    main(page).get_by_label("Shared purpose").fill(NEW_WORDS)
    main(page).get_by_label("Healthy lifestyles and prevention").check()
    submit(page, "Save the shared purpose")
    expect(main(page)).to_contain_text("Version 1 is saved. The other side has been told.")
    expect(main(page)).to_contain_text(NEW_WORDS)

    # 2. Institution X's reviewer approves it for the institution.
    sign_in_as(page, reviewer_x)
    page.goto("/notifications/")
    expect(main(page)).to_contain_text("changed the shared purpose")
    page.goto(purpose_url)
    axe_check(page, "04-for-the-reviewer")
    submit(page, "Approve version 1 for the institution")
    expect(main(page)).to_contain_text("You have approved version 1.")
    expect(main(page)).to_contain_text("by Rhys Reviewer on")

    # 3. Movement A's lead approves it for the movement: it is in force.
    sign_in_as(page, lead_a)
    page.goto(purpose_url)
    expect(main(page)).to_contain_text("Approved by one side")
    submit(page, "Approve version 1 for the movement")
    expect(main(page)).to_contain_text("the shared purpose is agreed and in force")
    in_force = main(page).locator("#in-force + p")
    expect(in_force).to_contain_text("Version 1, agreed on")
    expect(in_force).to_contain_text("Rhys Reviewer for the institution and Leah Lead for the movement")
    axe_check(page, "05-in-force")
    assert Agreement.objects.get(engagement=engagement).purpose.number == 1

    # 4. A later change starts version 2; version 1 stays in force; the difference reads in place.
    click_link(page, "Propose a change (it starts version 2)")
    expect(main(page)).to_contain_text("saving starts version 2")
    main(page).get_by_label("Shared purpose").fill(NEW_WORDS.replace("are heard", "are listened to"))
    submit(page, "Save the shared purpose")
    expect(main(page)).to_contain_text("Your change starts version 2.")
    expect(main(page).locator("#draft")).to_have_text("Proposed change: version 2")
    axe_check(page, "06-in-force-with-a-proposed-change")
    click_link(page, "See what changed since version 1")
    expect(main(page).get_by_role("heading", level=1)).to_have_text("What changed from version 1 to version 2")
    expect(main(page).locator(".app-diff del")).to_contain_text("heard")
    expect(main(page).locator(".app-diff ins")).to_contain_text("listened to")
    axe_check(page, "07-compare")
    click_link(page, "Every version")
    expect(main(page).locator("tbody tr")).to_have_count(2)
    axe_check(page, "08-versions")
    click_link(page, "Version 1")
    expect(main(page).get_by_role("heading", level=1)).to_have_text("Shared purpose, version 1")
    axe_check(page, "09-version-1")
    page.goto(engagement.get_absolute_url())
    expect(main(page).locator("#shared-purpose + dl")).to_contain_text(re.compile(r"In force\s+Version 1"))
    axe_check(page, "10-engagement-page")


def test_the_shared_purpose_pages_on_a_phone(
    mobile_page, axe_check, movement_a, institution_x, organiser_a, lead_a, reviewer_x
):
    page = mobile_page
    engagement = accepted_engagement(organiser_a, reviewer_x, movement_a, institution_x)
    version = engagement.purpose_versions.get()
    services.purpose_approve(actor=reviewer_x, engagement=engagement, version=version, seen_revision=1)
    services.purpose_approve(
        actor=lead_a, engagement=Engagement.objects.get(pk=engagement.pk), version=version, seen_revision=2
    )
    services.purpose_update(
        actor=organiser_a,
        engagement=Engagement.objects.get(pk=engagement.pk),
        seen_revision=3,
        statement=NEW_WORDS,
        outcomes="Fewer missed appointments.\nMore people join the peer group.",
        ways_of_impact=list(version.ways_of_impact.all()),
    )
    base = f"/engagements/{engagement.uuid}/purpose/"
    sign_in_as(page, reviewer_x)
    for name, path in [
        ("375-01-purpose", base),
        ("375-02-edit", f"{base}edit/"),
        ("375-03-versions", f"{base}versions/"),
        ("375-04-compare", f"{base}compare/?from=1&to=2"),
        ("375-05-version-1", f"{base}versions/1/"),
    ]:
        page.goto(path)
        axe_check(page, name)


def test_a_save_that_crossed_another_keeps_what_was_typed(
    browser_page, axe_check, movement_a, institution_x, organiser_a, lead_a, reviewer_x
):
    page = browser_page
    engagement = accepted_engagement(organiser_a, reviewer_x, movement_a, institution_x)
    sign_in_as(page, organiser_a)
    page.goto(f"/engagements/{engagement.uuid}/purpose/edit/")
    main(page).get_by_label("Shared purpose").fill("Words the organiser typed.")
    # Meanwhile the reviewer saves other words.
    services.purpose_update(
        actor=reviewer_x,
        engagement=Engagement.objects.get(pk=engagement.pk),
        seen_revision=1,
        statement="Words the reviewer saved first.",
        outcomes="",
        ways_of_impact=list(engagement.purpose_versions.get().ways_of_impact.all()),
    )
    submit(page, "Save the shared purpose")
    expect(main(page)).to_contain_text("Someone else changed the shared purpose while you were editing it")
    expect(main(page).locator(".nhsuk-card")).to_contain_text("Words the reviewer saved first.")
    expect(main(page).get_by_label("Shared purpose")).to_have_value("Words the organiser typed.")
    axe_check(page, "01-changed-meanwhile")
    submit(page, "Save the shared purpose")
    expect(main(page)).to_contain_text("Version 1 is saved.")
    expect(main(page)).to_contain_text("Words the organiser typed.")
