"""Assurance in a real browser. A Section 11 cycle for three agencies: the business manager
makes the framework and opens the cycle; each agency's lead answers its own return (one over two
sittings, one refused until its action plan is written); the business manager challenges a
rating, the agency responds and the rating agreed shows in the results. A Section 175/157 cycle
for schools reports to the education group. A spotlight audit runs to its findings, and the
scrutineer's challenge to a partner gets its response. Every page is checked with axe-core."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import GrantFactory
from safeguarding.assurance import rules, services
from safeguarding.assurance.models import Answer, Audit, Return, ScrutinyChallenge
from safeguarding.core.models import ActionItem
from safeguarding.partnership.models import Agency, Group, PartnershipAgency
from safeguarding.partnership.tests.factories import (
    AgencyFactory,
    GroupFactory,
    PartnershipFactory,
)
from safeguarding.testing.journey import (
    REFUSED,
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

FRAMEWORK = "Northshire Section 11 self-assessment"
CYCLE = "Section 11, 2026/27"


@pytest.fixture
def world():
    partnership = PartnershipFactory(name="Northshire Safeguarding Children Partnership",
                                     short_name="NSCP", slug="northshire")
    council = AgencyFactory(name="Northshire County Council", partnerships=[partnership])
    police = AgencyFactory(name="Northshire Police", partnerships=[partnership])
    hospital = AgencyFactory(name="Northshire Hospitals NHS Trust", partnerships=[partnership])
    PartnershipAgency.objects.filter(partnership=partnership, agency__in=[council, police]).update(
        is_partner=True)
    school = AgencyFactory(name="Beckside Primary School", kind=Agency.Kind.EDUCATION,
                           partnerships=[partnership])
    erg = GroupFactory(name="Education Reference Group", kind=Group.Kind.REFERENCE_GROUP,
                       partnerships=[partnership])
    leads = {agency: person(f"lead@{agency.name.split()[1].lower()}.example",
                            f"{agency.name.split()[1]} Lead", Role.AGENCY_LEAD, agency=agency)
             for agency in (council, police, hospital, school)}
    manager = person("bea.manager@northshire.example", "Bea Manager", Role.BUSINESS_MANAGER,
                     partnership=partnership)
    erg_member = person("eve.erg@northshire.example", "Eve Education", Role.PANEL_MEMBER,
                        group=erg)
    scrutineer = person("ivy.scrutineer@northshire.example", "Ivy Scrutineer",
                        Role.INDEPENDENT_SCRUTINEER, partnership=partnership)
    police_partner = person("dan.police@northshire.example", "Dan Police",
                            Role.DELEGATED_PARTNER, partnership=partnership)
    GrantFactory(user=police_partner, role=Role.AGENCY_LEAD, agency=police,
                 starts_on=datetime.date(2020, 4, 1))
    return SimpleNamespace(partnership=partnership, council=council, police=police,
                           hospital=hospital, school=school, erg=erg, leads=leads,
                           manager=manager, erg_member=erg_member, scrutineer=scrutineer,
                           police_partner=police_partner)


def assurance(page, problems):
    menu(page).get_by_role("link", name="Assurance").click()
    expect(heading(page)).to_have_text("Assurance")
    checked(page, problems)


def answer_standard(page, problems, number: int, rating: str, *, narrative="", voice="",
                    stay=False):
    page.get_by_role("link", name=f"Answer standard {number}", exact=True).click()
    checked(page, problems)
    page.get_by_role("group", name="Your rating").get_by_label(rating, exact=True).check()
    if narrative:
        page.get_by_label("Why this rating").fill(narrative)
    if voice:
        page.get_by_label("The voice of children").fill(voice)
    button = "Save and stay on this standard" if stay else "Save and return to the list"
    page.get_by_role("button", name=button).click()
    expect(success(page)).to_contain_text(f"Standard {number} saved")
    checked(page, problems)


def open_return(page, problems, cycle=CYCLE):
    assurance(page, problems)
    page.get_by_role("table", name="Returns your agency answers").get_by_role(
        "link", name=cycle).click()
    checked(page, problems)


def submit(page, problems):
    page.get_by_role("button", name="Submit the return").click()


def test_a_section_11_cycle_from_framework_to_results(page, page_problems, world, live_server):
    today = timezone.localdate()

    # 1. The business manager makes the framework, its standards, and opens the cycle.
    sign_in(page, page_problems, world.manager)
    assurance(page, page_problems)
    page.get_by_role("link", name="Make an assessment framework").click()
    expect(heading(page)).to_have_text("Make an assessment framework")
    checked(page, page_problems)
    page.get_by_label("Name").fill(FRAMEWORK)
    page.get_by_role("group", name="Kind").get_by_label("Section 11 (Children Act 2004)").check()
    page.get_by_label(world.partnership.name).check()
    page.get_by_label("Rating scale").fill("Met\nPartially met\nNot met")
    page.get_by_role("button", name="Make the framework").click()
    expect(error_summary(page)).to_contain_text("At least one rating must meet the standard")
    checked(page, page_problems)
    page.get_by_label("Rating scale").fill("Met | meets\nPartially met\nNot met")
    page.get_by_role("button", name="Make the framework").click()
    expect(success(page)).to_contain_text("Framework made")
    for title, voice in (("Senior management commitment", False),
                         ("Service development informed by children's views", True)):
        page.get_by_role("link", name="Add a standard").click()
        checked(page, page_problems)
        page.get_by_label("Standard", exact=True).fill(title)
        page.get_by_label("What good looks like").fill(f"What good looks like for {title}.")
        if voice:
            page.get_by_label("Ask for the voice of children").check()
        page.get_by_role("button", name="Add the standard").click()
        expect(success(page)).to_contain_text("Standard added")
    checked(page, page_problems)
    page.get_by_role("link", name="Open a cycle").click()
    expect(heading(page)).to_have_text("Open a cycle")
    checked(page, page_problems)
    page.get_by_label("Name").fill(CYCLE)
    fill_date(page.get_by_role("group", name="Opens"), today)
    fill_date(page.get_by_role("group", name="Returns due"), today + datetime.timedelta(days=21))
    for agency in (world.council, world.police, world.hospital):
        page.get_by_role("group", name="Agencies invited").get_by_label(agency.name).check()
    page.get_by_role("button", name="Open the cycle and invite the agencies").click()
    expect(success(page)).to_contain_text("Cycle opened: 3 agencies invited")
    checked(page, page_problems)
    sign_out(page, page_problems)

    # 2. The council answers over two sittings, then submits.
    sign_in(page, page_problems, world.leads[world.council])
    expect(page.locator("main")).to_contain_text("Submit the agency's self-assessment")
    open_return(page, page_problems)
    expect(heading(page)).to_have_text(world.council.name)
    answer_standard(page, page_problems, 1, "Met", narrative="A board lead is named.")
    sign_out(page, page_problems)
    sign_in(page, page_problems, world.leads[world.council])
    open_return(page, page_problems)
    submit(page, page_problems)
    expect(important(page)).to_contain_text("Not rated: 2")
    checked(page, page_problems)
    answer_standard(page, page_problems, 2, "Met",
                    voice="Young people asked for drop-in times; we added them.")
    submit(page, page_problems)
    expect(success(page)).to_contain_text("Return submitted")
    checked(page, page_problems)
    sign_out(page, page_problems)

    # 3. The hospital rates itself "partially met": refused until it writes an action plan.
    sign_in(page, page_problems, world.leads[world.hospital])
    open_return(page, page_problems)
    answer_standard(page, page_problems, 1, "Partially met")
    answer_standard(page, page_problems, 2, "Met", voice="Children's feedback on waiting rooms.")
    submit(page, page_problems)
    expect(important(page)).to_contain_text(rules.NEEDS_ACTIONS.format(numbers="1"))
    assert Return.objects.get(agency=world.hospital).status == Return.Status.IN_PROGRESS
    page.get_by_role("link", name="Add an action for standard 1").click()
    checked(page, page_problems)
    page.get_by_label("Action").fill("Name a board-level safeguarding lead")
    fill_date(page.get_by_role("group", name="Due"), today + datetime.timedelta(days=60))
    page.get_by_role("button", name="Add the action").click()
    expect(success(page)).to_contain_text("Action added to the plan")
    submit(page, page_problems)
    expect(success(page)).to_contain_text("Return submitted")
    checked(page, page_problems)
    assert ActionItem.objects.get(title="Name a board-level safeguarding lead").owner_agency == (
        world.hospital)
    # Another agency's return is out of reach.
    police_return = Return.objects.get(agency=world.police)
    response = page.goto(f"/assurance/returns/{police_return.pk}/standards/1/")
    assert response.status == 403
    checked(page, page_problems, allow=(REFUSED,))
    sign_out(page, page_problems)

    # 4. The police answer "met" throughout and submit.
    sign_in(page, page_problems, world.leads[world.police])
    open_return(page, page_problems)
    answer_standard(page, page_problems, 1, "Met")
    answer_standard(page, page_problems, 2, "Met", voice="The youth panel reviewed our leaflets.")
    submit(page, page_problems)
    expect(success(page)).to_contain_text("Return submitted")
    sign_out(page, page_problems)

    # 5. The business manager challenges the police's first rating.
    sign_in(page, page_problems, world.manager)
    page.goto(f"/assurance/returns/{police_return.pk}/")
    checked(page, page_problems)
    page.get_by_role("link", name="Challenge standard 1").click()
    checked(page, page_problems)
    page.get_by_label("Your challenge").fill("Which board member leads on safeguarding?")
    page.get_by_role("button", name="Send the challenge").click()
    expect(success(page)).to_contain_text("Challenge sent to the agency")
    checked(page, page_problems)
    sign_out(page, page_problems)

    sign_in(page, page_problems, world.leads[world.police])
    open_return(page, page_problems)
    page.get_by_role("link", name="Respond to the challenge on standard 1").click()
    checked(page, page_problems)
    page.get_by_label("Response").fill("The post is vacant until March: we accept partially met.")
    page.get_by_role("button", name="Send the response").click()
    expect(success(page)).to_contain_text("Response sent")
    sign_out(page, page_problems)

    sign_in(page, page_problems, world.manager)
    page.goto(f"/assurance/returns/{police_return.pk}/")
    page.get_by_role("link", name="Record the rating agreed for standard 1").click()
    checked(page, page_problems)
    page.get_by_role("group", name="Rating agreed").get_by_label("Partially met").check()
    page.get_by_role("button", name="Record the rating").click()
    expect(success(page)).to_contain_text("Rating agreed")
    checked(page, page_problems)
    answer = Answer.objects.get(return_form=police_return, standard__number=1)
    assert (answer.rating.label, answer.agreed_rating.label) == ("Met", "Partially met")

    # 6. The results show all three, the agreed rating beside the self-rating.
    assurance(page, page_problems)
    page.get_by_role("link", name=CYCLE).click()
    page.get_by_role("link", name=f"Results for {world.partnership.name}").click()
    expect(heading(page)).to_have_text(f"{CYCLE}: results")
    checked(page, page_problems)
    expect(page.locator("main")).to_contain_text("Returns submitted: 3 of 3")
    table = page.get_by_role("table", name="Ratings by agency and standard")
    police_row = table.get_by_role("row").filter(has_text=world.police.name)
    expect(police_row).to_contain_text("Partially met (agreed; self-rated Met)")
    hospital_row = table.get_by_role("row").filter(has_text=world.hospital.name)
    expect(hospital_row).to_contain_text("Partially met")
    counts = page.get_by_role("table", name="Submitted returns by rating, standard by standard")
    first = counts.get_by_role("row").filter(has_text="Senior management commitment")
    expect(first.get_by_role("cell")).to_have_text(["1", "2", "0"])
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_a_section_175_cycle_reports_to_the_education_group(page, page_problems, world):
    today = timezone.localdate()
    framework = services.framework_create(
        name="Northshire Section 175/157", kind="section_175", partnerships=[world.partnership],
        scale=[("Fully met", True), ("Partly met", False)])
    services.standard_add(framework=framework, title="A designated safeguarding lead",
                          descriptors="Named and trained.")
    sign_in(page, page_problems, world.manager)
    page.goto(f"/assurance/frameworks/{framework.pk}/cycles/new/")
    checked(page, page_problems)
    page.get_by_label("Name").fill("Section 175/157, 2026/27")
    fill_date(page.get_by_role("group", name="Opens"), today)
    fill_date(page.get_by_role("group", name="Returns due"), today + datetime.timedelta(days=20))
    page.get_by_label("Invite every school, college and early years setting").check()
    page.get_by_label("Group the results go to (optional)").select_option(
        label=world.erg.name)
    page.get_by_role("button", name="Open the cycle and invite the agencies").click()
    expect(success(page)).to_contain_text("Cycle opened: 1 agencies invited")
    sign_out(page, page_problems)

    sign_in(page, page_problems, world.leads[world.school])
    open_return(page, page_problems, "Section 175/157, 2026/27")
    answer_standard(page, page_problems, 1, "Fully met")
    submit(page, page_problems)
    expect(success(page)).to_contain_text("Return submitted")
    sign_out(page, page_problems)

    # The education group's member reads the results; they hold no partnership role.
    sign_in(page, page_problems, world.erg_member)
    assurance(page, page_problems)
    page.get_by_role("link", name="Section 175/157, 2026/27").click()
    checked(page, page_problems)
    expect(page.locator("main")).to_contain_text(f"Results go to the {world.erg.name}")
    page.get_by_role("link", name=f"Results for {world.partnership.name}").click()
    checked(page, page_problems)
    row = page.get_by_role("table", name="Ratings by agency and standard").get_by_role(
        "row").filter(has_text=world.school.name)
    expect(row).to_contain_text("Fully met")


def test_a_spotlight_audit_to_its_findings(page, page_problems, world):
    today = timezone.localdate()
    sign_in(page, page_problems, world.manager)
    assurance(page, page_problems)
    page.get_by_role("link", name="Plan a multi-agency audit").click()
    checked(page, page_problems)
    page.get_by_label("Partnership").select_option(label=world.partnership.name)
    page.get_by_role("group", name="Kind").get_by_label("Spotlight audit").check()
    page.get_by_label("Title").fill("Neglect: a spotlight audit")
    page.get_by_label("Theme (optional)").fill("Neglect")
    fill_date(page.get_by_role("group", name="Answers due"), today + datetime.timedelta(days=14))
    for agency in (world.police, world.hospital):
        page.get_by_role("group", name="Agencies taking part").get_by_label(agency.name).check()
    page.get_by_label("Questions, one a line").fill("Was neglect recognised early?")
    page.get_by_label("Case references in the sample, one a line").fill("NS-1\nNS-1")
    page.get_by_role("button", name="Plan the audit").click()
    expect(error_summary(page)).to_contain_text("Case NS-1 is already in the sample")
    assert not Audit.objects.exists()
    checked(page, page_problems)
    page.get_by_label("Case references in the sample, one a line").fill("NS-1\nNS-2")
    page.get_by_role("button", name="Plan the audit").click()
    expect(success(page)).to_contain_text("Audit planned")
    checked(page, page_problems)
    audit = Audit.objects.get()
    sign_out(page, page_problems)

    sign_in(page, page_problems, world.leads[world.police])
    page.goto(f"/assurance/audits/{audit.pk}/")
    checked(page, page_problems)
    page.get_by_role("link", name="Answer for case NS-1").click()
    expect(page.locator("main")).to_contain_text(f"Answering for {world.police.name}")
    checked(page, page_problems)
    page.get_by_label("1. Was neglect recognised early?").fill("Yes: at the first home visit.")
    page.get_by_role("button", name="Save the answers").click()
    expect(success(page)).to_contain_text("Answers for case NS-1 saved")
    sign_out(page, page_problems)

    sign_in(page, page_problems, world.manager)
    page.goto(f"/assurance/audits/{audit.pk}/")
    progress = page.get_by_role("table", name="Progress by agency")
    expect(progress.get_by_role("row").filter(has_text=world.police.name)).to_contain_text(
        "1 of 2")
    expect(progress.get_by_role("row").filter(has_text=world.hospital.name)).to_contain_text(
        "0 of 2")
    checked(page, page_problems)
    page.get_by_role("link", name="Move to moderation").click()
    fill_date(page.get_by_role("group", name="Date of the moderation meeting"), today)
    page.get_by_role("button", name="Close answers and moderate").click()
    expect(success(page)).to_contain_text("The audit is in moderation")
    page.get_by_role("link", name="Record the findings").click()
    checked(page, page_problems)
    page.get_by_label("Findings").fill("Neglect was recognised early by the police.")
    page.get_by_role("group", name="Judgement for case NS-1").get_by_label("Good").check()
    page.get_by_role("button", name="Record the findings").click()
    expect(error_summary(page)).to_contain_text("Grade every case: NS-2")
    page.get_by_role("group", name="Judgement for case NS-2").get_by_label(
        "Requires improvement").check()
    page.get_by_role("button", name="Record the findings").click()
    expect(success(page)).to_contain_text("Findings recorded")
    expect(page.locator("main")).to_contain_text("Case NS-2: Requires improvement")
    checked(page, page_problems)


def test_a_scrutiny_challenge_to_its_response(page, page_problems, world):
    today = timezone.localdate()
    sign_in(page, page_problems, world.scrutineer)
    assurance(page, page_problems)
    page.get_by_role("link", name=f"Scrutiny in {world.partnership.name}").click()
    checked(page, page_problems)
    page.get_by_role("link", name="Challenge a partner").click()
    checked(page, page_problems)
    page.get_by_role("group", name="Partner challenged").get_by_label(world.police.name).check()
    page.get_by_label("Challenge").fill("How do you know referrals reach the front door in time?")
    fill_date(page.get_by_role("group", name="Response due"), today - datetime.timedelta(days=1))
    page.get_by_role("button", name="Send the challenge").click()
    expect(error_summary(page)).to_contain_text(rules.DUE_IN_PAST)
    fill_date(page.get_by_role("group", name="Response due"), today + datetime.timedelta(days=14))
    page.get_by_role("button", name="Send the challenge").click()
    expect(success(page)).to_contain_text("Challenge sent to the partner")
    checked(page, page_problems)
    sign_out(page, page_problems)

    sign_in(page, page_problems, world.police_partner)
    expect(page.locator("main")).to_contain_text("Respond to the independent scrutineer")
    challenge = ScrutinyChallenge.objects.get()
    page.goto(f"/assurance/scrutiny/challenges/{challenge.pk}/")
    checked(page, page_problems)
    page.get_by_label("Response").fill("A weekly check of referral times since September.")
    page.get_by_role("button", name="Send the response").click()
    expect(success(page)).to_contain_text("Response recorded")
    row = page.get_by_role("table", name="Challenges to the partners").get_by_role("row").filter(
        has_text=world.police.name)
    expect(row).to_contain_text("Responded")
    checked(page, page_problems)
