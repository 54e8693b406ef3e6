"""The safeguarding partners' yearly report: built from the other modules' figures (the same
numbers their own selectors give), a narrative whose every version is kept, figures frozen once
published, the PDF and Word document with the page's figures, the public page, the 7-day clock
to the National Panel and the What Works centre, and who may do what."""

import datetime
import io
import re
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

    def test_a_cycle_s_table_names_its_framework_once(self, partnership, manager, agency):
        from safeguarding.assurance import rules as assurance_rules
        from safeguarding.assurance import services as assurance

        framework = assurance.framework_create(
            name="Section 175/157", kind="section_175", partnerships=[partnership],
            scale=assurance_rules.parse_scale("Met | meets\nNot met"))
        assurance.standard_add(framework=framework, title="Leadership", descriptors="Leads.")
        assurance.cycle_open(framework=framework, name="Section 175/157, 2025/26",
                             opens_on=datetime.date(2025, 9, 1),
                             due_on=datetime.date(2025, 12, 1), agencies=[agency], by=manager)
        report = build(partnership, manager)
        assert table(report, "assurance", "Section 175/157")["caption"] == (
            "Section 175/157, 2025/26: agencies by their rating of each standard")

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

    def test_a_blank_narrative_is_refused_and_the_words_kept(self, partnership, manager,
                                                             signed_in):
        report = build(partnership, manager)
        section = report.sections.get(key="voice")
        before, version = section.narrative, section.version
        response = signed_in(manager).post(f"/data/report-sections/{section.pk}/",
                                           {"version": version, "narrative": "  \n  "})
        page = response.content.decode()
        assert response.status_code == 200 and "There is a problem" in page
        assert "Enter the narrative for “The voice of children and young people”" in page
        assert "saved" not in page
        section.refresh_from_db()
        assert (section.narrative, section.version) == (before, version)
        with pytest.raises(ValidationError, match="Enter the narrative for"):
            services.report_section_narrative_save(section=section, narrative=" ",
                                                   expected_version=version, by=manager)

    def test_taking_the_figures_again_keeps_the_narrative_and_the_old_figures(
            self, partnership, manager, world):
        from safeguarding.escalations.tests.factories import EscalationFactory

        report = build(partnership, manager)
        section = report.sections.get(key="escalations")
        services.report_section_narrative_save(section=section, narrative="Our words.",
                                               expected_version=section.version, by=manager)
        # A first draft nobody has changed, written by an earlier build, is written again.
        ReportSection.objects.filter(report=report, key="scrutiny").update(
            narrative="An earlier first draft.")
        EscalationFactory(partnership=partnership, raised_on=datetime.date(2025, 11, 3))
        assert facts(report, "escalations")["Disagreements raised"] == "1"  # a snapshot
        services.yearly_report_refresh(report=report, by=manager, today=TODAY)
        section.refresh_from_db()
        assert dict(section.figures["facts"])["Disagreements raised"] == "2"
        assert section.narrative == "Our words."
        assert report.sections.get(key="scrutiny").narrative.startswith(
            "The independent scrutiny carried out no activities in 2025/26")
        earlier = [dict(h.figures["facts"])["Disagreements raised"]
                   for h in section.history.order_by("history_id")]
        assert earlier[0] == "1" and earlier[-1] == "2"


def narratives(report: YearlyReport) -> dict[str, str]:
    return {s.key: s.narrative for s in report.sections.all()}


def assert_reads_properly(said: dict[str, str]) -> None:
    """Every sentence starts with a capital; "none" or "no", never "0 of them"."""
    for key, text in said.items():
        assert all(s[0].isupper() for s in re.split(r"(?<=\.) ", text)), (key, text)
        assert not re.search(r"\b0\b", text), (key, text)


