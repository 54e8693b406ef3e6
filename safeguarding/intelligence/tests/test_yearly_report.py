"""The safeguarding partners' yearly report: built from the other modules' figures (the same
numbers their own selectors give), a narrative whose every version is kept, figures frozen once
published, the PDF and Word document with the page's figures, the public page, the 7-day clock
to the National Panel and the What Works centre, and who may do what."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from safeguarding.accounts.roles import Role
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.clocks import YEARLY_REPORT_DUE, YEARLY_REPORT_SENT_DUE
from safeguarding.core.models import Deadline
from safeguarding.intelligence import reporting, rules, selectors, services
from safeguarding.intelligence.models import (
    BudgetLine,
    Contribution,
    DataImport,
    Indicator,
    ReportSection,
    Value,
    YearlyReport,
)

pytestmark = pytest.mark.django_db

YEAR = BusinessYear(2025)  # 1 April 2025 to 31 March 2026
TODAY = datetime.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager(make_person):
    return make_person(Role.BUSINESS_MANAGER)


@pytest.fixture
def world(partnership, agency, manager):
    """A year of the partnership's work, a little of everything the report reads."""
    from safeguarding.child_deaths.tests.factories import ChildDeathFactory
    from safeguarding.escalations.tests.factories import EscalationFactory
    from safeguarding.partnership.tests.factories import GroupFactory
    from safeguarding.reviews.tests.factories import IncidentFactory

    indicator_set = services.indicator_set_create(partnership=partnership, name="Social care")
    indicator = services.indicator_create(
        indicator_set=indicator_set, code="referrals", name="Referrals to children's social care",
        definition="Referrals.", unit=Indicator.Unit.COUNT, polarity=Indicator.Polarity.LOWER,
        target=Decimal(100), tolerance=Decimal(5), frequency=Indicator.Frequency.QUARTERLY,
        breakdowns=[])
    record = DataImport.objects.create(partnership=partnership, indicator_set=indicator_set,
                                       kind="csv", status=DataImport.Status.IMPORTED)
    for period, value in ((datetime.date(2025, 1, 1), 90), (datetime.date(2025, 4, 1), 95),
                          (datetime.date(2025, 7, 1), 104), (datetime.date(2026, 1, 1), 120)):
        Value.objects.create(indicator=indicator, period=period, value=value, source=record)
    priority = services.priority_add(partnership=partnership, year=YEAR.label,
                                     title="Neglect: recognising it sooner")
    services.priority_action_add(priority=priority, title="Launch the toolkit",
                                 owner_agency=agency, due_on=datetime.date(2025, 9, 1),
                                 by=manager)
    services.contribution_set(partnership=partnership, year=YEAR.label, agency=agency,
                              amount=Decimal(100_000))
    line = services.budget_line_add(partnership=partnership, year=YEAR.label,
                                    name="Independent scrutiny", budget=Decimal(35_000))
    services.budget_spend_record(line=line, q1=Decimal(8000), q2=Decimal("9000.50"))
    for n in range(3):
        IncidentFactory(partnership=partnership, notifying_agency=agency,
                        became_aware=datetime.date(2025, 10, 1 + n))
    cdop = GroupFactory(name="Child Death Overview Panel", short_name="CDOP",
                        partnerships=[partnership])
    for n in range(2):
        ChildDeathFactory(partnership=partnership, notifying_agency=agency, panel=cdop,
                          notified_on=datetime.date(2025, 6, 2 + n),
                          date_of_death=datetime.date(2025, 6, 1))
    EscalationFactory(partnership=partnership, raising_agency=agency)
    return {"indicator": indicator, "cdop": cdop, "line": line}


def build(partnership, manager, today=TODAY) -> YearlyReport:
    return services.yearly_report_build(partnership=partnership, year=YEAR.label, by=manager,
                                        today=today)


def facts(report: YearlyReport, key: str) -> dict[str, str]:
    return dict(report.sections.get(key=key).figures["facts"])


def table(report: YearlyReport, key: str, caption_starts: str) -> dict:
    figures = report.sections.get(key=key).figures
    return next(t for t in figures["tables"] if t["caption"].startswith(caption_starts))


