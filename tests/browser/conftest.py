"""Browser tests: Playwright drives Debian's Chromium against pytest-django's `live_server`.

* Every test in this folder is marked `browser` (deselect with `-m "not browser"`).
* `scripts/browser-deps` provides /usr/bin/chromium and axe-core (in .cache/node/); it runs
  once per session, before the browser starts.
* `page` is a fresh browser context per test (Czech, 1280x900). When a test fails, a full-page
  screenshot lands in test-artifacts/browser/<test name>.png.
* `visit(page, live_server, path)` opens a page, checks its status and runs
  `check_accessibility(page)`: axe-core at desktop width and at 320 CSS px (failing on every
  `serious` or `critical` violation), no sideways scrolling at 320 px (WCAG 1.4.10), and the
  page's HTML kept for the Nu Html Checker.
* `check_html_validity()` runs the Nu Html Checker (`scripts/checkers vnu`) once over every page
  checked so far in the test and fails on its errors.
* `check_focus_visible(page)` tabs through a page in forced-colours mode and fails when the
  focused element has no outline; `check_error_page(page)` checks what a page must do after a
  failed submit (title, focused error summary, links to the fields, aria-invalid/-describedby).
"""

import json
import os
import re
import subprocess
import tempfile
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
CHECKERS = REPO_ROOT / "scripts" / "checkers"
VNU_MAIN = "nu.validator.client.SimpleCommandLineValidator"
BLOCKING_IMPACTS = ("serious", "critical")
DEFAULT_TIMEOUT_MS = 15_000
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}  # WCAG 1.4.10: 1280 px at 400 % zoom
# The HTML of every page check_accessibility() saw in the current test, by URL, for vnu.
CHECKED_HTML: dict[str, str] = {}

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
        viewport=DESKTOP,
        # axe-core is injected as an inline script; a Content-Security-Policy must not stop it.
        bypass_csp=True,
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    CHECKED_HTML.clear()
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


