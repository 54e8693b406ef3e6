"""Signing in, in a real browser: password, two-factor code (or setting it up), "My work", an
action's progress, signing out. Every page is checked with axe-core and must raise no console
error and no Content-Security-Policy violation."""

from __future__ import annotations

import base64
import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import expect

from safeguarding.accounts import forms
from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import (
    PASSWORD,
    GrantFactory,
    TOTPDeviceFactory,
    UserFactory,
    totp_code,
)
from safeguarding.core import forms as core_forms
from safeguarding.core.tests.factories import ActionItemFactory
from safeguarding.partnership.tests.factories import (
    AgencyFactory,
    GroupFactory,
    PartnershipFactory,
)
from safeguarding.testing.browser import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set BROWSER_SCREENSHOTS to a folder to keep pictures of some pages for people to look at.
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS")


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def checked(page, problems, *, allow: tuple[str, ...] = ()) -> None:
    """What every page must pass: axe-core, and nothing wrong in the browser."""
    axe(page)
    problems.assert_none(allow=allow)


def sign_in(page, email: str, password: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def error_summary(page):
    return page.locator(".govuk-error-summary")


def wrong_code_for(device) -> str:
    near = {totp_code(device, offset) for offset in (-2, -1, 0, 1, 2)}
    return next(code for code in ("123456", "654321", "111111") if code not in near)


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Northshire Safeguarding Children Partnership",
                              short_name="NSCP")


def test_business_manager_signs_in_with_a_code_and_completes_an_action(page, page_problems,
                                                                          partnership):
    manager = UserFactory(email="sam.manager@northshire.example", full_name="Sam Manager")
    GrantFactory(user=manager, role=Role.BUSINESS_MANAGER, partnership=partnership)
    device = TOTPDeviceFactory(user=manager)
    agency = AgencyFactory(name="Northshire Council", partnerships=[partnership])
    today = timezone.localdate()
    # Actions made in the platform always have a creator (the factory leaves it empty).
    ActionItemFactory(
        owner=manager, owner_agency=agency, partnership=partnership, created_by=manager,
        due_on=today - datetime.timedelta(days=3), title="Audit the front door referrals",
    )
    ActionItemFactory(
        owner=manager, owner_agency=agency, partnership=partnership, created_by=manager,
        due_on=today + datetime.timedelta(days=5), title="Publish the training plan",
    )

    # Not signed in: "My work" sends them to sign in first.
    page.goto("/my-work/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=%2Fmy-work%2F|/account/"
                                        r"sign-in/\?next=/my-work/"))
    expect(heading(page)).to_have_text("Sign in")
    checked(page, page_problems)

    sign_in(page, "sam.manager@northshire.example", PASSWORD)
    expect(heading(page)).to_have_text("Enter your two-factor code")
    checked(page, page_problems)

    # A wrong code: the GOV.UK error summary, and the page still passes axe.
    page.get_by_label("Code", exact=True).fill(wrong_code_for(device))
    page.get_by_role("button", name="Continue").click()
    expect(error_summary(page)).to_contain_text("There is a problem")
    expect(error_summary(page)).to_contain_text(forms.WRONG_CODE)
    # GOV.UK Frontend's script (allowed by the CSP) moves focus to the summary.
    expect(error_summary(page)).to_be_focused()
    expect(page).to_have_title(re.compile(r"\(error\)"))
    checked(page, page_problems)

    # django-otp makes a device wait a second after a wrong code (OTP_TOTP_THROTTLE_FACTOR).
    page.wait_for_timeout(1100)
    page.get_by_label("Code", exact=True).fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/my-work/$"))
    expect(heading(page)).to_have_text("My work")
    overdue = page.get_by_role("table", name="Overdue")
    expect(overdue.get_by_role("link", name="Audit the front door referrals")).to_be_visible()
    due_soon = page.get_by_role("table", name="Due soon")
    expect(due_soon.get_by_role("link", name="Publish the training plan")).to_be_visible()
    expect(overdue).not_to_contain_text("Publish the training plan")
    checked(page, page_problems)
    screenshot(page, "mywork.png")

    overdue.get_by_role("link", name="Audit the front door referrals").click()
    expect(heading(page)).to_have_text("Audit the front door referrals")
    checked(page, page_problems)

    page.get_by_role("link", name="Update progress").click()
    expect(heading(page)).to_have_text("Update progress")
    checked(page, page_problems)

    # Completed, but no evidence: refused with the evidence message.
    page.get_by_role("radio", name="Completed").check()
    page.get_by_role("button", name="Save progress").click()
    expect(error_summary(page)).to_contain_text("There is a problem")
    expect(error_summary(page)).to_contain_text(core_forms.ENTER_COMPLETION_EVIDENCE)
    expect(page.get_by_role("radio", name="Completed")).to_be_checked()
    checked(page, page_problems)

    # The summary's link takes them to the box to fill in.
    evidence = page.get_by_role("textbox", name="Evidence of completion")
    error_summary(page).get_by_role("link", name=core_forms.ENTER_COMPLETION_EVIDENCE).click()
    expect(evidence).to_be_focused()
    evidence.fill(
        "Audit report presented to the March executive; filed in the assurance folder."
    )
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Action updated")
    expect(heading(page)).to_have_text("Audit the front door referrals")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Completed")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Audit report presented")
    checked(page, page_problems)

    page.get_by_role("navigation", name="Menu").get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("You have signed out")
    expect(page.get_by_role("link", name="Sign in again")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign in")
           ).to_be_visible()
    checked(page, page_problems)
    page.goto("/my-work/")
    expect(heading(page)).to_have_text("Sign in")
    page_problems.assert_none()


