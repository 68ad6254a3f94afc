"""In the browser: registering an institution under a name we have is warned about and can go on;
the moderator reviewing it sees the possible duplicate; the only admin of a trust is offered only
what works on the members page. axe-core checks every page (shared personas: institution_x,
"Example Trust", RX1, and its admin_x)."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from institutions.models import Institution
from tests.factories import PASSWORD

from .conftest import login, submit


def main(page):
    return page.locator("main")


def heading(page):
    return main(page).get_by_role("heading", level=1)


def sign_in_with_code(page, person):
    login(page, person.email, PASSWORD)
    assert "/2fa/authenticate/" in page.url, page.url
    page.locator("main input[name=code]").fill(
        format_hotp_value(hotp_value(person.totp_secret, int(time.time()) // 30))
    )
    submit(page, "Continue")


def test_a_second_example_trust_is_warned_about_then_reviewed(browser_page, axe_check, institution_x, user, moderator):
    page = browser_page
    login(page, user.email, PASSWORD)
    page.goto("/institutions/register/")
    form = main(page)
    form.get_by_label("Name of the organisation").fill("Example trust")
    form.get_by_label("ODS code").fill("RY9")
    form.get_by_label("NHS Trust", exact=True).check()
    form.get_by_label("Region").select_option("london")
    submit(page, "Register institution")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "There is already an institution called “Example Trust”"
    )
    expect(form).to_contain_text("ODS code RX1, NHS Trust, London")
    expect(form.get_by_label("ODS code")).to_have_value("RY9")
    axe_check(page, "01-register-name-we-have")
    form.get_by_label("This is a different institution").check()
    submit(page, "Register institution")
    expect(heading(page)).to_have_text("Example trust")
    assert Institution.objects.get(ods_code="RY9").status == Institution.Status.PENDING
    page.context.clear_cookies()

    sign_in_with_code(page, moderator)
    page.goto("/institutions/RY9/review/")
    expect(main(page)).to_contain_text("Possible duplicates")
    expect(main(page).get_by_role("link", name="Example Trust")).to_be_visible()
    axe_check(page, "02-review-with-possible-duplicate")


def test_the_only_admin_is_offered_what_works(
    browser_page, axe_check, institution_x, admin_x, member_x, pending_member_x
):
    page = browser_page
    sign_in_with_code(page, admin_x)
    page.goto("/institutions/RX1/members/")
    expect(main(page).get_by_role("link", name="Remove Ada Admin")).to_have_count(0)
    expect(main(page).get_by_role("link", name="Remove Mia Member")).to_be_visible()
    axe_check(page, "01-members-only-admin")
    with page.expect_navigation():
        main(page).get_by_role("link", name="Change signatory status of Ada Admin").click()
    expect(heading(page)).to_have_text("Change whether Ada Admin is a signatory")
    axe_check(page, "02-only-admin-signatory")
    submit(page, "Save")
    expect(main(page)).to_contain_text("Ada Admin's role has been saved")
    page.goto("/institutions/RX1/")
    expect(main(page)).to_contain_text("You are its only admin")
    axe_check(page, "03-profile-only-admin")
