"""Clock rules are data with a source and a version; due dates are stored, never moved."""

import datetime

import pytest

from safeguarding.core import clocks
from safeguarding.core.calendar import WorkingCalendar
from safeguarding.core.clocks import add_months, compute_due
from safeguarding.core.models import ClosureDay
from safeguarding.core.services import clock_rule_change, clock_rule_current, deadline_start
from safeguarding.core.tests.casework import SampleCaseFactory

D = datetime.date


@pytest.mark.parametrize(("start", "months", "due"), [
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2028, 1, 31), 1, D(2028, 2, 29)),
    (D(2026, 8, 31), 6, D(2027, 2, 28)),
    (D(2026, 11, 23), 6, D(2027, 5, 23)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),
])
def test_calendar_months(start, months, due):
    assert add_months(start, months) == due


def test_hours_rules_need_a_moment():
    moment = datetime.datetime(2026, 11, 23, 9, 30)
    assert compute_due("hours", 48, moment, WorkingCalendar()) == moment + datetime.timedelta(
        hours=48)
    with pytest.raises(TypeError):
        compute_due("hours", 48, D(2026, 11, 23), WorkingCalendar())


def test_every_statutory_clock_names_its_source():
    for clock in clocks.CLOCKS.values():
        assert clock.source.strip(), clock.key
    assert clocks.RAPID_REVIEW_DUE.amount == 15
    assert clocks.RAPID_REVIEW_DUE.unit == "working_days"
    assert clocks.NATIONAL_PANEL_NOTIFICATION_DUE.amount == 5
    assert clocks.PRACTICE_REVIEW_DUE.unit == "calendar_months"
    assert "re-confirm" in clocks.PRE_PUBLICATION_DUE.note


def test_a_clock_cannot_be_declared_twice():
    with pytest.raises(ValueError, match="declared twice"):
        clocks.WorkingDays(5, key="rapid_review", since="x", label="x", source="x")


@pytest.mark.django_db
def test_changing_a_rule_affects_new_records_only(partnership):
    first = SampleCaseFactory(partnership=partnership, la_became_aware=D(2026, 3, 2))
    old = deadline_start(record=first, key="rapid_review", started_on=first.la_became_aware,
                         partnership=partnership)
    assert old.due_on == D(2026, 3, 23)
    rule = clock_rule_change(key="rapid_review", amount=20, partnership=partnership,
                             source="Local agreement (test)")
    assert rule.version == 1  # the partnership's own first version
    second = SampleCaseFactory(partnership=partnership, la_became_aware=D(2026, 3, 2))
    new = deadline_start(record=second, key="rapid_review", started_on=second.la_became_aware,
                         partnership=partnership)
    old.refresh_from_db()
    assert old.due_on == D(2026, 3, 23)
    assert old.rule.amount == 15
    assert new.due_on == D(2026, 3, 30)
    assert new.rule == rule


@pytest.mark.django_db
def test_a_partnerships_rule_does_not_change_anothers(partnership, other_partnership):
    clock_rule_change(key="section_11", amount=24, partnership=partnership,
                      source="Every two years here")
    assert clock_rule_current("section_11", partnership).amount == 24
    assert clock_rule_current("section_11", other_partnership).amount == 12


@pytest.mark.django_db
def test_closure_days_stop_working_day_clocks(partnership):
    ClosureDay.objects.create(partnership=partnership, day=D(2026, 12, 29),
                              reason="Christmas closure")
    case = SampleCaseFactory(partnership=partnership, la_became_aware=D(2026, 12, 21))
    deadline = deadline_start(record=case, key="national_panel_notification",
                              started_on=case.la_became_aware, partnership=partnership)
    assert deadline.due_on == D(2026, 12, 31)


@pytest.mark.django_db
def test_starting_a_clock_twice_keeps_the_first_due_date(partnership):
    case = SampleCaseFactory(partnership=partnership)
    first = deadline_start(record=case, key="rapid_review", started_on=D(2026, 3, 2),
                           partnership=partnership)
    again = deadline_start(record=case, key="rapid_review", started_on=D(2026, 4, 2),
                           partnership=partnership)
    assert again == first
    assert again.due_on == D(2026, 3, 23)


def test_a_rule_counted_back_from_a_planned_publication():
    # Publication planned for Monday 15 June 2026: the final report must reach the National
    # Panel and the Secretary of State at least 7 working days before, so by Thursday 4 June
    # (publication is then the 7th working day after sending).
    assert clocks.PRE_PUBLICATION_DUE.due(D(2026, 6, 15)) == D(2026, 6, 4)
    from safeguarding.core.calendar import add_working_days, working_days_between

    due = clocks.PRE_PUBLICATION_DUE.due(D(2026, 6, 15))
    assert working_days_between(due, D(2026, 6, 15)) == 7
    assert add_working_days(due, 7) == D(2026, 6, 15)
    # Across Easter 2027: publication Wednesday 31 March; counting back skips Easter Monday
    # (29 March) and Good Friday (26 March).
    assert clocks.PRE_PUBLICATION_DUE.due(D(2027, 3, 31)) == D(2027, 3, 18)