class TestBuild:
    def test_every_section_is_filled_in_with_the_selectors_figures(self, partnership, manager,
                                                                   world):
        from safeguarding.child_deaths.reporting import annual_report
        from safeguarding.core.services import partnership_calendar
        from safeguarding.escalations.selectors import escalation_report
        from safeguarding.learning.selectors import training_report
        from safeguarding.reviews.reporting import Period, notification_review

        report = build(partnership, manager)
        assert [s.key for s in report.sections.all()] == [key for key, _ in rules.SECTIONS]
        assert all(s.narrative for s in report.sections.all())  # a first draft of each

        review = notification_review(partnership, period=Period.of_business_year(YEAR),
                                     today=TODAY)
        assert review.received == 3
        reviews = facts(report, "reviews")
        assert reviews["Notifications of serious incidents received"] == "3"
        assert reviews["Met the criteria for a National Panel notification"] == str(review.meets)

        deaths = annual_report(world["cdop"], year=YEAR, today=TODAY)
        assert deaths.notified == 2
        assert facts(report, "child_deaths")["Deaths notified"] == "2"
        assert facts(report, "child_deaths")["Unexpected deaths (Joint Agency Response)"] == (
            str(deaths.unexpected))

        disagreements = escalation_report(partnership, today=TODAY,
                                          calendar=partnership_calendar(partnership),
                                          since=YEAR.starts_on, until=YEAR.ends_on)
        assert facts(report, "escalations")["Disagreements raised"] == str(
            disagreements.total) == "1"
        training = training_report(partnership, YEAR)
        assert facts(report, "training")["Places offered"] == str(training.total.offered)

        budget = selectors.budget(Contribution.objects.all(), BudgetLine.objects.all(),
                                  YEAR.label)
        money = facts(report, "budget")
        assert money["Contributions from the partners"] == "£100,000" == reporting.shown(
            budget.income, "money")
        assert money["Spent"] == "£17,000.5" == reporting.shown(budget.spent, "money")

        plan = facts(report, "priorities")
        assert plan["Priorities"] == "1" and plan["Actions in the business plan"] == "1"
        assert plan["Actions overdue"] == "1"  # due 1 September 2025, open at 30 June 2026

    def test_the_data_section_charts_the_year_beside_a_table(self, partnership, manager,
                                                             world):
        report = build(partnership, manager)
        data = report.sections.get(key="data").figures
        chart = data["charts"][0]
        assert chart["title"] == "Referrals to children's social care"
        assert chart["target"] == "100.00"
        # The four quarters of 2025/26: a gap where nothing was reported.
        assert [(label, shown) for label, _, shown in chart["points"]] == [
            ("Q1 2025/26", "95"), ("Q2 2025/26", "104"), ("Q3 2025/26", "–"),
            ("Q4 2025/26", "120")]
        row = data["tables"][0]["rows"][0]
        # The latest in the year against the same quarter a year before, and the target.
        assert row == ["Referrals to children's social care", "120", "Jan to Mar 2026", "90",
                       "100", rules.Standing.OUTSIDE_TOLERANCE]
        assert facts(report, "data")[
            "Outside the tolerance of their target at the year's latest figure"] == "1"

    def test_a_year_not_started_or_already_reported_is_refused(self, partnership, manager):
        with pytest.raises(ValidationError, match="has not started yet"):
            services.yearly_report_build(partnership=partnership, year="2027/28", by=manager,
                                         today=TODAY)
        build(partnership, manager)
        with pytest.raises(ValidationError, match="already a yearly report for 2025/26"):
            build(partnership, manager)
        assert YearlyReport.objects.count() == 1

    def test_the_business_unit_starts_one_from_the_page(self, partnership, manager, signed_in):
        client = signed_in(manager)
        page = client.get(f"/data/{partnership.slug}/yearly-reports/new/").content.decode()
        assert 'value="' + BusinessYear.of(datetime.date.today()).previous().label in page
        refused = client.post(f"/data/{partnership.slug}/yearly-reports/new/", {"year": "2025"})
        assert "Enter the business year like 2026/27" in refused.content.decode()
        response = client.post(f"/data/{partnership.slug}/yearly-reports/new/",
                               {"year": "2025/26"}, follow=True)
        page = response.content.decode()
        assert "Yearly report 2025/26" in page and "Draft" in page
        assert "Take the figures again" in page and "Change the narrative" in page
        assert YearlyReport.objects.get().sections.count() == len(rules.SECTIONS)


