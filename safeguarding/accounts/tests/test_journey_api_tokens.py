"""An agency's safeguarding lead makes an API token for the hospital's case system, in a real
browser: the API documentation, the token shown once, the list, revoking it. Every page is
checked with axe-core and must raise no console error and no Content-Security-Policy
violation."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from safeguarding.accounts import forms, services
from safeguarding.accounts.models import ApiToken
from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import (
    PASSWORD,
    GrantFactory,
    TOTPDeviceFactory,
    UserFactory,
    totp_code,
)
from safeguarding.partnership.tests.factories import AgencyFactory, PartnershipFactory
from safeguarding.testing.browser import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS")
API = "/api/v1/serious-incidents/notifications/"


def checked(page, problems) -> None:
    axe(page)
    problems.assert_none()
    if SCREENSHOTS:
        name = re.sub(r"\W+", "-", page.url.split("/account/", 1)[-1]).strip("-") or "account"
        page.screenshot(path=str(Path(SCREENSHOTS) / f"api-tokens-{name}.png"), full_page=True)


def test_a_lead_makes_a_token_copies_it_once_and_revokes_it(page, page_problems):
    partnership = PartnershipFactory(name="Northshire Safeguarding Children Partnership")
    hospital = AgencyFactory(name="Northshire Hospitals NHS Trust", partnerships=[partnership])
    lead = UserFactory(email="alex.lead@hospital.example", full_name="Alex Lead")
    GrantFactory(user=lead, role=Role.AGENCY_LEAD, agency=hospital, partnership=None)
    device = TOTPDeviceFactory(user=lead)

    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/my-work/$"))

    page.goto("/account/")
    page.get_by_role("link", name="Manage your API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.locator("main")).to_contain_text("You have no API tokens.")
    checked(page, page_problems)

    # Whoever looks after the system is pointed at the documentation, a page to read.
    page.get_by_role("link", name="API documentation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API documentation")
    expect(page.get_by_role("table", name="The calls of the API: serious incidents")
           ).to_contain_text("Send your draft to the partnership")
    checked(page, page_problems)
    page.go_back()

    page.get_by_role("link", name="Make a new token").click()
    page.get_by_role("button", name="Make the token").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(forms.ENTER_TOKEN_NAME)
    checked(page, page_problems)

    page.get_by_label("Name").fill("Hospital case system")
    page.get_by_role("radio", name="30 days").check()
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Copy your API token")
    secret = page.locator("#api-token").inner_text()
    assert secret.startswith("spp_")
    checked(page, page_problems)
    assert Client().get(API, headers={"authorization": f"Bearer {secret}"}).status_code == 200

    page.get_by_role("link", name="I have copied the token").click()
    tokens = page.get_by_role("table", name="Your tokens")
    expect(tokens).to_contain_text("Hospital case system")
    expect(page.locator("main")).not_to_contain_text(secret)
    checked(page, page_problems)

    tokens.get_by_role("link", name="Revoke Hospital case system").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revoke “Hospital case system”?")
    checked(page, page_problems)
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("revoked")
    expect(tokens).to_contain_text("Revoked")
    checked(page, page_problems)

    assert ApiToken.objects.get().revoked_at is not None
    refused = Client().get(API, headers={"authorization": f"Bearer {secret}"})
    assert refused.status_code == 401 and refused.json()["detail"] == services.TOKEN_REVOKED
