"""Governance in a real browser, on the demo partnerships: the LLR business manager's year, its
compliance against the arrangements, adding and recording a meeting (attendance, a decision with
actions) and the refusals of bad input; what a Leeds agency lead may and may not see; the public
arrangements. Every page is checked with axe-core and must raise no console error and no
Content-Security-Policy violation."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from safeguarding.accounts.views import current_totp
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.models import ActionItem
from safeguarding.meetings import forms as meeting_forms
from safeguarding.meetings import services as meeting_services
from safeguarding.meetings.models import Attendance, Decision, Meeting
from safeguarding.partnership.models import Group
from safeguarding.testing.browser import axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFUSED = r"status of 403 \(Forbidden\)"
LLR = "/partnerships/leicestershire-rutland/"
MSP = "LLR Meeting of Safeguarding Partners"
AT_LEAST_EIGHT = "meet at least eight times per year"

# Set BROWSER_SCREENSHOTS to a folder to keep pictures of some pages for people to look at.
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS")


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def heading(page):
    return page.get_by_role("heading", level=1)


def error_summary(page):
    return page.locator(".govuk-error-summary")


def menu(page):
    return page.get_by_role("navigation", name="Menu")


def checked(page, problems, *, allow: tuple[str, ...] = ()) -> None:
    """What every page must pass: axe-core, and nothing wrong in the browser."""
    axe(page)
    problems.assert_none(allow=allow)


# The journeys run in demo mode, as `make run` does: the demo notice is on every page.
KEEP_DEMO_MODE = True


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")
    settings.DEMO_MODE = KEEP_DEMO_MODE


def sign_in_with_code(page, problems, email: str, password: str) -> None:
    """The password, then the two-factor code: the one demo mode shows on the code page, or
    (demo mode off) the one the person's authenticator app would show now."""
    page.goto("/account/sign-in/")
    expect(heading(page)).to_have_text("Sign in")
    checked(page, problems)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Enter your two-factor code")
    checked(page, problems)
    hint = page.locator("#demo-code")
    if hint.count():
        code = hint.inner_text()
    else:
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        code = f"{current_totp(device):06d}"
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/my-work/$"))
    expect(heading(page)).to_have_text("My work")
    checked(page, problems)


def first_wednesday(month_start: datetime.date) -> datetime.date:
    return month_start + datetime.timedelta(days=(2 - month_start.weekday()) % 7)


def meeting_day(today: datetime.date) -> tuple[datetime.date, bool]:
    """A Wednesday of the current business year (the demo's meetings are on Tuesdays) and
    whether it has passed: the first Wednesday of this month or the last, when before today;
    in the first days of April, when neither is, the next Wednesday to come."""
    year = BusinessYear.of(today)
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    for month_start in (this_month, last_month):
        day = first_wednesday(month_start)
        if year.starts_on <= day < today:
            return day, True
    return today + datetime.timedelta(days=(2 - today.weekday()) % 7 or 7), False