class TestNarrativeAndFigures:
    def test_each_version_of_a_narrative_is_kept_and_a_stale_copy_refused(
            self, partnership, manager, world, signed_in):
        report = build(partnership, manager)
        section = report.sections.get(key="voice")
        client = signed_in(manager)
        url = f"/data/report-sections/{section.pk}/"
        first = section.narrative
        assert client.post(url, {"version": section.version,
                                 "narrative": "The Student LSCP led our work."}).status_code == 302
        stale = client.post(url, {"version": section.version, "narrative": "Something else."})
        assert "Someone else changed this record" in stale.content.decode()
        section.refresh_from_db()
        assert section.narrative == "The Student LSCP led our work."
        page = client.get(url).content.decode()
        assert "The Student LSCP led our work." in page and escape(first) in page
        history = selectors.narrative_history(section)
        assert [h.narrative for h in history] == ["The Student LSCP led our work.", first]

    def test_taking_the_figures_again_keeps_the_narrative_and_the_old_figures(
            self, partnership, manager, world):
        from safeguarding.escalations.tests.factories import EscalationFactory

        report = build(partnership, manager)
        section = report.sections.get(key="escalations")
        services.report_section_narrative_save(section=section, narrative="Our words.",
                                               expected_version=section.version, by=manager)
        EscalationFactory(partnership=partnership, raised_on=datetime.date(2025, 11, 3))
        assert facts(report, "escalations")["Disagreements raised"] == "1"  # a snapshot
        services.yearly_report_refresh(report=report, by=manager, today=TODAY)
        section.refresh_from_db()
        assert dict(section.figures["facts"])["Disagreements raised"] == "2"
        assert section.narrative == "Our words."
        earlier = [dict(h.figures["facts"])["Disagreements raised"]
                   for h in section.history.order_by("history_id")]
        assert earlier[0] == "1" and earlier[-1] == "2"


class TestPublishing:
    def test_a_published_report_never_changes(self, partnership, manager, world):
        from safeguarding.escalations.tests.factories import EscalationFactory

        report = build(partnership, manager)
        services.yearly_report_publish(report=report, by=manager,
                                       signed_off_on=datetime.date(2026, 6, 20),
                                       on=datetime.date(2026, 6, 30))
        EscalationFactory(partnership=partnership, raised_on=datetime.date(2025, 11, 3))
        with pytest.raises(ValidationError, match="published"):
            services.yearly_report_refresh(report=report, by=manager)
        section = report.sections.get(key="budget")
        with pytest.raises(ValidationError, match="published"):
            services.report_section_narrative_save(section=section, narrative="New words",
                                                   expected_version=section.version, by=manager)
        with pytest.raises(ValidationError, match="already published"):
            services.yearly_report_publish(report=report, by=manager,
                                           signed_off_on=datetime.date(2026, 6, 20))
        assert facts(report, "escalations")["Disagreements raised"] == "1"

    def test_publishing_lists_it_on_the_public_site_and_starts_the_7_day_clock(
            self, partnership, manager, world, client):
        from safeguarding.engagement.models import Publication

        report = build(partnership, manager)
        assert client.get(f"/p/{partnership.slug}/yearly-reports/2025-26/").status_code == 404
        published_on = datetime.date.today() - datetime.timedelta(days=2)
        services.yearly_report_publish(report=report, by=manager,
                                       signed_off_on=published_on, on=published_on)
        clock = Deadline.objects.get(rule__key=YEARLY_REPORT_SENT_DUE.key)
        assert clock.due_on == published_on + datetime.timedelta(days=7) and clock.is_open
        assert Deadline.objects.get(rule__key=YEARLY_REPORT_DUE.key).due_on.year == (
            published_on.year + 1)
        listed = Publication.objects.get(kind="yearly_report")
        assert listed.published_on == published_on
        assert listed.link.endswith(f"/p/{partnership.slug}/yearly-reports/2025-26/")

        page = client.get(f"/p/{partnership.slug}/yearly-reports/2025-26/").content.decode()
        assert "Yearly report 2025/26" in page and "£100,000" in page
        assert "Change the narrative" not in page
        assert "Yearly report 2025/26" in client.get(
            f"/p/{partnership.slug}/yearly-reports/").content.decode()
        pdf = client.get(f"/p/{partnership.slug}/yearly-reports/2025-26/report.pdf")
        assert pdf["Content-Type"] == "application/pdf"

    def test_the_dates_sent_meet_the_clock_once_both_are_in(self, partnership, manager,
                                                            signed_in):
        report = build(partnership, manager)
        published_on = datetime.date.today() - datetime.timedelta(days=5)
        services.yearly_report_publish(report=report, by=manager, signed_off_on=published_on,
                                       on=published_on)
        client = signed_in(manager)
        url = f"/data/yearly-reports/{report.pk}/sent/"

        def dates(field, day):
            return {f"{field}_0": day.day, f"{field}_1": day.month, f"{field}_2": day.year}

        early = client.post(url, dates("sent_to_panel_on", published_on
                                       - datetime.timedelta(days=1)))
        assert "must be on or after the day it was published" in early.content.decode()
        assert "Enter the date it was sent to the National Panel, the What Works centre, or " \
               "both" in client.post(url, {}).content.decode()
        client.post(url, dates("sent_to_panel_on", published_on + datetime.timedelta(days=1)))
        clock = Deadline.objects.get(rule__key=YEARLY_REPORT_SENT_DUE.key)
        assert clock.is_open
        client.post(url, dates("sent_to_what_works_on",
                               published_on + datetime.timedelta(days=3)))
        clock.refresh_from_db()
        report.refresh_from_db()
        assert report.sent_to_panel_on == published_on + datetime.timedelta(days=1)
        assert clock.met_on == published_on + datetime.timedelta(days=3) <= clock.due_on
        page = client.get(f"/data/yearly-reports/{report.pk}/").content.decode()
        assert "Send the yearly report to the National Panel and the What Works centre" in page
        assert f"Done {clock.met_on:%-d %B %Y}" in page
        assert "Take the figures again" not in page and "Change the narrative" not in page

    def test_the_sign_off_date_is_needed_to_publish(self, partnership, manager, signed_in):
        report = build(partnership, manager)
        client = signed_in(manager)
        page = client.post(f"/data/yearly-reports/{report.pk}/publish/", {}).content.decode()
        assert "Enter the date the lead safeguarding partners signed the report off" in page
        report.refresh_from_db()
        assert not report.is_published and not Deadline.objects.exists()


