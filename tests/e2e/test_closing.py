"""A lead organiser closes their movement in the browser and reopens it; a visitor sees it has
closed; a newcomer adding a movement of the same name is warned and goes on. axe-core checks
every page (movement_a, "Breathe Together", from the shared personas)."""

import re

from playwright.sync_api import expect

from movements.models import Movement
from notifications.models import Notification
from tests.factories import PASSWORD

from .conftest import login, submit

REASON = "We achieved what we set out to do."


def main(page):
    return page.locator("main")


def heading(page):
    return main(page).get_by_role("heading", level=1)


def click_link(page, name):
    with page.expect_navigation():
        main(page).get_by_role("link", name=name).first.click()


def test_a_lead_closes_and_reopens_their_movement(browser_page, axe_check, movement_a, lead_a, organiser_a):
    page = browser_page
    login(page, lead_a.email, PASSWORD)

    # The only lead is offered neither stepping down nor leaving, and is told why.
    page.goto("/movements/breathe-together/organisers/")
    expect(main(page)).to_contain_text("You are the only lead organiser. To leave, first make someone else a lead")
    expect(main(page).get_by_role("button", name=re.compile("Make organiser"))).to_have_count(0)
    axe_check(page, "01-organisers-only-lead")

    page.goto("/movements/breathe-together/")
    click_link(page, "Close this movement")
    expect(heading(page)).to_have_text("Close Breathe Together?")
    axe_check(page, "02-close-confirmation")
    main(page).get_by_label("Why are you closing it? (optional)").fill("x" * 1001)
    submit(page, "Close movement")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("must be 1,000 characters or fewer")
    axe_check(page, "03-close-reason-too-long")
    main(page).get_by_label("Why are you closing it? (optional)").fill(REASON)
    submit(page, "Close movement")
    expect(heading(page)).to_have_text("Breathe Together")
    expect(main(page)).to_contain_text("This movement has closed.")
    expect(main(page)).to_contain_text(REASON)
    axe_check(page, "04-closed-profile-for-the-lead")
    assert Movement.objects.get(pk=movement_a.pk).status == Movement.Status.CLOSED
    assert Notification.objects.filter(kind="movements.closed", recipient=organiser_a).exists()

    # A visitor: not in the directory, but the page is still there and says so.
    page.context.clear_cookies()
    page.goto("/movements/?q=breathe")
    expect(main(page)).not_to_contain_text("Breathe Together")
    page.goto("/movements/breathe-together/")
    expect(main(page)).to_contain_text("This movement has closed.")
    expect(main(page)).to_contain_text("No: the movement has closed")
    axe_check(page, "05-closed-profile-for-a-visitor")

    # The lead reopens it from the dashboard.
    login(page, lead_a.email, PASSWORD)
    page.goto("/dashboard/")
    expect(main(page)).to_contain_text("Closed")
    axe_check(page, "06-dashboard-with-a-closed-movement")
    click_link(page, "Reopen Breathe Together")
    expect(heading(page)).to_have_text("Reopen Breathe Together?")
    axe_check(page, "07-reopen-confirmation")
    submit(page, "Reopen movement")
    expect(main(page)).to_contain_text("It is back in the directory")
    assert Movement.objects.get(pk=movement_a.pk).status == Movement.Status.APPROVED
    axe_check(page, "08-reopened")


def test_a_newcomer_is_warned_about_a_name_we_have(browser_page, axe_check, movement_a, user):
    page = browser_page
    login(page, user.email, PASSWORD)
    page.goto("/movements/new/")
    form = main(page)
    form.get_by_label("Movement name").fill("breathe together")
    form.get_by_label("Summary").fill("A new group in Leeds.")
    form.get_by_label("About the movement").fill("We meet on Tuesdays.")
    form.get_by_label("How care is experienced and delivered", exact=False).first.check()
    form.get_by_label("Promoting a change", exact=True).check()
    form.get_by_label("Emergence", exact=True).check()
    form.get_by_label("North East and Yorkshire", exact=True).check()
    form.get_by_label("10 to 50 people", exact=True).check()
    submit(page, "Send for approval")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "There is already a movement called “Breathe Together”"
    )
    expect(form.get_by_role("link", name="Breathe Together (opens in a new tab)")).to_be_visible()
    expect(form.get_by_label("Summary")).to_have_value("A new group in Leeds.")
    axe_check(page, "01-name-we-already-have")
    form.get_by_label("This is a different movement").check()
    submit(page, "Send for approval")
    expect(heading(page)).to_have_text("breathe together")
    expect(main(page)).to_contain_text("waiting for a moderator")
    assert Movement.objects.filter(name__iexact="breathe together").count() == 2
