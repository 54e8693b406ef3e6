"""Safeguarding data: indicators, imports checked in full (every bad line listed, nothing saved),
re-imports that replace a period and keep the history, the dashboard, an indicator's trend and
breakdowns with small numbers suppressed, the exceptions, and who may do what."""

import datetime
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.accounts.policy import Action, can
from safeguarding.accounts.roles import Role
from safeguarding.core.charts import Point, line_chart
from safeguarding.intelligence import rules, selectors, services
from safeguarding.intelligence.models import DataImport, Indicator, Value
from safeguarding.partnership.models import Area

pytestmark = pytest.mark.django_db
HEADER = "indicator,period,breakdown,category,value\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager(make_person):
    return make_person(Role.BUSINESS_MANAGER)


@pytest.fixture
def indicator_set(partnership, agency):
    Area.objects.create(name="North", partnership=partnership)
    Area.objects.create(name="South", partnership=partnership)
    made = services.indicator_set_create(partnership=partnership, name="Children's social care")
    services.indicator_create(
        indicator_set=made, code="referrals", name="Referrals to children's social care",
        definition="Contacts that became referrals.", owner_agency=agency,
        unit=Indicator.Unit.COUNT, polarity=Indicator.Polarity.LOWER, target=Decimal(100),
        tolerance=Decimal(5), frequency=Indicator.Frequency.MONTHLY,
        breakdowns=["sex", "locality"])
    services.indicator_create(
        indicator_set=made, code="re-referrals", name="Re-referrals within 12 months",
        definition="Percentage of referrals.", unit=Indicator.Unit.PERCENT,
        polarity=Indicator.Polarity.LOWER, target=Decimal(20), tolerance=Decimal(5),
        frequency=Indicator.Frequency.MONTHLY, breakdowns=[])
    return made


def csv_file(text: str, name="figures.csv"):
    return SimpleUploadedFile(name, (HEADER + text).encode(), content_type="text/csv")


GOOD = ("referrals,2026-01,,,120\n"
        "referrals,2026-01,Sex,Female,60\n"
        "referrals,2026-01,Sex,Male,57\n"
        "referrals,2026-01,Sex,Not recorded,3\n"
        "referrals,2026-01,Area,North,70\n"
        "referrals,2026-01,Area,South,50\n"
        "re-referrals,2026-01,,,18.5\n"
        "referrals,2025-12,,,110\n")
BAD = ("referrals,2026-01,,,120\n"        # line 2: fine
       "referals,2026-01,,,120\n"         # line 3: no such indicator
       "referrals,Jan,,,60\n"             # line 4: not a period
       "referrals,2026-01,Sex,Other,1\n"  # line 5: not a category
       "re-referrals,2026-01,,,120\n"     # line 6: a percentage over 100
       "referrals,2026-01,,,121\n")       # line 7: the same figure again


def upload(client, indicator_set, file):
    return client.post(f"/data/sets/{indicator_set.pk}/imports/new/", {"file": file},
                       follow=True)