def _axe_violations(page):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS)).evaluate("(script) => script.remove()")
    return page.evaluate(
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


def _blocking(violations, where):
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if not blocking:
        return []
    return [f"axe-core: {len(blocking)} serious/critical violation(s) {where}"] + [
        f"  {v['id']} [{v['impact']}] {v['help']} – {v['target']} "
        f"({v['nodes']} element(s); first: {v['html'][:200]})"
        for v in blocking
    ]


# Elements that stick out of a 320 px viewport, outside any scrolling container of their own.
_OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 1) continue;
        // Inside a scrolling container, unless absolutely positioned: then it escapes every
        // container that is not positioned itself (the page scrolls for a hidden label).
        let inside = false;
        const free = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (scrolls(p) && !free) { inside = true; break; }
        }
        if (inside) continue;
        if ([...el.children].some((c) => c.getBoundingClientRect().right > width + 1)) continue;
        culprits.push(`${el.outerHTML.slice(0, 120)} (right edge at ${Math.round(box.right)} px)`);
    }
    return {scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 5)};
}"""


# Language of parts (WCAG 3.1.2) on English pages: editorial content (headings, leads, rich
# text, cards, quotes) that reads as Czech must sit in an element with lang="cs", and English
# content must not be marked Czech. A block reads as Czech when a fifth of its words carry
# Czech diacritics or are Czech function words (names like "Písek" in an English sentence
# stay below that).
_LANG_OF_PARTS_JS = r"""() => {
  if (!(document.documentElement.lang || "").startsWith("en")) return [];
  const diacritics = /[ěščřžůťďňáéíóúýĚŠČŘŽŮŤĎŇÁÉÍÓÚÝ]/;
  const functionWords = new Set(["je", "že", "na", "se", "ve", "pro", "při", "jsou", "který",
    "která", "které", "jak", "nebo", "také", "ale", "už", "jen", "podle", "bez", "aby", "když",
    "od", "po", "ze", "za", "obce", "obec", "bydlení", "byt", "byty", "bytů", "domácnosti",
    "domácností", "jsme", "není", "jako", "dosud", "zatím", "kde", "až", "pak"]);
  const selector = "main h1, main .lead, main .rich-text p, main .rich-text li, " +
    "main .card__title, main .card__text, main blockquote";
  // The text of an element in its own language: parts inside a descendant with a lang of
  // its own (a Czech comment quoted in an English sentence) are that part's business.
  const ownText = (element) => {
    const base = element.closest("[lang]");
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let text = "";
    while (walker.nextNode()) {
      if (walker.currentNode.parentElement.closest("[lang]") === base) {
        text += walker.currentNode.textContent + " ";
      }
    }
    return text;
  };
  const problems = [];
  for (const element of document.querySelectorAll(selector)) {
    if (element.closest("[hidden], [aria-hidden=true]")) continue;
    const words = ownText(element).match(/\p{L}+/gu) || [];
    if (words.length < 3) continue;
    const czech = words.filter((w) => diacritics.test(w) || functionWords.has(w.toLowerCase()));
    const marked = element.closest("[lang]").getAttribute("lang").startsWith("cs");
    const text = ownText(element).trim().replace(/\s+/g, " ").slice(0, 70);
    if (czech.length / words.length >= 0.2 && !marked) problems.push(`Czech text without lang="cs": ${text}`);
    if (czech.length === 0 && words.length >= 5 && marked) problems.push(`English text marked lang="cs": ${text}`);
  }
  return problems;
}"""


def check_language_of_parts(page):
    """Problems with the marking of Czech content on an English page (none on Czech pages)."""
    return page.evaluate(_LANG_OF_PARTS_JS)


def _page_html(page):
    """The page as the browser holds it (also after a POST, which cannot be fetched again)."""
    return page.evaluate("() => '<!DOCTYPE html>\\n' + document.documentElement.outerHTML")


def check_accessibility(page):
    """Check the page as it is now: axe-core at desktop width and at 320 CSS px (every
    violation of impact serious or critical fails), no horizontal scrolling at 320 px, the
    language of parts of English pages (check_language_of_parts), and keep its HTML for
    check_html_validity()."""
    CHECKED_HTML[page.url] = _page_html(page)
    problems = _blocking(_axe_violations(page), f"at {page.viewport_size['width']} px")
    problems += [f"language of parts: {problem}" for problem in check_language_of_parts(page)]
    viewport = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        overflow = page.evaluate(_OVERFLOW_JS)
        if overflow:
            problems.append(
                f"reflow: at {NARROW['width']} CSS px the page is {overflow['scrollWidth']} px "
                "wide and scrolls sideways; sticking out:"
            )
            problems += [f"  {culprit}" for culprit in overflow["culprits"]]
        problems += _blocking(_axe_violations(page), f"at {NARROW['width']} px")
    finally:
        page.set_viewport_size(viewport)
    if problems:
        pytest.fail("\n".join([f"{page.url}:", *problems]), pytrace=False)


def check_html_validity():
    """Run the Nu Html Checker once over every page checked in this test; fail on errors."""
    if not CHECKED_HTML:
        return
    result = subprocess.run(
        [str(CHECKERS), "vnu"], capture_output=True, text=True, check=False, cwd=REPO_ROOT
    )
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        pytest.fail(lines[-1] if lines else "scripts/checkers vnu failed", pytrace=False)
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (url, html) in enumerate(CHECKED_HTML.items()):
            path = Path(folder) / f"page-{number:03d}.html"
            path.write_text(html, encoding="utf-8")
            files[path.as_uri()] = url
        checked = subprocess.run(
            [
                *("java", "-cp", result.stdout.strip(), VNU_MAIN),
                *("--format", "json", "--errors-only"),
                *sorted(str(Path(folder) / name) for name in os.listdir(folder)),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    try:
        messages = json.loads(checked.stderr or checked.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no report (exit {checked.returncode}): {checked.stderr[-2000:]}")
    errors = [m for m in messages if m.get("type") == "error"]
    if errors:
        lines = [f"Nu Html Checker: {len(errors)} error(s) in {len(CHECKED_HTML)} page(s)"]
        for message in errors[:40]:
            url = files.get(message.get("url", "").replace("file:/", "file:///", 1), "?")
            lines.append(
                f"  {url} line {message.get('lastLine', '?')}: {message['message']}"
                f" – {' '.join(message.get('extract', '').split())[:120]}"
            )
        pytest.fail("\n".join(lines), pytrace=False)


FOCUS_STYLE_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
        html: el.outerHTML.slice(0, 120),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
    };
}"""


