"""Engagements in the browser: an organiser proposes through "Check your answers"; a reviewer asks for
changes; the organiser edits and sends it again; the reviewer reads what changed and accepts; both see
the timeline and their notifications. An institution's member proposes to a movement and an organiser
declines it. axe-core checks every page; the list, queue, detail page and Check your answers are also
shot at 375 px."""

import re

from playwright.sync_api import expect

from engagements import services
from engagements.models import Engagement
from institutions.models import Membership
from tests.engagements.conftest import WORDS
from tests.engagements.factories import EngagementModelFactory
from tests.factories import PASSWORD, UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory

from .conftest import login, submit

TITLE = "Peer support in the respiratory clinic"


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


def parties():
    organiser = UserFactory(email="omar@example.org", display_name="Omar Organiser")
    reviewer = UserFactory(email="rhys@example-trust.nhs.uk", display_name="Rhys Reviewer")
    member = UserFactory(email="mia@example-trust.nhs.uk", display_name="Mia Member")
    movement = MovementFactory(name="Breathe Together", slug="breathe-together", lead=organiser)
    trust = InstitutionFactory(name="Example Hospitals NHS Trust", ods_code="RX1")
    MembershipFactory(user=reviewer, institution=trust, role=Membership.Role.REVIEWER)
    MembershipFactory(user=member, institution=trust, role=Membership.Role.MEMBER)
    way = EngagementModelFactory(name="Co-host", slug="co-host")
    trust.open_to_models.add(way)
    return organiser, reviewer, member, movement, trust, way


def answer(page, label, text):
    main(page).get_by_label(label).fill(text)
    submit(page, "Save and continue")


def test_a_proposal_goes_through_changes_to_acceptance(browser_page, axe_check):
    page = browser_page
    organiser, reviewer, _member, _movement, trust, _way = parties()

    # 1. The organiser proposes: the way of working, one question a page, then Check your answers.
    sign_in_as(page, organiser)
    page.goto(f"/engagements/new/?to=institution:{trust.ods_code}")
    expect(heading(page)).to_have_text(f"Choose how to work with {trust.name}")
    main(page).get_by_label("Co-host").check()
    submit(page, "Start the proposal")
    answer(page, "Give the proposal a short title", TITLE)
    answer(page, "What are you proposing or asking for?", "A room once a month and a nurse to co-host.")
    main(page).get_by_label("What the movement brings").fill("Trained peer supporters.")
    answer(page, "What the institution brings", "A room and a nurse.")
    main(page).get_by_label("The shared purpose").fill("People with COPD feel less alone.")
    answer(page, "Intended outcomes", "Fewer missed appointments.")
    answer(page, "Timescale", "One year")
    expect(heading(page)).to_contain_text("Check your answers")
    expect(main(page)).to_contain_text("A room once a month")
    axe_check(page, "01-check-your-answers")
    submit(page, "Send proposal")
    expect(main(page)).to_contain_text("Submitted")
    engagement = Engagement.objects.get(title=TITLE)
    assert engagement.status == Engagement.Status.SUBMITTED and engagement.deadline is not None

    # 2. The reviewer finds it in the queue and asks for changes, with a reason.
    sign_in_as(page, reviewer)
    page.goto("/engagements/review/")
    expect(main(page)).to_contain_text(TITLE)
    axe_check(page, "02-review-queue")
    click_link(page, TITLE)
    axe_check(page, "03-detail-for-the-reviewer")
    click_link(page, "Ask for changes")
    submit(page, "Ask for changes")
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()  # a reason is required
    main(page).locator("textarea[name=reason]").fill("Please say how many sessions and who leads them.")
    submit(page, "Ask for changes")
    expect(main(page)).to_contain_text("Changes requested")

    # 3. The organiser sees whose turn it is, changes the ask from Check your answers and sends it again.
    sign_in_as(page, organiser)
    page.goto("/engagements/")
    expect(main(page)).to_contain_text(TITLE)
    axe_check(page, "04-your-engagements")
    click_link(page, TITLE)
    expect(main(page)).to_contain_text("Please say how many sessions")
    click_link(page, "Change the proposal and send it again")
    main(page).get_by_role("link", name=re.compile(r"Change\s+what is asked", re.I)).click()
    page.wait_for_load_state("load")
    answer(
        page, "What are you proposing or asking for?", "Six sessions a year, a room and a nurse; our co-chairs lead."
    )
    expect(heading(page)).to_contain_text("Check your answers")
    submit(page, "Resubmit")
    expect(main(page)).to_contain_text("Submitted")

    # 4. The reviewer reads what changed and accepts.
    sign_in_as(page, reviewer)
    page.goto(engagement.get_absolute_url())
    expect(main(page)).to_contain_text("What changed when it was sent again")
    axe_check(page, "05-detail-with-the-difference")
    click_link(page, "Accept the proposal")
    submit(page, "Accept proposal")
    expect(main(page)).to_contain_text("Accepted")
    timeline = main(page).locator("h2:text-is('Timeline') + ol")
    for event in ("Submitted by Omar", "Changes requested by Rhys", "Resubmitted by Omar", "Accepted by Rhys"):
        expect(timeline).to_contain_text(event)
    page.goto("/notifications/")
    expect(main(page)).to_contain_text(TITLE)
    axe_check(page, "06-reviewer-notifications")

    # 5. The organiser sees the decision in the timeline and the notifications.
    sign_in_as(page, organiser)
    page.goto(engagement.get_absolute_url())
    expect(main(page).locator("h2:text-is('Timeline') + ol")).to_contain_text("Accepted by Rhys Reviewer")
    page.goto("/notifications/")
    expect(main(page)).to_contain_text("accepted")
    axe_check(page, "07-organiser-notifications")
    assert Engagement.objects.get(pk=engagement.pk).status == Engagement.Status.ACCEPTED