def test_new_panel_member_sets_up_two_factor(page, page_problems, partnership):
    member = UserFactory(email="alex.panel@northshire.example", full_name="Alex Panel")
    panel = GroupFactory(name="Practice review panel", partnerships=[partnership])
    GrantFactory(user=member, role=Role.PANEL_MEMBER, group=panel)

    page.goto("/account/sign-in/")
    sign_in(page, "alex.panel@northshire.example", PASSWORD)

    expect(page).to_have_url(re.compile(r"/account/two-factor/set-up/$"))
    expect(heading(page)).to_have_text("Set up two-factor sign-in")
    qr_code = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0"), (
        "The QR code image did not load"
    )
    key = page.locator("#totp-secret")
    expect(key).to_be_visible()
    checked(page, page_problems)
    screenshot(page, "setup.png")

    secret = base64.b32decode(key.inner_text().replace(" ", ""))
    page.get_by_label("Code from your authenticator app").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Confirm").click()

    expect(heading(page)).to_have_text("Save your recovery codes")
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    for code in codes.all_inner_texts():
        assert re.fullmatch(r"\d{10}", code.strip()), code
    checked(page, page_problems)

    page.get_by_role("link", name="I have saved my codes").click()
    expect(page).to_have_url(re.compile(r"/my-work/$"))
    expect(heading(page)).to_have_text("My work")
    checked(page, page_problems)


def test_wrong_password_is_refused(page, page_problems):
    UserFactory(email="jo.officer@northshire.example")

    page.goto("/account/sign-in/")
    sign_in(page, "jo.officer@northshire.example", "not the password")

    expect(error_summary(page)).to_contain_text("There is a problem")
    expect(error_summary(page)).to_contain_text(forms.WRONG_CREDENTIALS)
    expect(error_summary(page)).to_be_focused()
    expect(page).to_have_url(re.compile(r"/account/sign-in/$"))
    expect(heading(page)).to_have_text("Sign in")
    # Still signed out: the menu offers "Sign in", not "Sign out".
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Sign in")).to_be_visible()
    expect(menu.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_label("Email address")).to_have_value("jo.officer@northshire.example")
    checked(page, page_problems)


@pytest.mark.parametrize(("path", "title"), [
    ("/", "Safeguarding Partnership Platform"),
    ("/accessibility/", "Accessibility statement"),
    ("/privacy/", "Privacy notice"),
    ("/account/password-reset/", "Reset your password"),
])
def test_public_page(page, page_problems, path, title):
    response = page.goto(path)
    assert response.status == 200
    # The strict policy is in force on the page axe checks.
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(heading(page)).to_have_text(title)
    checked(page, page_problems)


def test_page_not_found(page, page_problems):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(heading(page)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Go to the start page")).to_be_visible()
    # The browser reports the 404 of the page itself on the console; nothing else may go wrong.
    checked(page, page_problems,
            allow=(r"status of 404 \(Not Found\) \(http://[^/]+/no-such-page/\)",))
