"""Pages a newcomer tripped over, in a real browser: the email addresses page and asking to join with a note.

Every page visited is checked with axe-core and screenshotted (test-artifacts/screenshots/).
"""

import re
import time

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from playwright.sync_api import expect

from institutions.models import Institution, Membership, VerifiedDomain
from tests.factories import PASSWORD, UserFactory

from .conftest import login, submit


def main(page):
    return page.locator("main")


def success_banners(page):
    return page.locator(".nhsuk-notification-banner--success")


def row(page, email):
    return main(page).locator(".nhsuk-summary-list__row", has=page.locator("dt", has_text=email))


def test_the_email_page_offers_only_what_makes_sense(browser_page, mobile_page, axe_check, email_link):
    page = browser_page
    UserFactory(email="amira@example.org", display_name="Amira Patel")
    login(page, "amira@example.org", PASSWORD)

    # One confirmed primary address: tagged, and nothing to do to it.
    page.goto("/accounts/email/")
    primary = row(page, "amira@example.org")
    expect(primary.locator(".nhsuk-tag")).to_have_text(["Primary", "Confirmed"])
    expect(primary.get_by_role("button")).to_have_count(0)
    expect(primary).to_contain_text("add another address below, confirm it and make it primary")
    axe_check(page, "01-one-address")

    # Add a work address (the password is asked for again first).
    main(page).locator("input[name=email]").fill("amira@example-trust.nhs.uk")
    submit(page, "Add email address")
    if "/reauthenticate/" in page.url:
        main(page).locator("input[name=password]").fill(PASSWORD)
        submit(page, "Continue")
    assert page.url.endswith("/accounts/email/"), page.url
    added = row(page, "amira@example-trust.nhs.uk")
    expect(added.locator(".nhsuk-tag")).to_have_text(["Not confirmed"])
    expect(added.get_by_role("button")).to_have_text(
        ["Send the link again to amira@example-trust.nhs.uk", "Remove amira@example-trust.nhs.uk"]
    )
    axe_check(page, "02-address-not-confirmed")

    # Confirm it from the email; now it can be made primary.
    page.goto(email_link("amira@example-trust.nhs.uk", contains="/accounts/confirm-email/"))
    submit(page, re.compile("confirm", re.I))
    page.goto("/accounts/email/")
    added = row(page, "amira@example-trust.nhs.uk")
    expect(added.get_by_role("button")).to_have_text(
        ["Make primary amira@example-trust.nhs.uk", "Remove amira@example-trust.nhs.uk"]
    )
    axe_check(page, "03-two-confirmed")
    with page.expect_navigation():
        added.get_by_role("button", name=re.compile("Make primary")).click()
    expect(success_banners(page)).to_have_count(1)
    expect(success_banners(page)).to_contain_text("Your primary email address has been changed.")
    expect(row(page, "amira@example-trust.nhs.uk").locator(".nhsuk-tag")).to_have_text(["Primary", "Confirmed"])
    expect(row(page, "amira@example.org").get_by_role("button")).to_have_count(2)
    axe_check(page, "04-primary-changed")
    assert EmailAddress.objects.get(email="amira@example-trust.nhs.uk").primary

    # The narrow screen: the rows and their buttons stack.
    login(mobile_page, "amira@example.org", PASSWORD)
    mobile_page.goto("/accounts/email/")
    axe_check(mobile_page, "05-mobile")


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_asking_to_join_with_a_note_the_admin_reads(browser_page, axe_check):
    page = browser_page
    trust = Institution.objects.create(
        name="Riverside Teaching Hospitals NHS Trust",
        ods_code="RQX",
        org_type="nhs_trust",
        region="south-west",
        status=Institution.Status.APPROVED,
    )
    VerifiedDomain.objects.create(institution=trust, domain="riverside.nhs.uk", method="moderator")
    admin = UserFactory(email="admin@riverside.nhs.uk", display_name="Asha Admin")
    Membership.objects.create(user=admin, institution=trust, role="admin", status="verified")
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    UserFactory(email="nico@nhs.net", display_name="Nico Net")

    # The profile says who joins at once.
    login(page, "nico@nhs.net", PASSWORD)
    page.goto("/institutions/RQX/")
    expect(main(page)).to_contain_text(
        "People with an email address ending @riverside.nhs.uk join straight away; others ask and an admin decides."
    )
    with page.expect_navigation():
        main(page).get_by_role("link", name="Ask to join").click()
    note = main(page).get_by_label("A note for the admins (optional)")
    expect(note).to_be_visible()
    axe_check(page, "01-join-page")

    # Too long: refused beside the field, and nothing typed is lost.
    long_note = "Physiotherapist in the outpatients team at the community hospital. " * 5
    note.fill(long_note)
    submit(page, "Ask to join")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Your note must be 300 characters or fewer")
    expect(main(page).get_by_label("A note for the admins (optional)")).to_have_value(long_note)
    axe_check(page, "02-note-too-long")

    main(page).get_by_label("A note for the admins (optional)").fill("Physiotherapist, outpatients <team B>")
    submit(page, "Ask to join")
    expect(success_banners(page)).to_contain_text("You have asked to join")
    assert Membership.objects.get(user__email="nico@nhs.net").request_note == "Physiotherapist, outpatients <team B>"
    with page.expect_navigation():
        page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()

    # The admin sees the note beside the request, as plain text.
    login(page, admin.email, PASSWORD)
    page.locator("main input[name=code]").fill(totp_code(secret))
    submit(page, "Continue")
    page.goto("/institutions/RQX/members/")
    expect(main(page)).to_contain_text("Their note")
    expect(main(page)).to_contain_text("Physiotherapist, outpatients <team B>")
    axe_check(page, "03-members-with-note")


def test_signing_up_from_an_invitation_has_the_address_filled_in(browser_page, axe_check):
    from movements.services.invitations import invitation_create
    from movements.taxonomy import taxonomy_sync
    from tests.movements.factories import MovementFactory

    page = browser_page
    taxonomy_sync()
    lead = UserFactory(email="leah@example.org", display_name="Leah Lead")
    movement = MovementFactory(name="Breathe Together", slug="breathe-together", lead=lead)
    _invitation, token = invitation_create(actor=lead, movement=movement, email="ivy@example.org")
    page.goto(f"/movements/invitations/{token}/")
    with page.expect_navigation():
        main(page).get_by_role("button", name="Create an account").click()
    expect(main(page).locator("input[name=email]")).to_have_value("ivy@example.org")
    expect(main(page)).to_contain_text("You were invited as ivy@example.org")
    axe_check(page, "01-invited-sign-up")
