"""The notification process review: the cohort of a period, working days across Christmas bank
holidays, medians and worst cases against each clock, practice reviews, themes, suppression of
small numbers (primary and secondary), and the page, the Excel workbook and the PDF."""

import datetime
from io import BytesIO

import pytest
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.forms import DATES_BACKWARDS
from safeguarding.core.models import AccessEvent, ClosureDay, WorkflowEvent
from safeguarding.core.suppression import FEWER_THAN_5, WITHHELD, suppress
from safeguarding.core.workflow import transition
from safeguarding.reviews import reporting, services
from safeguarding.reviews.models import Incident
from safeguarding.reviews.report_forms import FROM_INVALID
from safeguarding.reviews.reporting import Period
from safeguarding.reviews.tests.factories import IncidentFactory, final_report_signed_off
from safeguarding.reviews.workflow import INCIDENT_WORKFLOW

pytestmark = pytest.mark.django_db
D = datetime.date
S = Incident.Status
YEAR = Period(D(2026, 4, 1), D(2027, 3, 31))
LATER = D(2027, 9, 1)  # "today" for the figures: every clock of the cohort has run out
URL = "/partnerships/north/notification-review/"


@pytest.fixture
def manager(make_person):
    return make_person(Role.BUSINESS_MANAGER)


@pytest.fixture
def partner(make_person):
    return make_person(Role.LEAD_PARTNER)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def record(incident, by, **changes):
    fresh = Incident.objects.get(pk=incident.pk)
    return services.incident_record(incident=fresh, expected_version=fresh.version, by=by,
                                    **changes)


def move(incident, name, by, on):
    """Make the move as `by`, and date its event `on` (the day it was recorded)."""
    moved = transition(workflow=INCIDENT_WORKFLOW, record=Incident.objects.get(pk=incident.pk),
                       move=name, by=by, on=on)
    WorkflowEvent.objects.filter(object_id=incident.pk, move=name).update(at=at(on))
    return moved


def notified(partnership, agency, people, day, **fields):
    incident = IncidentFactory(partnership=partnership, notifying_agency=agency,
                               members=people, became_aware=day, **fields)
    Incident.objects.filter(pk=incident.pk).update(notified_at=at(day))
    return incident


def walk(incident, *, manager, partner, criteria_on, aware=None, panel_on=None, rapid_on=None,
         decided_on=None, route="", final_sent_on=None, published_on=None):
    """Take a notified incident through the workflow, each step on its own day."""
    record(incident, manager, criteria_reasons="Serious harm; neglect suspected.",
           la_became_aware=aware)
    if aware is None:
        return move(incident, "does_not_meet", manager, criteria_on)
    move(incident, "meets_criteria", manager, criteria_on)
    if panel_on is None:
        return incident
    record(incident, manager, panel_notified_on=panel_on, panel_reference="CSPRP-1")
    move(incident, "panel_notified", manager, panel_on)
    if rapid_on is None:
        return incident
    record(incident, manager, rapid_review_facts="Facts.", rapid_review_learning="Learning.",
           recommended_route=route, rapid_review_sent_on=rapid_on)
    move(incident, "send_rapid_review", manager, rapid_on)
    if decided_on is None:
        return incident
    record(incident, manager, route=route, route_reasons="Reasons.", decided_on=decided_on)
    name = {"practice_review": "commission_review"}.get(route, route)
    move(incident, name, partner, decided_on)
    if final_sent_on is None:
        return incident
    record(incident, manager, final_report_sent_on=final_sent_on,
           publication_planned_on=published_on, published_title="Child A",
           published_text="A redacted report.")
    final_report_signed_off(Incident.objects.get(pk=incident.pk), manager,
                            partners=[incident.notifying_agency])
    move(incident, "send_final_report", manager, final_sent_on)
    return services.incident_publish(incident=Incident.objects.get(pk=incident.pk), by=manager,
                                     on=published_on)


