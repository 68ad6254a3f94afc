"""The agreement in the browser: the movement's lead and the institution's signatory each read
version 1, tick the declaration, confirm it is them with their password on the re-authentication
page, and sign; the agreement shows in force and the engagement is active. Then an amendment
switches a safeguard off with its reason, and the comparison shows it. axe-core checks each page;
the agreement, sign and comparison pages are also shot at 375 px."""

from playwright.sync_api import expect

from engagements import services
from engagements.models import Engagement
from tests.engagements.conftest import WORDS
from tests.engagements.factories import EngagementModelFactory
from tests.engagements.signing_setup import agree_purpose
from tests.factories import PASSWORD, UserFactory
from tests.institutions.factories import InstitutionFactory, MembershipFactory
from tests.movements.factories import MovementFactory

from .conftest import login, submit


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


def accepted_engagement():
    lead = UserFactory(email="lena@example.org", display_name="Lena Lead")
    reviewer = UserFactory(email="rhys@example-trust.nhs.uk", display_name="Rhys Reviewer")
    signatory = UserFactory(email="sian@example-trust.nhs.uk", display_name="Sian Signatory")
    movement = MovementFactory(name="Breathe Together", slug="breathe-together", lead=lead)
    trust = InstitutionFactory(name="Example Hospitals NHS Trust", ods_code="RX1")
    MembershipFactory(user=reviewer, institution=trust, role="reviewer")
    MembershipFactory(user=signatory, institution=trust, role="member", is_signatory=True)
    way = EngagementModelFactory(name="Co-host", slug="co-host")
    trust.open_to_models.add(way)
    engagement = services.engagement_draft_create(
        actor=lead,
        direction=Engagement.Direction.TO_INSTITUTION,
        movement=movement,
        institution=trust,
        model=way,
        **WORDS,
    )
    services.engagement_submit(actor=lead, engagement=engagement)
    services.engagement_accept(actor=reviewer, engagement=Engagement.objects.get(pk=engagement.pk))
    # The shared purpose is another part's pages: here both sides' approvals are written directly.
    agree_purpose(engagement, movement_approver=lead, institution_approver=signatory)
    return Engagement.objects.get(pk=engagement.pk), lead, signatory


def sign(page, axe_check, person, engagement, step):
    sign_in_as(page, person)
    page.goto(engagement.get_absolute_url())
    click_link(page, "See the agreement")
    expect(heading(page)).to_have_text("Accountability agreement")
    axe_check(page, f"{step}-agreement")
    click_link(page, "Read and sign version 1")
    expect(heading(page)).to_have_text("Sign version 1 of the agreement")
    expect(main(page)).to_contain_text("People with COPD feel less alone.")
    axe_check(page, f"{step}-sign")
    # Without the declaration: the error is beside the box, and nothing is signed.
    submit(page, "Sign version 1")
    expect(main(page).locator(".nhsuk-error-summary")).to_contain_text("Tick the box to confirm")
    axe_check(page, f"{step}-sign-error")
    main(page).get_by_label("I have read this version and I sign it on behalf of my side").check()
    submit(page, "Sign version 1")
    return page


def test_both_signatories_sign_in_the_browser_and_the_engagement_becomes_active(browser_page, axe_check):
    page = browser_page
    engagement, lead, signatory = accepted_engagement()

    # The lead organiser signs: the password is asked for (a sign-in is not a re-authentication).
    sign(page, axe_check, lead, engagement, "01-lead")
    expect(heading(page)).to_have_text("Confirm it is you")
    axe_check(page, "01-lead-reauthenticate")
    page.locator("main input[name=password]").fill(PASSWORD)
    submit(page, "Continue")
    expect(heading(page)).to_have_text("Accountability agreement")
    expect(page.locator("body")).to_contain_text("You have signed version 1 of the agreement.")
    expect(main(page)).to_contain_text("Lena Lead signed it for the movement.")

    # The signatory signs, re-authenticating on the way: version 1 is in force.
    page.context.clear_cookies()
    login(page, signatory.email, PASSWORD)
    page.goto(engagement.get_absolute_url())
    click_link(page, "See the agreement")
    click_link(page, "Read and sign version 1")
    main(page).get_by_label("I have read this version and I sign it on behalf of my side").check()
    submit(page, "Sign version 1")
    expect(heading(page)).to_have_text("Confirm it is you")  # allauth's re-authentication page
    axe_check(page, "02-signatory-reauthenticate")
    page.locator("main input[name=password]").fill(PASSWORD)
    submit(page, "Continue")
    expect(heading(page)).to_have_text("Accountability agreement")
    expect(main(page)).to_contain_text("In force: version 1")
    expect(main(page)).to_contain_text("Sian Signatory, Signatory, Example Hospitals NHS Trust")
    expect(main(page)).to_contain_text("confirmed by password")
    axe_check(page, "03-in-force")
    assert Engagement.objects.get(pk=engagement.pk).status == Engagement.Status.ACTIVE
    page.goto(engagement.get_absolute_url())
    expect(main(page)).to_contain_text("Active")

    # An amendment: a safeguard switched off needs its reason; both sides then see it.
    page.goto(engagement.agreement.get_absolute_url())
    click_link(page, "Amend the terms and safeguards")
    axe_check(page, "04-edit")
    main(page).get_by_label("The movement keeps its right to speak publicly, including about the institution").uncheck()
    submit(page, "Save the terms")
    expect(main(page).locator(".nhsuk-error-summary")).to_contain_text("Say why the movement will not keep")
    axe_check(page, "05-edit-error")
    main(page).locator("textarea[name=public_voice_off_reason]").fill("The trust's press office speaks for the pilot.")
    submit(page, "Save the terms")
    expect(main(page)).to_contain_text("Amendment: draft version 2")
    expect(main(page).locator(".nhsuk-warning-callout").first).to_contain_text("press office")
    axe_check(page, "06-amendment")
    click_link(page, "Add a commitment")
    axe_check(page, "07-commitment")
    page.go_back()
    click_link(page, "See every version")
    axe_check(page, "08-versions")
    click_link(page, "What changed from version 1")
    expect(heading(page)).to_have_text("What changed from version 1 to version 2")
    axe_check(page, "09-compare")
    page.goto(f"{engagement.agreement.get_absolute_url()}versions/1/")
    axe_check(page, "10-version-1")


def test_the_agreement_pages_on_a_phone(mobile_page, axe_check):
    page = mobile_page
    engagement, lead, _signatory = accepted_engagement()
    sign_in_as(page, lead)
    page.goto(engagement.agreement.get_absolute_url())
    axe_check(page, "01-agreement-375")
    page.goto(f"{engagement.agreement.get_absolute_url()}sign/")
    axe_check(page, "02-sign-375")
