"""Check-ins in the browser, on an engagement whose agreement is in force (movement A with institution X,
from the shared personas): organiser_a records a check-in marking one commitment done and one at risk,
after a wrong date is refused with everything typed kept; the engagement page's roll-up shows it;
reviewer_x sees it and the commitment's history; then reviewer_x ends the engagement with a reason and
the history is still there. axe-core checks every page; the detail page and the form are also shot at 375 px."""

import datetime

from playwright.sync_api import expect

from engagements import services
from engagements.models import CheckIn, CommitmentProgress, Engagement
from tests.engagements.agreements import bring_into_force
from tests.engagements.conftest import MONDAY, draft_to_x, fresh
from tests.engagements.factories import EngagementModelFactory
from tests.factories import PASSWORD

from .conftest import login, submit

MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def main(page):
    return page.locator("main")


def heading(page):
    return main(page).get_by_role("heading", level=1)


def click_link(page, name):
    with page.expect_navigation():
        main(page).get_by_role("link", name=name).first.click()


def sign_in_as(page, user):
    page.context.clear_cookies()
    login(page, user.email, PASSWORD)


def _active(organiser_a, reviewer_x, lead_a, signatory_x, movement_a, institution_x):
    way = EngagementModelFactory(name="Co-host", slug="co-host")
    institution_x.open_to_models.add(way)
    engagement = draft_to_x(organiser_a, movement_a, institution_x, way)
    services.engagement_submit(actor=organiser_a, engagement=engagement, now=MONDAY)
    services.engagement_accept(actor=reviewer_x, engagement=fresh(engagement), now=MONDAY)
    bring_into_force(
        engagement,
        movement_signer=lead_a,
        institution_signer=signatory_x,
        at=MONDAY,
        commitments=[
            {"party": "institution", "what": "Book the room every month.", "due_date": datetime.date(2026, 4, 1)},
            {"party": "movement", "what": "Bring two peer supporters.", "review_date": datetime.date(2026, 6, 1)},
        ],
    )
    return fresh(engagement)


def _wide_and_narrow(page, axe_check, screenshot, name):
    axe_check(page, f"{name}-1280")
    page.set_viewport_size(MOBILE)
    path = screenshot(page, f"{name}-375")
    block = main(page).locator("section.app-accountability")
    if block.count():  # the block alone too, at a size that can be read
        block.screenshot(path=str(path.with_name(f"{name}-375-accountability.png")))
    page.set_viewport_size(DESKTOP)


def test_a_check_in_updates_the_roll_up_and_survives_the_ending(
    browser_page,
    axe_check,
    screenshot,
    organiser_a,
    reviewer_x,
    lead_a,
    signatory_x,
    movement_a,
    institution_x,
):
    page = browser_page
    engagement = _active(organiser_a, reviewer_x, lead_a, signatory_x, movement_a, institution_x)

    # 1. organiser_a opens the engagement: the agreement is in force, nothing checked in yet.
    sign_in_as(page, organiser_a)
    page.goto(engagement.get_absolute_url())
    block = main(page)
    expect(block).to_contain_text("Version 1, since 2 March 2026")
    expect(block).to_contain_text("No check-ins yet.")
    axe_check(page, "01-detail-before-check-in")
    click_link(page, "Record a check-in")
    expect(heading(page)).to_have_text("Record a check-in")
    _wide_and_narrow(page, axe_check, screenshot, "02-check-in-form")

    # 2. A date in the future is refused beside the date; the note and the statuses chosen stay.
    form = main(page)
    form.get_by_label("Day").fill("1")
    form.get_by_label("Month").fill("1")
    form.get_by_label("Year").fill("2999")
    form.get_by_label("What happened since the last check-in?").fill("The room is booked to July; one peer is ill.")
    room = form.locator("fieldset", has_text="Book the room every month.")
    peers = form.locator("fieldset", has_text="Bring two peer supporters.")
    room.get_by_label("Done").check()
    peers.get_by_label("At risk").check()
    form.get_by_label("Comment (optional)").nth(1).fill("Recruiting a second volunteer.")
    submit(page, "Record check-in")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("must be today or in the past")
    expect(main(page).get_by_label("What happened since the last check-in?")).to_have_value(
        "The room is booked to July; one peer is ill."
    )
    expect(room.get_by_label("Done")).to_be_checked()
    expect(peers.get_by_label("At risk")).to_be_checked()
    axe_check(page, "03-check-in-date-refused")

    # 3. A real date: recorded, back on the engagement page with the roll-up changed.
    main(page).get_by_label("Day").fill("20")
    main(page).get_by_label("Month").fill("3")
    main(page).get_by_label("Year").fill("2026")
    submit(page, "Record check-in")
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("Your check-in is recorded")
    rollup = main(page).locator("table.app-rollup")  # a status a row; the movement's column, then the trust's
    expect(rollup.locator("tr[data-status=done] td")).to_have_text(["0", "1"])
    expect(rollup.locator("tr[data-status=at_risk] td")).to_have_text(["1", "0"])
    expect(rollup.locator("tr[data-status=overdue] td")).to_have_text(["1", "0"])  # past its review date
    expect(main(page)).to_contain_text("20 March 2026, by Omar Organiser for the movement")
    _wide_and_narrow(page, axe_check, screenshot, "04-detail-after-check-in")
    statuses = dict(CommitmentProgress.objects.values_list("status", "as_of"))
    assert set(statuses) == {"done", "at_risk"} and set(statuses.values()) == {datetime.date(2026, 3, 20)}

    # 4. reviewer_x sees the same, the history of the at-risk commitment and the check-ins page.
    sign_in_as(page, reviewer_x)
    page.goto(engagement.get_absolute_url())
    expect(main(page).locator("dl", has_text="Bring two peer supporters.")).to_contain_text("At risk")
    main(page).get_by_role("link", name="History of “Bring two peer supporters.”").click()
    expect(heading(page)).to_have_text("Bring two peer supporters.")
    expect(main(page)).to_contain_text("Recruiting a second volunteer.")
    axe_check(page, "05-commitment-history")
    page.goto(engagement.get_absolute_url() + "check-ins/")
    expect(main(page)).to_contain_text("The room is booked to July; one peer is ill.")
    axe_check(page, "06-check-in-history")

    # 5. reviewer_x ends the engagement: a reason is needed; afterwards the record is all there.
    page.goto(engagement.get_absolute_url())
    click_link(page, "End the engagement")
    expect(heading(page)).to_have_text("End this engagement?")
    submit(page, "End the engagement")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Give a reason for ending the engagement")
    axe_check(page, "07-end-needs-a-reason")
    main(page).get_by_label("Why are you ending the engagement?").fill("The clinic is moving to another site.")
    submit(page, "End the engagement")
    expect(main(page)).to_contain_text("The clinic is moving to another site.")
    expect(main(page).get_by_role("link", name="Record a check-in")).to_have_count(0)
    expect(main(page)).to_contain_text("20 March 2026, by Omar Organiser")
    expect(main(page)).to_contain_text("Version 1 was in force from 2 March 2026 until the engagement was ended")
    axe_check(page, "08-detail-after-ending")
    assert fresh(engagement).status == Engagement.Status.ENDED
    page.goto(engagement.get_absolute_url() + "check-ins/")
    expect(main(page)).to_contain_text("The room is booked to July; one peer is ill.")
    assert CheckIn.objects.filter(engagement=engagement).count() == 1
