"""The child death review in a real browser: one unexpected death from notification to a closed
CDOP review with a modifiable factor, each step made by the person whose role it is. The
hospital's safeguarding lead notifies the CDOP (refused first for a death after the notification
and an age of 18); the CDOP panel member runs the Joint Agency Response and asks the hospital
and the police for their reporting forms; each agency's lead writes its own form from "My work",
and the police lead is refused the hospital's; the panel records the Child Death Review Meeting,
puts the case on its list, records the analysis (category, modifiable factors, a contributory
factor, an action into the tracker) and closes the review; and the annual report for the year
counts it. Every page is checked with axe-core and must raise no console error and no
Content-Security-Policy violation."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role
from safeguarding.child_deaths import rules
from safeguarding.child_deaths.models import AgencyReport, ChildDeath
from safeguarding.child_deaths.tests.factories import ChildDeathFactory
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.clocks import CDOP_REVIEW_DUE, JAR_MEETING_DUE
from safeguarding.core.models import ActionItem
from safeguarding.partnership.models import Group
from safeguarding.partnership.tests.factories import (
    AgencyFactory,
    GroupFactory,
    PartnershipFactory,
)
from safeguarding.testing.journey import (
    REFUSED,
    caption,
    checked,
    error_summary,
    fill_date,
    heading,
    important,
    long,
    menu,
    person,
    sign_in,
    sign_out,
    success,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = "CDR-NS-2026-041"
PSEUDONYM = "Child M"
TITLE = f"{REFERENCE} ({PSEUDONYM})"
CIRCUMSTANCES = "Child M, aged four months, was found unresponsive in the morning (fictional)."
LEARNING = "Safe sleep advice was not repeated after the family moved house (fictional)."
ACTION = "Repeat safe sleep advice at every house move"
SUDDEN = "10. Sudden unexpected, unexplained death"


@pytest.fixture
def world():
    partnership = PartnershipFactory(name="Northshire Safeguarding Children Partnership",
                                     short_name="NSCP", slug="northshire")
    hospital = AgencyFactory(name="Northshire Hospitals NHS Trust", partnerships=[partnership])
    police = AgencyFactory(name="Northshire Police", partnerships=[partnership])
    cdop = GroupFactory(name="Northshire Child Death Overview Panel", short_name="CDOP",
                        kind=Group.Kind.PANEL, partnerships=[partnership])
    return SimpleNamespace(
        partnership=partnership, hospital=hospital, police=police, cdop=cdop,
        hospital_lead=person("hana.lead@hospitals.example", "Hana Lead", Role.AGENCY_LEAD,
                             agency=hospital),
        police_lead=person("ian.police@police.example", "Ian Police", Role.AGENCY_LEAD,
                           agency=police),
        doctor=person("ravi.doctor@icb.example", "Dr Ravi Doctor", Role.PANEL_MEMBER,
                      group=cdop),
    )


def next_steps(page):
    return page.locator(".app-moves")


def group(page, name: str):
    return page.get_by_role("group", name=name, exact=True)


def fill_notification(page, world, *, died, notified, age: str) -> None:
    page.get_by_label("Partnership", exact=True).select_option(label=world.partnership.name)
    page.get_by_label("Your agency").select_option(label=world.hospital.name)
    page.get_by_label("Case reference").fill(REFERENCE)
    page.get_by_label("Pseudonym").fill(PSEUDONYM)
    fill_date(group(page, "Date of death"), died)
    fill_date(group(page, "Date you are notifying the CDOP"), notified)
    group(page, "Place of death").get_by_label("Home", exact=True).check()
    page.get_by_label("Age in completed years").fill(age)
    page.get_by_label("Age in completed months (babies under 1 only)").fill("4")
    group(page, "Sex").get_by_label("Male", exact=True).check()
    page.get_by_label("Ethnicity").fill("White British")
    group(page, "Was the death unexpected?").get_by_label("Yes", exact=True).check()
    group(page, "If unexpected, why").get_by_label("Sudden, with no apparent cause").check()
    page.get_by_label("What is known of the circumstances").fill(CIRCUMSTANCES)


def open_case(page, problems) -> None:
    menu(page).get_by_role("link", name="Child deaths").click()
    expect(heading(page)).to_have_text("Child death reviews")
    checked(page, problems)
    page.get_by_role("table", name="Cases you may see").get_by_role("link", name=TITLE).click()
    expect(heading(page)).to_have_text(TITLE)
    checked(page, problems)


def move(page, problems, label: str) -> None:
    next_steps(page).get_by_role("button", name=label).click()
    expect(success(page)).to_contain_text("Done: ")
    expect(heading(page)).to_have_text(TITLE)
    checked(page, problems)


def open_stage(page, problems, change: str, title: str) -> None:
    page.get_by_role("link", name=f"Change {change}").click()
    expect(heading(page)).to_have_text(title)
    expect(caption(page)).to_have_text(TITLE)
    checked(page, problems)


def save(page, problems, button="Save", banner="Saved") -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(success(page)).to_contain_text(banner)
    expect(heading(page)).to_have_text(TITLE)
    checked(page, problems)


def clock(page, label: str):
    row = page.get_by_role("table", name="Clocks").get_by_role("row").filter(has_text=label)
    expect(row).to_have_count(1)
    return row


def write_own_form(page, problems, agency: str) -> None:
    """From "My work": the form is the agency lead's work, named by the case reference only."""
    row = page.get_by_role("table", name="Due soon").get_by_role("row").filter(
        has_text=f"{REFERENCE}: reporting form from {agency}")
    expect(row).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text(PSEUDONYM)
    row.get_by_role("link", name="Send the agency's child death reporting form").click()
    expect(heading(page)).to_have_text(f"Reporting form from {agency}")
    expect(caption(page)).to_have_text(f"Child death review, case {REFERENCE}")
    checked(page, problems)
    page.get_by_label("Your agency's involvement with the child and family").fill(
        f"{agency} knew the family (fictional).")
    page.get_by_label("Factors your agency identifies").fill("The family moved house twice.")
    page.get_by_role("button", name="Send the reporting form").click()
    expect(error_summary(page)).to_contain_text("Enter the learning identified")
    checked(page, problems)
    page.get_by_label("Learning identified").fill("Share house moves with health visiting.")
    page.get_by_role("button", name="Send the reporting form").click()
    expect(success(page)).to_contain_text("Reporting form sent")
    expect(page.locator("main")).to_contain_text("Share house moves with health visiting.")
    checked(page, problems)


