"""Movements in a real browser: an organiser signs up and creates a movement, invites a
co-organiser who has no account yet, the superuser approves it in the admin, and a
visitor finds it by search and filter. axe-core checks every page of ours."""

import re
import time
from urllib.parse import urlsplit

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from movements.models import Movement, Organiser
from movements.taxonomy import taxonomy_sync
from tests.factories import PASSWORD

from .conftest import submit

ORGANISER = ("Amira Patel", "amira@example.org")
CO_ORGANISER = ("Tom Okafor", "tom@example.org")
SECRET_PASSWORD = "lantern-orchard-quietly-7"
NAME = "Singing Lungs of Salford"


def heading(page):
    return page.locator("main").get_by_role("heading", level=1)


def sign_up(page, email_link, name, email):
    """Fill in the sign-up form from the current page (or go to it) and confirm the email."""
    if "/accounts/signup/" not in page.url:
        page.goto("/accounts/signup/")
    page.locator("input[name=display_name]").fill(name)
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(SECRET_PASSWORD)
    page.locator("input[name=password2]").fill(SECRET_PASSWORD)
    submit(page, "Create account")
    expect(heading(page)).to_have_text(re.compile("check your email", re.I))
    page.goto(email_link(email, contains="/accounts/confirm-email/"))
    submit(page, re.compile("confirm", re.I))


def check(page, label):
    page.locator("main").get_by_label(label, exact=True).check()


def test_organiser_creates_invites_moderator_approves_visitor_finds(browser_page, axe_check, email_link, superuser):
    taxonomy_sync()  # the seeded taxonomy (tests run without migrations)
    page = browser_page

    # 1. An organiser signs up and adds their movement.
    sign_up(page, email_link, *ORGANISER)
    assert page.url.endswith("/dashboard/"), page.url
    expect(page.locator("main")).to_contain_text("You are not an organiser of any movement yet")
    axe_check(page, "01-dashboard-empty")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="add it to Common Ground").click()
    expect(heading(page)).to_have_text("Add your movement")
    axe_check(page, "02-create")

    submit(page, "Send for approval")
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the movement's name")
    axe_check(page, "03-create-errors")

    main = page.locator("main")
    main.get_by_label("Movement name").fill(NAME)
    main.get_by_label("Summary").fill("People with lung conditions singing their way to better breathing.")
    main.get_by_label("About the movement").fill("We sing every Thursday.\n\nMore at https://example.org/sing")
    check(page, "Healthy lifestyles and prevention")
    check(page, "Living with a disease, disability or condition")
    check(page, "Breathing and lung conditions")
    check(page, "Promoting a change")
    check(page, "Coalescence")
    check(page, "North West")
    check(page, "50 to 250 people")
    main.get_by_label("Website (optional)").fill("example.org")
    submit(page, "Send for approval")
    expect(heading(page)).to_have_text(NAME)
    expect(main).to_contain_text("waiting for a moderator")
    axe_check(page, "04-pending-profile")
    movement = Movement.objects.get(name=NAME)
    assert movement.status == Movement.Status.PENDING

    # 2. They invite a co-organiser by email.
    with page.expect_navigation():
        main.get_by_role("link", name="Organisers and invitations").click()
    axe_check(page, "05-organisers")
    main.get_by_label("Email address").fill(CO_ORGANISER[1])
    submit(page, "Send invitation")
    expect(main).to_contain_text(CO_ORGANISER[1])
    axe_check(page, "06-invitation-sent")
    page.context.clear_cookies()

    # 3. The co-organiser has no account: the link leads them through sign-up and back.
    page.goto(email_link(CO_ORGANISER[1], contains="/movements/invitations/"))
    expect(heading(page)).to_contain_text(f"Help organise {NAME}")
    axe_check(page, "07-invitation-signed-out")
    with page.expect_navigation():
        main.get_by_role("button", name="Create an account").click()
    sign_up(page, email_link, *CO_ORGANISER)
    # Confirming the new address signs them in and takes them straight back to the invitation.
    assert "/movements/invitations/" in page.url, page.url
    expect(main.get_by_role("button", name="Accept invitation")).to_be_visible()
    axe_check(page, "09-invitation-signed-in")
    submit(page, "Accept invitation")
    expect(heading(page)).to_have_text(NAME)
    expect(main).to_contain_text("You are now an organiser")
    axe_check(page, "10-accepted")
    assert Organiser.objects.get(movement=movement, user__email=CO_ORGANISER[1]).role == "organiser"
    page.context.clear_cookies()

    # 4. The superuser (platform staff with two-factor) approves it in the Django admin. The admin
    #    has no sign-in of its own: the site's sign-in and code step lead back to the page asked for.
    admin, secret = superuser, superuser.totp_secret
    page.goto("/admin/movements/movement/?status__exact=pending")
    assert urlsplit(page.url).path == "/accounts/login/", page.url
    axe_check(page, "11-admin-sign-in")
    main.locator("input[name=login]").fill(admin.email)
    main.locator("input[name=password]").fill(PASSWORD)
    submit(page, re.compile(r"^\s*sign in\s*$", re.I))
    assert "/2fa/authenticate/" in page.url, page.url
    axe_check(page, "12-admin-code-step")
    main.locator("input[name=code]").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    submit(page, "Continue")
    assert page.url.endswith("/admin/movements/movement/?status__exact=pending"), page.url
    page.locator(f"input[name=_selected_action][value='{movement.pk}']").check()
    page.locator("select[name=action]").select_option("approve_selected")
    with page.expect_navigation():
        page.locator("button[name=index], input[name=index]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("Approved 1 movement")
    movement.refresh_from_db()
    assert movement.status == Movement.Status.APPROVED
    # Signing out of the admin is the site's sign-out.
    with page.expect_navigation():
        page.locator("#logout-form button").click()
    assert urlsplit(page.url).path == "/", page.url
    page.goto("/admin/")
    assert urlsplit(page.url).path == "/accounts/login/", page.url
    page.context.clear_cookies()

    # 5. A visitor finds it by search and by filter.
    page.goto("/movements/")
    axe_check(page, "13-directory")
    main.get_by_label("Search movements").fill("singing lungs")
    submit(page, "Apply filters")
    expect(main.get_by_role("link", name=NAME)).to_be_visible()
    axe_check(page, "14-search-results")
    page.goto("/movements/")
    check(page, "North West")
    check(page, "Healthy lifestyles and prevention")
    submit(page, "Apply filters")
    expect(main.get_by_role("link", name=NAME)).to_be_visible()
    check(page, "Emergence")
    submit(page, "Apply filters")
    expect(main).to_contain_text("No movements match")
    axe_check(page, "15-filters-no-results")
    page.goto("/movements/?region=north-west")
    with page.expect_navigation():
        main.get_by_role("link", name=NAME).click()
    expect(heading(page)).to_have_text(NAME)
    expect(main).not_to_contain_text("waiting for a moderator")
    expect(main.get_by_role("link", name="https://example.org/sing")).to_be_visible()
    axe_check(page, "16-public-profile")


def test_invitation_problems_are_explained(browser_page, axe_check):
    taxonomy_sync()
    page = browser_page
    page.goto("/movements/invitations/not-a-real-token/")
    expect(heading(page)).to_have_text("This invitation link is not valid")
    axe_check(page, "01-tampered")