class TestTheFirstNarratives:
    def test_with_nothing_recorded_each_says_so_plainly(self, partnership, manager, signed_in):
        report = build(partnership, manager)
        said = narratives(report)
        assert_reads_properly(said)
        assert said["reviews"] == (
            "In 2025/26 the partnership received no notifications of a potential serious child "
            "safeguarding incident. The partnership sent no rapid reviews to the National Panel, "
            "commissioned no practice reviews and published no learning products.")
        assert said["scrutiny"] == ("The independent scrutiny carried out no activities in "
                                    "2025/26 and put no challenges to the partners.")
        assert said["escalations"] == ("Practitioners raised no disagreements with another "
                                       "agency's decision in 2025/26.")
        assert said["budget"] == ("No contributions, budget or expenditure are recorded for "
                                  "2025/26.")
        page = signed_in(manager).get(report.get_absolute_url()).content.decode()
        assert escape(said["escalations"]) in page and escape(said["reviews"]) in page

    def test_one_and_many_read_as_one_and_many(self, partnership, manager, agency, world):
        from safeguarding.assurance.models import ScrutinyChallenge

        for answered_on in (datetime.date(2025, 12, 1), None):
            ScrutinyChallenge.objects.create(
                partnership=partnership, to_agency=agency, question="Why? (fictional)",
                raised_on=datetime.date(2025, 11, 1), due_on=datetime.date(2025, 12, 15),
                responded_on=answered_on)
        said = narratives(build(partnership, manager))
        assert_reads_properly(said)
        assert said["priorities"] == ("The partners set 1 priority for 2025/26. The business "
                                      "plan's one action was overdue on 30 June 2026.")
        assert said["reviews"].startswith(
            "In 2025/26 the partnership received 3 notifications of a potential serious child "
            "safeguarding incident; none of them met the criteria for notifying the National "
            "Panel")
        assert said["child_deaths"].startswith(
            "The Child Death Overview Panel was notified of the deaths of 2 children in 2025/26")
        assert said["data"] == (
            "The partnership monitored 1 indicator of the health of the safeguarding system in "
            "2025/26. At the year's latest figure it was outside the tolerance of its target.")
        assert said["scrutiny"].endswith(
            "put 2 challenges to the partners; 1 of them has been answered.")
        assert said["escalations"] == (
            "Practitioners raised 1 disagreement with another agency's decision in 2025/26; it "
            "has not been resolved yet.")

    @pytest.mark.parametrize(("raised", "resolved", "on_time", "said"), [
        (1, 1, 1, "; it was resolved within the targets of its stages."),
        (3, 1, 0, "; 1 of them was resolved, but not within the targets of its stages."),
        (3, 3, 3, "; all of them were resolved within the targets of their stages."),
        (4, 2, 0, "; 2 of them were resolved, none within the targets of their stages."),
        (2, 0, 0, "; none of them has been resolved yet."),
    ])
    def test_disagreements_resolved_read_for_none_one_and_many(self, raised, resolved, on_time,
                                                               said):
        assert reporting._resolved(raised, resolved, on_time) == said