def long_date(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def fill_date(scope, day: datetime.date) -> None:
    scope.get_by_label("Day", exact=True).fill(str(day.day))
    scope.get_by_label("Month", exact=True).fill(str(day.month))
    scope.get_by_label("Year", exact=True).fill(str(day.year))


def at_least_eight(page):
    """The compliance page's result for the MSP's "at least eight meetings" rule."""
    rule = page.locator(".app-rule").filter(has_text=AT_LEAST_EIGHT)
    expect(rule).to_have_count(1)
    expect(rule.get_by_role("heading", level=2)).to_contain_text(MSP)
    return rule


def held_and_planned(page) -> tuple[int, int]:
    summary = at_least_eight(page).locator("p strong").inner_text()
    match = re.fullmatch(r"(\d+) held, (\d+) planned, of at least 8", summary.strip())
    assert match, f"Unexpected summary of the MSP rule: {summary!r}"
    return int(match.group(1)), int(match.group(2))


def test_llr_business_manager_records_a_meeting_of_safeguarding_partners(
        page, page_problems, demo, settings):
    today = timezone.localdate()
    year = BusinessYear.of(today)
    day, has_passed = meeting_day(today)
    sign_in_with_code(page, page_problems, "llr.business.manager@demo.example",
                      settings.DEMO_PASSWORD)

    # The partnership, and its business year.
    page.goto(LLR)
    expect(heading(page)).to_have_text(
        "Leicestershire and Rutland Safeguarding Children Partnership")
    checked(page, page_problems)
    page.get_by_role("link", name=str(year), exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(f"{LLR}years/{year.slug}/") + "$"))
    expect(heading(page)).to_have_text(f"Business year {year}")
    checked(page, page_problems)
    if year.slug != "2026-27":
        page.goto(f"{LLR}years/2026-27/")
        expect(heading(page)).to_have_text("Business year 2026/27")
        checked(page, page_problems)
    # 2026/27 in the LLR chair rotation: the Police DSP chairs, the Leicestershire DSP deputises.
    chair = page.locator(".govuk-summary-list__row").filter(has_text="Partnership chair")
    expect(chair.locator("dd")).to_have_text("Police DSP, Henry Henderson")
    deputy = page.locator(".govuk-summary-list__row").filter(has_text="Deputy chair")
    expect(deputy.locator("dd")).to_have_text("Interim Leicestershire DSP, Sharon Cooke")
    screenshot(page, "gov_year.png")
    if year.slug != "2026-27":
        page.goto(f"{LLR}years/{year.slug}/")

    # The year against the arrangements: how many meetings of safeguarding partners so far.
    page.get_by_role("link", name=f"Meetings against the arrangements for {year}").click()
    expect(heading(page)).to_have_text("Meetings against the arrangements")
    held_before, planned_before = held_and_planned(page)
    checked(page, page_problems)
    screenshot(page, "gov_compliance.png")

    # Back to the year, to add a meeting.
    page.go_back()
    expect(heading(page)).to_have_text(f"Business year {year}")
    page.get_by_role("link", name="Add a meeting").click()
    expect(heading(page)).to_have_text("Add a meeting")
    checked(page, page_problems)

    # The end before the start: refused, nothing saved, what was typed is kept.
    meetings_before = Meeting.objects.count()
    page.get_by_label("Group").select_option(label=MSP)
    fill_date(page.get_by_role("group", name="Date"), day)
    page.get_by_label("Starts").fill("14:00")
    page.get_by_label("Ends").fill("13:00")
    page.get_by_label("Place (optional)").fill("County Hall, Glenfield (committee room 1)")
    page.get_by_label("Online meeting link (optional)").fill("https://teams.example/llr-msp")
    page.get_by_role("button", name="Add meeting").click()
    expect(error_summary(page)).to_contain_text("There is a problem")
    expect(error_summary(page)).to_contain_text(meeting_services.ENDS_BEFORE_START)
    expect(error_summary(page)).to_be_focused()
    expect(page).to_have_title(re.compile(r"\(error\)"))
    expect(page.locator("#id_ends-error, #div_id_ends .govuk-error-message")).to_contain_text(
        meeting_services.ENDS_BEFORE_START)
    expect(page.get_by_label("Group")).to_have_value(
        str(Group.objects.get(name=MSP).pk))
    expect(page.get_by_label("Day", exact=True)).to_have_value(str(day.day))
    checked(page, page_problems)
    assert Meeting.objects.count() == meetings_before

    # The summary's link takes them to the box to correct.
    error_summary(page).get_by_role("link", name=meeting_services.ENDS_BEFORE_START).click()
    expect(page.get_by_label("Ends")).to_be_focused()
    page.get_by_label("Ends").fill("15:30")
    page.get_by_role("button", name="Add meeting").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Meeting added")
    expect(heading(page)).to_have_text(MSP)
    when = page.locator(".govuk-summary-list__row").filter(has_text="When").locator("dd")
    expect(when).to_have_text(f"{long_date(day)}, 14:00 to 15:30")
    where = page.locator(".govuk-summary-list__row").filter(has_text="Where").locator("dd")
    expect(where).to_contain_text("County Hall, Glenfield (committee room 1)")
    expect(where.get_by_role("link", name="Join online")).to_have_attribute(
        "href", "https://teams.example/llr-msp")
    status = page.locator(".govuk-summary-list__row").filter(has_text="Status").locator("dd")
    expect(status).to_have_text("Planned")
    checked(page, page_problems)
    assert Meeting.objects.count() == meetings_before + 1
    meeting = Meeting.objects.latest("pk")
    assert meeting.group.name == MSP and not meeting.is_demo
    meeting_url = page.url

    # Attendance with nobody's status chosen: one message per member, nothing saved.
    page.get_by_role("link", name="Record attendance").click()
    expect(heading(page)).to_have_text("Record attendance")
    checked(page, page_problems)
    members = page.locator("form fieldset.govuk-fieldset")
    count = members.count()
    assert count >= 10, f"Only {count} members listed on the attendance page"
    names = [legend.strip() for legend in members.locator("legend").all_inner_texts()]
    assert any(name.startswith("Henry Henderson") for name in names), names
    page.get_by_role("button", name="Save attendance").click()
    expect(error_summary(page)).to_contain_text("There is a problem")
    expect(error_summary(page).get_by_role("listitem")).to_have_count(count)
    expect(error_summary(page)).to_contain_text(
        meeting_forms.CHOOSE_STATUS.format(person="Henry Henderson"))
    expect(page).to_have_title(re.compile(r"\(error\)"))
    checked(page, page_problems)
    assert not Attendance.objects.filter(meeting=meeting).exists()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED

    # Everyone present, but one with apologies and one who sent a deputy.
    for index in range(count):
        members.nth(index).get_by_role("radio", name="Present").check()
    page.get_by_role("group", name=re.compile(r"^Toby Sanders \(")).get_by_role(
        "radio", name="Apologies").check()
    page.get_by_role("group", name=re.compile(r"^Sharon Cooke \(")).get_by_role(
        "radio", name="Sent a deputy").check()
    page.get_by_label("Deputy's name for Sharon Cooke (if a deputy came)").fill(
        "Pat Rowe (demo), Assistant Director")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Attendance recorded")
    expect(page).to_have_url(meeting_url)
    attendance = page.get_by_role("table", name="Attendance")
    expect(attendance.get_by_role("row")).to_have_count(count + 1)  # with the header row
    expect(attendance.get_by_role("row", name=re.compile("Toby Sanders"))).to_contain_text(
        "Apologies")
    expect(attendance.get_by_role("row", name=re.compile("Sharon Cooke"))).to_contain_text(
        "Sent a deputy: Pat Rowe (demo), Assistant Director")
    expect(attendance.get_by_role("row", name=re.compile("Henry Henderson"))).to_contain_text(
        "Present")
    expect(status).to_have_text("Held" if has_passed else "Planned")
    checked(page, page_problems)
    recorded = dict(Attendance.objects.filter(meeting=meeting)
                    .values_list("person__full_name", "status"))
    assert len(recorded) == count
    assert sorted(recorded.values()).count("present") == count - 2

    # A decision whose action row has a title but no agency or due date: refused, nothing saved.
    decisions_before, actions_before = Decision.objects.count(), ActionItem.objects.count()
    page.get_by_role("link", name="Record a decision").click()
    expect(heading(page)).to_have_text("Record a decision")
    checked(page, page_problems)
    page.get_by_label("Decision").fill(
        "Agree a joint learning event with the Safeguarding Adults Boards on discharge from "
        "hospital of children known to social care.")
    first = page.get_by_role("group", name="Action 1", exact=True)
    second = page.get_by_role("group", name="Action 2", exact=True)
    first.get_by_label("Action", exact=True).fill("Book the venue for the learning event")
    page.get_by_role("button", name="Save decision").click()
    expect(error_summary(page)).to_have_count(1)
    expect(error_summary(page)).to_contain_text("There is a problem")
    expect(error_summary(page)).to_contain_text("Select the agency that owns the action")
    expect(error_summary(page)).to_contain_text("Enter the date the action is due")
    expect(page).to_have_title(re.compile(r"\(error\)"))
    expect(first.get_by_label("Action", exact=True)).to_have_value(
        "Book the venue for the learning event")
    checked(page, page_problems)
    assert (Decision.objects.count(), ActionItem.objects.count()) == (decisions_before,
                                                                       actions_before)

    # Both rows in full.
    venue_due = today + datetime.timedelta(days=21)
    discharge_due = today + datetime.timedelta(days=14)
    first.get_by_label("Owning agency").select_option(
        label="Leicestershire and Rutland Safeguarding Children Partnership Business Office")
    fill_date(first.get_by_role("group", name="Due"), venue_due)
    second.get_by_label("Action", exact=True).fill(
        "Audit discharge planning for children known to social care")
    second.get_by_label("Owning agency").select_option(
        label="University Hospitals of Leicester NHS Trust")
    fill_date(second.get_by_role("group", name="Due"), discharge_due)
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Decision recorded with 2 actions")
    expect(page).to_have_url(meeting_url)
    decisions = page.locator(".app-decision")
    expect(decisions).to_have_count(1)
    expect(decisions).to_contain_text("Agree a joint learning event")
    venue = decisions.get_by_role("listitem").filter(has_text="Book the venue")
    expect(venue).to_contain_text(
        "Leicestershire and Rutland Safeguarding Children Partnership Business Office, due "
        f"{venue_due.day} {venue_due:%B %Y}")
    discharge = decisions.get_by_role("listitem").filter(has_text="Audit discharge planning")
    expect(discharge).to_contain_text(
        f"University Hospitals of Leicester NHS Trust, due {discharge_due.day} "
        f"{discharge_due:%B %Y}")
    checked(page, page_problems)
    screenshot(page, "gov_meeting.png")
    assert ActionItem.objects.count() == actions_before + 2

    # An action opens from the meeting's page.
    discharge.get_by_role("link").click()
    expect(heading(page)).to_have_text(
        "Audit discharge planning for children known to social care")
    checked(page, page_problems)

    # The compliance page counts the meeting: held if it has passed, planned if it is to come.
    page.goto(f"{LLR}years/{year.slug}/compliance/")
    expect(heading(page)).to_have_text("Meetings against the arrangements")
    if has_passed:
        assert held_and_planned(page) == (held_before + 1, planned_before)
    else:
        assert held_and_planned(page) == (held_before, planned_before + 1)
    checked(page, page_problems)

    # The business manager's action list has both actions, from the meeting's decision.
    menu(page).get_by_role("link", name="Actions").click()
    expect(heading(page)).to_have_text("Actions")
    for title in ("Book the venue for the learning event",
                  "Audit discharge planning for children known to social care"):
        row = page.get_by_role("row").filter(
            has=page.get_by_role("link", name=title, exact=True))
        expect(row).to_contain_text(f"{MSP} decision, {day.day} {day:%B %Y}")
    checked(page, page_problems)

    # The hospital's safeguarding lead finds theirs in "My work"; the business office's is not
    # theirs to do.
    menu(page).get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("You have signed out")
    checked(page, page_problems)
    sign_in_with_code(page, page_problems, "llr.agency.lead@demo.example",
                      settings.DEMO_PASSWORD)
    due_soon = page.get_by_role("table", name="Due soon")
    expect(due_soon.get_by_role(
        "link", name="Audit discharge planning for children known to social care")
    ).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Book the venue for the learning event")