@pytest.fixture
def scenario(partnership, agency, manager, partner):
    """Six notifications in 2026/27 (one published, one late, one refused, one awaiting...), and
    two that must not count: one sent after the year ended, and a draft."""
    people = [manager, partner]
    case = {}
    # Aware Monday 21 December 2026: 25 and 28 December (Boxing Day's substitute) and
    # 1 January are bank holidays, so 30 December is working day 5 and 14 January day 15.
    case["a"] = walk(notified(partnership, agency, people, D(2026, 12, 21)),
                     manager=manager, partner=partner, criteria_on=D(2026, 12, 23),
                     aware=D(2026, 12, 21), panel_on=D(2026, 12, 30), rapid_on=D(2027, 1, 14),
                     decided_on=D(2027, 1, 21), route="practice_review",
                     final_sent_on=D(2027, 5, 4), published_on=D(2027, 6, 1))
    # The review group's decision recorded on the case wins over the day of the move.
    b = notified(partnership, agency, people, D(2026, 12, 22))
    record(b, manager, decided_criteria_on=D(2026, 12, 24))
    case["b"] = walk(b, manager=manager, partner=partner, criteria_on=D(2027, 1, 4),
                     aware=D(2026, 12, 22), panel_on=D(2026, 12, 31), rapid_on=D(2027, 1, 20),
                     decided_on=D(2027, 1, 27), route="no_further_review")
    # Panel notified on working day 6 (late); the rapid review never sent (overdue).
    case["c"] = walk(notified(partnership, agency, people, D(2026, 12, 21)),
                     manager=manager, partner=partner, criteria_on=D(2027, 1, 4),
                     aware=D(2026, 12, 21), panel_on=D(2026, 12, 31))
    case["d"] = walk(notified(partnership, agency, people, D(2026, 10, 5)),
                     manager=manager, partner=partner, criteria_on=D(2026, 10, 7))
    case["e"] = notified(partnership, agency, people, D(2027, 3, 10))
    # A practice review decided on 6 November 2026, not published 6 months on.
    case["h"] = walk(notified(partnership, agency, people, D(2026, 10, 15)),
                     manager=manager, partner=partner, criteria_on=D(2026, 10, 16),
                     aware=D(2026, 10, 15), panel_on=D(2026, 10, 20), rapid_on=D(2026, 11, 4),
                     decided_on=D(2026, 11, 6), route="practice_review")
    notified(partnership, agency, people, D(2027, 4, 2))
    IncidentFactory(partnership=partnership, notifying_agency=agency, status=S.DRAFT,
                    became_aware=D(2026, 12, 1))
    return case


def timing(review, key):
    return next(t for t in review.timeliness if t.point.key == key)


class TestTheFigures:
    def test_the_workflow_table_decides_what_met_the_criteria(self):
        everything_after = set(S) - {S.DRAFT, S.NOTIFIED, S.NOT_MET}
        assert everything_after == reporting.MET

    def test_counts_of_the_cohort(self, partnership, scenario):
        review = reporting.notification_review(partnership, period=YEAR, today=LATER)
        assert (review.received, review.meets, review.not_met, review.awaiting) == (6, 4, 1, 1)

    def test_working_days_across_christmas_median_and_worst_against_each_clock(
            self, partnership, scenario):
        review = reporting.notification_review(partnership, period=YEAR, today=LATER)
        group = timing(review, "review_group")
        assert group.days == (1, 2, 2, 2, 7) and group.median == 2 and group.worst == 7
        assert group.on_time is None and group.point.clock is None
        panel = timing(review, "panel")
        assert panel.days == (3, 5, 5, 6)  # 30 December is day 5, 31 December day 6
        assert (panel.median, panel.worst, panel.on_time, panel.late, panel.overdue) == (
            5, 6, 3, 1, 0)
        assert panel.clock_label == "5 working days"
        rapid = timing(review, "rapid_review")
        assert rapid.days == (14, 15, 18)  # 14 January is day 15
        assert (rapid.median, rapid.worst, rapid.on_time, rapid.late, rapid.overdue) == (
            15, 18, 2, 1, 1)
        partners = timing(review, "partners")
        assert partners.days == (2, 5, 5) and partners.median == 5

    def test_an_even_number_of_cases_has_a_half_day_median(self, partnership, scenario):
        review = reporting.notification_review(partnership, period=YEAR, today=LATER)
        assert timing(review, "panel").median == 5
        only_two = reporting.Timeliness(reporting.DECISION_POINTS[0], (2, 7), (), None, None,
                                        None)
        assert only_two.median == 4.5

    def test_the_partnerships_closure_days_are_not_counted(self, partnership, agency, manager,
                                                           partner):
        ClosureDay.objects.create(partnership=partnership, day=D(2026, 12, 24),
                                  reason="Christmas shutdown")
        walk(notified(partnership, agency, [manager, partner], D(2026, 12, 21)),
             manager=manager, partner=partner, criteria_on=D(2026, 12, 22),
             aware=D(2026, 12, 21), panel_on=D(2026, 12, 30))
        review = reporting.notification_review(partnership, period=YEAR, today=LATER)
        assert timing(review, "panel").days == (4,)

    def test_practice_reviews_commissioned_published_and_overdue(self, partnership, scenario):
        reviews = reporting.notification_review(partnership, period=YEAR,
                                                today=LATER).practice_reviews
        assert reviews == reporting.PracticeReviews(
            commissioned=2, under_way=1, published=1, published_on_time=1, not_published=0,
            overdue=1)
        # Before its six months ran out, the review under way was not overdue.
        early = reporting.notification_review(partnership, period=YEAR, today=D(2027, 5, 1))
        assert early.practice_reviews.overdue == 0
        assert timing(early, "rapid_review").overdue == 1

    def test_themes_are_the_routes_and_the_panels_replies(self, partnership, scenario):
        review = reporting.notification_review(partnership, period=YEAR, today=LATER)
        assert dict(review.routes) == {
            "Local child safeguarding practice review": 2,
            "No further review: learning already identified": 1,
            "Practitioner learning event": 0, "Thematic review": 0, "Not decided yet": 1}
        assert dict(review.panel_responses)["No reply recorded yet"] == 3
        assert review.legal_status.total == 6

    def test_the_default_period_is_the_business_year_of_today(self, partnership, scenario):
        review = reporting.notification_review(partnership, today=D(2027, 2, 1))
        assert review.period == YEAR and review.period.label.startswith("2026/27")
        assert reporting.notification_review(partnership, today=D(2027, 4, 5)).received == 1

    def test_a_period_not_a_business_year_is_named_by_its_dates(self):
        assert Period(D(2026, 12, 1), D(2026, 12, 31)).label == "1 December 2026 to 31 " \
                                                                "December 2026"