class TestAnEarlierYear:
    def test_it_dates_today_s_arrangements_and_counts_only_that_year_s_figures(
            self, partnership, manager, world, signed_in):
        report = services.yearly_report_build(partnership=partnership, year="2019/20",
                                              by=manager, today=TODAY)
        page = signed_in(manager).get(report.get_absolute_url()).content.decode()
        assert "The partners and the chair are those in office on 31 March 2020" in page
        assert "as they stood on 30 June 2026, when these figures were taken" in page
        assert "Relevant agencies on 30 June 2026" in page and "Chair on 31 March 2020" in page
        # One empty state for the business plan, not a sentence, a note and two empty tables.
        assert page.count("No priorities") == 1 and "Progress against each priority" not in page
        assert facts(report, "data") == {
            "Indicators with figures for the year": "0",
            "Outside the tolerance of their target at the year's latest figure": "0"}
        assert escape("The platform holds no figures for 2019/20 for the partnership's "
                      "indicators.") in page
        assert "monitored" not in page


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
        # A path on this site, not an address built from SITE_URL.
        assert listed.link == f"/p/{partnership.slug}/yearly-reports/2025-26/"
        entry = client.get(f"/p/{partnership.slug}/publications/{listed.pk}/").content.decode()
        assert f'href="/p/{partnership.slug}/yearly-reports/2025-26/">Read the full document' \
            in entry

        page = client.get(f"/p/{partnership.slug}/yearly-reports/2025-26/").content.decode()
        assert "Yearly report 2025/26" in page and "£100,000" in page
        assert "Change the narrative" not in page
        assert "Yearly report 2025/26" in client.get(
            f"/p/{partnership.slug}/yearly-reports/").content.decode()
        pdf = client.get(f"/p/{partnership.slug}/yearly-reports/2025-26/report.pdf")
        assert pdf["Content-Type"] == "application/pdf"

    def test_a_visitor_finds_the_yearly_reports_from_the_public_home(
            self, partnership, manager, world, client):
        services.yearly_report_publish(report=build(partnership, manager), by=manager,
                                       signed_off_on=datetime.date.today(),
                                       on=datetime.date.today())
        listing = f'href="/p/{partnership.slug}/yearly-reports/"'
        home = client.get(f"/p/{partnership.slug}/").content.decode()
        assert f"{listing}>Yearly reports of the safeguarding partners</a>" in home
        assert f"{listing}>Read the safeguarding partners' yearly reports</a>" in client.get(
            f"/p/{partnership.slug}/publications/").content.decode()
        assert f"/p/{partnership.slug}/yearly-reports/</loc>" in client.get(
            "/sitemap.xml").content.decode()
        assert f'href="/p/{partnership.slug}/yearly-reports/2025-26/">Yearly report 2025/26' \
            in client.get(f"/p/{partnership.slug}/yearly-reports/").content.decode()

    def test_the_business_unit_may_keep_or_change_the_entry_s_path_but_not_another_site(
            self, partnership, manager, signed_in):
        from safeguarding.engagement.models import Publication

        services.yearly_report_publish(report=build(partnership, manager), by=manager,
                                       signed_off_on=datetime.date.today())
        listed = Publication.objects.get(kind="yearly_report")
        client = signed_in(manager)
        url = f"/public-site/publications/{listed.pk}/edit/"
        form = {"kind": listed.kind, "title": listed.title, "summary": "Our year.",
                "link": listed.link}
        assert client.post(url, form).status_code == 302  # the path it was given is kept
        listed.refresh_from_db()
        assert listed.summary == "Our year." and listed.link.startswith("/p/")
        for elsewhere in ("//example.com/report", "/\\example.com/report"):
            page = client.post(url, {**form, "link": elsewhere}).content.decode()
            assert "There is a problem" in page and "Enter the link in the correct format" in page
        client.post(url, {**form, "link": "www.example.gov.uk/report.pdf"})
        listed.refresh_from_db()
        assert listed.link == "https://www.example.gov.uk/report.pdf"

    def test_wide_tables_scroll_in_their_own_named_box_under_smaller_headings(
            self, partnership, manager, world, client, signed_in):
        report = build(partnership, manager)
        draft = signed_in(manager).get(report.get_absolute_url()).content.decode()
        # The two buttons side by side, in one group.
        assert re.search(r'<div class="govuk-button-group">\s*<button[^>]*>Take the figures '
                         r'again</button>\s*<a[^>]*>Publish the report</a>', draft)
        services.yearly_report_publish(report=report, by=manager,
                                       signed_off_on=datetime.date.today())
        for page in (draft, client.get(report.get_public_url()).content.decode()):
            assert ('<div class="app-table-scroll" role="region" aria-label="The business '
                    'plan&#x27;s actions" tabindex="0">') in page
            assert ('<h2 class="govuk-heading-m" id="section-priorities-title">2. Progress '
                    'against our priorities</h2>') in page

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
