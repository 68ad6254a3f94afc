"""A moderator (not a Django admin) approves a movement in the browser: from the dashboard's
moderation panel to the queue and the review page, where rejecting without a reason is
refused and approving makes the movement public. axe-core checks every page."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from moderation.models import ModerationAction
from movements import services
from movements.models import Movement, WayOfImpact
from movements.taxonomy import taxonomy_sync
from tests.factories import PASSWORD, UserFactory

from .conftest import emails_to, login, submit

NAME = "Kitchen Table Carers"


def main(page):
    return page.locator("main")


def heading(page):
    return main(page).get_by_role("heading", level=1)


def click_link(page, name):
    with page.expect_navigation():
        main(page).get_by_role("link", name=name).first.click()


def test_moderator_reviews_a_movement_in_the_browser(browser_page, axe_check, moderator):
    taxonomy_sync()  # the seeded taxonomy (tests run without migrations)
    page = browser_page
    organiser = UserFactory(email="bea@example.org", display_name="Bea Brennan")
    movement = services.movement_create(
        actor=organiser,
        name=NAME,
        summary="Unpaid carers swapping what works, one kitchen table at a time.",
        description="We meet in each other's kitchens.\nWe want carers asked before services change.",
        direction="promote",
        stage="emergence",
        size="10-50",
        ways_of_impact=WayOfImpact.objects.filter(slug="care-experience"),
        regions=["north-west"],
    )
    assert not (moderator.is_staff or moderator.is_superuser)
    secret = moderator.totp_secret

    # 1. The moderator signs in with their authenticator code and lands on the dashboard.
    login(page, moderator.email, PASSWORD)
    assert "/2fa/authenticate/" in page.url, page.url
    page.locator("main input[name=code]").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    submit(page, "Continue")
    assert page.url.endswith("/dashboard/"), page.url
    expect(main(page).get_by_role("heading", name="Moderation")).to_be_visible()
    axe_check(page, "01-dashboard-moderation-panel")

    # 2. The queue lists the movement; its name leads to the review page.
    click_link(page, "Movements waiting for approval (1)")
    expect(heading(page)).to_have_text("Movements waiting for approval")
    expect(main(page)).to_contain_text("Bea Brennan")
    axe_check(page, "02-queue")
    click_link(page, NAME)
    expect(heading(page)).to_have_text(f"Review {NAME}")
    expect(main(page)).to_contain_text("bea@example.org")
    axe_check(page, "03-review")

    # 3. Rejecting without a reason is refused, with the error by the field; nothing changes.
    main(page).get_by_label("Reject", exact=True).check()
    submit(page, "Save decision")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Give the organisers a reason")
    expect(main(page).get_by_label("Reject", exact=True)).to_be_checked()
    axe_check(page, "04-reject-without-reason")
    movement.refresh_from_db()
    assert movement.status == Movement.Status.PENDING

    # 4. Approving it sends the moderator back to an empty queue.
    main(page).get_by_label("Approve", exact=True).check()
    main(page).get_by_label("Reason").fill("Checked their website and a local news story.")
    submit(page, "Save decision")
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(f"You approved {NAME}")
    expect(main(page)).to_contain_text("No movements are waiting for approval.")
    axe_check(page, "05-approved")
    movement.refresh_from_db()
    assert movement.status == Movement.Status.APPROVED
    assert ModerationAction.objects.get(action="movement_approve").moderator == moderator
    assert any("is now public" in m.subject for m in emails_to(organiser.email))

    # 5. The movement is public: a visitor finds it in the directory and opens its profile.
    page.context.clear_cookies()
    page.goto("/movements/")
    click_link(page, NAME)
    expect(heading(page)).to_have_text(NAME)
    expect(main(page)).not_to_contain_text("waiting for a moderator")
    expect(main(page)).not_to_contain_text("Review this movement")
    axe_check(page, "06-public-profile")


def test_moderator_opens_the_review_from_the_profile(browser_page, axe_check, moderator):
    taxonomy_sync()
    page = browser_page
    movement = services.movement_create(
        actor=UserFactory(display_name="Cal Chen"),
        name="Quiet Wards Campaign",
        summary="Patients asking for quieter nights on hospital wards.",
        description="Noise at night slows recovery.",
        direction="promote",
        stage="coalescence",
        size="50-250",
        ways_of_impact=WayOfImpact.objects.filter(slug="care-experience"),
        regions=["london"],
    )
    login(page, moderator.email, PASSWORD)
    code = hotp_value(moderator.totp_secret, int(time.time()) // 30)
    page.locator("main input[name=code]").fill(format_hotp_value(code))
    submit(page, "Continue")
    page.goto(f"/movements/{movement.slug}/")
    expect(page.locator("#movement-status-title")).to_have_text("Waiting for approval")
    axe_check(page, "01-pending-profile")
    click_link(page, "Review this movement")
    expect(heading(page)).to_have_text("Review Quiet Wards Campaign")
