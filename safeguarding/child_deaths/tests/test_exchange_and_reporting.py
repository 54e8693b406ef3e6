"""The case's data in the documented layout (JSON and CSV) and its import, round trip; and the
CDOP annual report (page, PDF and Word) with small numbers suppressed."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError

from safeguarding.accounts.roles import Role
from safeguarding.child_deaths import exchange, reporting, selectors, services
from safeguarding.child_deaths.models import ChildDeath
from safeguarding.child_deaths.tests.factories import AgencyReportFactory, ChildDeathFactory
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.models import AccessEvent
from safeguarding.core.suppression import FEWER_THAN_5
from safeguarding.partnership.models import Agency, Group
from safeguarding.partnership.tests.factories import AgencyFactory, GroupFactory

D = datetime.date
TODAY = D(2026, 11, 23)
YEAR = BusinessYear(2026)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cdop(partnership):
    return GroupFactory(name="Northshire Child Death Overview Panel", short_name="CDOP",
                        kind=Group.Kind.PANEL, partnerships=[partnership])


@pytest.fixture
def panel_member(make_person, cdop):
    return make_person(Role.PANEL_MEMBER, where=cdop)


@pytest.fixture
def closed_case(partnership, agency, cdop, panel_member):
    police = AgencyFactory(name="Northshire Police", partnerships=[partnership])
    death = ChildDeathFactory(
        partnership=partnership, notifying_agency=agency, panel=cdop, reviewed=True,
        jar_meeting_on=D(2026, 6, 2), jar_timeline="=Visited the home\n(fictional)",
        post_mortem=True, post_mortem_report_on=D(2026, 8, 1), cdrm_on=D(2026, 9, 1),
        cdrm_notice_sent_on=D(2026, 8, 1), cdrm_summary="Met, with a comma, and \"quotes\"")
    AgencyReportFactory(child_death=death, agency=police, involvement="Attended the call",
                        factors="None", learning="-none-", submitted_on=D(2026, 6, 20))
    services.factor_add(death=death, domain="family", description="Unsafe sleep setting",
                        contributed=True, by=panel_member)
    services.cdop_action_add(death=death, title="Safe sleep messages at every visit",
                             owner_agency=police, due_on=D(2027, 1, 31), by=panel_member)
    return death


def comparable(data: dict) -> dict:
    return json.loads(json.dumps(data))


# -- export and import ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_gives_back_the_same_case(closed_case, other_partnership, fmt,
                                                     panel_member):
    for agency in Agency.objects.all():
        agency.partnerships.add(other_partnership)
    data = exchange.case_export(closed_case)
    content = exchange.to_json(data) if fmt == "json" else exchange.to_csv(data)
    imported = exchange.case_import(content=content, partnership=other_partnership,
                                    by=panel_member, today=TODAY)
    assert imported.pk != closed_case.pk and imported.partnership == other_partnership
    assert imported.status == ChildDeath.Status.CLOSED
    assert comparable(exchange.case_export(imported)) == comparable(data)


def test_the_csv_is_safe_from_formulas_and_read_back_as_written(closed_case):
    text = exchange.to_csv(exchange.case_export(closed_case)).decode("utf-8-sig")
    assert "'=Visited the home" in text
    assert exchange.parse(text.encode())["supplementary"]["jar_timeline"].startswith("=Visited")
    assert text.splitlines()[0] == "form,item,field,value"


def test_the_layout_mirrors_the_national_forms(closed_case):
    data = exchange.case_export(closed_case)
    assert list(data) == ["layout", "version", "notification", "reporting", "supplementary",
                          "analysis"]
    assert data["notification"]["expected_or_unexpected"] == "unexpected"
    assert data["analysis"]["category"] == "10" and data["analysis"]["modifiable_factors"] == "yes"
    assert data["analysis"]["factors"] == [{"domain": "family",
                                            "description": "Unsafe sleep setting",
                                            "contributed": "yes"}]


def bad(data: dict, form: str, field: str, value) -> bytes:
    changed = json.loads(json.dumps(data))
    changed[form][field] = value
    return exchange.to_json(changed)


@pytest.mark.parametrize(("form", "field", "value", "message"), [
    ("notification", "date_of_death", "2026-12-01", "date of death must be the same as or "
                                                    "before the date notified"),
    ("notification", "age_years", "18", "must be under 18"),
    ("analysis", "category", "11", "one of the ten categories"),
    ("analysis", "modifiable_factors", "maybe", "modifiable factors"),
    ("notification", "notifying_agency", "Nowhere Trust", "no agency called “Nowhere Trust”"),
    ("notification", "place_of_death", "moon", "place of death"),
    ("notification", "date_notified", "20/11/2026", "is not a date"),
])
def test_a_bad_import_is_refused_whole_and_nothing_is_written(closed_case, other_partnership,
                                                              panel_member, form, field, value,
                                                              message):
    for agency in Agency.objects.all():
        agency.partnerships.add(other_partnership)
    before = ChildDeath.objects.count()
    content = bad(exchange.case_export(closed_case), form, field, value)
    with pytest.raises(ValidationError) as refused:
        exchange.case_import(content=content, partnership=other_partnership, by=panel_member,
                             today=TODAY)
    assert any(message in text for text in refused.value.messages), refused.value.messages
    assert ChildDeath.objects.count() == before


@pytest.mark.parametrize("content", [b"", b"\xff\xfe", b"not,a,layout\n", b"[1, 2]",
                                     b'{"layout": "other", "version": 1}'])
def test_a_file_in_another_layout_is_refused(content, partnership, panel_member):
    with pytest.raises(ValidationError):
        exchange.case_import(content=content, partnership=partnership, by=panel_member,
                             today=TODAY)


def test_importing_a_reference_already_open_is_refused(closed_case, partnership, panel_member):
    ChildDeath.objects.filter(pk=closed_case.pk).update(status=ChildDeath.Status.READY)
    content = exchange.to_json(exchange.case_export(closed_case))
    with pytest.raises(ValidationError, match="already open"):
        exchange.case_import(content=content, partnership=partnership, by=panel_member,
                             today=TODAY)


def test_the_export_pages_are_logged(closed_case, panel_member, signed_in):
    client = signed_in(panel_member)
    for suffix, kind in (("json", "application/json"), ("csv", "text/csv")):
        response = client.get(f"/child-deaths/{closed_case.pk}/export.{suffix}")
        assert response.status_code == 200 and response["Content-Type"] == kind
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT, user=panel_member).count() \
        == 2


def test_the_import_page_takes_the_exported_file(closed_case, other_partnership, make_person,
                                                 signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for agency in Agency.objects.all():
        agency.partnerships.add(other_partnership)
    manager = make_person(Role.BUSINESS_MANAGER, where=other_partnership)
    content = exchange.to_csv(exchange.case_export(closed_case))
    response = signed_in(manager).post("/child-deaths/import/", {
        "partnership": other_partnership.pk,
        "file": SimpleUploadedFile("case.csv", content, content_type="text/csv")})
    imported = ChildDeath.objects.get(partnership=other_partnership)
    assert response.status_code == 302 and response.url == imported.get_absolute_url()
    assert manager in imported.members.all()


# -- the annual report --------------------------------------------------------------------------


def closed(partnership, agency, cdop, n, **extra):
    return [ChildDeathFactory(partnership=partnership, notifying_agency=agency, panel=cdop,
                              reviewed=True, **extra) for _ in range(n)]


def test_the_annual_report_counts_and_suppresses(partnership, agency, cdop, panel_member):
    closed(partnership, agency, cdop, 6)  # category 10, modifiable yes
    closed(partnership, agency, cdop, 2, category="8", modifiable="no", unexpected=False,
           unexpected_because="")
    closed(partnership, agency, cdop, 1, category="9", modifiable="insufficient")
    ChildDeathFactory(partnership=partnership, notifying_agency=agency, panel=cdop)  # open
    ChildDeathFactory(partnership=partnership, notifying_agency=agency, panel=cdop,
                      status=ChildDeath.Status.MERGED)  # the same death again: not counted
    ChildDeathFactory(notifying_agency=agency)  # another partnership's
    report = reporting.annual_report(cdop, year=YEAR, today=TODAY)
    assert (report.notified, report.reviewed, report.awaiting_review) == (10, 9, 1)
    assert (report.expected, report.unexpected) == (2, 8)
    assert report.time_to_review.days == (135,) * 9 and report.time_to_review.within_target == 9
    shown = {cell.label: cell.shown for cell in report.categories.cells}
    assert shown["10. Sudden unexpected, unexplained death"] == 6
    assert shown["8. Perinatal/neonatal event"] == FEWER_THAN_5
    assert shown["9. Infection"] == FEWER_THAN_5
    assert list(shown.values()).count(0) == 7
    modifiable = {cell.label: cell.shown for cell in report.modifiable.cells}
    assert modifiable["Yes: modifiable factors identified"] == 6


def test_the_annual_report_takes_the_same_queries_however_many_deaths(partnership, agency, cdop,
                                                                     django_assert_num_queries):
    closed(partnership, agency, cdop, 1)
    with django_assert_num_queries(6) as captured:
        reporting.annual_report(cdop, year=YEAR, today=TODAY)
    few = len(captured)
    closed(partnership, AgencyFactory(), cdop, 12)
    with django_assert_num_queries(few):
        reporting.annual_report(cdop, year=YEAR, today=TODAY)


def test_the_annual_report_page_pdf_and_word(partnership, agency, cdop, panel_member, signed_in):
    from docx import Document
    from pypdf import PdfReader

    closed(partnership, agency, cdop, 6)
    client = signed_in(panel_member)
    url = f"/cdops/{cdop.pk}/annual-report"
    page = client.get(url + "/?year=2026/27")
    assert page.status_code == 200
    assert "Sudden unexpected, unexplained death" in page.content.decode()
    pdf = client.get(url + ".pdf?year=2026-27")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Child Death Overview Panel annual report" in text
    assert "Sudden unexpected, unexplained death" in text and "2026/27" in text
    word = client.get(url + ".docx?year=2026-27")
    document = Document(io.BytesIO(word.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "CDOP reviews completed" in cells and "6" in cells
    assert any("annual report 2026/27" in p.text for p in document.paragraphs)
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).count() == 2


def test_a_bad_year_is_refused_clearly(cdop, panel_member, signed_in):
    page = signed_in(panel_member).get(f"/cdops/{cdop.pk}/annual-report/?year=2026")
    assert page.status_code == 200
    assert "Enter a business year like 2026/27" in page.content.decode()


def test_only_a_cdop_has_an_annual_report(panel, cdop, make_person, signed_in):
    manager = make_person(Role.BUSINESS_MANAGER)
    client = signed_in(manager)
    assert client.get(f"/cdops/{cdop.pk}/annual-report/").status_code == 200
    assert client.get(f"/cdops/{panel.pk}/annual-report/").status_code == 404
    agency_lead = make_person(Role.AGENCY_LEAD)
    assert signed_in(agency_lead).get(f"/cdops/{cdop.pk}/annual-report/").status_code == 403


def test_selectors_find_the_cdop(partnership, cdop, panel):
    assert selectors.cdop_of(partnership) == cdop
