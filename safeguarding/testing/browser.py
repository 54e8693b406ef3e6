"""Browser tests: a pytest plugin driving a real Chromium through Playwright (sync API), with
axe-core accessibility checks.

Registered from the root conftest.py (`pytest_plugins = ["safeguarding.testing.browser"]`).

Fixtures:
- `browser` (session): one headless Chromium, the system's own (Debian package); Playwright's
  downloaded browsers are not used. Skips the test when there is none, unless
  `BROWSER_TESTS=required`, when it fails instead.
- `page` (function): a fresh browser context on pytest-django's `live_server`, with
  `base_url` set, so `page.goto("/my-work/")` works. The site's Content-Security-Policy stays
  on (no `bypass_csp`). Console errors, uncaught script errors and CSP violations are
  collected in `page_problems`; `page_problems.assert_none()` checks and clears them, and any
  left unchecked fail the test when it ends.
- `check_a11y`: returns `axe`, below.

`axe(page)` runs axe-core in the page (WCAG 2.0, 2.1 and 2.2 A and AA rules, plus best
practice) and fails the test listing every violation. Nothing is excluded.

Every test that uses `browser` or `page` is marked `browser`, so `-m "not browser"` leaves
them out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test's own thread, which makes Django
# refuse database access from the test ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}
BROWSER_FIXTURES = {"browser", "page", "page_problems", "check_a11y"}

# Reports each CSP violation to the test. Both the init script and the binding run through the
# DevTools protocol, so the page's CSP (no inline script) does not apply to them.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    page: document.location.href,
  });
}, true);
"""


def chromium_path() -> str:
    """The Chromium to drive: $CHROMIUM_PATH, else /usr/bin/chromium, else `chromium` on PATH.

    With none, skip the test, or fail it when BROWSER_TESTS=required (as CI should set)."""
    candidates = [os.environ.get("CHROMIUM_PATH"), DEFAULT_CHROMIUM, shutil.which("chromium")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    message = (
        "No Chromium for the browser tests: set CHROMIUM_PATH, or install Debian's package "
        "(apt-get install chromium) so that /usr/bin/chromium exists."
    )
    if os.environ.get("BROWSER_TESTS") == "required":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass
class PageProblems:
    """What went wrong in the browser while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)

    def describe(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"uncaught script error: {text}" for text in self.page_errors]
            + [
                "CSP violation: {directive} blocked {blocked!r} on {page} "
                "(source {source}:{line}, sample {sample!r})".format(**violation)
                for violation in self.csp_violations
            ]
        )

    def clear(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()
        self.csp_violations.clear()

    def assert_none(self, *, allow: tuple[str, ...] = ()) -> None:
        """Fail if anything went wrong since the last check; `allow` holds regular expressions
        for problems the test expects (for example the 404 of a missing page)."""
        problems = [
            problem for problem in self.describe()
            if not any(re.search(pattern, problem) for pattern in allow)
        ]
        self.clear()
        if problems:
            pytest.fail("Problems in the browser:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS,
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page_problems():
    return PageProblems()


@pytest.fixture
def page(request, live_server, browser, page_problems):
    context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                  timezone_id="Europe/London")

    def report_csp_violation(violation):
        page_problems.csp_violations.append(violation)

    context.expose_function("__reportCspViolation", report_csp_violation)
    context.add_init_script(CSP_REPORTER)
    new_page = context.new_page()
    new_page.on("console", lambda message: (
        page_problems.console_errors.append(f"{message.text} ({message.location.get('url')})")
        if message.type == "error" else None
    ))
    new_page.on("pageerror", lambda error: page_problems.page_errors.append(str(error)))
    yield new_page
    context.close()
    report = getattr(request.node, "browser_call_report", None)
    if report is not None and report.passed:
        page_problems.assert_none()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "call":
        item.browser_call_report = report
    return report


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def _axe_source() -> str:
    if not AXE_SOURCE.is_file():
        pytest.fail(f"axe-core is missing ({AXE_SOURCE}): run `npm ci`.", pytrace=False)
    return AXE_SOURCE.read_text(encoding="utf-8")


def axe(page) -> None:
    """Run axe-core on the page as it is now; fail the test listing every violation.

    `page.evaluate` goes through the DevTools protocol, which the page's Content-Security-Policy
    does not govern, so the page is checked with its CSP in force."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async (options) => {
          const results = await axe.run(document, options);
          return results.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            targets: v.nodes.map((node) => node.target),
            html: v.nodes.map((node) => node.html),
          }));
        }""",
        AXE_OPTIONS,
    )
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['targets'])} element(s)] {violation['helpUrl']}"
        )
        for target, html in list(zip(violation["targets"], violation["html"], strict=False))[:5]:
            lines.append(f"    {json.dumps(target)}  {html[:160]}")
    pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def check_a11y():
    return axe
