"""Serious incidents and practice reviews in a real browser: one case through every state, each
step made by the person whose role it is. An agency's safeguarding lead notifies the partnership
(a draft first, then the notification, and the refusals of a date to come and of a case reference
already notified); the business manager records the review group's decision, the National Panel
notification and asks the agencies for their information, with the statutory clocks and the
refusal of a move out of order; each agency's lead answers its own request and sees nothing else
of the case; the rapid review goes to the National Panel; the delegated safeguarding partner
commissions a local practice review; the final report goes to the National Panel, publication is
refused while the report names the child, then the redacted report is published, with a
recommendation in the action tracker; and the public reads it. Every page is checked with
axe-core and must raise no console error and no Content-Security-Policy violation.

The last tests keep fixed the bugs the journey found: who may name people and publish, the
partners' own reasons, private drafts, the pre-publication clock, a draft sent from its page,
and wording."""

from __future__ import annotations

import datetime
import json
import re
import zipfile
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import (
    GrantFactory,
)
from safeguarding.core.calendar import WorkingCalendar
from safeguarding.core.clocks import (
    NATIONAL_PANEL_NOTIFICATION_DUE,
    PRACTICE_REVIEW_DUE,
    RAPID_REVIEW_DUE,
)
from safeguarding.core.models import ActionItem
from safeguarding.partnership.models import Group, PartnershipAgency
from safeguarding.partnership.tests.factories import (
    AgencyFactory,
    GroupFactory,
    PartnershipFactory,
)
from safeguarding.reviews import rules
from safeguarding.reviews import services as review_services
from safeguarding.reviews.models import Incident, InformationRequest
from safeguarding.reviews.tests.factories import final_report_signed_off
from safeguarding.testing.journey import (
    NOT_FOUND,
    REFUSED,
    caption,
    checked,
    error_summary,
    fill_date,
    heading,
    important,
    long,
    menu,
    next_steps,
    person,
    screenshot,
    short,
    sign_in,
    sign_out,
    success,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


REFERENCE = "NSCP-2026-117"
DRAFT_REFERENCE = "NSCP-2026-116"
PSEUDONYM = "Child Q"
SUMMARY = ("Child Q, aged three, was brought to the emergency department with a fractured femur "
           "and bruising that the parents could not explain (fictional).")
IMMEDIATE = "A strategy meeting was held the same day; Child Q's sibling stays with a grandparent."
CHILD_NAME = "Jayden"
REPORT_TITLE = "Child Q: a local child safeguarding practice review"
BRIEFING_TITLE = "Moving home with a baby: a 7-minute briefing"
BRIEFING_TEXT = "Repeat safe sleep advice whenever a family with a baby moves."
TRAINING = "Safe sleep: multi-agency course"
REDACTED_TEXT = (
    "Child Q was three years old when he was admitted to hospital with injuries that could not "
    "be explained.\n\nThe review found that agencies did not share what they knew about the "
    "family's move between areas.")
NAMED_TEXT = REDACTED_TEXT.replace("Child Q was", f"{CHILD_NAME} (Child Q) was", 1)
RECOMMENDATION = ("Make sure health visitors hand over every child who moves between areas in "
                  "person, within ten working days")
























# -- people --------------------------------------------------------------------------------------










@pytest.fixture
def world():
    """A partnership with its review group, three agencies and the people of the journey."""
    partnership = PartnershipFactory(name="Northshire Safeguarding Children Partnership",
                                     short_name="NSCP", slug="northshire")
    hospital = AgencyFactory(name="Northshire Hospitals NHS Trust", partnerships=[partnership])
    police = AgencyFactory(name="Northshire Police", partnerships=[partnership])
    council = AgencyFactory(name="Northshire County Council", partnerships=[partnership])
    review_group = GroupFactory(name="Case Review Group", kind=Group.Kind.PANEL,
                                partnerships=[partnership])
    partnership.review_group = review_group
    partnership.save()
    PartnershipAgency.objects.filter(partnership=partnership, agency__in=[council, police]).update(
        is_partner=True)

    manager = person("bea.manager@northshire.example", "Bea Manager", Role.BUSINESS_MANAGER,
                     partnership=partnership)
    # A seat on the review group, so that she sees its cases (need-to-know).
    GrantFactory(user=manager, role=Role.PANEL_MEMBER, group=review_group,
                 starts_on=datetime.date(2020, 4, 1))
    hospital_lead = person("hana.lead@hospitals.example", "Hana Lead", Role.AGENCY_LEAD,
                           agency=hospital)
    police_lead = person("ian.police@police.example", "Ian Police", Role.AGENCY_LEAD,
                         agency=police)
    partner = person("dee.partner@council.example", "Dee Partner", Role.DELEGATED_PARTNER,
                     partnership=partnership)
    return SimpleNamespace(partnership=partnership, hospital=hospital, police=police,
                           council=council, review_group=review_group, manager=manager,
                           hospital_lead=hospital_lead, police_lead=police_lead, partner=partner)


# -- pages ---------------------------------------------------------------------------------------


def fill_notification(page, world, *, reference: str, aware: datetime.date) -> None:
    page.get_by_label("Partnership", exact=True).select_option(label=world.partnership.name)
    page.get_by_label("Your agency").select_option(label=world.hospital.name)
    page.get_by_label("Case reference").fill(reference)
    page.get_by_label("Pseudonym").fill(PSEUDONYM)
    page.get_by_role("group", name="Age", exact=True).get_by_label("1 to 4", exact=True).check()
    page.get_by_role("group", name="Sex", exact=True).get_by_label("Male", exact=True).check()
    page.get_by_label("Ethnicity").fill("White British")
    page.get_by_role("group", name="Does the child have a disability?").get_by_label(
        "No", exact=True).check()
    page.get_by_role("group", name="Legal status").get_by_label("Child in need", exact=True).check()
    fill_date(page.get_by_role("group", name="Date you became aware"), aware)
    page.get_by_label("What happened").fill(SUMMARY)
    page.get_by_role("group", name="Agencies involved with the child or family").get_by_label(
        world.police.name).check()
    page.get_by_label("Immediate safeguarding action taken").fill(IMMEDIATE)


def record_sign_off(page, problems, agency, signatory: str, day: datetime.date) -> None:
    page.get_by_role("link", name="Record a partner's sign-off").click()
    expect(heading(page)).to_have_text("Sign off the final report")
    checked(page, problems)
    page.get_by_role("group", name="Safeguarding partner").get_by_label(agency.name).check()
    page.get_by_label("Signed off by").fill(signatory)
    fill_date(page.get_by_role("group", name="Date signed off"), day)
    page.get_by_role("button", name="Record the sign-off").click()
    expect(success(page)).to_contain_text(f"Sign-off by {agency.name} recorded")
    expect(stage_row(page, agency.name)).to_contain_text(
        f"{signatory}, {long(day)}")
    checked(page, problems)


def clock(page, label: str):
    row = page.get_by_role("table", name="Statutory clocks").get_by_role("row").filter(
        has_text=label)
    expect(row).to_have_count(1)
    return row


def stage_row(page, key: str):
    return page.locator("main .govuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(f"^{re.escape(key)}$")))


def open_case(page, problems, reference: str = REFERENCE) -> None:
    menu(page).get_by_role("link", name="Reviews").click()
    expect(heading(page)).to_have_text("Serious incidents and practice reviews")
    checked(page, problems)
    page.get_by_role("table", name="Cases you may see").get_by_role(
        "link", name=f"{reference} ({PSEUDONYM})").click()
    expect(heading(page)).to_have_text(f"{reference} ({PSEUDONYM})")
    checked(page, problems)


def open_stage(page, problems, change: str, title: str) -> None:
    page.get_by_role("link", name=f"Change {change}").click()
    expect(heading(page)).to_have_text(title)
    expect(caption(page)).to_have_text(f"{REFERENCE} ({PSEUDONYM})")
    checked(page, problems)


def save_stage(page, problems) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    expect(success(page)).to_contain_text("Saved")
    expect(heading(page)).to_have_text(f"{REFERENCE} ({PSEUDONYM})")
    checked(page, problems)


def move(page, problems, label: str, done: str | None = None) -> None:
    next_steps(page).get_by_role("button", name=label).click()
    if done is not None:
        expect(success(page)).to_contain_text(done)
    expect(heading(page)).to_have_text(f"{REFERENCE} ({PSEUDONYM})")
    checked(page, problems)


def refused_move(page, problems, label: str, *messages: str) -> None:
    next_steps(page).get_by_role("button", name=label).click()
    expect(heading(page)).to_have_text(f"{REFERENCE} ({PSEUDONYM})")
    for message in messages:
        expect(important(page)).to_contain_text(message)
    checked(page, problems)


def status_of(incident: Incident) -> str:
    incident.refresh_from_db()
    return incident.status


def answer_request(page, problems, agency: str) -> None:
    """From "My work": the request is the agency lead's work, named by the case reference."""
    due_soon = page.get_by_role("table", name="Due soon")
    row = due_soon.get_by_role("row").filter(has_text=f"{REFERENCE}: request to {agency}")
    expect(row).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text(PSEUDONYM)
    row.get_by_role("link", name="Answer the rapid review's information request").click()
    expect(heading(page)).to_have_text(f"Information request to {agency}")
    expect(caption(page)).to_have_text(f"Rapid review, case {REFERENCE}")
    checked(page, problems)


# -- the journey ---------------------------------------------------------------------------------


def test_one_serious_incident_from_notification_to_a_published_practice_review(
        page, page_problems, world):
    today = timezone.localdate()
    aware = today - datetime.timedelta(days=43)
    la_aware = today - datetime.timedelta(days=42)

    # 1. The hospital's safeguarding lead notifies the partnership: a draft first.
    sign_in(page, page_problems, world.hospital_lead)
    menu(page).get_by_role("link", name="Reviews").click()
    expect(heading(page)).to_have_text("Serious incidents and practice reviews")
    expect(page.locator("main")).to_contain_text("No cases you may see match.")
    checked(page, page_problems)
    page.get_by_role("link", name="Notify a serious incident").click()
    expect(heading(page)).to_have_text("Notify a potential serious child safeguarding incident")
    expect(page.get_by_label("Pseudonym")).to_have_value("Child A")
    checked(page, page_problems)
    fill_notification(page, world, reference=DRAFT_REFERENCE, aware=aware)
    page.get_by_role("button", name="Save as draft").click()
    expect(success(page)).to_contain_text("Draft saved. Nobody else can see it until you send it.")
    expect(heading(page)).to_have_text(f"{DRAFT_REFERENCE} ({PSEUDONYM})")
    expect(caption(page)).to_contain_text("Draft notification")
    expect(page.locator("main")).to_contain_text("Not sent yet.")
    expect(page.locator("main")).to_contain_text(SUMMARY)
    # The draft may be sent from its page; it cannot be changed.
    expect(next_steps(page).get_by_role("button")).to_have_text(["Send the notification"])
    checked(page, page_problems)
    draft = Incident.objects.get(reference=DRAFT_REFERENCE)
    assert draft.status == Incident.Status.DRAFT
    assert list(draft.agencies_involved.all()) == [world.police]
    assert mail.outbox == []

    # Changing a draft is not built: a fresh notification, sent at once.
    menu(page).get_by_role("link", name="Reviews").click()
    page.get_by_role("link", name="Notify a serious incident").click()
    expect(heading(page)).to_have_text("Notify a potential serious child safeguarding incident")
    fill_notification(page, world, reference=REFERENCE, aware=aware)
    page.get_by_role("button", name="Send the notification").click()
    expect(heading(page)).to_have_text("Notification sent")
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel).to_contain_text("Case reference")
    expect(panel.locator("strong")).to_have_text(REFERENCE)
    expect(page.locator("main")).to_contain_text(world.review_group.name)
    checked(page, page_problems)
    incident = Incident.objects.get(reference=REFERENCE)
    assert incident.status == Incident.Status.NOTIFIED
    assert incident.panel == world.review_group and incident.notified_at is not None

    # The acknowledgement: the case reference, and nothing that identifies the child.
    assert len(mail.outbox) == 1
    acknowledgement = mail.outbox[0]
    assert acknowledgement.to == [world.hospital_lead.email]
    assert REFERENCE in acknowledgement.subject and REFERENCE in acknowledgement.body
    for secret in (PSEUDONYM, SUMMARY, "fractured femur", IMMEDIATE, "White British"):
        assert secret not in acknowledgement.subject + acknowledgement.body, secret

    page.get_by_role("link", name="See the notification").click()
    expect(heading(page)).to_have_text(f"{REFERENCE} ({PSEUDONYM})")
    expect(caption(page)).to_contain_text("Notified to the partnership")
    expect(stage_row(page, "Agencies involved")).to_contain_text(world.police.name)
    expect(page.get_by_role("link", name="Name someone on this case")).to_have_count(0)
    checked(page, page_problems)

    # 2. Refused: a date of awareness still to come; the same case reference twice.
    count = Incident.objects.count()
    menu(page).get_by_role("link", name="Reviews").click()
    page.get_by_role("link", name="Notify a serious incident").click()
    fill_notification(page, world, reference="NSCP-2026-118",
                      aware=today + datetime.timedelta(days=3))
    page.get_by_role("button", name="Send the notification").click()
    expect(error_summary(page)).to_contain_text("There is a problem")
    expect(error_summary(page)).to_contain_text(rules.AWARE_IN_FUTURE)
    expect(page).to_have_title(re.compile(r"\(error\)"))
    expect(page.get_by_label("Case reference")).to_have_value("NSCP-2026-118")
    checked(page, page_problems)
    assert Incident.objects.count() == count

    fill_date(page.get_by_role("group", name="Date you became aware"), aware)
    page.get_by_label("Case reference").fill(REFERENCE)
    page.get_by_role("button", name="Send the notification").click()
    expect(error_summary(page)).to_contain_text("There is a problem")
    expect(error_summary(page)).to_contain_text(
        f"A notification for case reference {REFERENCE} already exists")
    expect(page.locator("main")).to_contain_text("already exists in this partnership")
    checked(page, page_problems)
    assert Incident.objects.count() == count
    assert len(mail.outbox) == 1
    sign_out(page, page_problems)

    # 3. The business manager, on the review group, records its decision.
    sign_in(page, page_problems, world.manager)
    open_case(page, page_problems)
    expect(caption(page)).to_contain_text("Notified to the partnership")
    expect(next_steps(page).get_by_role("button")).to_have_text(
        ["Record that it meets the criteria", "Record that it does not meet the criteria"])
    # Not yet: the reasons and the date come first.
    refused_move(page, page_problems, "Record that it meets the criteria",
                 "Enter the review group's reasons first.",
                 "Enter the date the local authority became aware first.")
    assert status_of(incident) == Incident.Status.NOTIFIED

    open_stage(page, page_problems, "the review group's decision", "The review group's decision")
    page.get_by_label("The review group's reasons").fill(
        "Neglect is suspected and Child Q was seriously harmed: the criteria are met.")
    fill_date(page.get_by_role("group", name="Date the local authority became aware"), la_aware)
    save_stage(page, page_problems)
    expect(stage_row(page, "Review group")).to_contain_text("the criteria are met")
    expect(stage_row(page, "Review group")).to_contain_text(
        f"Local authority aware {long(la_aware)}")
    move(page, page_problems, "Record that it meets the criteria",
         "Done: record that it meets the criteria")
    expect(caption(page)).to_contain_text("Meets the criteria")
    calendar = WorkingCalendar()
    panel_due = NATIONAL_PANEL_NOTIFICATION_DUE.due(la_aware, calendar)
    rapid_due = RAPID_REVIEW_DUE.due(la_aware, calendar)
    assert rapid_due < today, "the rapid review clock must be past due for this journey"
    notify_clock = clock(page, NATIONAL_PANEL_NOTIFICATION_DUE.label)
    expect(notify_clock).to_contain_text(long(panel_due))
    expect(notify_clock).to_contain_text(f"5 working days from {long(la_aware)}")
    expect(notify_clock).to_contain_text("Overdue")
    rapid_clock = clock(page, RAPID_REVIEW_DUE.label)
    expect(rapid_clock).to_contain_text(long(rapid_due))
    expect(rapid_clock).to_contain_text(f"15 working days from {long(la_aware)}")
    expect(rapid_clock).to_contain_text("Overdue")
    checked(page, page_problems)

    # A move out of order: the rapid review is not offered; sent anyway (a changed form), it is
    # refused and nothing changes.
    expect(next_steps(page).get_by_role("button", name=re.compile("rapid review"))
           ).to_have_count(0)
    first_move = next_steps(page).locator("form").first
    first_move.locator("input[name=move]").evaluate(
        "(input) => { input.value = 'send_rapid_review'; }")
    first_move.get_by_role("button").click()
    expect(important(page)).to_contain_text(
        re.compile(r"You cannot send the rapid review to the national panel while the case is "
                   r"“meets the criteria”", re.IGNORECASE))
    expect(caption(page)).to_contain_text("Meets the criteria")
    expect(clock(page, RAPID_REVIEW_DUE.label)).to_contain_text("Overdue")
    checked(page, page_problems)
    assert status_of(incident) == Incident.Status.MEETS
    screenshot(page, "rev_case_mid.png")

    # 4. The National Panel notification, then the agencies' information.
    open_stage(page, page_problems, "the National Panel notification",
               "The National Panel notification")
    fill_date(page.get_by_role("group", name="Date the National Panel was notified"), today)
    page.get_by_label("National Panel reference").fill("CSPRP-2026-0456")
    save_stage(page, page_problems)
    expect(stage_row(page, "National Panel")).to_contain_text(
        f"Notified {long(today)}, reference CSPRP-2026-0456")
    move(page, page_problems, "Record the National Panel notification")
    expect(caption(page)).to_contain_text("Notified to the National Panel")
    expect(clock(page, NATIONAL_PANEL_NOTIFICATION_DUE.label)).to_contain_text(
        f"Met late, {short(today)}")
    expect(clock(page, RAPID_REVIEW_DUE.label)).to_contain_text("Overdue")

    request_due = today + datetime.timedelta(days=7)
    for agency in (world.police, world.hospital):
        page.get_by_role("link", name="Ask an agency for its information").click()
        expect(heading(page)).to_have_text("Ask an agency for its information")
        checked(page, page_problems)
        page.get_by_label("Agency").select_option(label=agency.name)
        fill_date(page.get_by_role("group", name="Due"), request_due)
        page.get_by_role("button", name="Send the request").click()
        expect(success(page)).to_contain_text("Information request sent")
        checked(page, page_problems)
    requests = page.locator("main ul.govuk-list").filter(has_text=world.police.name)
    for agency in (world.police, world.hospital):
        expect(requests.get_by_role("listitem").filter(has_text=agency.name)).to_contain_text(
            f"due {long(request_due)}: Waiting")
    # The rapid review cannot go before the agencies have answered and it is written.
    refused_move(page, page_problems, "Send the rapid review to the National Panel",
                 "Every involved agency must answer its information request first.",
                 "Complete the rapid review (facts, learning, recommendation, date sent) first.")
    assert status_of(incident) == Incident.Status.PANEL_NOTIFIED
    police_request = InformationRequest.objects.get(incident=incident, agency=world.police)
    hospital_request = InformationRequest.objects.get(incident=incident, agency=world.hospital)
    sign_out(page, page_problems)

    # 5. The police's lead answers its own request, and sees nothing else of the case.
    sign_in(page, page_problems, world.police_lead)
    answer_request(page, page_problems, world.police.name)
    expect(page.locator("main")).to_contain_text(f"Due {long(request_due)}.")
    expect(page.locator("main")).not_to_contain_text(PSEUDONYM)
    page.get_by_label("Chronology").fill("3 March: neighbours reported shouting; officers "
                                         "attended and spoke to both parents.")
    page.get_by_role("button", name="Send the answer").click()
    expect(error_summary(page)).to_contain_text("Enter the analysis")
    expect(error_summary(page)).to_contain_text("Enter the learning identified")
    expect(page.get_by_label("Chronology")).to_have_value(re.compile("neighbours reported"))
    checked(page, page_problems)
    police_request.refresh_from_db()
    assert police_request.submitted_on is None and police_request.chronology == ""
    page.get_by_label("Analysis").fill("The attendance was not shared with children's social "
                                       "care because no child was seen.")
    page.get_by_label("Learning identified").fill("Officers should ask whether children live "
                                                  "at an address and check on them.")
    page.get_by_role("button", name="Send the answer").click()
    expect(success(page)).to_contain_text("Answer sent")
    expect(page.locator("main")).to_contain_text(f"Answered {long(today)}.")
    expect(page.get_by_role("button", name="Send the answer")).to_have_count(0)
    expect(page.locator("main dl")).to_contain_text("no child was seen")
    checked(page, page_problems)
    menu(page).get_by_role("link", name="My work").click()
    expect(heading(page)).to_have_text("My work")
    expect(page.locator("main")).not_to_contain_text(REFERENCE)
    checked(page, page_problems)

    # Not the case itself, not another agency's request.
    for path in (f"/incidents/{incident.pk}/", f"/information-requests/{hospital_request.pk}/"):
        response = page.goto(path)
        assert response.status == 403, path
        expect(heading(page)).to_have_text("You do not have access to this page")
        expect(page.locator("main")).not_to_contain_text(PSEUDONYM)
        expect(page.locator("main")).not_to_contain_text(world.hospital.name)
        checked(page, page_problems, allow=(REFUSED,))
    sign_out(page, page_problems)

    # The hospital's lead saves its answer, and sends it later.
    sign_in(page, page_problems, world.hospital_lead)
    answer_request(page, page_problems, world.hospital.name)
    page.get_by_label("Chronology").fill("Emergency department attendance with a fracture.")
    page.get_by_role("button", name="Save and finish later").click()
    expect(success(page)).to_contain_text("Answer saved. You can finish it later.")
    expect(page.get_by_label("Chronology")).to_have_value(
        "Emergency department attendance with a fracture.")
    checked(page, page_problems)
    page.get_by_label("Analysis").fill("The skeletal survey was done the same day.")
    page.get_by_label("Learning identified").fill("Earlier attendances were not linked.")
    page.get_by_role("button", name="Send the answer").click()
    expect(success(page)).to_contain_text("Answer sent")
    checked(page, page_problems)
    sign_out(page, page_problems)

    # 6. The business manager writes the rapid review and sends it.
    sign_in(page, page_problems, world.manager)
    open_case(page, page_problems)
    for agency in (world.police, world.hospital):
        expect(page.locator("main li").filter(has_text=agency.name)).to_contain_text("Answered")
    page.locator("main li").filter(has_text=world.police.name).get_by_role("link").click()
    expect(heading(page)).to_have_text(f"Information request to {world.police.name}")
    expect(page.locator("main dl")).to_contain_text("no child was seen")
    expect(page.get_by_role("button", name="Send the answer")).to_have_count(0)
    checked(page, page_problems)
    page.go_back()
    expect(heading(page)).to_have_text(f"{REFERENCE} ({PSEUDONYM})")

    open_stage(page, page_problems, "the rapid review", "The rapid review")
    fill_date(page.get_by_role("group", name="Date of the rapid review meeting"),
              today - datetime.timedelta(days=1))
    page.get_by_label("Facts").fill("Child Q was injured at home; the cause is not explained.")
    page.get_by_label("Immediate actions").fill("A child protection plan for the sibling.")
    page.get_by_label("Learning identified").fill(
        "Agencies did not share what they knew when the family moved.")
    page.get_by_role("group", name="Recommendation").get_by_label(
        "Local child safeguarding practice review").check()
    fill_date(page.get_by_role("group", name="Date sent to the National Panel"), today)
    save_stage(page, page_problems)
    move(page, page_problems, "Send the rapid review to the National Panel")
    expect(caption(page)).to_contain_text("Rapid review sent to the National Panel")
    expect(clock(page, RAPID_REVIEW_DUE.label)).to_contain_text(f"Met late, {short(today)}")
    expect(stage_row(page, "Rapid review")).to_contain_text(
        f"Sent {long(today)}; recommends local child safeguarding practice review")
    # The partners decide, not the business unit.
    expect(next_steps(page)).to_have_count(0)
    checked(page, page_problems)
    assert status_of(incident) == Incident.Status.RAPID_REVIEW_SENT

    # 7. The partners' decision. The business manager, on the review group, names the partner.
    page.get_by_role("link", name="Name someone on this case").click()
    expect(heading(page)).to_have_text("Name someone on this case")
    expect(page.locator("main")).to_contain_text(world.manager.full_name)
    checked(page, page_problems)
    page.get_by_label("Person").select_option(label=world.partner.full_name)
    page.get_by_role("button", name="Name them on the case").click()
    expect(success(page)).to_contain_text(f"{world.partner.full_name} can now see this case")
    checked(page, page_problems)
    # The business unit does not write the partners' reasons: no link for it.
    expect(page.get_by_role("link", name="Change the partners' reasons")).to_have_count(0)
    sign_out(page, page_problems)

    sign_in(page, page_problems, world.partner)
    open_case(page, page_problems)
    open_stage(page, page_problems, "the partners' reasons",
               "The safeguarding partners' decision")
    page.get_by_label("The safeguarding partners' reasons").fill(
        "Two or more agencies did not work together; the Panel agrees a local review.")
    save_stage(page, page_problems)
    expect(next_steps(page).get_by_role("button")).to_have_text(
        ["Commission a local practice review", "Decide no further review",
         "Decide another learning route"])
    move(page, page_problems, "Commission a local practice review",
         "Done: commission a local practice review")
    expect(caption(page)).to_contain_text("Local practice review under way")
    practice_due = PRACTICE_REVIEW_DUE.due(today)
    practice_clock = clock(page, PRACTICE_REVIEW_DUE.label)
    expect(practice_clock).to_contain_text(long(practice_due))
    expect(practice_clock).to_contain_text(f"6 calendar months from {long(today)}")
    expect(practice_clock).to_contain_text("Open")
    expect(stage_row(page, "Partners' decision")).to_contain_text(
        f"Local child safeguarding practice review, {long(today)}.")
    checked(page, page_problems)
    sign_out(page, page_problems)

    # 8. The practice review: an identifying detail, a draft report, the final report.
    sign_in(page, page_problems, world.manager)
    open_case(page, page_problems)
    page.get_by_role("link", name="Add a detail for the redaction check").click()
    expect(heading(page)).to_have_text("Add a detail for the redaction check")
    checked(page, page_problems)
    page.get_by_role("group", name="What it is").get_by_label("Name", exact=True).check()
    page.get_by_label("The detail").fill(CHILD_NAME)
    page.get_by_role("button", name="Add").click()
    expect(success(page)).to_contain_text("Added to the redaction check")
    expect(page.locator("main")).to_contain_text("(1 recorded)")
    expect(page.locator("main")).not_to_contain_text(CHILD_NAME)
    checked(page, page_problems)

    page.get_by_role("link", name="Upload a draft or the final report").click()
    expect(heading(page)).to_have_text("Upload a draft or the final report")
    checked(page, page_problems)
    page.get_by_label("Title").fill("Draft 1")
    page.get_by_label("File").set_input_files({
        "name": "draft-1.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"})
    page.get_by_role("button", name="Upload").click()
    expect(success(page)).to_contain_text("Report uploaded")
    report = page.locator("main li").filter(has=page.get_by_role("link", name="Draft 1"))
    expect(report).to_contain_text("version 1")
    checked(page, page_problems)

    sent_on = WorkingCalendar().working_days_before(today,
                                                   rules.PRE_PUBLICATION_WORKING_DAYS + 3)
    planned = today + datetime.timedelta(days=14)
    open_stage(page, page_problems, "the practice review", "The local practice review")
    page.get_by_label("Independent reviewer").fill("Dr Alex Reviewer")
    page.get_by_label("Terms of reference").fill("How agencies shared information when the "
                                                 "family moved between areas.")
    fill_date(page.get_by_role("group", name="Planned publication date"), planned)
    fill_date(page.get_by_role("group", name=re.compile("^Date the final report was sent")),
              sent_on)
    page.get_by_label("Title to publish").fill(REPORT_TITLE)
    page.get_by_label("Redacted, pseudonymised report to publish").fill(NAMED_TEXT)
    save_stage(page, page_problems)
    expect(stage_row(page, "Practice review")).to_contain_text(
        f"Reviewer: Dr Alex Reviewer. Publication planned {long(planned)}. "
        f"Final report sent {long(sent_on)}.")
    # The partners have not signed off the report: it cannot go to the Panel yet.
    refused_move(page, page_problems, "Send the final report before publication",
                 "Every safeguarding partner must sign off the latest version of the final "
                 "report first.")
    expect(stage_row(page, world.council.name)).to_contain_text("Not yet signed off")
    page.get_by_role("link", name="Upload a draft or the final report").click()
    page.get_by_label("Title").fill("Final report")
    page.get_by_label("File").set_input_files({
        "name": "final.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"})
    page.get_by_role("button", name="Upload").click()
    expect(success(page)).to_contain_text("Report uploaded")
    checked(page, page_problems)
    record_sign_off(page, page_problems, world.council, "Dee Partner", today)
    # A date in the future is refused, and nothing is recorded.
    page.get_by_role("link", name="Record a partner's sign-off").click()
    page.get_by_role("group", name="Safeguarding partner").get_by_label(world.police.name).check()
    fill_date(page.get_by_role("group", name="Date signed off"),
              today + datetime.timedelta(days=1))
    page.get_by_role("button", name="Record the sign-off").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(rules.SIGNED_IN_FUTURE)
    checked(page, page_problems)
    fill_date(page.get_by_role("group", name="Date signed off"), today)
    page.get_by_label("Signed off by").fill("Chief Superintendent Olu Police")
    page.get_by_role("button", name="Record the sign-off").click()
    expect(success(page)).to_contain_text(f"Sign-off by {world.police.name} recorded")
    expect(stage_row(page, world.police.name)).to_contain_text(
        f"Chief Superintendent Olu Police, {long(today)}")
    checked(page, page_problems)
    move(page, page_problems, "Send the final report before publication")
    expect(caption(page)).to_contain_text("Final report sent before publication")

    # Not public yet.
    response = page.goto(f"/p/{world.partnership.slug}/reviews/{incident.pk}/")
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text(REPORT_TITLE)
    checked(page, page_problems, allow=(NOT_FOUND,))
    page.go_back()
    expect(heading(page)).to_have_text(f"{REFERENCE} ({PSEUDONYM})")

    # The report still names the child: publication is refused, naming what was found.
    refused_move(page, page_problems, "Publish the report",
                 f"{review_services.REDACTION_NEEDED}. Found: Name: “{CHILD_NAME}”.")
    assert status_of(incident) == Incident.Status.FINAL_REPORT_SENT
    open_stage(page, page_problems, "the practice review", "The local practice review")
    text = page.get_by_label("Redacted, pseudonymised report to publish")
    expect(text).to_have_value(NAMED_TEXT)
    text.fill(REDACTED_TEXT)
    save_stage(page, page_problems)
    move(page, page_problems, "Publish the report", "Done: publish the report")
    expect(caption(page)).to_contain_text("Published")
    remove_after = today + datetime.timedelta(days=rules.PUBLISHED_FOR_DAYS)
    expect(stage_row(page, "Practice review")).to_contain_text(
        f"Published {long(today)}, until {long(remove_after)}.")
    expect(clock(page, PRACTICE_REVIEW_DUE.label)).to_contain_text(f"Met {short(today)}")
    expect(next_steps(page)).to_have_count(0)
    checked(page, page_problems)
    assert status_of(incident) == Incident.Status.PUBLISHED

    # A recommendation, and its action in the partnership's tracker.
    due = today + datetime.timedelta(days=90)
    page.get_by_role("link", name="Add a recommendation").click()
    expect(heading(page)).to_have_text("Add a recommendation")
    checked(page, page_problems)
    page.get_by_label("Recommendation").fill(RECOMMENDATION)
    page.get_by_label("Agency that owns the action").select_option(label=world.council.name)
    fill_date(page.get_by_role("group", name="Due"), due)
    page.get_by_role("button", name="Add").click()
    expect(success(page)).to_contain_text("Recommendation added, with its action")
    expect(page.locator("main")).to_contain_text(RECOMMENDATION)
    expect(page.get_by_role("link", name=f"{world.council.name}, due {long(due)}")).to_be_visible()
    checked(page, page_problems)
    screenshot(page, "rev_case_end.png")
    action = ActionItem.objects.get(title=RECOMMENDATION)
    assert action.owner_agency == world.council and action.due_on == due

    menu(page).get_by_role("link", name="Actions").click()
    expect(heading(page)).to_have_text("Actions")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=RECOMMENDATION))
    expect(row).to_contain_text(f"Recommendation of practice review {REFERENCE}")
    expect(row).to_contain_text(world.council.name)
    checked(page, page_problems)

    # A 7-minute briefing from the review: the redaction check holds it back while it names
    # the child, then it is published and linked to the training that teaches it.
    open_case(page, page_problems)
    page.get_by_role("link", name="Write a learning brief or 7-minute briefing").click()
    expect(heading(page)).to_have_text("Write a learning product")
    checked(page, page_problems)
    page.get_by_role("group", name="Kind").get_by_label("7-minute briefing").check()
    page.get_by_label("Title").fill(BRIEFING_TITLE)
    page.get_by_label("Text").fill(f"{CHILD_NAME} moved home twice in a year. {BRIEFING_TEXT}")
    page.get_by_label("Training that teaches it (optional)").fill(TRAINING)
    page.get_by_label("Link to the training (optional)").fill("https://training.example/sleep")
    page.get_by_role("button", name="Save").click()
    expect(success(page)).to_contain_text("Learning product saved")
    checked(page, page_problems)
    products = page.locator("main li").filter(has_text=BRIEFING_TITLE)
    products.get_by_role("button", name=f"Publish {BRIEFING_TITLE}").click()
    expect(important(page)).to_contain_text(f"Found: Name: “{CHILD_NAME}”")
    checked(page, page_problems)
    products.get_by_role("link", name=BRIEFING_TITLE).click()
    page.get_by_label("Text").fill(f"Child B moved home twice in a year. {BRIEFING_TEXT}")
    page.get_by_role("button", name="Save").click()
    expect(success(page)).to_contain_text("Learning product saved")
    products.get_by_role("button", name=f"Publish {BRIEFING_TITLE}").click()
    expect(success(page)).to_contain_text(f"Published: {BRIEFING_TITLE}")
    expect(products).to_contain_text(f"Published {short(today)}")
    checked(page, page_problems)

    # The package for the NSPCC repository holds only what was published.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download the package for the NSPCC")).click()
    archive = zipfile.ZipFile(download.value.path())
    assert {"report.pdf", "metadata.json", "README.txt"} <= set(archive.namelist())
    metadata = json.loads(archive.read("metadata.json"))
    assert metadata["title"] == REPORT_TITLE
    assert metadata["learning_products"][0]["title"] == BRIEFING_TITLE
    everything = b"".join(archive.read(name) for name in archive.namelist())
    for secret in (CHILD_NAME, REFERENCE, SUMMARY):
        assert secret.encode() not in everything
    sign_out(page, page_problems)

    # 9. The public reads the redacted report, without signing in.
    response = page.goto(f"/p/{world.partnership.slug}/reviews/")
    assert response.status == 200
    expect(heading(page)).to_have_text("Published practice reviews")
    expect(menu(page).get_by_role("link", name="Sign in")).to_be_visible()
    listed = page.locator("main li").filter(has=page.get_by_role("link", name=REPORT_TITLE))
    expect(listed).to_contain_text(f"published {long(today)}")
    expect(page.locator("main")).not_to_contain_text(REFERENCE)
    checked(page, page_problems)
    page.get_by_role("link", name=REPORT_TITLE).click()
    expect(heading(page)).to_have_text(REPORT_TITLE)
    main = page.locator("main")
    expect(main).to_contain_text("agencies did not share what they knew")
    expect(main).to_contain_text(world.partnership.name)
    for secret in (CHILD_NAME, REFERENCE, SUMMARY, "CSPRP-2026-0456", "Dr Alex Reviewer"):
        expect(main).not_to_contain_text(secret)
    checked(page, page_problems)
    screenshot(page, "rev_public.png")
    page.get_by_role("link", name=BRIEFING_TITLE).click()
    expect(heading(page)).to_have_text(BRIEFING_TITLE)
    expect(page.locator("main")).to_contain_text(BRIEFING_TEXT)
    expect(page.get_by_role("link", name=TRAINING)).to_have_attribute(
        "href", "https://training.example/sleep")
    expect(page.locator("main")).not_to_contain_text(CHILD_NAME)
    checked(page, page_problems)

    # A draft has no public page, nor does a case of another partnership's address.
    for path in (f"/p/{world.partnership.slug}/reviews/{draft.pk}/",
                 f"/p/another-partnership/reviews/{incident.pk}/",
                 "/p/another-partnership/reviews/"):
        response = page.goto(path)
        assert response.status == 404, path
        expect(page.locator("main")).not_to_contain_text(REPORT_TITLE)
        checked(page, page_problems, allow=(NOT_FOUND,))


