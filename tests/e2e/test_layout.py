"""Layout on a phone (375 px) and a desktop (1280 px): what a newcomer tripped over stays fixed.

- breadcrumbs give way to a back link to the parent page on small screens;
- on the movements directory the first result is on the first screen of a phone (filters fold);
- one very long word in user text wraps instead of widening the page;
- tags that wrap onto several lines do not touch;
- the NHS logo is shown only when the site's operator says it is an NHS organisation.
"""

import pytest

from tests.institutions.factories import InstitutionFactory
from tests.movements.factories import MovementFactory

PHONE_HEIGHT = 812


@pytest.fixture(autouse=True)
def taxonomy(transactional_db):
    from movements.taxonomy import taxonomy_sync

    taxonomy_sync()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def visible(page, selector) -> bool:
    return page.locator(selector).first.is_visible()


def test_breadcrumbs_become_a_back_link_on_a_phone(mobile_page, browser_page, institution_x, axe_check):
    profile = institution_x.get_absolute_url()
    mobile_page.goto(profile)
    assert not visible(mobile_page, ".nhsuk-breadcrumb__list")
    back = mobile_page.locator(".nhsuk-breadcrumb .nhsuk-back-link")
    assert back.is_visible()
    assert back.get_attribute("href") == "/institutions/"
    assert " ".join(back.text_content().split()) == "Back to Institutions"
    axe_check(mobile_page, "profile-on-a-phone")

    browser_page.goto(profile)
    assert visible(browser_page, ".nhsuk-breadcrumb__list")
    assert not browser_page.locator(".nhsuk-breadcrumb .nhsuk-back-link").is_visible()
    crumbs = browser_page.locator(".nhsuk-breadcrumb__link").all_inner_texts()
    assert crumbs == ["Home", "Institutions"]


def test_the_first_movement_is_on_the_first_screen_of_a_phone(mobile_page, browser_page, movement_a, axe_check):
    for n in range(12):
        MovementFactory(name=f"Walking Group {n}", ways=["care-experience", "healthy-lives"], regions=["london"])
    mobile_page.goto("/movements/")
    first = mobile_page.locator(".nhsuk-card").first
    box = first.bounding_box()
    assert box is not None and box["y"] < PHONE_HEIGHT, f"first result starts {box and box['y']} px down"
    assert mobile_page.locator("details[data-app-filters]").evaluate("d => !d.open")
    assert page_width(mobile_page) <= 375
    axe_check(mobile_page, "directory-on-a-phone")

    # The filters are one tap away, and on a desktop they are open beside the results.
    mobile_page.locator("details[data-app-filters] > summary").click()
    assert mobile_page.locator("details[data-app-filters] input[type=checkbox]").first.is_visible()
    browser_page.goto("/movements/")
    assert browser_page.locator("details[data-app-filters]").evaluate("d => d.open")


@pytest.mark.parametrize("viewport", ["mobile_page", "browser_page"])
def test_a_very_long_word_wraps(request, viewport, axe_check):
    page = request.getfixturevalue(viewport)
    word = "Pneumonoultramicroscopic" * 200  # 4,800 characters and no space
    institution = InstitutionFactory(name="Wrapping Test Trust", ods_code="RW1", description=word)
    movement = MovementFactory(name="Long Word Movement", summary="x" * 280, description=word)
    width = page.viewport_size["width"]
    for path in (institution.get_absolute_url(), f"/movements/{movement.slug}/", "/institutions/?q=Wrapping"):
        page.goto(path)
        assert page_width(page) <= width, f"{path} is {page_width(page)} px wide on a {width} px screen"
    axe_check(page, "long-word")


def test_tags_that_wrap_do_not_touch(mobile_page):
    slugs = ["care-experience", "living-with-a-condition", "healthy-lives", "causes-of-ill-health", "cultural-norms"]
    movement = MovementFactory(name="Many Ways", ways=slugs)
    mobile_page.goto(f"/movements/{movement.slug}/")
    boxes = [tag.bounding_box() for tag in mobile_page.locator(".app-tags .nhsuk-tag").all()]
    assert len(boxes) >= 3
    rows = sorted({round(b["y"]) for b in boxes})
    assert len(rows) >= 2, "the tags were expected to wrap on a phone"
    for a in boxes:
        for b in boxes:
            if a is b:
                continue
            apart_x = a["x"] + a["width"] <= b["x"] - 4 or b["x"] + b["width"] <= a["x"] - 4
            apart_y = a["y"] + a["height"] <= b["y"] - 4 or b["y"] + b["height"] <= a["y"] - 4
            assert apart_x or apart_y, f"tags touch: {a} and {b}"


@pytest.mark.parametrize(("is_nhs", "logo"), [(True, True), (False, False)])
def test_the_nhs_logo_only_for_an_nhs_operator(browser_page, settings, is_nhs, logo):
    settings.SITE_OPERATOR_IS_NHS = is_nhs
    settings.SITE_OPERATOR_NAME = "Demo NHS Trust" if is_nhs else "Friends of Common Ground CIC"
    browser_page.goto("/")
    assert browser_page.locator(".nhsuk-header__logo").count() == (1 if logo else 0)
    footer = browser_page.locator("footer").inner_text()
    assert settings.SITE_OPERATOR_NAME in footer
    assert ("independent of the NHS" in footer) is not is_nhs
