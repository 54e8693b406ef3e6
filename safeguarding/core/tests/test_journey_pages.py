"""Every other page the foundation adds, in a real browser, each checked with axe-core: the
action list, the access log and its search, the account page, refusals (403, locked account,
forged form) and the password reset journey."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import (
    PASSWORD,
    GrantFactory,
    TOTPDeviceFactory,
    UserFactory,
    totp_code,
)
from safeguarding.core.tests.casework import SampleCaseFactory
from safeguarding.core.tests.factories import ActionItemFactory
from safeguarding.partnership.tests.factories import AgencyFactory, PartnershipFactory
from safeguarding.testing.browser import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REFUSED = r"status of 403 \(Forbidden\)"


def heading(page):
    return page.get_by_role("heading", level=1)


def checked(page, problems, *, allow=()):
    axe(page)
    problems.assert_none(allow=allow)


def sign_in(page, email, password=PASSWORD):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def manager():
    partnership = PartnershipFactory(name="Northshire Safeguarding Children Partnership",
                                     short_name="NSCP")
    person = UserFactory(email="bm@northshire.example", full_name="Bea Manager")
    GrantFactory(user=person, role=Role.BUSINESS_MANAGER, partnership=partnership)
    person.device = TOTPDeviceFactory(user=person)
    person.partnership = partnership
    return person


def signed_in_with_code(page, person):
    sign_in(page, person.email)
    page.get_by_label("Code", exact=True).fill(totp_code(person.device))
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("My work")


def test_the_business_managers_pages(page, page_problems, manager):
    agency = AgencyFactory(name="Northshire Police", partnerships=[manager.partnership])
    ActionItemFactory(partnership=manager.partnership, owner_agency=agency, created_by=manager,
                      title="Refresh the escalation policy")
    mine = SampleCaseFactory(partnership=manager.partnership, members=[manager],
                             reference="NSCP-2026-001")
    not_mine = SampleCaseFactory(partnership=manager.partnership, reference="NSCP-2026-002")
    signed_in_with_code(page, manager)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Actions").click()
    expect(heading(page)).to_have_text("Actions")
    expect(page.get_by_role("link", name="Refresh the escalation policy")).to_be_visible()
    checked(page, page_problems)

    page.goto(f"/test-cases/{mine.pk}/")
    expect(heading(page)).to_have_text("NSCP-2026-001 (Child A)")
    response = page.goto(f"/test-cases/{not_mine.pk}/")
    assert response.status == 403
    expect(heading(page)).to_have_text("You do not have access to this page")
    expect(page.locator("body")).not_to_contain_text("NSCP-2026-002")
    checked(page, page_problems, allow=(REFUSED,))

    page.goto("/access-log/")
    expect(heading(page)).to_have_text("Access log")
    page.get_by_label("Record (case reference)").fill("NSCP-2026")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("table")
    expect(results).to_contain_text("NSCP-2026-001 (Child A)")
    expect(results).to_contain_text("Viewed")
    expect(results).to_contain_text("Refused access")
    checked(page, page_problems)

    page.get_by_label("From (for example 27/3/2026)").fill("2/5/2026")
    page.get_by_label("To", exact=True).fill("1/4/2026")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    checked(page, page_problems)

    page.goto("/account/")
    expect(heading(page)).to_have_text("Your account")
    expect(page.get_by_role("table", name="Your roles")).to_contain_text("Business manager")
    checked(page, page_problems)


def test_a_locked_account(page, page_problems, settings):
    UserFactory(email="jo@northshire.example")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, "jo@northshire.example", "wrong password")
    sign_in(page, "jo@northshire.example")
    expect(heading(page)).to_have_text("Your account is locked for now")
    checked(page, page_problems, allow=(r"status of 429",))


def test_a_forged_form(page, page_problems):
    UserFactory(email="jo@northshire.example")
    page.goto("/account/sign-in/")
    page.evaluate("document.querySelector('[name=csrfmiddlewaretoken]').value = 'forged'")
    page.get_by_label("Email address").fill("jo@northshire.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("The form could not be sent")
    checked(page, page_problems, allow=(REFUSED,))


def test_resetting_a_forgotten_password(page, page_problems):
    UserFactory(email="jo@northshire.example")
    page.goto("/account/sign-in/")
    page.get_by_role("link", name="I have forgotten my password").click()
    page.get_by_label("Email").fill("jo@northshire.example")
    page.get_by_role("button", name="Send the link").click()
    expect(heading(page)).to_have_text("Check your email")
    checked(page, page_problems)

    link = re.search(r"https?://\S+/account/password-reset/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(heading(page)).to_have_text("Choose a new password")
    checked(page, page_problems)
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("New password confirmation").fill("short")
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    checked(page, page_problems)
    page.get_by_label("New password", exact=True).fill("a long and memorable passphrase")
    page.get_by_label("New password confirmation").fill("a long and memorable passphrase")
    page.get_by_role("button", name="Save new password").click()
    expect(heading(page)).to_have_text("Your password has been changed")
    checked(page, page_problems)