class TestSuppression:
    def test_small_numbers_are_fewer_than_5_and_zero_stays_zero(self):
        cells = suppress([("A", 0), ("B", 5), ("C", 12), ("D", 2), ("E", 3)])
        assert [c.shown for c in cells] == [0, 5, 12, FEWER_THAN_5, FEWER_THAN_5]

    def test_one_suppressed_number_takes_the_next_smallest_with_it(self):
        cells = suppress([("A", 0), ("B", 3), ("C", 12), ("D", 7)])
        assert [c.shown for c in cells] == [0, FEWER_THAN_5, 12, WITHHELD]

    def test_a_zero_is_withheld_only_when_nothing_else_is_left(self):
        assert [c.shown for c in suppress([("A", 3), ("B", 0), ("C", 6)])] == [
            FEWER_THAN_5, 0, WITHHELD]
        assert [c.shown for c in suppress([("A", 3), ("B", 0)])] == [FEWER_THAN_5, WITHHELD]

    def test_small_numbers_whose_sum_gives_them_away_take_another_with_them(self):
        # Two cells of "fewer than 5" adding up to 2 can only be 1 and 1.
        cells = suppress([("A", 1), ("B", 1), ("C", 10)])
        assert [c.shown for c in cells] == [FEWER_THAN_5, FEWER_THAN_5, WITHHELD]
        # Adding up to 5, they could be 1 and 4, 2 and 3...: nothing more to hide.
        cells = suppress([("A", 2), ("B", 3), ("C", 10)])
        assert [c.shown for c in cells] == [FEWER_THAN_5, FEWER_THAN_5, 10]

    def test_when_nothing_can_hide_a_number_every_cell_is_withheld(self):
        assert [c.shown for c in suppress([("A", 1), ("B", 0)])] == [WITHHELD, WITHHELD]

    def test_nothing_is_suppressed_when_every_number_is_5_or_more(self):
        assert [c.shown for c in suppress([("A", 5), ("B", 9), ("C", 0)])] == [5, 9, 0]

    def test_the_report_suppresses_the_childrens_characteristics(self, partnership, agency):
        for sex in ["female"] * 6 + ["male"]:
            notified(partnership, agency, [], D(2026, 11, 2), sex=sex)
        review = reporting.notification_review(partnership, period=YEAR, today=LATER)
        sex = {c.label: c.shown for c in review.characteristics[1].cells}
        assert sex == {"Female": WITHHELD, "Male": FEWER_THAN_5, "Not known": 0}
        age = {c.label: c.shown for c in review.characteristics[0].cells}
        assert age["1 to 4"] == 7 and age["Under 1"] == 0

    def test_typed_ethnicities_count_together_whatever_their_case(self, partnership, agency):
        for text in ["White British"] * 4 + ["white  british", "Mixed"]:
            notified(partnership, agency, [], D(2026, 11, 2), ethnicity=text)
        review = reporting.notification_review(partnership, period=YEAR, today=LATER)
        ethnicity = {c.label: (c.count, c.shown) for c in review.characteristics[2].cells}
        assert ethnicity == {"Mixed": (1, FEWER_THAN_5), "White British": (5, WITHHELD)}


@pytest.fixture
def scrutineer(make_person):
    return make_person(Role.INDEPENDENT_SCRUTINEER)