def annual_figures(page):
    summary = page.locator("#summary")
    categories = page.get_by_role("table", name=re.compile("by the category of death"))
    modifiable = page.get_by_role("table", name=re.compile("whether there were modifiable"))
    return summary, categories, modifiable


def test_an_unexpected_death_from_notification_to_a_closed_cdop_review(page, page_problems,
                                                                      world):
    today = timezone.localdate()
    died = today - datetime.timedelta(days=70)
    notified = died + datetime.timedelta(days=1)
    reviewed_on = died + datetime.timedelta(days=60)
    year = BusinessYear.of(reviewed_on)
    # Five reviews already closed this year: the category and modifiable counts are shown.
    for _ in range(5):
        ChildDeathFactory(partnership=world.partnership, notifying_agency=world.hospital,
                          panel=world.cdop, reviewed=True, cdop_meeting_on=reviewed_on,
                          notified_on=reviewed_on - datetime.timedelta(days=90),
                          date_of_death=reviewed_on - datetime.timedelta(days=91))

    # 1. The hospital's lead notifies the CDOP; bad input is refused and nothing is saved.
    sign_in(page, page_problems, world.hospital_lead)
    menu(page).get_by_role("link", name="Child deaths").click()
    expect(heading(page)).to_have_text("Child death reviews")
    checked(page, page_problems)
    page.get_by_role("link", name="Notify a child death").click()
    expect(heading(page)).to_have_text("Notify the CDOP of a child's death")
    checked(page, page_problems)
    fill_notification(page, world, died=notified + datetime.timedelta(days=1),
                      notified=notified, age="18")
    page.get_by_role("button", name="Send the notification").click()
    expect(error_summary(page)).to_contain_text(rules.DEATH_AFTER_NOTIFIED)
    expect(error_summary(page)).to_contain_text(rules.AGE_TOO_HIGH)
    expect(page).to_have_title(re.compile(r"\(error\)"))
    checked(page, page_problems)
    assert not ChildDeath.objects.filter(reference=REFERENCE).exists()
    fill_date(group(page, "Date of death"), died)
    page.get_by_label("Age in completed years").fill("0")
    page.get_by_role("button", name="Send the notification").click()
    expect(success(page)).to_contain_text(f"Notification sent to the CDOP: case {REFERENCE}")
    expect(heading(page)).to_have_text(TITLE)
    expect(caption(page)).to_contain_text("Notified to the CDOP")
    checked(page, page_problems)
    death = ChildDeath.objects.get(reference=REFERENCE)
    assert death.panel == world.cdop and death.unexpected
    sign_out(page, page_problems)

    # 2. The CDOP panel member: the Joint Agency Response, and the agencies' forms.
    sign_in(page, page_problems, world.doctor)
    open_case(page, page_problems)
    expect(clock(page, CDOP_REVIEW_DUE.label)).to_contain_text(
        long(CDOP_REVIEW_DUE.due(died)))
    expect(next_steps(page).get_by_role("button")).to_have_text(
        ["Start the Joint Agency Response", "Start agency reporting"])
    next_steps(page).get_by_role("button", name="Start agency reporting").click()
    expect(important(page)).to_contain_text(
        "An unexpected death needs a Joint Agency Response first.")
    checked(page, page_problems)
    move(page, page_problems, "Start the Joint Agency Response")
    expect(clock(page, JAR_MEETING_DUE.label)).to_contain_text("Overdue")
    open_stage(page, page_problems, "the Joint Agency Response", "The Joint Agency Response")
    fill_date(group(page, "Date of the initial information-sharing meeting"), notified)
    page.get_by_label("Agencies at the meeting").fill("Police, paediatrician, health visitor")
    page.get_by_label("Timeline of the response").fill(
        "The paediatrician and the police visited the home on the day (fictional).")
    save(page, page_problems)
    move(page, page_problems, "Record the Joint Agency Response")
    expect(caption(page)).to_contain_text("Agency reporting")
    expect(clock(page, JAR_MEETING_DUE.label)).to_contain_text("Met")
    for agency in (world.hospital, world.police):
        page.get_by_role("link", name="Ask an agency for its reporting form").click()
        expect(heading(page)).to_have_text("Ask an agency for its reporting form")
        checked(page, page_problems)
        page.get_by_label("Agency").select_option(label=agency.name)
        fill_date(group(page, "Due"), today + datetime.timedelta(days=7))
        save(page, page_problems, "Send the request", "Reporting form requested")
    next_steps(page).get_by_role("button", name="Record the Child Death Review Meeting").click()
    expect(important(page)).to_contain_text(
        "Every agency asked must send its reporting form first.")
    checked(page, page_problems)
    sign_out(page, page_problems)

    # 3. Each agency's lead writes its own form, and only its own.
    sign_in(page, page_problems, world.police_lead)
    write_own_form(page, page_problems, world.police.name)
    hospital_form = AgencyReport.objects.get(child_death=death, agency=world.hospital)
    page.goto(hospital_form.get_absolute_url())
    expect(heading(page)).to_have_text("You do not have access to this page")
    checked(page, page_problems, allow=(REFUSED,))
    page.goto(death.get_absolute_url())
    expect(heading(page)).to_have_text("You do not have access to this page")
    checked(page, page_problems, allow=(REFUSED,))
    sign_out(page, page_problems)
    sign_in(page, page_problems, world.hospital_lead)
    write_own_form(page, page_problems, world.hospital.name)
    sign_out(page, page_problems)

    # 4. The panel: the Child Death Review Meeting, the list, the analysis, the close.
    sign_in(page, page_problems, world.doctor)
    open_case(page, page_problems)
    open_stage(page, page_problems, "the Child Death Review Meeting",
               "The Child Death Review Meeting")
    fill_date(group(page, "Date notice of the meeting was sent"), died)
    fill_date(group(page, "Date of the Child Death Review Meeting"),
              died + datetime.timedelta(days=20))
    page.get_by_label("What the meeting found").fill("The professionals met (fictional).")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(error_summary(page)).to_contain_text("at least one month after its notice")
    checked(page, page_problems)
    fill_date(group(page, "Date of the Child Death Review Meeting"),
              died + datetime.timedelta(days=40))
    save(page, page_problems)
    move(page, page_problems, "Record the Child Death Review Meeting")
    move(page, page_problems, "Put the case on the CDOP's list for review")
    menu(page).get_by_role("link", name="Child deaths").click()
    page.get_by_role("link", name="The CDOP's list: cases ready for review").click()
    ready = page.get_by_role("table", name="Cases you may see")
    expect(ready.get_by_role("link")).to_have_text([TITLE])
    checked(page, page_problems)
    ready.get_by_role("link", name=TITLE).click()
    expect(caption(page)).to_contain_text("Ready for CDOP review")
    next_steps(page).get_by_role("button", name="Close the CDOP review").click()
    expect(important(page)).to_contain_text(
        "Complete the analysis first")
    checked(page, page_problems)
    open_stage(page, page_problems, "the CDOP's analysis", "The CDOP's analysis")
    fill_date(group(page, "Date of the CDOP meeting"), reviewed_on)
    group(page, "Category of death").get_by_label(SUDDEN).check()
    group(page, "Were there modifiable factors?").get_by_label(
        "Yes: modifiable factors identified").check()
    page.get_by_label("Learning identified").fill(LEARNING)
    save(page, page_problems)
    page.get_by_role("link", name="Add a contributory factor").click()
    expect(heading(page)).to_have_text("Add a contributory factor")
    checked(page, page_problems)
    group(page, "Domain").get_by_label(
        "Factors in the social environment, including family and parenting").check()
    page.get_by_label("The factor").fill("Unsafe sleep setting after a house move")
    save(page, page_problems, "Add the factor", "Contributory factor added")
    page.get_by_role("link", name="Add an action to the action tracker").click()
    expect(heading(page)).to_have_text("Add an action")
    checked(page, page_problems)
    page.get_by_label("Action", exact=True).fill(ACTION)
    page.get_by_label("Agency that owns the action").select_option(label=world.hospital.name)
    fill_date(group(page, "Due"), today + datetime.timedelta(days=60))
    save(page, page_problems, "Add the action", "Action added to the action tracker")
    move(page, page_problems, "Close the CDOP review")
    expect(caption(page)).to_contain_text("CDOP review closed")
    expect(clock(page, CDOP_REVIEW_DUE.label)).to_contain_text(f"Met {reviewed_on.day} ")
    expect(page.locator("main")).to_contain_text(LEARNING)
    expect(page.locator("main")).to_contain_text("Unsafe sleep setting after a house move")
    expect(next_steps(page)).to_have_count(0)
    checked(page, page_problems)
    death.refresh_from_db()
    assert (death.status, death.category, death.modifiable) == ("closed", "10", "yes")
    action = ActionItem.objects.get(title=ACTION)
    assert action.owner_agency == world.hospital and PSEUDONYM not in action.source_label

    # 5. The annual report for the year counts the review: six, where there were five.
    menu(page).get_by_role("link", name="Child deaths").click()
    page.get_by_role("link", name=f"Annual report: {world.cdop.name}").click()
    expect(heading(page)).to_have_text("Child Death Overview Panel annual report")
    page.get_by_label("Business year").fill(year.label)
    page.get_by_role("button", name="Show the report").click()
    expect(caption(page)).to_contain_text(year.label)
    summary, categories, modifiable = annual_figures(page)
    expect(summary.get_by_role("row").filter(has_text="CDOP reviews completed")).to_contain_text(
        "6")
    expect(categories.get_by_role("row").filter(has_text=SUDDEN)).to_contain_text("6")
    expect(modifiable.get_by_role("row").filter(has_text="Yes: modifiable")).to_contain_text("6")
    checked(page, page_problems)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download as a Word document")).click()
    from docx import Document

    document = Document(download.value.path())
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert SUDDEN in cells and "CDOP reviews completed" in cells
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download as a PDF")).click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    sign_out(page, page_problems)
