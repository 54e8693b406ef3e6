"""Case records of a generated partnership: serious incidents with their information requests,
child deaths with their reporting forms, the deadlines their clocks set, and the actions in the
shared tracker. Each record is in a state its age makes likely, with the fields that state
needs filled in (what the workflow's guards would have asked for)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from safeguarding.child_deaths.models import AgencyReport, ChildDeath
from safeguarding.core import clocks
from safeguarding.core.calendar import WorkingCalendar
from safeguarding.core.models import ActionItem, Deadline
from safeguarding.core.services import clock_rule_current
from safeguarding.reviews.models import AgeBand, Incident, InformationRequest, LegalStatus
from safeguarding.testing.generate import plan as sizes
from safeguarding.testing.generate.plan import Plan
from safeguarding.testing.generate.sink import Sink
from safeguarding.testing.generate.structure import Place

FICTIONAL = "(Generated: fictional.)"
ETHNICITIES = ("White British", "Asian or Asian British", "Black or Black British",
               "Mixed or multiple ethnic groups", "White other", "Not known")
DAY = timedelta(days=1)
SI = Incident.Status
D = ChildDeath.Status


class Clocks:
    """Due dates as the services compute them: the national rule in force, on the calendar."""

    def __init__(self):
        self.calendar = WorkingCalendar()
        self.rules = {}

    def deadline(self, record, clock: clocks.Clock, started_on: date, *, met_on=None,
                 owner_agency=None, partnership_id=None) -> Deadline:
        rule = self.rules.get(clock.key)
        if rule is None:
            rule = self.rules[clock.key] = clock_rule_current(clock.key)
        due = clocks.compute_due(rule.unit, rule.amount, started_on, self.calendar)
        return Deadline(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
            partnership_id=partnership_id or record.partnership_id, rule=rule,
            label=rule.label, record_label=str(getattr(record, "log_label", record))[:200],
            record_reference=getattr(record, "reference", "")[:40], started_on=started_on,
            due_on=due, met_on=met_on, owner_agency=owner_agency,
            url=record.get_absolute_url())


# -- serious incidents ----------------------------------------------------------------------------


def incident_status(plan: Plan, became_aware: date) -> str:
    """Recent notifications are still moving; older ones have reached an end."""
    age = (plan.today - became_aware).days
    if age < 7:
        return SI.NOTIFIED
    if age < 15:
        return SI.MEETS
    if age < 25:
        return SI.PANEL_NOTIFIED
    if age < 60:
        return SI.RAPID_REVIEW_SENT
    ends = (SI.NOT_MET, SI.NO_FURTHER_REVIEW, SI.OTHER_LEARNING, SI.PUBLISHED)
    if age < 365:
        ends = (SI.NOT_MET, SI.NO_FURTHER_REVIEW, SI.PRACTICE_REVIEW)
    return plan.rng.choices(ends, weights=(45, 25, 10, 20)[:len(ends)])[0]


REACHED = {  # how far along the workflow each state is: whose stages' fields are filled in
    SI.NOTIFIED: 0, SI.NOT_MET: 1, SI.MEETS: 1, SI.PANEL_NOTIFIED: 2, SI.RAPID_REVIEW_SENT: 3,
    SI.NO_FURTHER_REVIEW: 4, SI.OTHER_LEARNING: 4, SI.PRACTICE_REVIEW: 4, SI.PUBLISHED: 5,
}
ROUTE_OF = {SI.NO_FURTHER_REVIEW: Incident.Route.NO_FURTHER_REVIEW,
            SI.OTHER_LEARNING: Incident.Route.LEARNING_EVENT,
            SI.PRACTICE_REVIEW: Incident.Route.PRACTICE_REVIEW,
            SI.PUBLISHED: Incident.Route.PRACTICE_REVIEW}


def incident_make(plan: Plan, place: Place, number: int, became_aware: date) -> Incident:
    rng = plan.rng
    status = incident_status(plan, became_aware)
    incident = Incident(
        partnership=place.partnership, panel=place.review_group, status=status, is_demo=True,
        reference=f"{place.prefix}-SI-{became_aware.year}-{number:04d}",
        pseudonym=f"Child {chr(65 + number % 26)}",
        notifying_agency=rng.choice(place.agencies), notified_by=place.manager,
        notified_at=timezone.make_aware(datetime.combine(became_aware, time(9))),
        age_band=rng.choice(AgeBand.values[:5]), sex=rng.choice(("female", "male")),
        ethnicity=rng.choice(ETHNICITIES), disability=rng.choice(("yes", "no", "not_known")),
        legal_status=rng.choice([s for s in LegalStatus.values if s != LegalStatus.CARE_LEAVER]),
        incident_date=became_aware - DAY * rng.randint(0, 5), became_aware=became_aware,
        child_died=rng.random() < 0.3, summary=f"The child was seriously harmed. {FICTIONAL}",
        immediate_actions="A strategy meeting was held and a safety plan agreed.")
    stage = REACHED[status]
    if stage >= 1:
        incident.criteria_reasons = "The review group's reasons. " + FICTIONAL
        incident.decided_criteria_on = incident.la_became_aware = became_aware + DAY * 2
    if stage >= 2:
        incident.panel_notified_on = became_aware + DAY * 4
        incident.panel_reference = f"NP-{number:05d}"
        if incident.looked_after:
            incident.ofsted_notified_on = incident.panel_notified_on
    if stage >= 3:
        incident.rapid_review_meeting_on = became_aware + DAY * 12
        incident.rapid_review_facts = incident.rapid_review_learning = FICTIONAL
        incident.recommended_route = ROUTE_OF.get(status, Incident.Route.NO_FURTHER_REVIEW)
        incident.rapid_review_sent_on = became_aware + DAY * 20
    if stage >= 4:
        incident.route, incident.route_reasons = ROUTE_OF[status], "The partners' reasons."
        incident.decided_on = became_aware + DAY * 35
    if status == SI.PUBLISHED:
        incident_publish(incident, became_aware)
    return incident


def incident_publish(incident: Incident, became_aware: date) -> None:
    incident.reviewer = "An independent reviewer"
    incident.terms_of_reference = FICTIONAL
    incident.publication_planned_on = incident.published_on = became_aware + DAY * 200
    incident.final_report_sent_on = became_aware + DAY * 185
    incident.published_title = f"Practice review: {incident.pseudonym} ({incident.reference})"
    incident.published_text = "What happened, what we learnt and what changes. " + FICTIONAL


def incident_deadlines(incident: Incident, timing: Clocks) -> list[Deadline]:
    stage = REACHED[incident.status]
    made = []
    if stage >= 1 and incident.status != SI.NOT_MET:
        aware = incident.la_became_aware
        made += [timing.deadline(incident, clocks.NATIONAL_PANEL_NOTIFICATION_DUE, aware,
                                 met_on=incident.panel_notified_on),
                 timing.deadline(incident, clocks.RAPID_REVIEW_DUE, aware,
                                 met_on=incident.rapid_review_sent_on)]
    if incident.route == Incident.Route.PRACTICE_REVIEW:
        made.append(timing.deadline(incident, clocks.PRACTICE_REVIEW_DUE, incident.decided_on,
                                    met_on=incident.published_on))
    return made


def incident_requests(plan: Plan, place: Place, incident: Incident) -> list[InformationRequest]:
    """Two involved agencies asked for their chronology once the criteria are met."""
    if REACHED[incident.status] < 1 or incident.status == SI.NOT_MET:
        return []
    answered = REACHED[incident.status] >= 3
    return [InformationRequest(
        incident=incident, agency=agency, due_on=incident.la_became_aware + DAY * 8,
        chronology=FICTIONAL if answered else "", analysis=FICTIONAL if answered else "",
        submitted_on=incident.la_became_aware + DAY * 7 if answered else None,
        submitted_by=place.leads[agency.pk] if answered else None)
        for agency in plan.rng.sample(place.agencies, 2)]


LIVE_CASE_AGE = 10  # days: the criteria are met, the rapid review is under way


def incidents_make(plan: Plan, sink: Sink, place: Place, timing: Clocks) -> None:
    dates = sorted(plan.day_between(plan.starts_on, plan.today)
                   for _ in range(plan.count("incidents")))
    # Every partnership has a live case: its newest notification (the bench opens it, in the
    # same state at every size).
    dates[-1] = max(plan.starts_on, plan.today - DAY * LIVE_CASE_AGE)
    incidents = sink.add([incident_make(plan, place, n, day) for n, day in enumerate(dates, 1)])
    requests = sink.add([r for i in incidents for r in incident_requests(plan, place, i)])
    deadlines = [d for i in incidents for d in incident_deadlines(i, timing)]
    deadlines += [timing.deadline(r, clocks.INFORMATION_REQUEST_DUE, r.due_on,
                                  met_on=r.submitted_on, owner_agency=r.agency)
                  for r in requests]
    sink.add(deadlines)


# -- child deaths ---------------------------------------------------------------------------------


def child_death_status(plan: Plan, died: date, unexpected: bool) -> str:
    age = (plan.today - died).days
    if age > 270:
        return D.CLOSED
    if age < 3:
        return D.JOINT_AGENCY_RESPONSE if unexpected else D.NOTIFIED
    if age < 60:
        return D.AGENCY_REPORTING
    if age < 150:
        return D.CDRM_HELD
    return D.READY


DEATH_STAGE = {D.NOTIFIED: 0, D.JOINT_AGENCY_RESPONSE: 0, D.AGENCY_REPORTING: 1,
               D.CDRM_HELD: 2, D.READY: 3, D.CLOSED: 4}


def child_death_make(plan: Plan, place: Place, number: int, died: date) -> ChildDeath:
    rng = plan.rng
    unexpected = rng.random() < 0.4
    status = child_death_status(plan, died, unexpected)
    age = rng.choice((0, 0, 0, 1, 3, 7, 12, 15, 16, 17))
    death = ChildDeath(
        partnership=place.partnership, panel=place.cdop, status=status, is_demo=True,
        reference=f"{place.prefix}-CD-{died.year}-{number:05d}",
        pseudonym=f"Child {chr(65 + number % 26)}", notifying_agency=rng.choice(place.partners),
        notified_by=place.manager, notified_on=min(died + DAY * rng.randint(0, 2), plan.today),
        date_of_death=died, place_of_death=rng.choice(("hospital_ed", "hospital_neonatal",
                                                       "home", "hospice")),
        age_years=age, age_months=rng.randint(0, 11) if age == 0 else None,
        sex=rng.choice(("female", "male")), ethnicity=rng.choice(ETHNICITIES),
        unexpected=unexpected, unexpected_because="not_anticipated" if unexpected else "",
        circumstances=f"What is known of the circumstances. {FICTIONAL}")
    stage = DEATH_STAGE[status]
    if unexpected and stage >= 1:
        death.jar_meeting_on = death.notified_on + DAY
        death.jar_timeline, death.jar_attendees = FICTIONAL, "Police, health, children's services"
    if stage >= 2:
        death.cdrm_notice_sent_on = died + DAY * 20
        death.cdrm_on = died + DAY * 55
        death.cdrm_summary = FICTIONAL
    if stage >= 4:
        death.cdop_meeting_on = death.closed_on = died + DAY * 200
        death.category = rng.choice([str(n) for n in range(1, 11)])
        death.modifiable = rng.choice(("yes", "no", "no", "insufficient"))
        death.learning = FICTIONAL
    return death


def child_death_reports(plan: Plan, place: Place, death: ChildDeath) -> list[AgencyReport]:
    stage = DEATH_STAGE[death.status]
    if stage < 1:
        return []
    sent = stage >= 2
    return [AgencyReport(
        child_death=death, agency=agency, due_on=death.date_of_death + DAY * 40,
        involvement=FICTIONAL if sent else "",
        submitted_on=death.date_of_death + DAY * 38 if sent else None,
        submitted_by=place.leads[agency.pk] if sent else None)
        for agency in plan.rng.sample(place.partners, 2)]


def child_death_deadlines(death: ChildDeath, timing: Clocks) -> list[Deadline]:
    made = [timing.deadline(death, clocks.CDOP_REVIEW_DUE, death.date_of_death,
                            met_on=death.closed_on)]
    if death.unexpected:
        made.append(timing.deadline(death, clocks.JAR_MEETING_DUE, death.notified_on,
                                    met_on=death.jar_meeting_on))
    return made


def child_deaths_make(plan: Plan, sink: Sink, place: Place, timing: Clocks) -> None:
    dates = sorted(plan.day_between(plan.starts_on, plan.today)
                   for _ in range(plan.count("child_deaths")))
    deaths = sink.add([child_death_make(plan, place, n, day) for n, day in enumerate(dates, 1)])
    reports = sink.add([r for d in deaths for r in child_death_reports(plan, place, d)])
    deadlines = [d for death in deaths for d in child_death_deadlines(death, timing)]
    deadlines += [timing.deadline(r, clocks.AGENCY_REPORT_DUE, r.due_on,
                                  met_on=r.submitted_on, owner_agency=r.agency)
                  for r in reports]
    sink.add(deadlines)


# -- the action tracker ---------------------------------------------------------------------------


def actions_make(plan: Plan, sink: Sink, place: Place) -> None:
    """Actions from meetings, reviews and audits, owned by agencies; the past ones done."""
    rng, made = plan.rng, []
    for number in range(1, plan.scaled(sizes.ACTIONS_PER_YEAR * plan.years) + 1):
        due = plan.day_between(plan.starts_on, plan.today + DAY * 120)
        done = due < plan.today - DAY * 30 and rng.random() < 0.9
        made.append(ActionItem(
            partnership=place.partnership, title=f"Generated action {number}",
            description=FICTIONAL, source_label="A meeting's decision (generated)",
            owner_agency=rng.choice(place.agencies), due_on=due,
            status=ActionItem.Status.COMPLETED if done else ActionItem.Status.OPEN,
            completed_on=due if done else None, created_by=place.manager))
    sink.add(made)