def period_query(period=YEAR):
    return f"?from={period.starts_on:%Y-%m-%d}&to={period.ends_on:%Y-%m-%d}"


class TestThePage:
    def test_the_scrutineer_sees_the_review(self, scrutineer, signed_in, scenario):
        response = signed_in(scrutineer).get(URL + period_query())
        assert response.status_code == 200
        page = response.content.decode()
        assert "Notification process review" in page
        assert "local child safeguarding practice review" in page and "LCSPR" not in page
        assert "Child Safeguarding Practice Review Panel (the National Panel)" in page
        review = response.context["review"]
        assert review.received == 6
        row = page.split('id="timeliness-panel"')[1].split("</tr>")[0]
        assert [cell.split(">")[-1] for cell in row.split("</td>")[1:-1]] == [
            "4", "5", "6", "3", "1", "0"]
        for case in scenario.values():
            assert case.reference not in page and case.pseudonym not in page

    def test_an_agency_lead_is_refused(self, make_person, signed_in, scenario):
        client = signed_in(make_person(Role.AGENCY_LEAD))
        for suffix in ("/", ".xlsx", ".pdf"):
            assert client.get(URL.rstrip("/") + suffix).status_code == 403

    def test_the_default_period_is_the_current_business_year(self, manager, signed_in):
        response = signed_in(manager).get(URL)
        year = BusinessYear.of(timezone.localdate())
        assert response.context["review"].period == Period.of_business_year(year)
        assert f'value="{year.starts_on:%Y-%m-%d}"' in response.content.decode()

    @pytest.mark.parametrize(("query", "message"), [
        ("?from=2027-03-31&to=2026-04-01", DATES_BACKWARDS),
        ("?from=2026-13-01&to=2027-03-31", FROM_INVALID),
    ])
    def test_a_period_that_is_not_real_is_shown_in_the_error_summary(self, manager, signed_in,
                                                                     query, message):
        client = signed_in(manager)
        for suffix in ("/", ".xlsx"):
            response = client.get(URL.rstrip("/") + suffix + query)
            page = response.content.decode()
            assert response.status_code == 200 and "There is a problem" in page
            assert message in page
            assert 'id="timeliness"' not in page and response.context["review"] is None
            assert "(error)" in page.split("</title>")[0]

    def test_the_query_count_does_not_grow_with_the_incidents(self, partnership, agency,
                                                              manager, signed_in):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = signed_in(manager)

        def count(n):
            for i in range(n - Incident.objects.count()):
                incident = notified(partnership, agency, [manager], D(2026, 10, 1) +
                                    datetime.timedelta(days=i % 60),
                                    criteria_reasons="Reasons.", la_became_aware=D(2026, 10, 1))
                move(incident, "meets_criteria", manager, D(2026, 10, 2))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(URL + period_query())
                assert response.status_code == 200
            assert response.context["review"].received == n
            return len(queries)

        assert count(3) == count(30)


class TestTheDownloads:
    def test_the_workbook_holds_the_pages_figures_and_no_formula(self, partnership, agency,
                                                                 manager, signed_in, scenario):
        from openpyxl import load_workbook

        notified(partnership, agency, [manager], D(2026, 11, 2), ethnicity="=HYPERLINK(1)")
        client = signed_in(manager)
        page = client.get(URL + period_query()).context["review"]
        response = client.get(URL.rstrip("/") + ".xlsx" + period_query())
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            'attachment; filename="notification-review-north-2026-04-01-to-2027-03-31.xlsx"')
        book = load_workbook(BytesIO(response.content))
        summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
        assert summary["Notifications received"] == page.received == 7
        assert summary["Meeting the criteria"] == page.meets
        timeliness = {row[0]: row for row in book["Time to each decision"].iter_rows(
            values_only=True)}
        for t in page.timeliness:
            assert timeliness[t.point.label][3:9] == (
                t.cases, t.median, t.worst,
                *(("n/a",) * 3 if t.on_time is None else (t.on_time, t.late, t.overdue)))
        assert timeliness["Rapid review sent"][3:9] == (3, 15, 18, 2, 1, 0)
        children = list(book["Children"].iter_rows(values_only=True))
        assert ("Ethnicity", "'=HYPERLINK(1)", FEWER_THAN_5) in children
        assert not any(isinstance(value, str) and value.startswith("=")
                       for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                       for value in row)
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT, user=manager).exists()

    def test_the_pdf_is_a_pdf_of_the_same_page(self, scrutineer, signed_in, scenario):
        response = signed_in(scrutineer).get(URL.rstrip("/") + ".pdf" + period_query())
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"].startswith("attachment;")
        event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT, user=scrutineer)
        assert "(PDF)" in event.detail
