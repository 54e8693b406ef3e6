"""The business unit's pages for the public site, in a real browser.

The business manager, from the voice of children page, opens her partnership's public site
pages; she adds "MASH" to the glossary (adding it twice is refused with a clear message) and a
member of the public sees it on the public glossary at once; she adds a newsletter, which is
not public until she publishes it, and then it is on the partnership's public home page. She
describes the thresholds with a level of need (warned of "GP", an acronym the glossary does not
define), adds a front door and writes the introduction. Every
page is checked with axe-core and must raise no console error and no Content-Security-Policy
violation."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role
from safeguarding.engagement import rules
from safeguarding.engagement.models import Publication
from safeguarding.partnership.tests.factories import PartnershipFactory
from safeguarding.testing.journey import (
    NOT_FOUND,
    checked,
    error_summary,
    heading,
    important,
    menu,
    person,
    screenshot,
    sign_in,
    sign_out,
    success,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEWSLETTER = "Spring newsletter: what the MASH does"


@pytest.fixture
def world():
    partnership = PartnershipFactory(name="Northshire Safeguarding Children Partnership",
                                     short_name="NSCP", slug="northshire")
    manager = person("bea.manager@northshire.example", "Bea Manager", Role.BUSINESS_MANAGER,
                     partnership=partnership)
    return SimpleNamespace(partnership=partnership, manager=manager)


def test_the_business_manager_adds_a_term_and_publishes_a_newsletter(page, page_problems,
                                                                     world):
    slug = world.partnership.slug
    sign_in(page, page_problems, world.manager)
    menu(page).get_by_role("link", name="Voice").click()
    page.get_by_role("link", name="Manage the public site").click()
    expect(heading(page)).to_have_text("Public site")
    checked(page, page_problems)

    # The glossary: "MASH", once.
    page.get_by_role("link", name="Manage the glossary").click()
    expect(heading(page)).to_have_text("Glossary")
    checked(page, page_problems)
    page.get_by_role("link", name="Add a term").click()
    expect(heading(page)).to_have_text("Add a term")
    checked(page, page_problems)
    page.get_by_label("Term", exact=True).fill("MASH")
    page.get_by_label("What it stands for").fill("multi-agency safeguarding hub")
    page.get_by_label("What it means").fill("Where the agencies share what they know about a "
                                            "child when someone is worried about them.")
    page.get_by_role("button", name="Add a term").click()
    expect(success(page)).to_contain_text("Term added to the glossary")
    expect(page.get_by_role("table", name="The partnership's own terms")).to_contain_text(
        "multi-agency safeguarding hub")
    checked(page, page_problems)

    page.get_by_role("link", name="Add a term").click()
    page.get_by_label("Term", exact=True).fill("MASH")
    page.get_by_label("What it means").fill("Again.")
    page.get_by_role("button", name="Add a term").click()
    expect(error_summary(page)).to_contain_text(rules.DUPLICATE_TERM.format(
        term="MASH", partnership=world.partnership))
    checked(page, page_problems)

    page.goto(f"/p/{slug}/glossary/")
    entry = page.locator("#term-mash")
    expect(entry).to_contain_text("multi-agency safeguarding hub")
    expect(entry).to_contain_text("share what they know about a child")
    checked(page, page_problems)

    # A newsletter: not public until published.
    page.goto(f"/public-site/{slug}/")
    page.get_by_role("link", name="Add a publication").click()
    expect(heading(page)).to_have_text("Add a publication")
    checked(page, page_problems)
    page.get_by_label("Newsletter").check()
    page.get_by_label("Title").fill(NEWSLETTER)
    page.get_by_label("Summary").fill("What the MASH does, and how to reach it.")
    page.get_by_label("Text", exact=True).fill("The MASH brings the agencies together.")
    page.get_by_role("button", name="Add a publication").click()
    expect(success(page)).to_contain_text("Publication saved. It is not published yet.")
    expect(heading(page)).to_have_text(NEWSLETTER)
    checked(page, page_problems)
    publication = Publication.objects.get()
    response = page.goto(f"/p/{slug}/publications/{publication.pk}/")
    assert response.status == 404
    checked(page, page_problems, allow=(NOT_FOUND,))

    page.goto(f"/public-site/publications/{publication.pk}/")
    page.get_by_role("button", name="Publish").click()
    expect(success(page)).to_contain_text(f"Published: {NEWSLETTER}")
    checked(page, page_problems)

    # Thresholds, a level of need, a front door and the profile are changed on pages too.
    page.goto(f"/public-site/{slug}/")
    page.get_by_role("link", name="Change how the partnership decides").click()
    expect(heading(page)).to_have_text("Thresholds: deciding what help a child needs")
    checked(page, page_problems)
    page.get_by_label("With levels of need").check()
    page.get_by_label("Title").fill("Thresholds for children's services")
    page.get_by_label("The approach").fill("Four levels of need, from universal to specialist.")
    page.get_by_role("button", name="Save").click()
    expect(success(page)).to_contain_text("Thresholds saved")
    page.get_by_role("link", name="Add a level of need").click()
    expect(heading(page)).to_have_text("Add a level of need")
    checked(page, page_problems)
    page.get_by_label("Name").fill("Universal")
    page.get_by_label("Descriptor").fill("Needs met by schools, health visitors and GPs.")
    page.get_by_role("button", name="Add a level of need").click()
    expect(success(page)).to_contain_text("Level of need added")
    expect(important(page)).to_contain_text("GP")
    page.get_by_role("link", name="Add a front door").click()
    expect(heading(page)).to_have_text("Add a front door")
    checked(page, page_problems)
    page.get_by_label("Area").fill("Northshire")
    page.get_by_label("Service", exact=True).fill("Children's Duty and Advice Team")
    page.get_by_label("Telephone", exact=True).fill("0100 000 0000")
    page.get_by_role("button", name="Add a front door").click()
    expect(success(page)).to_contain_text("Front door added")
    expect(page.get_by_role("table", name="Front doors")).to_contain_text("Northshire")
    checked(page, page_problems)
    screenshot(page, "public-site-pages.png")
    page.get_by_role("link", name="Change the public profile and contact details").click()
    expect(heading(page)).to_have_text("Public profile and contact details")
    checked(page, page_problems)
    page.get_by_label("Introduction").fill("The partnership keeps Northshire's children safe.")
    page.get_by_role("button", name="Save").click()
    expect(success(page)).to_contain_text("Public profile saved")
    sign_out(page, page_problems)

    # The public sees it on the partnership's home page.
    page.goto(f"/p/{slug}/")
    expect(heading(page)).to_have_text(world.partnership.name)
    page.get_by_role("link", name=NEWSLETTER).click()
    expect(heading(page)).to_have_text(NEWSLETTER)
    expect(page.locator("main")).to_contain_text("multi-agency safeguarding hub (MASH)")
    checked(page, page_problems)