class TestImport:
    def test_a_bad_file_lists_every_bad_line_and_saves_nothing(self, indicator_set, manager,
                                                               signed_in):
        page = upload(signed_in(manager), indicator_set, csv_file(BAD))
        html = page.content.decode()
        assert "The file was not imported" in html
        assert "There is a problem with 5 rows of the file" in html
        for line, reason in (
                (3, rules.UNKNOWN_INDICATOR.format(code="referals")),
                (4, rules.BAD_PERIOD), (5, "“Other” is not a category of sex"),
                (6, rules.OVER_100), (7, rules.REPEATED.format(line=2))):
            assert f"Line {line}: {reason}" in html
        assert "Line 2:" not in html
        assert not Value.objects.exists()
        assert DataImport.objects.get().status == DataImport.Status.REFUSED

    def test_the_fixed_file_is_imported_and_shows_on_the_dashboard(self, indicator_set,
                                                                   manager, signed_in,
                                                                   partnership):
        client = signed_in(manager)
        upload(client, indicator_set, csv_file(BAD))
        page = upload(client, indicator_set, csv_file(GOOD))
        assert "Figures imported" in page.content.decode()
        assert Value.objects.filter(superseded_by__isnull=True).count() == 8
        dashboard = client.get(f"/data/{partnership.slug}/").content.decode()
        assert "Referrals to children&#x27;s social care" in dashboard
        assert "January 2026" in dashboard and "120" in dashboard and "Worse (+10)" in dashboard

    def test_a_re_import_of_the_same_period_replaces_it_and_keeps_the_history(
            self, indicator_set, manager, signed_in):
        client = signed_in(manager)
        upload(client, indicator_set, csv_file(GOOD))
        page = upload(client, indicator_set, csv_file("referrals,2026-01,,,130\n"))
        html = page.content.decode()
        assert "Figures this import replaced" in html
        referrals = indicator_set.indicators.get(code="referrals")
        january = Value.objects.filter(indicator=referrals, period=datetime.date(2026, 1, 1))
        assert january.get(superseded_by__isnull=True, breakdown="").value == 130
        # The whole period is replaced (its breakdowns too); nothing is deleted.
        assert january.filter(superseded_by__isnull=True).count() == 1
        assert january.filter(superseded_by__isnull=False).count() == 6
        assert january.get(breakdown="", superseded_by__isnull=False).value == 120
        # Other periods are untouched.
        assert Value.objects.get(indicator=referrals, period=datetime.date(2025, 12, 1)
                                 ).superseded_by is None

    def test_excel_files_are_read_with_their_line_numbers(self, indicator_set, manager):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(list(rules.COLUMNS))
        sheet.append(["referrals", datetime.datetime(2026, 2, 1), None, None, 99])
        sheet.append(["referrals", "2026-03", None, None, "lots"])
        out = io.BytesIO()
        book.save(out)
        record = services.data_import_start(
            indicator_set=indicator_set, by=manager,
            upload=SimpleUploadedFile("f.xlsx", out.getvalue()))
        assert record.errors == [{"line": 3, "reason": rules.BAD_VALUE}]
        assert not Value.objects.exists()

    def test_a_file_that_is_not_csv_or_excel_is_refused(self, indicator_set, manager):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="must be a CSV file or Excel"):
            services.data_import_start(indicator_set=indicator_set, by=manager,
                                       upload=SimpleUploadedFile("f.csv", b"%PDF-1.4 x"))
        assert not DataImport.objects.exists()

    def test_a_big_file_runs_in_the_background_with_a_progress_page(
            self, indicator_set, manager, signed_in, monkeypatch,
            django_capture_on_commit_callbacks):
        monkeypatch.setattr(services, "INLINE_LIMIT_BYTES", 10)
        monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            record = services.data_import_start(indicator_set=indicator_set, by=manager,
                                                upload=csv_file(GOOD))
        page = signed_in(manager).get(record.get_absolute_url()).content.decode()
        assert "Importing figures" in page and 'http-equiv="refresh"' in page
        for callback in callbacks:
            callback()  # the worker picks it up (the test backend runs it at once)
        record.refresh_from_db()
        assert record.status == DataImport.Status.IMPORTED and record.values_added == 8
        # A retry of a finished import does nothing twice.
        assert services.data_import_run(import_id=record.pk).values_added == 8
        assert Value.objects.count() == 8

    def test_the_template_lists_each_figure_to_fill_in(self, indicator_set, manager,
                                                       signed_in):
        client = signed_in(manager)
        text = client.get(f"/data/sets/{indicator_set.pk}/template.csv").content.decode(
            "utf-8-sig")
        assert text.splitlines()[0] == ",".join(rules.COLUMNS)
        assert "referrals,,Area,North," in text and "re-referrals,,,," in text
        excel = client.get(f"/data/sets/{indicator_set.pk}/template.xlsx")
        assert excel.content.startswith(b"PK")
        # The filled-in template is accepted as it is downloaded (empty rows are skipped).
        filled = text.replace("re-referrals,,,,", "re-referrals,2026-01,,,12")
        record = services.data_import_start(
            indicator_set=indicator_set, by=manager,
            upload=SimpleUploadedFile("t.csv", filled.encode("utf-8-sig")))
        assert record.status == DataImport.Status.IMPORTED, record.errors


