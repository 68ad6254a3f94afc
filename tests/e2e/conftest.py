"""Browser-test harness: Playwright driving Debian's Chromium against pytest-django's live server.

Every test in this folder gets the `e2e` marker. Where Chromium is missing the
tests are skipped with a message saying how to get it, unless REQUIRE_BROWSER=1
(CI sets it), which turns a missing browser into a failure.

Fixtures and helpers for every app's browser tests:

- `browser_page`: a fresh desktop page (1280x900) per test; `mobile_page`: 375 px wide.
  Both record browser console errors, CSP violations, uncaught page errors and
  failed asset loads; any of those fails the test.
- `axe_check(page, name)`: axe-core must find no violations; saves a full-page
  screenshot to test-artifacts/screenshots/<test>/<name>.png either way.
- `screenshot(page, name)`: the screenshot alone (for extra mobile views).
- `login(page, email, password)`: the real sign-in form.
- `email_link(address, contains=...)`: the last link in the latest email to someone
  (that has such a link), pointed at the live server; `emails_to(address)` for the rest.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API keeps an event loop in this thread; the test body's ORM
# calls are still synchronous and sequential, so Django's async guard is moot here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# allauth builds links from the request's host; serve on the address people type.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

E2E_DIR = Path(__file__).resolve().parent
ROOT_DIR = E2E_DIR.parent.parent
ARTIFACTS_DIR = ROOT_DIR / "test-artifacts" / "screenshots"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP_MESSAGE = "Browser tests skipped: install Debian's chromium (apt-get install chromium) to run them"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}


_SKIPPED = pytest.StashKey[bool]()


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


def _chromium_available() -> bool:
    return os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)


def _is_e2e(item) -> bool:
    return E2E_DIR in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items, not only this folder's.
    skip = None
    if not _chromium_available() and not _browser_required():
        skip = pytest.mark.skip(reason=f"{SKIP_MESSAGE} (looked for {CHROMIUM_PATH})")
    for item in items:
        if _is_e2e(item):
            item.add_marker(pytest.mark.e2e)
            if skip is not None:
                item.add_marker(skip)
                config.stash[_SKIPPED] = True


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if config.stash.get(_SKIPPED, False):
        terminalreporter.write_line("")
        terminalreporter.write_line(f"NOTE: {SKIP_MESSAGE}.", yellow=True, bold=True)


# --- Browser ----------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright():
    if not _chromium_available():
        pytest.fail(f"REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM_PATH}. {SKIP_MESSAGE}.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


class PageProblems:
    """What went wrong in the browser while a test ran: CSP, script errors, broken assets."""

    def __init__(self, origin: str):
        self.origin = origin
        self.items: list[str] = []

    def watch(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.items.append(f"uncaught script error: {error}"))
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    def _on_console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.items.append(f"CSP violation: {text}")
        elif message.type == "error" and not text.startswith("Failed to load resource"):
            # Resource failures are reported with their URL by _on_response.
            self.items.append(f"console error: {text}")

    def _on_response(self, response) -> None:
        # A document answering 4xx is often the point of the test (403, 404 pages);
        # a stylesheet, script, font or image that fails never is.
        if response.status >= 400 and response.request.resource_type != "document":
            self.items.append(f"{response.request.resource_type} failed to load: {response.status} {response.url}")

    def _on_request_failed(self, request) -> None:
        # Other hosts (the NHS font host) may be out of reach from a test machine;
        # the CSS falls back to system fonts. Our own assets must always load.
        # ERR_ABORTED is the browser cancelling a load because the page moved
        # on (a form submitted while the favicon was still coming): not a fault.
        if (
            request.resource_type != "document"
            and request.url.startswith(self.origin)
            and request.failure != "net::ERR_ABORTED"
        ):
            self.items.append(f"{request.resource_type} request failed: {request.failure} {request.url}")

    def assert_none(self, where: str = "") -> None:
        if self.items:
            found = "\n  ".join(self.items)
            self.items = []
            pytest.fail(f"Browser reported problems{(' on ' + where) if where else ''}:\n  {found}", pytrace=False)


def _new_page(browser, live_server, request, viewport, **context_options):
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="en-GB", **context_options)
    # Generous for a busy two-core CI machine; a page that works answers in well under a second.
    context.set_default_timeout(20_000)
    # Nothing leaves the test machine: the NHS font host is out of reach in CI, and a lookup or
    # connection that hangs would hold back every page's load event. The CSS falls back to Arial.
    origin = live_server.url
    context.route(lambda url: not url.startswith((origin, "data:", "blob:")), lambda route: route.abort())
    page = context.new_page()
    problems = PageProblems(live_server.url)
    problems.watch(page)
    page.problems = problems
    request.node._e2e_pages = [*getattr(request.node, "_e2e_pages", []), page]
    return context, page


@pytest.fixture
def browser_page(browser, live_server, transactional_db, request, _fresh_cache):
    """A desktop page in its own browser context (cookies, storage), pointed at the live server."""
    context, page = _new_page(browser, live_server, request, DESKTOP)
    yield page
    context.close()
    page.problems.assert_none("teardown")


@pytest.fixture
def mobile_page(browser, live_server, transactional_db, request, _fresh_cache):
    """A phone-sized page, 375 px wide, for checking the layout on small screens."""
    context, page = _new_page(browser, live_server, request, MOBILE, is_mobile=True, has_touch=True)
    yield page
    context.close()
    page.problems.assert_none("teardown")


# --- Checks and helpers -----------------------------------------------------


def _artifact_path(request, name: str) -> Path:
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    safe_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")
    folder = ARTIFACTS_DIR / test_name
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{safe_name}.png"


@pytest.fixture
def screenshot(request):
    """screenshot(page, name): save a full-page screenshot as a test artifact and return its path."""

    def take(page, name: str) -> Path:
        path = _artifact_path(request, name)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def format_axe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation.get('help')}")
        for node in violation.get("nodes", [])[:10]:
            lines.append(f"    at {', '.join(str(t) for t in node.get('target', []))}")
    return "\n".join(lines)


@pytest.fixture
def axe_check(screenshot):
    """axe_check(page, name): screenshot the page, then require zero axe-core violations and no browser problems."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, name: str) -> None:
        page.wait_for_load_state("load")
        path = screenshot(page, name)
        results = axe.run(page)
        violations = results.response["violations"]
        if violations:
            pytest.fail(
                f"axe-core found {len(violations)} accessibility violation(s) on '{name}' ({page.url}); "
                f"screenshot {path.relative_to(ROOT_DIR)}:\n{format_axe_violations(violations)}",
                pytrace=False,
            )
        problems = getattr(page, "problems", None)
        if problems is not None:
            problems.assert_none(f"'{name}' ({page.url})")

    return check


