"""The voice of children and the public site in a real browser.

The business manager imports a My School My Health results file: a file with the wrong columns
is refused with every problem listed and nothing imported; the right one shows its counts by
question and school year. She writes a "you said, we did" from it (warned of an acronym the
glossary does not define), adds the action it produced to the tracker and publishes it; a young
person reads it on the public site. A member of the public, starting from the service's home
page, finds the partnership's site, a published practice review, the glossary's entry for
"LCSPR" and the training catalogue; a review that is not published is not found. Every page is
checked with axe-core and must raise no console error and no Content-Security-Policy
violation."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role
from safeguarding.core.models import ActionItem
from safeguarding.engagement import rules, services
from safeguarding.engagement.models import Survey, SurveyResult, YouSaidWeDid
from safeguarding.partnership.tests.factories import AgencyFactory, PartnershipFactory
from safeguarding.reviews.models import Incident
from safeguarding.reviews.tests.factories import IncidentFactory
from safeguarding.testing.journey import (
    NOT_FOUND,
    checked,
    error_summary,
    fill_date,
    heading,
    important,
    menu,
    person,
    sign_in,
    sign_out,
    success,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REVIEW_TITLE = "Child R: a local child safeguarding practice review"
THEME = "Feeling safe online"
ACTION = "Publish a guide for parents on the apps young people use"


@pytest.fixture
def world():
    partnership = PartnershipFactory(name="Northshire Safeguarding Children Partnership",
                                     short_name="NSCP", slug="northshire")
    council = AgencyFactory(name="Northshire County Council", partnerships=[partnership])
    services.glossary_term_save(
        term="LCSPR", expansion="local child safeguarding practice review",
        definition="A review the safeguarding partners commission when a child has died or been "
                   "seriously harmed, to learn how agencies can protect children better.")
    services.glossary_term_save(term="NSCP", partnership=partnership,
                                expansion="Northshire Safeguarding Children Partnership",
                                definition="The partnership for Northshire.")
    today = timezone.localdate()
    published = IncidentFactory(
        partnership=partnership, notifying_agency=council, status=Incident.Status.PUBLISHED,
        published_title=REVIEW_TITLE, published_on=today - datetime.timedelta(days=5),
        published_text="Child R was seriously harmed. The LCSPR found that agencies did not "
                       "share what they knew (fictional).")
    hidden = IncidentFactory(
        partnership=partnership, notifying_agency=council,
        status=Incident.Status.PRACTICE_REVIEW, published_title="Not yet published",
        published_text="A draft.")
    manager = person("bea.manager@northshire.example", "Bea Manager", Role.BUSINESS_MANAGER,
                     partnership=partnership)
    return SimpleNamespace(partnership=partnership, council=council, published=published,
                           hidden=hidden, manager=manager)


def survey_file(tmp_path: Path, name: str, rows: list[list]) -> str:
    path = tmp_path / name
    path.write_text("\n".join(",".join(str(cell) for cell in row) for row in rows) + "\n")
    return str(path)


def test_a_survey_becomes_a_published_you_said_we_did(page, page_problems, world, tmp_path):
    today = timezone.localdate()
    sign_in(page, page_problems, world.manager)
    menu(page).get_by_role("link", name="Voice").click()
    expect(heading(page)).to_have_text("The voice of children and families")
    checked(page, page_problems)

    # A file with the wrong columns: every problem listed, nothing imported.
    page.get_by_role("link", name="Import survey results").click()
    expect(heading(page)).to_have_text("Import survey results")
    checked(page, page_problems)
    page.get_by_label("Year of the survey").fill("2025/26")
    page.get_by_label("Results file").set_input_files(survey_file(tmp_path, "wrong.csv", [
        ["Question", "Year group", "Answer", "Total"],
        ["Do you feel safe online?", "Year 7", "Always", "1630"]]))
    page.get_by_role("button", name="Import").click()
    expect(error_summary(page)).to_contain_text("The file must have the columns Question, "
                                                "School year, Answer, Count: “School year” and "
                                                "“Count” are missing")
    expect(error_summary(page)).to_contain_text("“Year group” and “Total”")
    expect(page).to_have_title(re.compile(r"\(error\)"))
    checked(page, page_problems)
    assert not Survey.objects.exists()

    # Bad rows: each one named; still nothing imported.
    page.get_by_label("Results file").set_input_files(survey_file(tmp_path, "rows.csv", [
        ["Question", "School year", "Answer", "Count"],
        ["Do you feel safe online?", "Year 7", "Always", "lots"],
        ["Do you feel safe online?", "Year 42", "Sometimes", "520"]]))
    page.get_by_role("button", name="Import").click()
    expect(error_summary(page)).to_contain_text(
        rules.BAD_COUNT.format(row=2, value="lots"))
    expect(error_summary(page)).to_contain_text(rules.BAD_YEAR.format(row=3, value="Year 42"))
    checked(page, page_problems)
    assert not SurveyResult.objects.exists()

    page.get_by_label("Results file").set_input_files(survey_file(tmp_path, "msmh.csv", [
        ["Question", "School year", "Answer", "Count"],
        ["Do you feel safe online?", "Year 7", "Always or mostly", "1630"],
        ["Do you feel safe online?", "Year 7", "Rarely or never", "140"],
        ["Do you feel safe online?", "Year 9", "Always or mostly", "1405"],
        ["Do you feel safe online?", "Year 9", "Rarely or never", "230"]]))
    page.get_by_role("button", name="Import").click()
    expect(success(page)).to_contain_text("Imported 4 results of My School My Health 2025/26")
    table = page.get_by_role("table", name="Do you feel safe online?")
    expect(table.get_by_role("row").filter(has_text="Rarely or never")).to_contain_text(
        "140230370")
    checked(page, page_problems)

    # "You said, we did", with an acronym the glossary does not know.
    page.get_by_role("link", name="Write a “you said, we did” from it").click()
    expect(heading(page)).to_have_text("You said, we did")
    checked(page, page_problems)
    page.get_by_label("Theme").fill(THEME)
    page.get_by_label("You said").fill("Some of you don't feel safe online, and told us in the "
                                       "MSMH survey.")
    page.get_by_label("We did").fill("We asked young people to help write a guide for parents "
                                     "about the apps you use.")
    page.get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text(THEME)
    expect(success(page)).to_contain_text("Saved")
    expect(important(page)).to_contain_text("These acronyms are not in the glossary")
    expect(important(page)).to_contain_text("MSMH")
    checked(page, page_problems)

    page.get_by_role("link", name="Add an action").click()
    expect(heading(page)).to_have_text("Add an action")
    checked(page, page_problems)
    page.get_by_label("Action", exact=True).fill(ACTION)
    page.get_by_label("Agency responsible").select_option(label=world.council.name)
    fill_date(page.get_by_role("group", name="Due date"), today + datetime.timedelta(days=60))
    page.get_by_role("button", name="Add the action").click()
    expect(success(page)).to_contain_text("Action added to the tracker")
    actions = page.get_by_role("table", name="Actions it produced")
    expect(actions).to_contain_text(ACTION)
    expect(actions).to_contain_text(world.council.name)
    checked(page, page_problems)
    assert ActionItem.objects.get().source_label == f"You said, we did: {THEME}"

    page.get_by_role("button", name="Publish").click()
    expect(success(page)).to_contain_text(f"Published: {THEME}")
    checked(page, page_problems)
    assert YouSaidWeDid.objects.get().published_on == today
    sign_out(page, page_problems)

    # A young person reads it, without signing in.
    page.goto(f"/p/{world.partnership.slug}/you-said-we-did/")
    expect(heading(page)).to_have_text("You said, we did")
    card = page.locator(".app-you-said").filter(has_text=THEME)
    expect(card).to_contain_text("help write a guide for parents")
    expect(card).to_contain_text(ACTION)
    checked(page, page_problems)


def test_the_public_find_a_review_the_glossary_and_the_training(page, page_problems, world):
    page.goto("/")
    checked(page, page_problems)
    page.get_by_role("link", name=world.partnership.name).click()
    expect(heading(page)).to_have_text(world.partnership.name)
    checked(page, page_problems)

    page.get_by_role("link", name="Published practice reviews").click()
    expect(heading(page)).to_have_text("Published practice reviews")
    checked(page, page_problems)
    page.get_by_role("link", name=REVIEW_TITLE).click()
    expect(heading(page)).to_have_text(REVIEW_TITLE)
    expect(page.locator("main")).to_contain_text("did not share what they knew")
    checked(page, page_problems)

    page.go_back()
    page.go_back()
    expect(heading(page)).to_have_text(world.partnership.name)
    page.get_by_role("link", name="Glossary: what the words mean").click()
    expect(heading(page)).to_have_text("Glossary")
    entry = page.locator("#term-lcspr")
    expect(entry).to_contain_text("LCSPR")
    expect(entry).to_contain_text("local child safeguarding practice review")
    expect(entry).to_contain_text("to learn how agencies can protect children better")
    checked(page, page_problems)

    page.get_by_role("link", name=world.partnership.name).click()
    expect(heading(page)).to_have_text(world.partnership.name)
    page.get_by_role("link", name="Training catalogue").click()
    expect(page).to_have_url(re.compile(f"/p/{world.partnership.slug}/training/$"))
    checked(page, page_problems)

    # A review that is not published is not found, whoever asks.
    response = page.goto(f"/p/{world.partnership.slug}/reviews/{world.hidden.pk}/")
    assert response.status == 404
    expect(heading(page)).to_have_text("Page not found")
    checked(page, page_problems, allow=(NOT_FOUND,))
