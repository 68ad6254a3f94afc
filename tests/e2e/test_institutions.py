"""Institutions in a real browser: NHS staff join at once by work email, or wait for an admin.

Every page visited is checked with axe-core and screenshotted (test-artifacts/screenshots/).
"""

import re
import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from playwright.sync_api import expect

from engagements.seed import seed_engagement_models
from institutions.models import Institution, Membership, VerifiedDomain
from tests.factories import PASSWORD, UserFactory

from .conftest import login, submit

STRONG = "meadow-lantern-quietly-42"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def main(page):
    return page.locator("main")


def heading(page):
    return main(page).get_by_role("heading", level=1)


def banner(page):
    return page.locator(".nhsuk-notification-banner")


def sign_out(page):
    with page.expect_navigation():
        page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()


def click_link(page, name):
    with page.expect_navigation():
        main(page).get_by_role("link", name=name).first.click()


def test_staff_join_by_work_email_or_wait_for_the_admin(browser_page, axe_check, email_link):
    page = browser_page
    seed_engagement_models()  # the suite runs without the migration that seeds them
    trust = Institution.objects.create(
        name="Riverside Teaching Hospitals NHS Trust",
        ods_code="RQX",
        org_type="nhs_trust",
        region="south-west",
        status=Institution.Status.APPROVED,
        description="We want to hear from patient movements.",
    )
    VerifiedDomain.objects.create(institution=trust, domain="riverside.nhs.uk", method="moderator")
    admin = UserFactory(email="admin@riverside.nhs.uk", display_name="Asha Admin")
    Membership.objects.create(user=admin, institution=trust, role="admin", status="verified")
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)

    # 1. A staff member signs up with their work email address and confirms it.
    page.goto("/accounts/signup/")
    page.locator("input[name=display_name]").fill("Wren Worker")
    page.locator("input[name=email]").fill("wren@riverside.nhs.uk")
    page.locator("input[name=password1]").fill(STRONG)
    page.locator("input[name=password2]").fill(STRONG)
    submit(page, "Create account")
    page.goto(email_link("wren@riverside.nhs.uk", contains="/accounts/confirm-email/"))
    submit(page, re.compile("confirm", re.I))

    # 2. They find the trust in the directory and join it at once.
    page.goto("/institutions/")
    axe_check(page, "01-directory")
    page.locator("main input[name=q]").fill("riverside")
    submit(page, "Search")
    expect(main(page)).to_contain_text("1 institution found")
    axe_check(page, "02-directory-search")
    click_link(page, "Riverside Teaching Hospitals NHS Trust")
    expect(heading(page)).to_have_text("Riverside Teaching Hospitals NHS Trust")
    axe_check(page, "03-profile")
    click_link(page, "Ask to join")
    expect(main(page)).to_contain_text("verified member straight away")
    axe_check(page, "04-join-matching-email")
    submit(page, "Ask to join")
    expect(banner(page)).to_contain_text("You are now a member of Riverside Teaching Hospitals NHS Trust")
    axe_check(page, "05-joined")
    assert Membership.objects.get(user__email="wren@riverside.nhs.uk").status == Membership.Status.VERIFIED
    sign_out(page)

    # 3. A colleague with an nhs.net address asks, and waits.
    UserFactory(email="nico@nhs.net", display_name="Nico Net")
    login(page, "nico@nhs.net", PASSWORD)
    page.goto("/institutions/RQX/join/")
    expect(main(page)).to_contain_text("an admin of the institution will check your request")
    axe_check(page, "06-join-nhs-net")
    submit(page, "Ask to join")
    expect(banner(page)).to_contain_text("You have asked to join")
    expect(main(page)).to_contain_text("Waiting for approval")
    axe_check(page, "07-waiting")
    assert Membership.objects.get(user__email="nico@nhs.net").status == Membership.Status.PENDING
    sign_out(page)

    # 4. The admin signs in with their authenticator code and approves the request.
    login(page, admin.email, PASSWORD)
    assert "/2fa/authenticate/" in page.url, page.url
    page.locator("main input[name=code]").fill(totp_code(secret))
    submit(page, "Continue")
    assert page.url.endswith("/dashboard/"), page.url
    expect(main(page)).to_contain_text("Nico Net asked to join Riverside Teaching Hospitals NHS Trust")
    axe_check(page, "08-admin-dashboard")
    page.goto("/institutions/RQX/members/")
    axe_check(page, "09-members")
    click_link(page, re.compile("Decide"))
    expect(heading(page)).to_contain_text("Does Nico Net work here?")
    # Turning down without a reason is refused, with the error by the field.
    main(page).get_by_label("Turn down").check()
    submit(page, "Save decision")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Give a reason")
    axe_check(page, "10-decide-error")
    main(page).get_by_label("Approve").check()
    submit(page, "Save decision")
    expect(banner(page)).to_contain_text("Nico Net is now a verified member")
    axe_check(page, "11-approved")
    assert Membership.objects.get(user__email="nico@nhs.net").status == Membership.Status.VERIFIED

    # 5. The admin says which engagement models the trust is open to; the profile lists them.
    page.goto("/institutions/RQX/edit/")
    main(page).get_by_label("Protective host").check()
    main(page).get_by_label("Amplifier").check()
    axe_check(page, "12-edit-engagement-models")
    submit(page, "Save changes")
    expect(banner(page)).to_contain_text("The profile has been updated")
    models = main(page).locator("details.nhsuk-details")
    expect(models).to_have_count(2)
    expect(models.first).to_contain_text("Protective host")
    models.first.locator("summary").click()
    expect(models.first).to_contain_text("What the movement keeps")
    expect(models.first).to_contain_text("Suggested commitments")
    axe_check(page, "13-profile-engagement-models")
    assert sorted(trust.open_to_models.values_list("slug", flat=True)) == ["amplifier", "protective-host"]
