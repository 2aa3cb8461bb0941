"""Browser tests: Playwright driving Debian's Chromium against a live server.

In CI (CI=true) a missing Chromium is a failure; on a developer machine
without it the browser tests skip with a reason.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


NO_CHROMIUM = f"Chromium not found at {CHROMIUM}"


def pytest_collection_modifyitems(config, items):
    available = os.path.exists(CHROMIUM) or shutil.which("chromium")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # In CI the tests run anyway, and fail loudly if Chromium is missing.
            if not available and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


def pytest_terminal_summary(terminalreporter):
    """Say so at the end of the run when the browser tests skipped: an "s" is easy to miss."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if NO_CHROMIUM in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} browser tests skipped: {NO_CHROMIUM}. Install it with "
            "`sudo apt-get install chromium` (Debian) or point CHROMIUM_PATH at a Chromium.",
            yellow=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Reduced motion turns Bootstrap's transitions off, so axe never measures a colour halfway through one.
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London", "reduced_motion": "reduce"}


@pytest.fixture
def check_accessibility():
    """Run axe-core on the page and fail with the violations listed."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page)
        violations = results.response["violations"]
        assert not violations, results.generate_report()

    return check


@pytest.fixture
def login_as(context, live_server):
    """Sign a person in by giving the browser a session cookie (skips MFA prompts)."""
    from django.conf import settings
    from django.test import Client

    def login(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])

    return login


def sign_in(page, live_server, user, password):
    """Sign in through the real form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