class TestPages:
    def test_an_indicator_shows_its_trend_breakdowns_and_areas(self, indicator_set, manager,
                                                               signed_in):
        services.data_import_start(indicator_set=indicator_set, by=manager,
                                   upload=csv_file(GOOD))
        referrals = indicator_set.indicators.get(code="referrals")
        html = signed_in(manager).get(referrals.get_absolute_url()).content.decode()
        assert "<svg" in html and "<polyline" in html and 'stroke-dasharray' in html
        assert "Referrals to children&#x27;s social care by period" in html
        assert "by sex" in html and "fewer than 5" in html  # 3 not recorded: suppressed
        assert "Areas compared" in html and "North" in html

    def test_exceptions_list_what_is_outside_tolerance(self, indicator_set, manager, signed_in,
                                                       partnership):
        services.data_import_start(indicator_set=indicator_set, by=manager,
                                   upload=csv_file(GOOD))
        html = signed_in(manager).get(f"/data/{partnership.slug}/exceptions/").content.decode()
        # Referrals: 120 against a target of 100 (lower is better, 5% tolerance).
        assert "Referrals to children" in html and "Outside tolerance" in html
        assert "Re-referrals" not in html  # 18.5 against 20: on target

    def test_governance_roles_read_the_business_unit_imports(self, indicator_set, make_person,
                                                             signed_in, partnership):
        partner = make_person(Role.LEAD_PARTNER)
        lead = make_person(Role.AGENCY_LEAD)
        client = signed_in(partner)
        assert client.get(f"/data/{partnership.slug}/").status_code == 200
        assert client.get(f"/data/sets/{indicator_set.pk}/imports/new/").status_code == 403
        assert signed_in(lead).get(f"/data/{partnership.slug}/").status_code == 403
        assert not can(lead, Action.VIEW_INTELLIGENCE)

    def test_the_manager_defines_a_set_and_an_indicator(self, manager, signed_in, partnership,
                                                        agency):
        client = signed_in(manager)
        page = client.post(f"/data/{partnership.slug}/sets/new/",
                           {"name": "Early help"}, follow=True)
        assert "Indicator set added" in page.content.decode()
        made = partnership.indicator_sets.get()
        page = client.post(f"/data/sets/{made.pk}/indicators/new/", {
            "name": "Early help assessments", "code": "early-help", "definition": "Started.",
            "owner_agency": agency.pk, "unit": "count", "polarity": "higher", "target": "400",
            "tolerance": "5", "frequency": "monthly", "breakdowns": ["age_band"]}, follow=True)
        assert "Indicator added" in page.content.decode()
        assert made.indicators.get().breakdowns == ["age_band"]

    def test_the_manager_changes_an_indicator_and_its_history_is_kept(
            self, indicator_set, manager, signed_in):
        referrals = indicator_set.indicators.get(code="referrals")
        page = signed_in(manager).post(f"/data/indicators/{referrals.pk}/edit/", {
            "name": "Referrals", "code": "referrals", "definition": "Changed.", "unit": "count",
            "polarity": "lower", "target": "90", "tolerance": "5", "frequency": "monthly",
            "breakdowns": ["sex"]}, follow=True)
        assert "Indicator changed" in page.content.decode()
        referrals.refresh_from_db()
        assert (referrals.target, referrals.breakdowns) == (90, ["sex"])
        assert referrals.history.count() == 2

    def test_an_indicator_code_is_used_once(self, indicator_set, manager, signed_in):
        referrals = indicator_set.indicators.get(code="referrals")
        page = signed_in(manager).post(f"/data/indicators/{referrals.pk}/edit/", {
            "name": "Referrals", "code": "re-referrals", "definition": "x", "unit": "count",
            "polarity": "lower", "tolerance": "5", "frequency": "monthly"})
        assert services.CODE_TAKEN in page.content.decode()

    @pytest.mark.parametrize("url", ["/data/", "/data/north/", "/data/north/exceptions/",
                                     "set"])
    def test_query_count_does_not_grow_with_indicators(self, url, manager, signed_in,
                                                       partnership):
        client = signed_in(manager)
        made = services.indicator_set_create(partnership=partnership, name="Set")
        path = made.get_absolute_url() if url == "set" else url

        def count(n):
            for _ in range(n - made.indicators.count()):
                number = made.indicators.count() + 1
                services.indicator_create(
                    indicator_set=made, code=f"i{number}", name=f"Indicator {number}",
                    definition="x", unit="count", polarity="lower", target=Decimal(10),
                    tolerance=Decimal(5), frequency="monthly", breakdowns=[])
            text = "".join(f"i{i},2026-01,,,{i}\ni{i},2025-12,,,{i + 1}\n"
                           for i in range(1, n + 1))
            services.data_import_start(indicator_set=made, by=manager, upload=csv_file(text))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            return len(queries)

        assert count(3) == count(30)