def submit(page, name: str | re.Pattern) -> None:
    """Press the named button in the main content and wait for the next page."""
    button = page.locator("main").get_by_role("button", name=name)
    with page.expect_navigation():
        button.click()


def login(page, email: str, password: str) -> None:
    """Sign in through the real form, from wherever the page is."""
    page.goto("/accounts/login/")
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(password)
    submit(page, re.compile(r"^\s*(sign|log) in\s*$", re.I))


@pytest.fixture
def login_as():
    return login


def emails_to(address: str) -> list:
    """Every email sent to address so far, oldest first (locmem backend: same process as the live server)."""
    from django.core import mail

    return [m for m in mail.outbox if address.lower() in (to.lower() for to in m.to)]


_LINK = re.compile(r"https?://[^\s<>\"')]+")


@pytest.fixture
def email_link(live_server):
    """email_link(address, contains=None): the last link in the latest email to address that has one.

    With `contains`, only links containing that text count, so a later security
    notice does not hide the reset link before it. The link's host is swapped for
    the live server's: emails build links from SITE_URL.
    """

    def find(address: str, contains: str | None = None) -> str:
        messages = emails_to(address)
        assert messages, f"No email was sent to {address}"
        for message in reversed(messages):
            links = [link for link in _LINK.findall(message.body) if contains is None or contains in link]
            if links:
                parts = urlsplit(links[-1])
                return f"{live_server.url}{parts.path}{'?' + parts.query if parts.query else ''}"
        bodies = "\n---\n".join(m.body for m in messages)
        wanted = f"link containing {contains!r}" if contains else "link"
        raise AssertionError(f"No {wanted} in emails to {address}:\n{bodies}")

    return find
