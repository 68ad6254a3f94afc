"""The public register in the browser: a visitor finds an agreement from the header, filters the
register, opens the agreement's page and prints it. axe-core checks each page; the register and the
agreement are also shot at 375 px, and the print view as the printer would see it."""

import datetime

from playwright.sync_api import expect

from engagements.models import Engagement
from movements.taxonomy import taxonomy_sync
from tests.engagements.factories import EngagementModelFactory
from tests.engagements.register_data import check_in, finish, published
from tests.institutions.factories import InstitutionFactory
from tests.movements.factories import MovementFactory

TITLE = "Peer support in the respiratory clinic"


def register_world():
    taxonomy_sync()
    breathe = MovementFactory(name="Breathe Together", slug="breathe-together")
    voices = MovementFactory(
        name="Maternity Voices Leeds", slug="maternity-voices-leeds", ways=["living-with-a-condition"]
    )
    trust = InstitutionFactory(name="Example Hospitals NHS Trust", ods_code="RX1", region="london")
    leeds = InstitutionFactory(name="Leeds Teaching Hospitals NHS Trust", ods_code="RR8", region="north-east-yorkshire")
    host = EngagementModelFactory(name="Protective host", slug="protective-host")
    convener = EngagementModelFactory(name="Convener / connector", slug="convener")
    agreement = published(
        movement=breathe,
        institution=trust,
        model=host,
        title=TITLE,
        shared_purpose="People living with COPD feel less alone and keep their clinic appointments.",
        outcomes="Fewer missed appointments; peer supporters in every clinic by the spring.",
        commitments=[
            {
                "party": "institution",
                "what": "Book the clinic room on the first Tuesday of every month.",
                "success_measure": "Twelve sessions held in the year.",
                "due_date": datetime.date(2026, 4, 1),
            },
            {
                "party": "movement",
                "what": "Bring two trained peer supporters to every session.",
                "success_measure": "Attendance sheets shared each quarter.",
                "review_date": datetime.date(2027, 6, 1),
                "accountable_to": "board",
                "accountable_to_name": "The trust's patient experience committee",
            },
        ],
        escalation_route="To the trust's director of nursing, then the board.",
        exit_terms="Either side may end the partnership with a month's notice, in writing.",
    )
    check_in(
        agreement,
        held_on=datetime.date(2026, 3, 20),
        note="The first two sessions went well: 14 people came.\nWe agreed to move to the larger room.",
        statuses={1: "done", 2: "on_track"},
        comments={1: "Booked to December."},
    )
    other = published(movement=voices, institution=leeds, model=convener, title="Maternity listening events")
    finish(other, Engagement.Status.ENDED, at=datetime.datetime(2026, 9, 14, 12, 0, tzinfo=datetime.UTC))
    published(movement=voices, institution=trust, model=convener, title="Unpublished plans", publish=False)
    return agreement


def main(page):
    return page.locator("main")


def test_a_visitor_finds_filters_opens_and_prints_an_agreement(browser_page, axe_check, screenshot):
    page = browser_page
    agreement = register_world()
    page.goto("/")
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Agreements").click()
    expect(main(page).get_by_role("heading", level=1)).to_have_text("Public register of agreements")
    expect(main(page)).to_contain_text("2 agreements")
    expect(main(page)).not_to_contain_text("Unpublished plans")
    expect(main(page)).to_contain_text("Ended")
    axe_check(page, "register")

    main(page).get_by_label("Institution").select_option("RX1")
    with page.expect_navigation():
        main(page).get_by_role("button", name="Apply filters").click()
    expect(main(page)).to_contain_text("1 agreement")
    expect(main(page)).to_contain_text("Filter agreements (1 chosen)")
    expect(main(page)).not_to_contain_text("Maternity listening events")
    axe_check(page, "register-filtered")

    main(page).get_by_label("Search agreements").fill("x" * 201)
    with page.expect_navigation():
        main(page).get_by_role("button", name="Apply filters").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("200 characters or fewer")
    axe_check(page, "register-search-too-long")

    main(page).get_by_label("Search agreements").fill("clinic")
    with page.expect_navigation():
        main(page).get_by_role("button", name="Apply filters").click()
    with page.expect_navigation():
        main(page).get_by_role("link", name=TITLE).click()
    assert page.url.endswith(agreement.get_public_url())
    expect(main(page).get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main(page)).to_contain_text("Book the clinic room on the first Tuesday of every month.")
    expect(main(page)).to_contain_text("The first two sessions went well: 14 people came.")
    expect(main(page)).to_contain_text("Signed by")
    print_button = main(page).get_by_role("button", name="Print this agreement")
    expect(print_button).to_be_visible()  # shown by its script; the CSP allowed it
    axe_check(page, "agreement")

    page.emulate_media(media="print")
    expect(page.locator("header.nhsuk-header")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    expect(print_button).to_be_hidden()
    screenshot(page, "agreement-print")
    page.emulate_media(media="screen")

    # The parties' profiles show the partnership and their accountability record.
    with page.expect_navigation():
        main(page).get_by_role("link", name="Example Hospitals NHS Trust").first.click()
    expect(main(page).get_by_role("heading", name="Partnerships")).to_be_visible()
    expect(main(page).get_by_role("link", name=TITLE)).to_be_visible()
    expect(main(page).get_by_role("table", name="Accountability record")).to_contain_text("Made by its partners")
    axe_check(page, "institution-profile")
    page.goto("/movements/breathe-together/")
    expect(main(page).get_by_role("link", name=TITLE)).to_be_visible()
    axe_check(page, "movement-profile")


def test_the_register_and_an_agreement_on_a_phone(mobile_page, axe_check):
    page = mobile_page
    agreement = register_world()
    page.goto("/agreements/")
    # On a phone the filters fold into one line above the results.
    expect(main(page).get_by_label("Institution")).to_be_hidden()
    axe_check(page, "register-375")
    main(page).get_by_text("Filter agreements").click()
    expect(main(page).get_by_label("Institution")).to_be_visible()
    axe_check(page, "register-375-filters-open")
    page.goto(agreement.get_public_url())
    axe_check(page, "agreement-375")
    page.goto("/institutions/RX1/")
    axe_check(page, "institution-profile-375")
