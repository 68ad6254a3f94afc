"""Accounts in a real browser: sign up, verify, sign in and out, two-factor, password reset, deletion.

Every page visited is checked with axe-core and screenshotted (test-artifacts/screenshots/).
"""

import re
import time
from urllib.parse import urlsplit

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

from .conftest import login, submit

NAME = "Amira Patel"
EMAIL = "amira@example.org"
STRONG = "lantern-orchard-quietly-7"
NEW_PASSWORD = "willow-harbour-nine-kites"


def totp_code(secret: str, *, offset_periods: int = 0) -> str:
    """What an authenticator app shows now (RFC 6238), computed with allauth's own HOTP."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset_periods))


def main(page):
    return page.locator("main")


def heading(page):
    return main(page).get_by_role("heading", level=1)


def follow(page, name):
    """Follow a link in the main content, whether it looks like a link or a button (role="button")."""
    target = main(page).get_by_role("link", name=name).or_(main(page).locator("a").get_by_text(name))
    with page.expect_navigation():
        target.first.click()


def sign_out(page):
    """Sign out with the header's button, as a person would."""
    with page.expect_navigation():
        page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")).to_be_visible()


def test_sign_up_verify_sign_in_and_two_factor(browser_page, axe_check, email_link):
    page = browser_page

    page.goto("/")
    axe_check(page, "01-home")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Create an account").click()
    expect(heading(page)).to_have_text(re.compile("create an account", re.I))
    axe_check(page, "02-sign-up")

    # Nothing filled in: an error summary and a message by each field.
    submit(page, "Create account")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).not_to_have_count(0)
    axe_check(page, "03-sign-up-errors")

    page.locator("input[name=display_name]").fill(NAME)
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(STRONG)
    page.locator("input[name=password2]").fill(STRONG + "-typo")
    submit(page, "Create account")
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    # What was typed is still there, except the passwords.
    expect(page.locator("input[name=display_name]")).to_have_value(NAME)
    expect(page.locator("input[name=email]")).to_have_value(EMAIL)
    expect(page.locator("input[name=password1]")).to_have_value("")
    axe_check(page, "04-sign-up-password-mismatch")

    page.locator("input[name=password1]").fill(STRONG)
    page.locator("input[name=password2]").fill(STRONG)
    submit(page, "Create account")
    expect(heading(page)).to_have_text(re.compile("check your email", re.I))
    axe_check(page, "05-verification-sent")
    assert User.objects.get(email=EMAIL).display_name == NAME

    page.goto(email_link(EMAIL, contains="/accounts/confirm-email/"))
    expect(heading(page)).to_have_text(re.compile("confirm your email", re.I))
    expect(main(page)).to_contain_text(EMAIL)
    axe_check(page, "06-confirm-email")
    submit(page, re.compile("confirm", re.I))

    # Signed in, on the dashboard.
    assert page.url.endswith("/dashboard/")
    expect(heading(page)).to_contain_text(NAME)
    axe_check(page, "07-dashboard")

    sign_out(page)
    axe_check(page, "08-signed-out")

    login(page, EMAIL, STRONG)
    assert page.url.endswith("/dashboard/")

    # Turn on two-factor authentication.
    page.goto("/accounts/2fa/")
    axe_check(page, "09-two-factor")
    follow(page, re.compile("set up an authenticator app", re.I))
    if "/reauthenticate/" in page.url:
        axe_check(page, "10-reauthenticate")
        page.locator("main input[name=password]").fill(STRONG)
        submit(page, "Continue")
    assert "/2fa/totp/activate/" in page.url, page.url
    axe_check(page, "11-totp-setup")
    secret = re.sub(r"\s+", "", main(page).locator("#authenticator_secret").inner_text())
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), secret

    page.locator("main input[name=code]").fill(totp_code(secret, offset_periods=10))
    submit(page, re.compile("turn on|activate", re.I))
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page, "12-totp-setup-wrong-code")
    assert not Authenticator.objects.filter(type=Authenticator.Type.TOTP).exists()

    page.locator("main input[name=code]").fill(totp_code(secret))
    submit(page, re.compile("turn on|activate", re.I))
    assert "/2fa/recovery-codes/" in page.url, page.url
    expect(heading(page)).to_have_text(re.compile("recovery codes", re.I))
    codes = main(page).get_by_role("list", name=re.compile("recovery codes", re.I)).get_by_role("listitem")
    expect(codes).to_have_count(10)
    axe_check(page, "13-recovery-codes")
    assert Authenticator.objects.filter(user__email=EMAIL, type=Authenticator.Type.TOTP).exists()

    # Signing in now needs the code from the app.
    sign_out(page)
    login(page, EMAIL, STRONG)
    assert "/2fa/authenticate/" in page.url, page.url
    axe_check(page, "14-enter-code")

    page.locator("main input[name=code]").fill(totp_code(secret, offset_periods=10))
    submit(page, "Continue")
    assert "/2fa/authenticate/" in page.url
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page.locator(".nhsuk-error-message")).not_to_have_count(0)
    axe_check(page, "15-enter-code-wrong")

    page.locator("main input[name=code]").fill(totp_code(secret))
    submit(page, "Continue")
    assert page.url.endswith("/dashboard/"), page.url
    expect(heading(page)).to_contain_text(NAME)


