"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against Django's live server.

Fixtures:
- `browser`: one headless Chromium for all browser tests (a fresh temporary profile, no network
  besides the live server); skipped with one line when /usr/bin/chromium is missing.
- `new_page(device="desktop" | "phone", **context_options)`: a page in a fresh context (own cookies),
  whose base URL is the live server, so tests write `page.goto("/accounts/login/")`.
- `page` (desktop, 1280×900) and `phone_page` (390×844, touch, 2× pixels): the usual shortcuts.

After each test every context's `PageChecks` (tests/browser/checks.py) must be clean: no console or
JavaScript errors, no failed requests or HTTP errors, no CSP violations, no accessibility problems on
any page the test visited.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.checks import PageChecks, format_problems

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT_TESTS = Path(__file__).with_name("test_screenshots.py")
CHROMIUM_MISSING = f"Chromium not found at {CHROMIUM}: browser tests skipped"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}

# Every context looks like a browser in Malang: Indonesian first, the city's time zone. Reduced motion
# makes Bootstrap skip its transitions, so what a test sees after a click is final (and screenshots are sharp).
CONTEXT_DEFAULTS = {
    "locale": "id-ID",
    "timezone_id": "Asia/Jakarta",
    "reduced_motion": "reduce",
    "service_workers": "block",
    "accept_downloads": True,
}


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="regenerate the PNG screenshots in docs/screenshots/ (tests/browser/test_screenshots.py)",
    )


def pytest_collection_modifyitems(config, items):
    """Skip the browser tests without Chromium, and the screenshots unless asked for."""
    no_chromium = pytest.mark.skip(reason=CHROMIUM_MISSING)
    no_screenshots = pytest.mark.skip(reason="screenshots are regenerated only with --screenshots (make screenshots)")
    for item in items:
        if item.get_closest_marker("browser") and not CHROMIUM.exists():
            item.add_marker(no_chromium)
        elif item.path == SCREENSHOT_TESTS and not config.getoption("--screenshots", default=False):
            item.add_marker(no_screenshots)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Report every "no Chromium" skip at one place, so `-ra` folds them into a single line."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and CHROMIUM_MISSING in report.longrepr[2]:
        report.longrepr = (__file__, None, report.longrepr[2])
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) when a page it visited had a problem.

    When the test failed on its own, what the checks found so far is added to its report: a missing
    button is often explained by a JavaScript error or a file that did not load.
    """
    __tracebackhide__ = True
    registry = item.funcargs.get("_browser_checks") or []
    try:
        result = yield
    except BaseException:
        for checks in registry:
            if problems := checks.problems():
                item.add_report_section("call", "browser checks", format_problems(problems))
            checks.clear()
        raise
    for checks in registry:
        checks.assert_clean()
    return result


@pytest.fixture(scope="package")
def browser() -> Browser:
    """Launch Chromium once for the browser tests and stop it (and Playwright) when they are done.

    Package scope rather than session scope: Playwright's sync API keeps an asyncio event loop running
    in the main thread while it is started, which makes Django refuse ORM calls from that thread unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. Setting it only while Playwright runs keeps the rest of the suite
    as strict as before.
    """
    if not CHROMIUM.exists():
        pytest.skip(CHROMIUM_MISSING)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            # launch() gives every run a fresh temporary user-data directory, removed on close.
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def _browser_checks() -> list[PageChecks]:
    """The checks of every context a test opened; verified by `pytest_runtest_call` above."""
    return []


@pytest.fixture
def new_page(request, browser, live_server, transactional_db, _browser_checks):
    """Open a page in a new context: `new_page()`, `new_page("phone")`, `new_page(locale="en-US")`.

    At teardown the page checks are verified again, so they also hold for browser tests in other test
    packages that import these fixtures (the hooks above only run for tests under tests/browser).
    """
    contexts = []
    failures_before = request.session.testsfailed

    def open_page(device: str = "desktop", **context_options):
        options = {**CONTEXT_DEFAULTS, **DEVICES[device], **context_options}
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        _browser_checks.append(PageChecks(context, base_url=live_server.url))
        return context.new_page()

    yield open_page
    found = []
    if request.session.testsfailed == failures_before:  # a failing test already said what went wrong
        for checks in _browser_checks:
            try:
                checks.assert_clean()
            except AssertionError as error:
                found.append(str(error))
    for context in contexts:
        context.close()
    if found:
        pytest.fail("\n".join(found), pytrace=False)


@pytest.fixture
def page(new_page):
    """A desktop page (1280×900)."""
    return new_page("desktop")


@pytest.fixture
def phone_page(new_page):
    """A phone page (390×844, touch, 2× pixels), like the jurors' phones."""
    return new_page("phone")