# -- bugs the journey found, kept fixed ------------------------------------------------------


def case_at(world, status: str, *, members=(), **fields) -> Incident:
    """The journey's case, made directly in `status`."""
    from safeguarding.reviews.tests.factories import IncidentFactory

    incident = IncidentFactory(
        partnership=world.partnership, reference=REFERENCE, pseudonym=PSEUDONYM, status=status,
        notifying_agency=world.hospital, notified_by=world.hospital_lead,
        panel=world.review_group, members=[world.hospital_lead, *members],
        became_aware=timezone.localdate() - datetime.timedelta(days=43), **fields)
    incident.agencies_involved.set([world.police])
    return incident


def open_case_page(page, problems, incident: Incident) -> None:
    page.goto(f"/incidents/{incident.pk}/")
    expect(heading(page)).to_have_text(f"{incident.reference} ({incident.pseudonym})")
    checked(page, problems)


def test_the_business_manager_on_the_review_group_names_people_and_publishes(
        page, page_problems, world):
    today = timezone.localdate()
    incident = case_at(
        world, Incident.Status.FINAL_REPORT_SENT, decided_on=today,
        final_report_sent_on=today - datetime.timedelta(days=21),
        publication_planned_on=today, published_title=REPORT_TITLE,
        published_text=REDACTED_TEXT)
    sign_in(page, page_problems, world.manager)
    open_case_page(page, page_problems, incident)
    expect(page.get_by_role("link", name="Name someone on this case")).to_be_visible(timeout=2000)
    expect(next_steps(page).get_by_role("button", name="Publish the report")).to_be_visible(
        timeout=2000)