def test_leeds_agency_lead_sees_leeds_and_the_meetings_of_their_own_group(
        page, page_problems, demo, settings):
    today = timezone.localdate()
    year = BusinessYear.of(today)
    sign_in_with_code(page, page_problems, "leeds.agency.lead@demo.example",
                      settings.DEMO_PASSWORD)
    expect(menu(page).get_by_role("link", name="Add a meeting")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Meetings against the arrangements"))
           ).to_have_count(0)

    # Their one partnership: /partnerships/ takes them straight to it.
    page.goto("/partnerships/")
    expect(page).to_have_url(re.compile(r"/partnerships/leeds/$"))
    expect(heading(page)).to_have_text("Leeds Safeguarding Children Partnership")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Structure chart")).to_be_visible()
    expect(main.get_by_role("link", name=re.compile("Meetings against the arrangements"))
           ).to_have_count(0)
    expect(main.get_by_role("link", name="Record an appointment")).to_have_count(0)
    expect(main.get_by_role("link", name="Add a meeting")).to_have_count(0)
    checked(page, page_problems)

    # Their own agency, from the partnership's relevant agencies.
    page.get_by_role("table", name=re.compile("Relevant agencies")).get_by_role(
        "link", name="Leeds Teaching Hospitals NHS Trust").click()
    expect(heading(page)).to_have_text("Leeds Teaching Hospitals NHS Trust")
    representatives = page.get_by_role("table", name=re.compile("Representatives"))
    expect(representatives).to_contain_text("Gita Hussain (demo)")
    expect(representatives).to_contain_text("Leeds Safeguarding Partnership Meeting")
    expect(page.get_by_role("link", name="Audit the use of interpreters in child protection "
                                         "medicals")).to_be_visible()
    checked(page, page_problems)

    # The year: no compliance, no "Add a meeting", only the meetings of their group.
    page.go_back()
    page.get_by_role("link", name=str(year), exact=True).click()
    expect(heading(page)).to_have_text(f"Business year {year}")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Add a meeting")).to_have_count(0)
    expect(main.get_by_role("link", name=re.compile("Meetings against the arrangements"))
           ).to_have_count(0)
    listed = main.get_by_role("table", name=f"Meetings in {year}")
    expect(listed.get_by_role("link", name="LSCP Executive")).to_have_count(0)
    theirs = listed.get_by_role("link", name="Leeds Safeguarding Partnership Meeting")
    expect(theirs.first).to_be_visible()
    checked(page, page_problems)

    # A meeting of their group opens, without the business unit's links.
    theirs.first.click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    expect(heading(page)).to_have_text("Leeds Safeguarding Partnership Meeting")
    main = page.locator("main")
    for link in ("Record attendance", "Record a decision", "Write the minutes",
                 "Add an agenda item", "Send invitations"):
        expect(main.get_by_role("link", name=link)).to_have_count(0)
    checked(page, page_problems)

    # Refused: the other partnership, a meeting of a group they do not sit on, the business
    # unit's pages.
    not_theirs = Meeting.objects.filter(group__name="LSCP Executive").first()
    for path in (LLR, f"/meetings/{not_theirs.pk}/", "/meetings/new/",
                 f"/partnerships/leeds/years/{year.slug}/compliance/"):
        response = page.goto(path)
        assert response.status == 403, path
        expect(heading(page)).to_have_text("You do not have access to this page")
        expect(page.locator("main")).not_to_contain_text("Leicestershire and Rutland")
        expect(page.locator("main")).not_to_contain_text("LSCP Executive")
        checked(page, page_problems, allow=(REFUSED,))


