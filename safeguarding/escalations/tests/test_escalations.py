"""Practitioner disagreements: raising one, each stage's outcome and clock, who sees it, the
refusals (one's own agency, a skipped stage, a date to come) and the report."""

import datetime

import pytest
from django.utils import timezone

from safeguarding.accounts.policy import Action, can, scope
from safeguarding.accounts.roles import Role
from safeguarding.core.calendar import WorkingCalendar
from safeguarding.core.models import AccessEvent, Deadline
from safeguarding.core.workflow import history
from safeguarding.escalations import rules, selectors, services
from safeguarding.escalations.models import Escalation, EscalationStep
from safeguarding.escalations.tests.factories import stages_for
from safeguarding.partnership.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(partnership):
    return AgencyFactory(name="Northshire County Council", partnerships=[partnership])


@pytest.fixture
def stages(partnership):
    return stages_for(partnership)


def working_days_ago(n):
    return WorkingCalendar().working_days_before(timezone.localdate(), n)


def raise_one(by, partnership, agency, other, raised_on=None, **extra):
    values = dict(reference="NSCP-DIS-001", theme="threshold", concern="Closed too soon.",
                  wanted="An assessment.", raised_on=raised_on or timezone.localdate())
    values.update(extra)
    return services.escalation_raise(by=by, partnership=partnership, raising_agency=agency,
                                     other_agency=other, **values)


def record(escalation, by, next_step, on=None, to_stage=None):
    escalation.refresh_from_db()
    if to_stage is None and next_step == "escalate":
        to_stage = escalation.stage.number + 1
    return services.stage_outcome_record(
        escalation=escalation, by=by, expected_version=escalation.version, outcome="Talked.",
        outcome_on=on or timezone.localdate(), next_step=next_step, to_stage=to_stage)


def test_a_disagreement_escalates_stage_by_stage_with_its_clocks(partnership, agency, council,
                                                                 stages, make_person):
    practitioner = make_person(Role.PRACTITIONER, two_factor=False)
    manager = make_person(Role.BUSINESS_MANAGER)
    raised = working_days_ago(4)
    escalation = raise_one(practitioner, partnership, agency, council, raised_on=raised)
    assert escalation.stage.number == 1
    assert escalation.stage_due_on == WorkingCalendar().add_working_days(raised, 2)
    assert escalation.is_overdue(timezone.localdate())
    clock = Deadline.objects.get(object_id=escalation.pk, rule__key="escalation_stage")
    assert clock.due_on == escalation.stage_due_on and clock.owner_agency == agency

    escalation = record(escalation, manager, "escalate")
    assert escalation.stage.number == 2 and escalation.status == "open"
    first = EscalationStep.objects.get(escalation=escalation, stage__number=1)
    assert first.is_late and first.result == "escalated"
    clock.refresh_from_db()
    assert clock.met_on == timezone.localdate()
    escalation = record(escalation, manager, "escalate")
    escalation = record(escalation, manager, "resolve")
    assert escalation.status == Escalation.Status.RESOLVED
    assert escalation.resolved_on == timezone.localdate()
    assert not Deadline.objects.filter(object_id=escalation.pk, rule__key="escalation_stage",
                                       met_on__isnull=True).exists()
    assert [e.move for e in history(escalation)] == ["escalate", "escalate", "resolve"]


def test_a_disagreement_with_ones_own_agency_is_refused(partnership, agency, stages,
                                                       make_person):
    practitioner = make_person(Role.PRACTITIONER, two_factor=False)
    with pytest.raises(Exception) as refused:
        raise_one(practitioner, partnership, agency, agency)
    assert rules.OWN_AGENCY in str(refused.value)
    assert not Escalation.objects.exists()