def test_the_delegated_partner_records_the_partners_reasons(page, page_problems, world):
    incident = case_at(world, Incident.Status.RAPID_REVIEW_SENT, members=[world.partner])
    sign_in(page, page_problems, world.partner)
    open_case_page(page, page_problems, incident)
    expect(next_steps(page).get_by_role("button", name="Commission a local practice review")
           ).to_be_visible()
    expect(page.get_by_role("link", name="Change the partners' reasons")).to_be_visible(
        timeout=2000)


def test_a_draft_is_not_seen_by_the_review_group(page, page_problems, world):
    draft = review_services.incident_draft_save(
        by=world.hospital_lead, partnership=world.partnership, notifying_agency=world.hospital,
        agencies_involved=[world.police], reference=DRAFT_REFERENCE, pseudonym=PSEUDONYM,
        age_band="1_4", sex="male", ethnicity="White British", disability="no",
        legal_status="child_in_need", summary=SUMMARY, became_aware=timezone.localdate(),
        immediate_actions=IMMEDIATE)
    sign_in(page, page_problems, world.manager)
    menu(page).get_by_role("link", name="Reviews").click()
    expect(heading(page)).to_have_text("Serious incidents and practice reviews")
    expect(page.locator("main")).not_to_contain_text(DRAFT_REFERENCE, timeout=2000)
    response = page.goto(f"/incidents/{draft.pk}/")
    assert response.status == 403
    page_problems.assert_none(allow=(r"status of 403 \(Forbidden\)",))


