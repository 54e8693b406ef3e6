"""The workflow engine, on the test-only case type: every allowed and every refused move."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Deadline, WorkflowEvent
from safeguarding.core.tests.casework import SampleCaseFactory
from safeguarding.core.workflow import MoveRefused, available_moves, transition
from safeguarding.testing.casework.models import SampleCase
from safeguarding.testing.casework.workflow import SAMPLE_WORKFLOW

pytestmark = pytest.mark.django_db
S = SampleCase.Status

ALLOWED = [
    (S.NOTIFIED, "decide", S.DECIDED),
    (S.DECIDED, "start_review", S.REVIEWING),
    (S.DECIDED, "close", S.CLOSED),
    (S.REVIEWING, "close", S.CLOSED),
]
REFUSED = [
    (state, move.name)
    for state in S.values
    for move in SAMPLE_WORKFLOW.moves
    if state not in move.source
]


@pytest.fixture
def member(make_person):
    return make_person(Role.BUSINESS_MANAGER)


def a_case(partnership, member, status):
    return SampleCaseFactory(partnership=partnership, members=[member], status=status,
                             decision="Meets the criteria")


@pytest.mark.parametrize(("start", "move", "end"), ALLOWED)
def test_allowed_moves(partnership, member, start, move, end):
    case = a_case(partnership, member, start)
    moved = transition(workflow=SAMPLE_WORKFLOW, record=case, move=move, by=member,
                       reason="Agreed at the meeting")
    assert moved.status == end
    event = WorkflowEvent.objects.get(object_id=case.pk, move=move)
    assert (event.from_state, event.to_state, event.actor, event.reason) == (
        start, end, member, "Agreed at the meeting")
    assert moved.version == case.version + 1


@pytest.mark.parametrize(("start", "move"), REFUSED)
def test_moves_out_of_order_are_refused_and_change_nothing(partnership, member, start, move):
    case = a_case(partnership, member, start)
    with pytest.raises(MoveRefused, match="You cannot"):
        transition(workflow=SAMPLE_WORKFLOW, record=case, move=move, by=member, reason="x")
    case.refresh_from_db()
    assert case.status == start
    assert not WorkflowEvent.objects.exists()
    assert not Deadline.objects.exists()


def test_an_unknown_move_is_refused(partnership, member):
    case = a_case(partnership, member, S.NOTIFIED)
    with pytest.raises(MoveRefused, match="not a step"):
        transition(workflow=SAMPLE_WORKFLOW, record=case, move="publish", by=member)


def test_a_person_without_the_right_is_refused(partnership, make_person):
    scrutineer = make_person(Role.INDEPENDENT_SCRUTINEER)
    case = SampleCaseFactory(partnership=partnership, decision="Meets the criteria")
    with pytest.raises(PermissionDenied):
        transition(workflow=SAMPLE_WORKFLOW, record=case, move="decide", by=scrutineer)
    case.refresh_from_db()
    assert case.status == S.NOTIFIED
    assert not WorkflowEvent.objects.exists()


def test_a_non_member_is_refused_even_with_the_role(partnership, make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    case = SampleCaseFactory(partnership=partnership, decision="Meets the criteria")
    with pytest.raises(PermissionDenied):
        transition(workflow=SAMPLE_WORKFLOW, record=case, move="decide", by=manager)


def test_a_guard_stops_the_move_with_its_message(partnership, member):
    case = SampleCaseFactory(partnership=partnership, members=[member], decision="  ")
    with pytest.raises(MoveRefused, match="Record the review group's decision first."):
        transition(workflow=SAMPLE_WORKFLOW, record=case, move="decide", by=member)
    case.refresh_from_db()
    assert case.status == S.NOTIFIED


def test_a_move_that_needs_a_reason_is_refused_without_one(partnership, member):
    case = a_case(partnership, member, S.DECIDED)
    with pytest.raises(MoveRefused, match="Enter the reason"):
        transition(workflow=SAMPLE_WORKFLOW, record=case, move="close", by=member, reason=" ")


def test_moves_start_and_stop_clocks_across_christmas(partnership, member):
    case = a_case(partnership, member, S.NOTIFIED)  # became aware Monday 21 December 2026
    transition(workflow=SAMPLE_WORKFLOW, record=case, move="decide", by=member,
               on=datetime.date(2026, 12, 22))
    notify = Deadline.objects.get(rule__key="national_panel_notification")
    # Day 0 is 21 Dec; 25 and 28 Dec are bank holidays: the fifth working day is 30 Dec.
    assert notify.due_on == datetime.date(2026, 12, 30)
    assert notify.started_on == datetime.date(2026, 12, 21)
    transition(workflow=SAMPLE_WORKFLOW, record=case, move="start_review", by=member,
               on=datetime.date(2026, 12, 23))
    notify.refresh_from_db()
    assert notify.met_on == datetime.date(2026, 12, 23)
    rapid = Deadline.objects.get(rule__key="rapid_review")
    # 25, 28 Dec and 1 Jan are bank holidays: the 15th working day is Thursday 14 January.
    assert rapid.due_on == datetime.date(2027, 1, 14)
    assert rapid.record_label == f"{case.reference} (Child A)"


def test_buttons_come_from_the_same_table(partnership, member, make_person):
    case = a_case(partnership, member, S.DECIDED)
    assert [m.name for m in available_moves(SAMPLE_WORKFLOW, case, member)] == [
        "start_review", "close"]
    scrutineer = make_person(Role.INDEPENDENT_SCRUTINEER)
    assert available_moves(SAMPLE_WORKFLOW, case, scrutineer) == []


def test_the_table_refuses_unknown_states():
    from safeguarding.core.workflow import Move, Workflow

    with pytest.raises(ValueError, match="unknown states"):
        Workflow(name="broken", states=S, moves=(
            Move("x", "X", source=("nowhere",), to=S.CLOSED, who="move_case"),))


def test_the_diagram_is_drawn_from_the_table():
    diagram = SAMPLE_WORKFLOW.mermaid()
    assert "notified --> decided: Record the decision" in diagram
    assert diagram.count("-->") == 4