class _Tables(HTMLParser):
    """Each table of a page by its caption: its rows, each a list of its cells' text (what is
    read out: a visually hidden "no figure" included)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.caption = self.cell = None
        self.rows: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self.caption = []
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self.tables[" ".join("".join(self.caption).split())] = self.rows = []
            self.caption = None
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(" ".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        for collecting in (self.caption, self.cell):
            if collecting is not None:
                collecting.append(data)


def table(html: str, caption: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables[caption]


class TestFiguresAsShown:
    """What the browser walk-through found: each figure shown as the file gave it."""

    def test_a_breakdown_not_in_the_file_has_no_figure_not_zero(self, indicator_set, manager,
                                                               signed_in):
        client = signed_in(manager)
        upload(client, indicator_set, csv_file(GOOD))  # January: the total, sex and areas
        # February: the total and the sex breakdown only; a real 0 for "not recorded".
        upload(client, indicator_set, csv_file("referrals,2026-02,,,118\n"
                                               "referrals,2026-02,Sex,Female,60\n"
                                               "referrals,2026-02,Sex,Male,58\n"
                                               "referrals,2026-02,Sex,Not recorded,0\n"))
        referrals = indicator_set.indicators.get(code="referrals")
        # The import wrote no figure for the areas of February...
        assert not Value.objects.filter(indicator=referrals, period=datetime.date(2026, 2, 1),
                                        breakdown="locality").exists()
        html = client.get(referrals.get_absolute_url()).content.decode()
        name = "Referrals to children's social care"
        # ...so the page shows none for them, beside January's.
        assert table(html, f"{name} by area") == [
            ["Area", "February 2026", "January 2026"],
            ["North", "– no figure", "70"], ["South", "– no figure", "50"]]
        assert table(html, f"{name} by sex") == [
            ["Sex", "February 2026", "January 2026"],
            ["Female", "60", "60"], ["Male", "58", "withheld"],
            ["Not recorded", "0", "fewer than 5"]]  # a 0 in the file is a 0

    def test_a_change_between_percentages_is_in_percentage_points(self, indicator_set, manager,
                                                                  signed_in, partnership):
        client = signed_in(manager)
        upload(client, indicator_set, csv_file(GOOD + "re-referrals,2025-12,,,20\n"))
        html = client.get(f"/data/{partnership.slug}/").content.decode()
        rows = {row[0]: row for row in table(html, "Children's social care")}
        assert rows["Re-referrals within 12 months"][1:5] == [
            "January 2026", "18.5%", "20%", "Better (−1.5 pp )"]
        assert 'Better (−1.5 <abbr title="percentage points">pp</abbr>)' in html
        assert rows["Referrals to children's social care"][4] == "Worse (+10)"  # a number
        re_referrals = indicator_set.indicators.get(code="re-referrals")
        page = client.get(re_referrals.get_absolute_url()).content.decode()
        assert '20% (December 2025): better (−1.5 <abbr title="percentage points">pp</abbr>)' \
            in page

    def test_a_percentage_is_charted_and_captioned_with_its_unit(self, indicator_set, manager,
                                                                  signed_in, partnership):
        client = signed_in(manager)
        upload(client, indicator_set, csv_file(GOOD))
        re_referrals = indicator_set.indicators.get(code="re-referrals")
        page = client.get(re_referrals.get_absolute_url()).content.decode()
        assert ">20%</text>" in page and "Target 20%" in page  # the axis and the target line
        # The yearly report's chart of the same indicator: its caption's target is "20%" as its
        # figures are, not the stored "20.00".
        report = services.yearly_report_build(partnership=partnership, year="2025/26",
                                              by=manager, today=datetime.date(2026, 6, 30))
        html = client.get(f"/data/yearly-reports/{report.pk}/").content.decode()
        assert "Re-referrals within 12 months by period, 2025/26 (target 20%)" in html
        assert "(target 20.00)" not in html and "(target 100)" in html
        assert "Target 20%" in html and ">20%</text>" in html

    def test_imports_that_failed_are_marked_and_only_the_latest_are_listed(
            self, indicator_set, manager, signed_in):
        client = signed_in(manager)
        upload(client, indicator_set, csv_file(GOOD))
        for _ in range(11):
            upload(client, indicator_set, csv_file(BAD, name="bad.csv"))
        html = client.get(indicator_set.get_absolute_url()).content.decode()
        rows = table(html, "The latest 10 imports")[1:]
        assert len(rows) == 10
        assert rows[0][1:3] == [manager.full_name, "Not imported See why bad.csv was not imported"]
        assert 'class="govuk-tag govuk-tag--red"' in html
        assert "?imports=all#imports" in html
        html = client.get(indicator_set.get_absolute_url() + "?imports=all").content.decode()
        rows = table(html, "All imports")[1:]
        assert len(rows) == 12
        assert rows[-1][1:3] == [manager.full_name, "Imported"]


class TestRules:
    @pytest.mark.parametrize(("value", "frequency", "expected"), [
        ("2026-04", "monthly", datetime.date(2026, 4, 1)),
        ("April 2026", "monthly", datetime.date(2026, 4, 1)),
        (datetime.date(2026, 4, 15), "monthly", datetime.date(2026, 4, 1)),
        ("2026-07", "quarterly", datetime.date(2026, 7, 1)),
        ("2026-05", "quarterly", None), ("2026-05", "yearly", None),
        ("2026-13", "monthly", None), ("", "monthly", None),
    ])
    def test_periods(self, value, frequency, expected):
        assert rules.parse_period(value, frequency)[0] == expected

    @pytest.mark.parametrize(("value", "polarity", "expected"), [
        (100, "lower", rules.Standing.ON_TARGET), (104, "lower", rules.Standing.WITHIN_TOLERANCE),
        (106, "lower", rules.Standing.OUTSIDE_TOLERANCE),
        (96, "higher", rules.Standing.WITHIN_TOLERANCE),
        (94, "higher", rules.Standing.OUTSIDE_TOLERANCE),
        (120, "higher", rules.Standing.ON_TARGET)])
    def test_against_target(self, value, polarity, expected):
        assert rules.against_target(Decimal(value), Decimal(100), polarity, Decimal(5)) == expected

    def test_the_chart_marks_gaps_and_escapes_labels(self):
        svg = line_chart([Point("<a>", 1), Point("b", None), Point("c", 3), Point("d", 4)],
                         title="T", target=2)
        assert "&lt;a&gt;" in svg and "<a>" not in svg
        assert svg.count("<polyline") == 1  # the single point before the gap draws no line
        assert svg.count("<circle") == 3

    def test_breakdowns_suppress_small_numbers_of_children(self, indicator_set, manager):
        services.data_import_start(indicator_set=indicator_set, by=manager,
                                   upload=csv_file(GOOD))
        referrals = indicator_set.indicators.get(code="referrals")
        tables = selectors.breakdowns(referrals, datetime.date(2026, 1, 1))
        sex = next(t for t in tables if t.key == "sex")
        assert [r.shown for r in sex.rows] == [60, "withheld", "fewer than 5"]


class TestBusinessPlan:
    def test_priorities_and_their_actions_in_the_shared_tracker(self, manager, signed_in,
                                                                partnership, agency):
        from safeguarding.core.models import ActionItem

        client = signed_in(manager)
        page = client.post(f"/data/{partnership.slug}/plan/priorities/new/",
                           {"year": "2026-27", "title": "Neglect"}, follow=True)
        assert "Priority added" in page.content.decode()
        priority = partnership.priorities.get()
        assert (priority.year, priority.number) == ("2026/27", 1)
        due = datetime.date.today() - datetime.timedelta(days=1)
        page = client.post(f"/data/priorities/{priority.pk}/actions/new/", {
            "title": "Launch the toolkit", "owner_agency": agency.pk,
            "due_on_0": due.day, "due_on_1": due.month, "due_on_2": due.year}, follow=True)
        html = page.content.decode()
        assert "Action added" in html and "Launch the toolkit" in html
        assert "Red (overdue)" in html
        action = ActionItem.objects.get()
        assert action.source == priority
        assert action.source_label == "Business plan 2026/27, priority 1"

    def test_a_business_year_must_be_one(self, manager, signed_in, partnership):
        page = signed_in(manager).post(f"/data/{partnership.slug}/plan/priorities/new/",
                                       {"year": "2026", "title": "Neglect"})
        assert "Enter the business year like 2026/27" in page.content.decode()
        assert not partnership.priorities.exists()

    @pytest.mark.parametrize(("status", "days", "expected"), [
        ("completed", -5, "Green (completed)"), ("open", -1, "Red (overdue)"),
        ("open", 10, "Amber (due soon, not started)"), ("in_progress", 10, "Green (on track)"),
        ("open", 60, "Green (on track)")])
    def test_rag(self, status, days, expected):
        today = datetime.date(2026, 6, 1)
        assert rules.rag(status, today + datetime.timedelta(days=days), today) == expected

    def test_query_count_does_not_grow_with_priorities(self, manager, signed_in, partnership,
                                                       agency):
        client = signed_in(manager)

        def count(n):
            for _ in range(n - partnership.priorities.count()):
                priority = services.priority_add(partnership=partnership, year="2026/27",
                                                 title="P", lead_agency=agency)
                services.priority_action_add(priority=priority, title="A", owner_agency=agency,
                                             due_on=datetime.date(2026, 9, 1), by=manager)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/data/{partnership.slug}/plan/").status_code == 200
            return len(queries)

        assert count(3) == count(30)


class TestBudgetAndRisks:
    def test_contributions_expenditure_and_spend_by_quarter(self, manager, signed_in,
                                                            partnership, agency):
        client = signed_in(manager)
        client.post(f"/data/{partnership.slug}/budget/contributions/new/",
                    {"year": "2026/27", "agency": agency.pk, "amount": "50000"})
        page = client.post(f"/data/{partnership.slug}/budget/lines/new/",
                           {"year": "2026/27", "name": "Business unit staffing",
                            "budget": "40000"}, follow=True)
        assert "Line of expenditure added" in page.content.decode()
        line = partnership.budget_lines.get()
        client.post(f"/data/budget-lines/{line.pk}/spend/",
                    {"q1": "9000", "q2": "10000.50", "q3": "0", "q4": "0"})
        html = client.get(f"/data/{partnership.slug}/budget/?year=2026-27").content.decode()
        assert "£50,000" in html and "£40,000" in html and "£19,000.5" in html
        assert "£30,999.5" in html  # contributions not yet spent
        line.refresh_from_db()
        assert line.history.count() == 2  # added, then spend recorded

    def test_the_risk_register_puts_the_highest_open_risks_first(self, manager, signed_in,
                                                                 partnership, agency):
        client = signed_in(manager)
        for title, likelihood, impact in (("Funding", 2, 2), ("Workforce", 4, 5)):
            client.post(f"/data/{partnership.slug}/risks/new/", {
                "title": title, "owner_agency": agency.pk, "likelihood": likelihood,
                "impact": impact, "status": "open"})
        html = client.get(f"/data/{partnership.slug}/risks/").content.decode()
        assert html.index("Workforce") < html.index("Funding")
        assert "20 <strong class=\"govuk-tag govuk-tag--red\">High" in html
        risk = partnership.risks.get(title="Funding")
        client.post(f"/data/risks/{risk.pk}/", {"title": "Funding", "likelihood": 1,
                                                "impact": 2, "status": "closed"})
        risk.refresh_from_db()
        assert (risk.status, risk.score, risk.history.count()) == ("closed", 2, 2)

    @pytest.mark.parametrize("page", ["budget", "risks"])
    def test_query_count_does_not_grow(self, page, manager, signed_in, partnership, agency):
        client = signed_in(manager)

        def count(n):
            for i in range(partnership.risks.count(), n):
                services.risk_save(partnership=partnership, title=f"R{i}", likelihood=2,
                                   impact=3, owner_agency=agency)
                services.budget_line_add(partnership=partnership, year="2026/27",
                                         name=f"L{i}", budget=Decimal(100))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/data/{partnership.slug}/{page}/?year=2026-27")
                assert response.status_code == 200
            return len(queries)

        assert count(3) == count(30)
