"""Notifications in a real browser: the centre shows and clears unread items, preferences
change, and an emailed unsubscribe link works without signing in. axe-core on every page."""

import re

from playwright.sync_api import expect

from notifications.models import Frequency
from notifications.selectors import preferences_for
from notifications.services import notification_announce
from notifications.unsubscribe_links import unsubscribe_token
from tests.factories import PASSWORD, UserFactory
from tests.notifications.links import unsubscribe_token_made

from .conftest import login, submit


def main(page):
    return page.locator("main")


def header_link(page):
    return page.get_by_role("navigation", name="Account").get_by_role("link", name=re.compile("^Notifications"))


def test_notification_centre_and_preferences(browser_page, axe_check):
    page = browser_page
    person = UserFactory(email="nadia@example.org", display_name="Nadia Noor")
    for kind, url in (
        ("accounts.welcome", "/dashboard/"),
        ("accounts.mfa_enabled", "/notifications/preferences/"),
        ("accounts.password_changed", "/notifications/"),
    ):
        notification_announce(kind=kind, recipients=[person], actor=person, url=url)

    login(page, person.email, PASSWORD)
    expect(header_link(page)).to_have_text("Notifications (3 unread)")

    # 1. The centre lists them newest first, each marked unread.
    with page.expect_navigation():
        header_link(page).click()
    expect(main(page).get_by_role("heading", level=1)).to_have_text("Notifications")
    items = main(page).get_by_role("list", name="Your notifications, newest first").get_by_role("listitem")
    expect(items).to_have_count(3)
    expect(items.first).to_contain_text("Your password was changed.")
    expect(main(page).locator(".nhsuk-tag", has_text="Unread")).to_have_count(3)
    axe_check(page, "notifications-unread")

    # 2. Mark one as read.
    submit(page, re.compile(r"^Mark as read\W+Your password was changed"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Notification marked as read.")
    expect(header_link(page)).to_have_text("Notifications (2 unread)")

    # 3. Following a notification marks it read and goes where it points.
    with page.expect_navigation():
        main(page).get_by_role("link", name="Two-factor authentication was turned on.").click()
    assert page.url.endswith("/notifications/preferences/")
    expect(header_link(page)).to_have_text("Notifications (1 unread)")

    # 4. Mark all as read clears the rest.
    page.goto("/notifications/")
    submit(page, "Mark all as read")
    expect(main(page)).to_contain_text("You have read all your notifications.")
    expect(main(page).locator(".nhsuk-tag", has_text="Unread")).to_have_count(0)
    expect(header_link(page)).to_have_text("Notifications")
    axe_check(page, "notifications-all-read")

    # 5. Preferences: a radio group per category; security is fixed.
    main(page).get_by_role("link", name="Change your email preferences").click()
    expect(main(page).get_by_role("heading", level=1)).to_have_text("Email preferences")
    expect(main(page)).to_contain_text("Always immediately")
    axe_check(page, "preferences")
    main(page).get_by_role("group", name="Comments").get_by_label("In a daily digest").check()
    main(page).get_by_role("group", name="Moderation").get_by_label("Not at all").check()
    submit(page, "Save preferences")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your email preferences are saved.")
    expect(main(page).get_by_role("group", name="Comments").get_by_label("In a daily digest")).to_be_checked()
    expect(main(page).get_by_role("group", name="Moderation").get_by_label("Not at all")).to_be_checked()
    axe_check(page, "preferences-saved")
    prefs = preferences_for(user=person)
    assert prefs["comments"] == Frequency.DAILY
    assert prefs["moderation"] == Frequency.OFF
    assert prefs["security"] == Frequency.IMMEDIATE


def test_unsubscribe_link_from_an_email(browser_page, axe_check):
    page = browser_page
    person = UserFactory(email="ursula@example.org")
    page.goto(f"/notifications/unsubscribe/{unsubscribe_token(user_id=person.pk, scope='comments')}/")
    expect(main(page).get_by_role("heading", level=1)).to_have_text("Stop emails: comments")
    axe_check(page, "unsubscribe-confirm")
    assert preferences_for(user=person)["comments"] == Frequency.IMMEDIATE  # looking changes nothing
    submit(page, "Unsubscribe")
    expect(main(page).get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    axe_check(page, "unsubscribe-done")
    assert preferences_for(user=person)["comments"] == Frequency.OFF

    page.goto("/notifications/unsubscribe/not-a-real-token/")
    expect(main(page).get_by_role("heading", level=1)).to_have_text("This unsubscribe link does not work")
    axe_check(page, "unsubscribe-invalid")

    page.goto(f"/notifications/unsubscribe/{unsubscribe_token_made(120, user_id=person.pk, scope='proposals')}/")
    expect(main(page).get_by_role("heading", level=1)).to_have_text("This unsubscribe link has expired")
    axe_check(page, "unsubscribe-expired")
    main(page).get_by_role("link", name="email preferences").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/notifications/preferences/"))
    assert preferences_for(user=person)["proposals"] == Frequency.IMMEDIATE