def test_sending_the_final_report_meets_the_pre_publication_clock(
        page, page_problems, world):
    today = timezone.localdate()
    incident = case_at(world, Incident.Status.PRACTICE_REVIEW, decided_on=today)
    sent_on = today - datetime.timedelta(days=21)
    review_services.incident_record(
        incident=incident, expected_version=incident.version, by=world.manager,
        publication_planned_on=today + datetime.timedelta(days=14), final_report_sent_on=sent_on)
    final_report_signed_off(incident, world.manager, partners=[world.police])
    review_services.incident_move(incident=incident, move="send_final_report", by=world.manager)
    sign_in(page, page_problems, world.manager)
    open_case_page(page, page_problems, incident)
    row = page.get_by_role("table", name="Statutory clocks").get_by_role("row").filter(
        has_text="before publication")
    expect(row).to_contain_text(f"Met {short(sent_on)}", timeout=2000)


def test_sending_a_draft_from_its_page_acknowledges_it(page, page_problems, world):
    draft = review_services.incident_draft_save(
        by=world.hospital_lead, partnership=world.partnership, notifying_agency=world.hospital,
        agencies_involved=[world.police], reference=DRAFT_REFERENCE, pseudonym=PSEUDONYM,
        age_band="1_4", sex="male", ethnicity="White British", disability="no",
        legal_status="child_in_need", summary=SUMMARY, became_aware=timezone.localdate(),
        immediate_actions=IMMEDIATE)
    sign_in(page, page_problems, world.hospital_lead)
    page.goto(f"/incidents/{draft.pk}/")
    next_steps(page).get_by_role("button", name="Send the notification").click()
    expect(page.locator("main .govuk-caption-l, main .govuk-panel")).to_contain_text(
        re.compile("Notified to the partnership|Case reference"))
    draft.refresh_from_db()
    assert draft.status == Incident.Status.NOTIFIED
    assert draft.notified_at is not None
    assert [message.subject for message in mail.outbox] == [
        f"Notification received: case reference {DRAFT_REFERENCE}"]