def test_a_stage_cannot_be_skipped_and_nothing_changes(partnership, agency, council, stages,
                                                       make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    escalation = raise_one(manager, partnership, agency, council)
    with pytest.raises(Exception) as refused:
        record(escalation, manager, "escalate", to_stage=3)
    assert rules.SKIPPED_STAGE.format(number=2, name="line managers") in str(refused.value)
    escalation.refresh_from_db()
    assert escalation.stage.number == 1
    assert not EscalationStep.objects.filter(outcome_on__isnull=False).exists()


def test_the_last_stage_can_only_resolve(partnership, agency, council, stages, make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    escalation = raise_one(manager, partnership, agency, council)
    for _ in range(3):
        escalation = record(escalation, manager, "escalate")
    with pytest.raises(Exception) as refused:
        record(escalation, manager, "escalate", to_stage=5)
    assert rules.LAST_STAGE in str(refused.value)


def test_dates_to_come_and_before_the_stage_are_refused(partnership, agency, council, stages,
                                                        make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(Exception, match="must be today or in the past"):
        raise_one(manager, partnership, agency, council, raised_on=tomorrow)
    escalation = raise_one(manager, partnership, agency, council)
    with pytest.raises(Exception, match="must be today or in the past"):
        record(escalation, manager, "resolve", on=tomorrow)
    with pytest.raises(Exception, match="when this stage began"):
        record(escalation, manager, "resolve", on=timezone.localdate() - datetime.timedelta(1))


def test_who_sees_a_disagreement(partnership, agency, council, stages, make_person):
    practitioner = make_person(Role.PRACTITIONER, two_factor=False)
    colleague = make_person(Role.PRACTITIONER, two_factor=False)
    lead = make_person(Role.AGENCY_LEAD)
    other_lead = make_person(Role.AGENCY_LEAD, where=council)
    third_lead = make_person(Role.AGENCY_LEAD, where=AgencyFactory(partnerships=[partnership]))
    manager = make_person(Role.BUSINESS_MANAGER)
    partner = make_person(Role.DELEGATED_PARTNER)
    escalation = raise_one(practitioner, partnership, agency, council)
    for person, sees in ((practitioner, True), (colleague, False), (lead, True),
                         (other_lead, True), (third_lead, False), (manager, True),
                         (partner, False)):
        assert can(person, Action.VIEW_ESCALATION, escalation) is sees, person
        assert scope(person, Action.VIEW_ESCALATION,
                     Escalation.objects.all()).exists() is sees, person
    assert can(partner, Action.VIEW_ESCALATION_REPORT, partnership)


def test_the_page_is_logged_and_a_stranger_refused(client, signed_in, partnership, agency,
                                                   council, stages, make_person):
    lead = make_person(Role.AGENCY_LEAD, where=council)
    escalation = raise_one(make_person(Role.PRACTITIONER, two_factor=False), partnership,
                           agency, council)
    page = signed_in(lead).get(escalation.get_absolute_url())
    assert page.status_code == 200
    assert AccessEvent.objects.filter(kind="view", user=lead,
                                      record_label="NSCP-DIS-001: disagreement").exists()
    third = make_person(Role.AGENCY_LEAD, where=AgencyFactory(partnerships=[partnership]))
    assert signed_in(third).get(escalation.get_absolute_url()).status_code == 403


def test_the_outcome_page_refuses_a_skipped_stage_with_a_message(signed_in, partnership, agency,
                                                                council, stages, make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    escalation = raise_one(manager, partnership, agency, council)
    client = signed_in(manager)
    day = timezone.localdate()
    response = client.post(f"/disagreements/{escalation.pk}/outcome/", {
        "version": escalation.version, "to_stage": 3, "outcome": "Talked.",
        "outcome_on_0": day.day, "outcome_on_1": day.month, "outcome_on_2": day.year,
        "next_step": "escalate"})
    assert response.status_code == 200
    assert "a stage cannot be skipped" in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.stage.number == 1 and escalation.version == 1


def test_the_report_counts_pairs_stages_time_and_themes(partnership, agency, council, stages,
                                                        make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    done = raise_one(manager, partnership, agency, council, raised_on=working_days_ago(3))
    record(done, manager, "resolve")
    raise_one(manager, partnership, council, agency, reference="NSCP-DIS-002",
              theme="information_sharing", raised_on=working_days_ago(5))
    report = selectors.escalation_report(partnership, today=timezone.localdate(),
                                         calendar=WorkingCalendar())
    assert (report.total, report.open, report.resolved) == (2, 1, 1)
    assert report.pairs == [(agency.name, council.name, 2)] or report.pairs == [
        (council.name, agency.name, 2)]
    first = report.stages[0]
    assert (first.reached, first.resolved_here, first.late, first.open_overdue) == (2, 1, 1, 1)
    assert report.resolved_within_target == 0 and report.median_working_days == 3
    assert dict(report.themes) == {"Whether the child's needs meet the level for a service": 1,
                                   "Information sharing": 1}


def test_the_list_page_query_count_does_not_grow(signed_in, partnership, agency, council, stages,
                                                 make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    client = signed_in(manager)
    for n in range(3):
        raise_one(manager, partnership, agency, council, reference=f"R-{n}")
    client.get("/disagreements/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/disagreements/")
    for n in range(3, 13):
        raise_one(manager, partnership, agency, council, reference=f"R-{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/disagreements/")
    assert len(many) == len(few)
