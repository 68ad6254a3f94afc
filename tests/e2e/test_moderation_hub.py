"""A moderator signs in with two-factor authentication and works from the hub: every queue with
its count, "Nothing waiting" for empty ones, each queue one click away. Someone who is not a
moderator gets the 404 page. axe-core checks every page, at 1280 and 375 px."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from institutions.models import Institution, Membership
from movements.models import Movement
from tests.factories import PASSWORD, UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory

from .conftest import login, submit


def main(page):
    return page.locator("main")


def sign_in_with_code(page, user, secret):
    login(page, user.email, PASSWORD)
    assert "/2fa/authenticate/" in page.url, page.url
    page.locator("main input[name=code]").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    submit(page, "Continue")


def waiting_work():
    MovementFactory(name="Kitchen Table Carers", status=Movement.Status.PENDING, lead=UserFactory())
    MovementFactory(name="Quiet Wards Campaign", status=Movement.Status.PENDING, lead=UserFactory())
    lonely = InstitutionFactory(name="Lonely Community NHS Trust", ods_code="RL1")
    MembershipFactory(
        institution=lonely,
        status=Membership.Status.PENDING,
        user=UserFactory(display_name="Nia Nhsnet", email="nia.nhsnet@nhs.net"),
    )


def test_moderator_works_from_the_hub(browser_page, axe_check, moderator):
    page = browser_page
    waiting_work()
    sign_in_with_code(page, moderator, moderator.totp_secret)

    # 1. The header leads a moderator to the hub.
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Moderation").click()
    assert page.url.endswith("/moderation/"), page.url
    expect(main(page).get_by_role("heading", level=1)).to_have_text("Moderation")
    cards = main(page).get_by_role("list", name="Moderation queues").get_by_role("listitem")
    expect(cards).to_have_count(3)
    expect(cards.nth(0)).to_contain_text("Movements waiting for approval")
    expect(cards.nth(0)).to_contain_text("2 waiting")
    expect(cards.nth(0)).to_contain_text("The longest has waited")
    expect(cards.nth(1)).to_contain_text("Institutions waiting for approval")
    expect(cards.nth(1)).to_contain_text("Nothing waiting")
    expect(cards.nth(2)).to_contain_text("Requests to join institutions with no admin")
    expect(cards.nth(2)).to_contain_text("1 waiting")
    axe_check(page, "01-hub")

    # 2. Each card leads to its queue, whose breadcrumbs lead back.
    with page.expect_navigation():
        main(page).get_by_role("link", name="Requests to join institutions with no admin").click()
    expect(main(page).get_by_role("heading", level=1)).to_have_text("Requests to join institutions with no admin")
    expect(main(page)).to_contain_text("nia.nhsnet@nhs.net")
    axe_check(page, "02-requests-without-admin")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Moderation").click()
    assert page.url.endswith("/moderation/"), page.url

    # 3. The dashboard panel reads the same registry.
    page.goto("/dashboard/")
    expect(main(page).get_by_role("link", name="Movements waiting for approval (2)")).to_be_visible()
    expect(main(page).get_by_role("link", name="Institutions waiting for approval (0)")).to_be_visible()
    expect(main(page).get_by_role("link", name="All moderation queues")).to_be_visible()
    axe_check(page, "03-dashboard")


def test_hub_on_a_phone(mobile_page, axe_check, moderator):
    page = mobile_page
    waiting_work()
    InstitutionFactory(name="New Health Board", ods_code="PX7", status=Institution.Status.PENDING)
    sign_in_with_code(page, moderator, moderator.totp_secret)
    page.goto("/moderation/")
    expect(main(page).get_by_role("heading", level=1)).to_have_text("Moderation")
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    axe_check(page, "01-hub-375")
    page.goto("/institutions/requests-without-admin/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    axe_check(page, "02-requests-without-admin-375")


def test_the_hub_does_not_exist_for_anyone_else(browser_page, axe_check, user):
    page = browser_page
    login(page, user.email, PASSWORD)
    expect(page.locator("header").get_by_role("link", name="Moderation")).to_have_count(0)
    response = page.goto("/moderation/")
    assert response.status == 404
    expect(main(page).get_by_role("heading", level=1)).to_have_text("Page not found")
    axe_check(page, "01-hub-404")