def test_an_institution_proposes_to_a_movement_and_an_organiser_declines(browser_page, axe_check):
    page = browser_page
    organiser, _reviewer, member, movement, _trust, _way = parties()

    sign_in_as(page, member)
    page.goto(f"/engagements/new/?to=movement:{movement.slug}")
    main(page).get_by_label("Co-host").check()
    submit(page, "Start the proposal")
    answer(page, "Give the proposal a short title", "Testing the new appointment letters")
    answer(page, "What are you proposing or asking for?", "Read three draft letters and tell us what is unclear.")
    main(page).get_by_label("What the movement brings").fill("Readers who use the clinic.")
    answer(page, "What the institution brings", "The letters and a thank-you voucher.")
    main(page).get_by_label("The shared purpose").fill("Letters everyone understands.")
    answer(page, "Intended outcomes", "Fewer missed appointments.")
    answer(page, "Timescale", "Two months")
    axe_check(page, "01-check-your-answers")
    submit(page, "Send proposal")
    expect(main(page)).to_contain_text("Submitted")

    sign_in_as(page, organiser)
    page.goto("/engagements/")
    expect(main(page)).to_contain_text("To review for your movements")
    axe_check(page, "02-to-review")
    click_link(page, "Testing the new appointment letters")
    click_link(page, "Decline the proposal")
    main(page).get_by_label("We do not have the capacity now").check()
    main(page).locator("textarea[name=reason]").fill("Our members are busy with the winter campaign.")
    submit(page, "Decline proposal")
    expect(main(page)).to_contain_text("Declined")
    axe_check(page, "03-declined")
    sign_in_as(page, member)
    page.goto("/notifications/")
    expect(main(page)).to_contain_text("declined")


def test_the_engagement_pages_on_a_phone(mobile_page, axe_check):
    page = mobile_page
    organiser, reviewer, _member, movement, trust, way = parties()
    for index in range(3):
        engagement = services.engagement_draft_create(
            actor=organiser,
            direction=Engagement.Direction.TO_INSTITUTION,
            movement=movement,
            institution=trust,
            model=way,
            **{**WORDS, "title": f"{WORDS['title']} and a longer title to wrap, number {index + 1}"},
        )
        if index:
            services.engagement_submit(actor=organiser, engagement=engagement)
    draft = Engagement.objects.filter(status=Engagement.Status.DRAFT).get()
    sent = Engagement.objects.exclude(status=Engagement.Status.DRAFT).first()
    services.comment_create(actor=organiser, engagement=sent, body="Happy to meet.\nAny Tuesday works for us.")

    sign_in_as(page, organiser)
    page.goto("/engagements/")
    axe_check(page, "375-01-your-engagements")
    page.goto(f"/engagements/{draft.uuid}/proposal/check/")
    axe_check(page, "375-02-check-your-answers")
    sign_in_as(page, reviewer)
    page.goto("/engagements/review/")
    axe_check(page, "375-03-review-queue")
    page.goto(sent.get_absolute_url())
    axe_check(page, "375-04-detail")
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