def check_focus_visible(page, *, presses=12, forced_colors=True):
    """Tab through the first `presses` focusable elements (in forced-colours mode unless told
    otherwise) and fail when one of them has no outline of at least 2 px: forced-colours mode
    drops box-shadows, so only an outline stays visible there (WCAG 2.4.7)."""
    page.emulate_media(forced_colors="active" if forced_colors else "none")
    try:
        page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
        page.keyboard.press("Home")
        problems = []
        for _ in range(presses):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_STYLE_JS)
            if focused is None:
                continue
            if focused["outlineStyle"] == "none" or focused["outlineWidth"] < 2:
                problems.append(
                    f"  {focused['html']}: outline {focused['outlineStyle']} "
                    f"{focused['outlineWidth']}px"
                )
    finally:
        page.emulate_media(forced_colors="none")
    if problems:
        mode = "in forced-colours mode " if forced_colors else ""
        pytest.fail(
            "\n".join([f"{page.url}: focus is not visible {mode}on:", *problems]), pytrace=False
        )


ERROR_PAGE_JS = """() => {
    const summary = document.querySelector('.error-summary');
    const links = summary ? [...summary.querySelectorAll('a')] : [];
    return {
        title: document.title,
        focused: summary !== null && document.activeElement === summary,
        summaryAtTop: summary !== null && summary.getBoundingClientRect().top >= 0
            && summary.getBoundingClientRect().top < window.innerHeight,
        links: links.map((a) => {
            const target = a.hash.length > 1 ? document.getElementById(decodeURIComponent(a.hash.slice(1))) : null;
            // A group of radio buttons or checkboxes is described on its fieldset.
            const holder = target && !target.hasAttribute('aria-describedby')
                ? target.closest('fieldset[aria-describedby]') : target;
            const describedby = holder ? (holder.getAttribute('aria-describedby') || '') : '';
            const described = describedby.split(/\\s+/).filter(Boolean)
                .map((id) => document.getElementById(id)).filter(Boolean);
            return {
                href: a.getAttribute('href'),
                target: target ? target.outerHTML.slice(0, 120) : null,
                invalid: target ? (target.getAttribute('aria-invalid') === 'true'
                    || target.closest('[aria-invalid=true]') !== null) : false,
                describedByError: described.some((el) => el.closest('.field__error') !== null),
            };
        }),
    };
}"""


def check_error_page(page, *, title_prefix="Chyba:"):
    """After a failed submit: the title starts with "Chyba:" ("Error:" in English), the error
    summary has the focus and is in view, and each of its links leads to a field marked
    aria-invalid and described by its error message (GOV.UK design system)."""
    state = page.evaluate(ERROR_PAGE_JS)
    problems = []
    if not state["title"].startswith(title_prefix):
        problems.append(f"the title {state['title']!r} does not start with {title_prefix!r}")
    if not state["focused"]:
        problems.append("the error summary does not have the focus")
    if not state["summaryAtTop"]:
        problems.append("the error summary is not in view")
    if not state["links"]:
        problems.append("the error summary links to no field")
    for link in state["links"]:
        if link["target"] is None:
            problems.append(f"the summary link {link['href']!r} leads to no element")
        elif not link["invalid"]:
            problems.append(f"{link['target']} is not marked aria-invalid")
        elif not link["describedByError"]:
            problems.append(f"{link['target']} is not described by its error message")
    if problems:
        pytest.fail(
            "\n".join([f"{page.url}: after a failed submit", *[f"  {p}" for p in problems]]),
            pytrace=False,
        )


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