def test_leeds_agency_lead_reads_the_structure_chart(page, page_problems, demo, settings):
    sign_in_with_code(page, page_problems, "leeds.agency.lead@demo.example",
                      settings.DEMO_PASSWORD)
    page.goto("/partnerships/leeds/")
    page.get_by_role("link", name="Structure chart").click()
    expect(page).to_have_url(re.compile(r"/partnerships/leeds/structure/$"))
    expect(heading(page)).to_have_text("Structure chart")
    chart = page.locator("figure.app-chart svg")
    expect(chart).to_have_count(1)
    expect(chart).to_have_attribute("aria-labelledby", re.compile(r"\S+-title \S+-desc"))
    assert chart.evaluate("svg => svg.querySelector('title').textContent") == (
        "Structure of the Leeds Safeguarding Children Partnership")
    for name in ("LSCP Executive", "Leeds Safeguarding Partnership Meeting",
                 "Review Advisory Group"):
        expect(chart.locator(".sg-chart__node").filter(has_text=name).first).to_be_visible()
    expect(page.get_by_role("heading", name="The structure in words")).to_be_visible()
    words = page.locator("main > ul.govuk-list")
    for name in ("LSCP Executive", "Leeds Safeguarding Partnership Meeting",
                 "Review Advisory Group", "Education Reference Group"):
        expect(words.get_by_role("link", name=name, exact=True)).to_be_visible()
    screenshot(page, "gov_structure.png")
    checked(page, page_problems)


