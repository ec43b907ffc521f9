"""Browser tests: Playwright drives Debian's Chromium against pytest-django's `live_server`.

* Every test in this folder is marked `browser` (deselect with `-m "not browser"`).
* `scripts/browser-deps` provides /usr/bin/chromium and axe-core (in .cache/node/); it runs
  once per session, before the browser starts.
* `page` is a fresh browser context per test (Czech, 1280x900). When a test fails, a full-page
  screenshot lands in test-artifacts/browser/<test name>.png.
* `visit(page, live_server, path)` opens a page, checks its status and runs axe-core on it;
  `check_accessibility(page)` fails on every `serious` or `critical` axe violation.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
BROWSER_DEPS = REPO_ROOT / "scripts" / "browser-deps"
CHROMIUM = "/usr/bin/chromium"
AXE_JS = REPO_ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = ("serious", "critical")
DEFAULT_TIMEOUT_MS = 15_000

# Playwright's sync API runs an asyncio event loop in the main thread (the test's greenlet
# switches to it on every call), so while a browser is open Django sees a running event loop
# and refuses ORM calls made by the test itself or by pytest-django's database fixtures
# (flushing the database after a `live_server` test) with SynchronousOnlyOperation. Nothing
# here is really asynchronous: the test waits for each Playwright call to finish, and the live
# server answers in a thread of its own, so the check is switched off.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the marker must be there before `-m` deselects by it.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item: the `page` fixture screenshots failed tests."""
    report = yield
    setattr(item, f"_browser_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, started once per session."""
    result = subprocess.run(
        [str(BROWSER_DEPS)], capture_output=True, text=True, check=False, cwd=REPO_ROOT
    )
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        pytest.fail(lines[-1] if lines else "scripts/browser-deps failed", pytrace=False)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser):
    """A page in a fresh context (cookies, storage) per test, in Czech."""
    context = browser.new_context(
        locale="cs-CZ",
        viewport={"width": 1280, "height": 900},
        # axe-core is injected as an inline script; a Content-Security-Policy must not stop it.
        bypass_csp=True,
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "_browser_report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as error:  # the screenshot must not hide the test's own failure
            print(f"screenshot failed: {error}")
    context.close()


def check_accessibility(page):
    """Run axe-core on the page; fail on every violation of impact serious or critical."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ['violations']});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.length,
                target: v.nodes.length ? v.nodes[0].target.join(' ') : '',
                html: v.nodes.length ? v.nodes[0].html : '',
            }));
        }"""
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe-core: {len(blocking)} serious/critical violation(s) on {page.url}"]
        lines += [
            f"  {v['id']} [{v['impact']}] {v['help']} – {v['target']} "
            f"({v['nodes']} element(s); first: {v['html'][:200]})"
            for v in blocking
        ]
        pytest.fail("\n".join(lines), pytrace=False)


def visit(page, live_server, path):
    """Open `path` on the live server, check the status and the page's accessibility."""
    response = page.goto(live_server.url + path)
    assert response is not None, f"no response for {path}"
    assert response.status == 200, f"{path}: HTTP {response.status}"
    check_accessibility(page)
    return response


def sign_in_as(page, live_server, user):
    """Log the browser in by handing it a session made by Django's test client (no sign-in
    form, no 2FA prompt: people with roles that need it already have an authenticator)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