def test_password_reset(browser_page, axe_check, email_link):
    page = browser_page
    UserFactory(email="forgetful@example.org", display_name="Forgetful Person")

    page.goto("/accounts/login/")
    axe_check(page, "01-sign-in")
    follow(page, re.compile("forgotten your password", re.I))
    axe_check(page, "02-reset-request")

    page.locator("main input[name=email]").fill("forgetful@example.org")
    submit(page, re.compile("send", re.I))
    expect(heading(page)).to_have_text(re.compile("check your email", re.I))
    axe_check(page, "03-reset-sent")

    page.goto(email_link("forgetful@example.org", contains="/accounts/password/reset/key/"))
    # The key has moved out of the address bar.
    assert page.url.endswith("-set-password/"), page.url
    axe_check(page, "04-new-password")
    page.locator("main input[name=password1]").fill("password123")
    page.locator("main input[name=password2]").fill("password123")
    submit(page, re.compile("save|change|set", re.I))
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page, "05-new-password-too-common")

    page.locator("main input[name=password1]").fill(NEW_PASSWORD)
    page.locator("main input[name=password2]").fill(NEW_PASSWORD)
    submit(page, re.compile("save|change|set", re.I))
    axe_check(page, "06-password-changed")

    login(page, "forgetful@example.org", PASSWORD)
    assert "/accounts/login/" in page.url
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page, "07-old-password-refused")

    login(page, "forgetful@example.org", NEW_PASSWORD)
    assert page.url.endswith("/dashboard/"), page.url

    # The link is spent.
    sign_out(page)
    page.goto(email_link("forgetful@example.org", contains="/accounts/password/reset/key/"))
    expect(heading(page)).not_to_have_text(re.compile("choose a new password", re.I))
    axe_check(page, "08-used-link")


def test_delete_account(browser_page, axe_check):
    page = browser_page
    person = UserFactory(email="leaving@example.org", display_name="Leaving Person")

    login(page, person.email, PASSWORD)
    follow(page, "Delete your account")
    expect(heading(page)).to_have_text(re.compile("delete your account", re.I))
    axe_check(page, "01-delete")

    # Not ticked: refused, with the reason.
    submit(page, "Delete your account")
    if "/reauthenticate/" in page.url:
        axe_check(page, "02-reauthenticate")
        page.locator("main input[name=password]").fill("not-my-password")
        submit(page, "Continue")
        expect(page.locator(".nhsuk-error-summary")).to_be_visible()
        axe_check(page, "03-reauthenticate-wrong-password")
        page.locator("main input[name=password]").fill(PASSWORD)
        submit(page, "Continue")
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page, "04-delete-not-confirmed")
    person.refresh_from_db()
    assert person.is_active

    # After reauthentication the page is shown at the reauthentication address:
    # the form must still post to the delete page.
    action = main(page).locator("form").filter(has=page.get_by_role("checkbox")).evaluate("form => form.action")
    assert urlsplit(action).path == "/accounts/delete/", f"the delete form posts to {action}"
    main(page).get_by_role("checkbox").check()
    submit(page, "Delete your account")
    assert urlsplit(page.url).path == "/", page.url
    expect(page.get_by_text("Your account has been deleted.")).to_be_visible()
    axe_check(page, "05-deleted")

    person.refresh_from_db()
    assert person.is_active is False
    assert person.display_name == "Deleted user"
    assert not User.objects.filter(email="leaving@example.org").exists()

    login(page, "leaving@example.org", PASSWORD)
    assert "/accounts/login/" in page.url
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe_check(page, "06-cannot-sign-in")


def test_home_and_sign_up_on_a_phone(mobile_page, axe_check):
    page = mobile_page
    page.goto("/")
    axe_check(page, "home-375")
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto("/accounts/signup/")
    axe_check(page, "sign-up-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