def test_demo_mode_pages(page, page_problems, demo, settings):
    """Demo mode: the notice on every page, the demo accounts, the code shown on the code
    page."""
    settings.DEMO_MODE = True
    page.goto("/account/sign-in/")
    expect(page.locator(".app-demo-notice")).to_contain_text("Demo mode")
    expect(page.get_by_role("table", name="Demo accounts")).to_contain_text(
        "llr.business.manager@demo.example")
    page.get_by_label("Email address").fill("llr.business.manager@demo.example")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Enter your two-factor code")
    code = page.locator("#demo-code")
    expect(code).to_have_text(re.compile(r"^\d{6}$"))
    page.get_by_label("Code", exact=True).fill(code.inner_text())
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("My work")
    checked(page, page_problems)


def test_the_public_arrangements_of_leicestershire_and_rutland(page, page_problems, demo):
    response = page.goto("/p/leicestershire-rutland/arrangements/")
    assert response.status == 200
    expect(heading(page)).to_have_text(re.compile(r"^Working Together to Keep Children Safe"))
    expect(menu(page).get_by_role("link", name="Sign in")).to_be_visible()
    partners = page.get_by_role("table", name="Safeguarding partners")
    for row, lead in (("Leicestershire Police", "David Sandall"),
                      ("Leicestershire County Council", "Jane Moore"),
                      ("Rutland County Council", "Mark Andrews"),
                      ("Leicester, Leicestershire and Rutland Integrated Care Board",
                       "Toby Sanders")):
        expect(partners.get_by_role("row").filter(has_text=row)).to_contain_text(lead)
    expect(partners).to_contain_text("Henry Henderson")
    expect(page.locator("main")).to_contain_text(
        "also cover the Leicester Safeguarding Children Partnership")
    relevant = page.locator("main dl.govuk-summary-list")
    for agency in ("University Hospitals of Leicester NHS Trust", "District Councils",
                   "Leicestershire Fire and Rescue Service", "Probation Service"):
        expect(relevant.get_by_text(agency, exact=True)).to_be_visible()
    for section in ("Geographical area", "Relevant agencies", "Purpose", "Partnership chair",
                    "Structure and governance", "Independent scrutiny", "Review", "Funding"):
        expect(page.get_by_role("heading", level=2, name=section, exact=True)).to_be_visible()
    checked(page, page_problems)