def test_the_timeline_reads_in_words(page, page_problems, world):
    incident = case_at(world, Incident.Status.NOTIFIED, criteria_reasons="Met.",
                       la_became_aware=timezone.localdate())
    review_services.incident_move(incident=incident, move="meets_criteria", by=world.manager)
    sign_in(page, page_problems, world.manager)
    open_case_page(page, page_problems, incident)
    timeline = page.locator("main ol.govuk-list")
    expect(timeline).to_contain_text("Record that it meets the criteria", timeout=2000)
    expect(timeline).not_to_contain_text("_")


def test_messages_keep_the_national_panel_capitalised(page, page_problems, world):
    today = timezone.localdate()
    incident = case_at(world, Incident.Status.MEETS, criteria_reasons="Met.",
                       la_became_aware=today, panel_notified_on=today,
                       panel_reference="CSPRP-2026-0456")
    sign_in(page, page_problems, world.manager)
    open_case_page(page, page_problems, incident)
    move(page, page_problems, "Record the National Panel notification")
    expect(success(page)).to_contain_text(
        "Done: record the National Panel notification", timeout=2000)


def test_a_clock_counted_back_reads_before(page, page_problems, world):
    today = timezone.localdate()
    planned = today + datetime.timedelta(days=14)
    incident = case_at(world, Incident.Status.PRACTICE_REVIEW, decided_on=today)
    review_services.incident_record(incident=incident, expected_version=incident.version,
                                    by=world.manager, publication_planned_on=planned)
    sign_in(page, page_problems, world.manager)
    open_case_page(page, page_problems, incident)
    row = page.get_by_role("table", name="Statutory clocks").get_by_role("row").filter(
        has_text="before publication")
    expect(row).to_contain_text(f"7 working days before {long(planned)}", timeout=2000)
