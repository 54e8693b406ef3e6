"""What every browser journey shares: finding the parts of a GOV.UK page, checking each page
with axe-core and for browser problems, filling GOV.UK date inputs, writing dates as pages do,
and signing in through the real pages with a fresh two-factor code."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

from django_otp.oath import TOTP
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import (
    PASSWORD,
    GrantFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from safeguarding.testing.browser import axe

# Set BROWSER_SCREENSHOTS to a folder to keep pictures of some pages for people to look at.
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS")
REFUSED = r"status of 403 \(Forbidden\)"
NOT_FOUND = r"status of 404 \(Not Found\)"


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def error_summary(page):
    return page.locator(".govuk-error-summary")


def success(page):
    return page.locator(".govuk-notification-banner--success")


def important(page):
    return page.locator(".govuk-notification-banner:not(.govuk-notification-banner--success)")


def menu(page):
    return page.get_by_role("navigation", name="Menu")


def caption(page):
    return page.locator("main .govuk-caption-l").first


def checked(page, problems, *, allow: tuple[str, ...] = ()) -> None:
    """What every page must pass: axe-core, and nothing wrong in the browser."""
    axe(page)
    problems.assert_none(allow=allow)


def fill_date(scope, day: datetime.date) -> None:
    scope.get_by_label("Day", exact=True).fill(str(day.day))
    scope.get_by_label("Month", exact=True).fill(str(day.month))
    scope.get_by_label("Year", exact=True).fill(str(day.year))


def long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def fresh_code(device) -> str:
    """The code the person's authenticator shows, one the server has not used yet: the same
    person signing in twice within 30 seconds types the next code (within the tolerance)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    offset = max(0, device.last_t - totp.t() + 1)
    assert offset <= device.tolerance, "signed in too often for the authenticator's codes"
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(page, problems, person) -> None:
    """Through the real pages: e-mail and password, then the two-factor code."""
    page.goto("/account/sign-in/")
    expect(heading(page)).to_have_text("Sign in")
    checked(page, problems)
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Enter your two-factor code")
    checked(page, problems)
    page.get_by_label("Code", exact=True).fill(fresh_code(person.device))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/my-work/$"))
    expect(heading(page)).to_have_text("My work")
    checked(page, problems)


def sign_out(page, problems) -> None:
    menu(page).get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("You have signed out")
    checked(page, problems)


def person(email: str, name: str, role: Role, **where):
    user = UserFactory(email=email, full_name=name)
    GrantFactory(user=user, role=role, starts_on=datetime.date(2020, 4, 1), **where)
    user.device = TOTPDeviceFactory(user=user)
    return user


def next_steps(page):
    """The buttons of a case's workflow moves."""
    return page.locator(".app-moves")
