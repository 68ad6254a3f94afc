"""The browser harness itself: it must catch what it promises to catch."""

import pytest


def test_stylesheet_and_scripts_load(browser_page):
    page = browser_page
    page.goto("/")
    # The NHS.UK header is blue only if the vendored stylesheet was served.
    background = page.locator("header").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(0, 94, 184)", background
    # The NHS.UK frontend script ran (it marks the body as supported).
    assert "nhsuk-frontend-supported" in (page.locator("body").get_attribute("class") or "")
    page.problems.assert_none("home")


def test_csp_violations_are_reported(browser_page):
    page = browser_page
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_function("() => true")
    assert page.evaluate("() => window.injected === undefined"), "the CSP let an inline script run"
    page.wait_for_timeout(200)
    assert any("CSP violation" in problem for problem in page.problems.items), page.problems.items
    page.problems.items.clear()


def test_script_errors_are_reported(browser_page):
    page = browser_page
    page.goto("/")
    page.evaluate("() => setTimeout(() => { throw new Error('boom from a test'); }, 0)")
    page.wait_for_timeout(200)
    assert any("boom from a test" in problem for problem in page.problems.items), page.problems.items
    page.problems.items.clear()


def test_missing_assets_are_reported(browser_page):
    page = browser_page
    page.goto("/")
    page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "/static/no-such-image.png";
            img.alt = "";
            document.body.appendChild(img);
        }"""
    )
    page.wait_for_timeout(300)
    assert any("404" in problem and "no-such-image" in problem for problem in page.problems.items), page.problems.items
    page.problems.items.clear()


def test_axe_check_fails_on_a_violation_and_names_it(browser_page, axe_check):
    page = browser_page
    page.goto("/")
    page.evaluate(
        """() => {
            const button = document.createElement("button");
            button.id = "nameless";
            document.querySelector("main").appendChild(button);
        }"""
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page, "nameless-button")
    message = str(failure.value)
    assert "button-name" in message
    assert "#nameless" in message
    assert "screenshots" in message