class TestExports:
    def test_the_pdf_and_word_document_hold_the_page_s_figures(self, partnership, manager,
                                                                world, signed_in):
        from docx import Document
        from pypdf import PdfReader

        report = build(partnership, manager)
        client = signed_in(manager)
        pdf = client.get(f"/data/yearly-reports/{report.pk}/report.pdf")
        assert pdf["Content-Type"] == "application/pdf"
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        text = " ".join(text.split())
        for section in report.sections.all():
            assert section.title in text
            for label, shown in section.figures["facts"]:
                assert f"{label} {shown}" in text, (label, shown)
        word = client.get(f"/data/yearly-reports/{report.pk}/report.docx")
        document = Document(io.BytesIO(word.content))
        cells = {(t.rows[i].cells[0].text, t.rows[i].cells[1].text) for t in document.tables
                 for i in range(len(t.rows))}
        assert ("Deaths notified", "2") in cells and ("Spent", "£17,000.5") in cells
        assert ("Q4 2025/26", "120") in cells  # a chart as its table


class TestWhoMay:
    def test_partners_and_the_scrutineer_read_drafts_only_the_business_unit_changes_them(
            self, partnership, manager, make_person, signed_in):
        report = build(partnership, manager)
        section = report.sections.first()
        for role in (Role.LEAD_PARTNER, Role.DELEGATED_PARTNER, Role.INDEPENDENT_SCRUTINEER):
            client = signed_in(make_person(role))
            page = client.get(f"/data/yearly-reports/{report.pk}/")
            assert page.status_code == 200, role
            assert "Change the narrative" not in page.content.decode()
            assert client.get(f"/data/report-sections/{section.pk}/").status_code == 403
            assert client.post(f"/data/yearly-reports/{report.pk}/refresh/").status_code == 403
            assert client.get(f"/data/yearly-reports/{report.pk}/report.docx").status_code == 200
        for role in (Role.AGENCY_LEAD, Role.YOUNG_SCRUTINEER):
            client = signed_in(make_person(role))
            assert client.get(f"/data/yearly-reports/{report.pk}/").status_code == 403, role

    def test_another_partnership_s_business_manager_is_refused(self, partnership, manager,
                                                               other_partnership, make_person,
                                                               signed_in):
        report = build(partnership, manager)
        stranger = signed_in(make_person(Role.BUSINESS_MANAGER, where=other_partnership))
        assert stranger.get(f"/data/yearly-reports/{report.pk}/").status_code == 403
        assert stranger.post(f"/data/yearly-reports/{report.pk}/refresh/").status_code == 403
        assert ReportSection.objects.filter(report=report).count() == len(rules.SECTIONS)
