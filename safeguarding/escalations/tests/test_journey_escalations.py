"""A practitioner disagreement in a real browser, through three stages to its resolution. A
hospital practitioner records a disagreement with the council (refused first when it names her
own agency), three working days after raising it: the first stage's two-day target has passed,
so it shows overdue. She records the practitioners' outcome and escalates it to the line
managers; the council's safeguarding lead finds it in "My work" and escalates it to the
designated leads; the business manager records its resolution, and reads the report, where the
late first stage is counted. Every page is checked with axe-core and must raise no console
error and no Content-Security-Policy violation."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role
from safeguarding.core.calendar import WorkingCalendar
from safeguarding.escalations import rules
from safeguarding.escalations.models import Escalation, EscalationStep
from safeguarding.escalations.tests.factories import stages_for
from safeguarding.partnership.tests.factories import AgencyFactory, PartnershipFactory
from safeguarding.testing.journey import (
    checked,
    error_summary,
    fill_date,
    heading,
    menu,
    person,
    sign_in,
    sign_out,
    success,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = "NSCP-2026-DIS-7"


@pytest.fixture
def world():
    partnership = PartnershipFactory(name="Northshire Safeguarding Children Partnership",
                                     short_name="NSCP", slug="northshire")
    hospital = AgencyFactory(name="Northshire Hospitals NHS Trust", partnerships=[partnership])
    council = AgencyFactory(name="Northshire County Council", partnerships=[partnership])
    stages_for(partnership)
    return SimpleNamespace(
        partnership=partnership, hospital=hospital, council=council,
        practitioner=person("pat.nurse@hospitals.example", "Pat Nurse", Role.PRACTITIONER,
                            agency=hospital),
        council_lead=person("cal.lead@council.example", "Cal Lead", Role.AGENCY_LEAD,
                            agency=council),
        manager=person("bea.manager@northshire.example", "Bea Manager",
                       Role.BUSINESS_MANAGER, partnership=partnership))


def stage_row(page, number: int):
    return page.get_by_role("table", name="Stages").get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile(f"^{number}\\. ")))


def record_outcome(page, problems, stage: int, outcome: str, next_label: str) -> None:
    page.get_by_role("link", name=f"Record the outcome of stage {stage}").click()
    expect(heading(page)).to_have_text(f"Record the outcome of stage {stage}")
    checked(page, problems)
    page.get_by_label("Outcome of this stage").fill(outcome)
    page.get_by_role("group", name="What happens next?").get_by_label(next_label).check()
    page.get_by_role("button", name="Save the outcome").click()
    expect(heading(page)).to_have_text(f"{REFERENCE}: disagreement")
    checked(page, problems)


def test_a_disagreement_through_three_stages_to_its_resolution(page, page_problems, world):
    today = timezone.localdate()
    raised = WorkingCalendar().working_days_before(today, 3)

    # 1. The practitioner records it: first naming her own agency, refused, nothing saved.
    sign_in(page, page_problems, world.practitioner)
    menu(page).get_by_role("link", name="Disagreements").click()
    expect(heading(page)).to_have_text("Practitioner disagreements")
    checked(page, page_problems)
    page.get_by_role("link", name="Record a disagreement").click()
    expect(heading(page)).to_have_text("Record a disagreement")
    checked(page, page_problems)
    page.get_by_label("Your agency").select_option(label=world.hospital.name)
    page.get_by_label("The agency you disagree with").select_option(label=world.hospital.name)
    page.get_by_label("Case reference").fill(REFERENCE)
    fill_date(page.get_by_role("group", name="Date you raised the disagreement with the other "
                                              "agency"), raised)
    page.get_by_role("group", name="What is it about?").get_by_label(
        "Whether the child's needs meet the level for a service").check()
    page.get_by_label("What the disagreement is").fill(
        "The council closed the referral about a baby's bruising without a strategy "
        "discussion (fictional).")
    page.get_by_label("What you want to happen").fill("A strategy discussion.")
    page.get_by_role("button", name="Record the disagreement").click()
    expect(error_summary(page)).to_contain_text(rules.OWN_AGENCY)
    expect(page).to_have_title(re.compile(r"\(error\)"))
    checked(page, page_problems)
    assert not Escalation.objects.exists()

    page.get_by_label("The agency you disagree with").select_option(label=world.council.name)
    page.get_by_role("button", name="Record the disagreement").click()
    expect(success(page)).to_contain_text("Disagreement recorded at stage 1")
    expect(heading(page)).to_have_text(f"{REFERENCE}: disagreement")
    # Three working days on, the two-day target of the first stage has passed.
    current = page.locator(".app-current-stage")
    expect(current).to_contain_text("At stage 1: practitioner to practitioner")
    expect(current).to_contain_text("Overdue")
    expect(stage_row(page, 1)).to_contain_text("Overdue")
    checked(page, page_problems)

    menu(page).get_by_role("link", name="Disagreements").click()
    row = page.get_by_role("table", name="Disagreements you may see").get_by_role("row").filter(
        has_text=REFERENCE)
    expect(row).to_contain_text("Overdue")
    checked(page, page_problems)
    row.get_by_role("link", name=REFERENCE).click()

    # 2. The practitioners did not agree: escalated to the line managers.
    record_outcome(page, page_problems, 1, "We spoke; the council keeps its decision.",
                   "Escalate to stage 2: line managers")
    expect(success(page)).to_contain_text("Escalated to the next stage")
    expect(stage_row(page, 1)).to_contain_text("Late")
    expect(page.locator(".app-current-stage")).to_contain_text("At stage 2: line managers")
    expect(page.locator(".app-current-stage")).not_to_contain_text("Overdue")
    sign_out(page, page_problems)

    # 3. The council's safeguarding lead finds it in "My work" and escalates it again.
    sign_in(page, page_problems, world.council_lead)
    work = page.get_by_role("table", name="Due soon").get_by_role("row").filter(
        has_text=f"{REFERENCE}: disagreement")
    expect(work).to_have_count(1)
    work.get_by_role("link").first.click()
    expect(heading(page)).to_have_text(f"{REFERENCE}: disagreement")
    checked(page, page_problems)
    record_outcome(page, page_problems, 2, "The managers asked the designated leads to meet.",
                   "Escalate to stage 3: designated or senior safeguarding leads")
    expect(stage_row(page, 2)).to_contain_text("On time")
    sign_out(page, page_problems)

    # 4. The business manager records the leads' resolution.
    sign_in(page, page_problems, world.manager)
    menu(page).get_by_role("link", name="Disagreements").click()
    page.get_by_role("link", name=REFERENCE).click()
    record_outcome(page, page_problems, 3, "The leads agreed a strategy discussion is held.",
                   "Resolved at this stage")
    expect(success(page)).to_contain_text("Disagreement resolved")
    expect(page.locator(".app-resolved")).to_contain_text(
        f"at stage 3 on {today.day} {today:%B %Y}")
    expect(page.get_by_role("link", name=re.compile("Record the outcome"))).to_have_count(0)
    checked(page, page_problems)
    escalation = Escalation.objects.get()
    assert escalation.status == Escalation.Status.RESOLVED
    assert [s.is_late for s in EscalationStep.objects.order_by("stage__number")] == [
        True, False, False]

    # The report counts it: resolved at stage 3, its first stage late.
    menu(page).get_by_role("link", name="Disagreements").click()
    page.get_by_role("link", name="Disagreements report: NSCP").click()
    expect(heading(page)).to_have_text("Practitioner disagreements")
    by_stage = page.get_by_role("table", name="By stage")
    # Target, reached, resolved here, on time, late, open and overdue.
    expect(by_stage.get_by_role("row").filter(has_text="1. Practitioner to practitioner")
           .get_by_role("cell")).to_have_text(["2", "1", "0", "0", "1", "0"])
    expect(by_stage.get_by_role("row").filter(has_text="3. Designated or senior")
           .get_by_role("cell")).to_have_text(["5", "1", "1", "1", "0", "0"])
    checked(page, page_problems)
