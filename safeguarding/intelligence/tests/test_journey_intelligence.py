"""Safeguarding data in a real browser. The business manager imports a file of figures with one
bad row: it is refused with the line number and nothing is saved; they fix the row and upload
it again from the same page; the dashboard's table shows the new figure, and the indicator's
page its chart and table. Then they build the yearly report for the year, write a section's
narrative and download the PDF, whose figures are the page's. Every page is checked with
axe-core."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from safeguarding.accounts.roles import Role
from safeguarding.intelligence import services
from safeguarding.intelligence.models import Indicator, Value
from safeguarding.partnership.models import Area
from safeguarding.partnership.tests.factories import PartnershipFactory
from safeguarding.testing.journey import (
    checked,
    error_summary,
    heading,
    menu,
    person,
    sign_in,
    success,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "indicator,period,breakdown,category,value\n"
ROWS = ("referrals,2026-01,,,120\n"
        "referrals,2026-01,Area,North,70\n"
        "referrals,{period},Area,South,50\n")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def partnership():
    partnership = PartnershipFactory(name="Northshire Safeguarding Children Partnership",
                                     short_name="NSCP", slug="northshire")
    Area.objects.create(name="North", partnership=partnership)
    Area.objects.create(name="South", partnership=partnership)
    made = services.indicator_set_create(partnership=partnership, name="Children's social care")
    services.indicator_create(
        indicator_set=made, code="referrals", name="Referrals to children's social care",
        definition="Contacts that became a referral.", unit=Indicator.Unit.COUNT,
        polarity=Indicator.Polarity.LOWER, target=Decimal(100), tolerance=Decimal(5),
        frequency=Indicator.Frequency.MONTHLY, breakdowns=["locality"])
    return partnership


def figures(tmp_path, name, period):
    path = tmp_path / name
    path.write_text(HEADER + ROWS.format(period=period))
    return path


def test_a_bad_row_is_refused_then_the_fixed_file_updates_the_dashboard(
        page, page_problems, partnership, live_server, tmp_path):
    manager = person("bea.manager@northshire.example", "Bea Manager", Role.BUSINESS_MANAGER,
                     partnership=partnership)
    sign_in(page, page_problems, manager)
    menu(page).get_by_role("link", name="Data").click()
    expect(heading(page)).to_have_text("Safeguarding data")
    checked(page, page_problems)
    page.get_by_role("link", name=f"Data dashboard of {partnership.name}").click()
    expect(heading(page)).to_have_text("Data dashboard")
    table = page.get_by_role("table", name="Children's social care")
    expect(table).to_contain_text("No figures yet")
    checked(page, page_problems)

    # 1. A file with a bad period on line 4 is refused whole.
    page.get_by_role("link", name="About the children's social care indicators").click()
    expect(heading(page)).to_have_text("Children's social care")
    checked(page, page_problems)
    page.get_by_role("link", name="Import a file of figures").click()
    expect(heading(page)).to_have_text("Import figures")
    checked(page, page_problems)
    page.get_by_label("File of figures (CSV or Excel)").set_input_files(
        figures(tmp_path, "january.csv", "January"))
    page.get_by_role("button", name="Import the file").click()
    expect(heading(page)).to_have_text("The file was not imported")
    expect(error_summary(page)).to_contain_text(
        "Line 4: Enter the period as a year and month, like 2026-04")
    expect(error_summary(page).get_by_role("listitem")).to_have_count(1)
    checked(page, page_problems)
    assert not Value.objects.exists()

    # 2. The corrected file, uploaded from the same page, is imported.
    page.get_by_label("File of figures (CSV or Excel)").set_input_files(
        figures(tmp_path, "january-fixed.csv", "2026-01"))
    page.get_by_role("button", name="Import the file").click()
    expect(heading(page)).to_have_text("Figures imported")
    expect(success(page)).to_contain_text("Imported 3 figures")
    checked(page, page_problems)

    # 3. The dashboard's table shows the figure, outside the tolerance of its target.
    page.get_by_role("link", name="see the data dashboard").click()
    expect(heading(page)).to_have_text("Data dashboard")
    row = page.get_by_role("table", name="Children's social care").get_by_role(
        "row", name="Referrals to children's social care")
    expect(row).to_contain_text("January 2026")
    expect(row).to_contain_text("120")
    expect(row).to_contain_text("Outside tolerance")
    checked(page, page_problems)

    # 4. The indicator's page: the chart with its table, and the areas compared.
    row.get_by_role("link", name="Referrals to children's social care").click()
    expect(heading(page)).to_have_text("Referrals to children's social care")
    expect(page.locator("main svg.app-chart")).to_have_count(1)
    expect(page.get_by_role("table", name="Referrals to children's social care by period")
           ).to_contain_text("120")
    expect(page.get_by_role("table", name="Referrals to children's social care by area")
           ).to_contain_text("South")
    checked(page, page_problems)
    assert Value.objects.filter(superseded_by__isnull=True).count() == 3

    # 5. The governance records beside the data: business plan, budget, risk register.
    for link, title in (("Business plan", "Business plan"), ("Budget", "Budget"),
                        ("Risk register", "Risk register")):
        page.get_by_role("link", name="Back to the data dashboard").click()
        page.get_by_role("link", name=link, exact=True).click()
        expect(heading(page)).to_contain_text(title)
        checked(page, page_problems)

    # 6. The yearly report for 2025/26, built from the figures just imported.
    page.get_by_role("link", name="Back to the data dashboard").click()
    page.get_by_role("link", name="Yearly reports", exact=True).click()
    expect(heading(page)).to_have_text("Yearly reports")
    checked(page, page_problems)
    page.get_by_role("link", name="Start a yearly report").click()
    expect(heading(page)).to_have_text("Start a yearly report")
    checked(page, page_problems)
    page.get_by_label("Business year").fill("2025/26")
    page.get_by_role("button", name="Build the draft report").click()
    expect(heading(page)).to_contain_text("Yearly report 2025/26")
    expect(success(page)).to_contain_text("Draft report built")
    expect(page.get_by_role("table", name="Referrals to children's social care by period, "
                                          "2025/26")).to_contain_text("120")
    checked(page, page_problems)
    # On a 390-pixel phone the page does not scroll sideways: a wide table scrolls inside its
    # own box, which a keyboard can reach.
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.get_by_role("region", name="Each indicator's latest figure in 2025/26, the same "
                                          "period a year before, and its target")
    expect(box).to_have_attribute("tabindex", "0")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    page.set_viewport_size(size)

    # 7. The business manager writes the narrative of the data section.
    page.get_by_role("link", name="Change the narrative of “Safeguarding data”").click()
    expect(heading(page)).to_have_text("Safeguarding data")
    checked(page, page_problems)
    page.get_by_label("Narrative").fill("Referrals were above the target in January (journey).")
    page.get_by_role("button", name="Save the narrative").click()
    expect(success(page)).to_contain_text("Narrative of “Safeguarding data” saved")
    checked(page, page_problems)

    # 8. The PDF holds the same figures as the page, each beside its label.
    shown = []
    for row in page.locator("table.app-report-facts tbody tr").all():
        shown.append(f"{row.locator('th').inner_text()} {row.locator('td').inner_text()}")
    assert "Indicators with figures for the year 1" in shown
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a PDF (2025/26)").click()
    assert download.value.suggested_filename == "northshire-yearly-report-2025-26.pdf"
    from pypdf import PdfReader

    with open(download.value.path(), "rb") as pdf:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    text = " ".join(text.split())
    missing = [fact for fact in shown if " ".join(fact.split()) not in text]
    assert not missing, missing
    assert "Referrals were above the target in January (journey)." in text
    assert "Jan 2026 120" in text  # the chart's table
    page_problems.assert_none()
