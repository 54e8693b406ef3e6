"""Every write of the child death review. Each move goes through the workflow table; every
refusal is a clear message and changes nothing."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.child_deaths import rules, selectors
from safeguarding.child_deaths.models import AgencyReport, ChildDeath, ContributoryFactor
from safeguarding.child_deaths.workflow import CHILD_DEATH_WORKFLOW
from safeguarding.core.clocks import (
    AGENCY_REPORT_DUE,
    CDOP_REVIEW_DUE,
    CDRM_NOTICE,
    compute_due,
)
from safeguarding.core.models import Deadline
from safeguarding.core.services import (
    action_create,
    clock_rule_current,
    deadline_meet,
    deadline_start,
    partnership_calendar,
)
from safeguarding.core.versioning import save_versioned
from safeguarding.core.workflow import MoveRefused, transition

NOTIFICATION_FIELDS = (
    "reference", "pseudonym", "notified_on", "date_of_death", "place_of_death", "residence",
    "age_years", "age_months", "sex", "ethnicity", "unexpected", "unexpected_because",
    "circumstances",
)


def _refuse_if(errors: dict):
    if errors:
        raise ValidationError(errors)


def child_death_notify(*, by, partnership, notifying_agency, today: date | None = None,
                       is_demo: bool = False, **values) -> ChildDeath:
    """Record the notification of a child's death, for the partnership's CDOP, and start the
    review's clock. A notification that looks like one already made (the same case reference,
    or the same date of death, sex and age) is kept like any other: the CDOP sees it as a
    possible duplicate and merges it (`child_death_merge`); nothing is merged on a guess."""
    today = today or timezone.localdate()
    _refuse_if(rules.notification_errors(values, today))
    if not values.get("unexpected"):
        values["unexpected_because"] = ""
    with transaction.atomic():
        death = ChildDeath(partnership=partnership, notifying_agency=notifying_agency,
                           notified_by=by, panel=selectors.cdop_of(partnership),
                           is_demo=is_demo, **values)
        death._history_user = by
        death.full_clean()
        death.save()
        death.members.add(by)
        deadline_start(record=death, key=CDOP_REVIEW_DUE.key, started_on=death.date_of_death,
                       partnership=partnership)
    return death


def _merge(*, duplicate: ChildDeath, into: ChildDeath, by) -> ChildDeath:
    """Keep the duplicate, pointing at the first notification; its reporting forms and its
    people move to the first, and its clocks stop running (cancelled, not met)."""
    ChildDeath.objects.filter(pk=duplicate.pk).update(merged_into=into)
    duplicate.refresh_from_db()
    asked = set(into.agency_reports.values_list("agency_id", flat=True))
    duplicate.agency_reports.exclude(agency_id__in=asked).update(child_death=into)
    into.members.add(*duplicate.members.all())
    Deadline.objects.filter(content_type=ContentType.objects.get_for_model(ChildDeath),
                            object_id=duplicate.pk, met_on__isnull=True).update(cancelled=True)
    return transition(workflow=CHILD_DEATH_WORKFLOW, record=duplicate, move="merge", by=by,
                      reason=f"Same child as {into.reference}")


def child_death_merge(*, duplicate: ChildDeath, into: ChildDeath, by) -> ChildDeath:
    """The CDOP's decision that two notifications are of the same child."""
    if duplicate.pk == into.pk:
        raise MoveRefused(rules.CANNOT_MERGE_ITSELF)
    if duplicate.partnership_id != into.partnership_id or not (duplicate.is_open
                                                               and into.is_open):
        raise MoveRefused(rules.CANNOT_MERGE_CLOSED)
    if not by.has_perm(CHILD_DEATH_WORKFLOW.move("merge").who, duplicate):
        raise PermissionDenied("You do not have permission to merge these notifications.")
    with transaction.atomic():
        return _merge(duplicate=duplicate, into=into, by=by)


def child_death_record(*, death: ChildDeath, expected_version: int, by,
                       **changes) -> ChildDeath:
    """Record what a stage found (the Joint Agency Response, the Child Death Review Meeting,
    the CDOP's analysis), with a version check."""
    _refuse_if(rules.analysis_errors(changes))
    notice = changes.get("cdrm_notice_sent_on", death.cdrm_notice_sent_on)
    meeting = changes.get("cdrm_on", death.cdrm_on)
    if notice and meeting:
        rule = clock_rule_current(CDRM_NOTICE.key, death.partnership)
        earliest = compute_due(rule.unit, rule.amount, notice,
                               partnership_calendar(death.partnership))
        if meeting < earliest:
            raise ValidationError({"cdrm_on": rules.CDRM_TOO_SOON.format(earliest=earliest)})
    report_on = changes.get("post_mortem_report_on", death.post_mortem_report_on)
    if meeting and changes.get("post_mortem", death.post_mortem) and (
            report_on is None or meeting < report_on):
        raise ValidationError({"cdrm_on": rules.CDRM_BEFORE_POST_MORTEM})
    return save_versioned(death, expected_version=expected_version, changes=changes, by=by)


# The day each move happened, when the case records it (a clock is met on that day).
MOVE_DAY = {"jar_recorded": "jar_meeting_on", "close": "cdop_meeting_on"}


def child_death_move(*, death: ChildDeath, move: str, by) -> ChildDeath:
    """Make one move of the workflow."""
    death.refresh_from_db()
    on = getattr(death, MOVE_DAY[move]) if move in MOVE_DAY else None
    if move == "merge":
        raise MoveRefused("Choose the notification to merge this one into from its page.")
    with transaction.atomic():
        moved = transition(workflow=CHILD_DEATH_WORKFLOW, record=death, move=move, by=by, on=on)
        if move == "close":
            ChildDeath.objects.filter(pk=moved.pk).update(closed_on=timezone.localdate())
            moved.refresh_from_db()
    return moved


def agency_report_request(*, death: ChildDeath, agency, due_on: date, by,
                          today: date | None = None) -> AgencyReport:
    """Ask an involved agency for its reporting form. Its lead finds it in "My work"."""
    if due_on < (today or timezone.localdate()):
        raise ValidationError({"due_on": rules.REPORT_DUE_PAST})
    if death.agency_reports.filter(agency=agency).exists():
        raise ValidationError({"agency": rules.ALREADY_ASKED.format(agency=agency)})
    with transaction.atomic():
        report = AgencyReport.objects.create(child_death=death, agency=agency, due_on=due_on)
        deadline_start(record=report, key=AGENCY_REPORT_DUE.key, started_on=due_on,
                       partnership=death.partnership, owner_agency=agency)
    return report


REPORT_PARTS = {"involvement": "the agency's involvement with the child and family",
                "factors": "the factors your agency identifies",
                "learning": "the learning identified"}


def agency_report_write(*, report: AgencyReport, by, submit: bool, today: date | None = None,
                        **answer) -> AgencyReport:
    """The agency's own form, saved as it goes; sending needs every part. Only a lead of the
    agency asked may write it."""
    if not by.has_perm("answer_request", report):
        raise PermissionDenied(rules.NOT_YOUR_REPORT)
    if report.submitted_on is not None:
        raise ValidationError(rules.ALREADY_SENT)
    answer = {name: answer.get(name, "") for name in REPORT_PARTS}
    if submit:
        _refuse_if({name: f"Enter {label}" for name, label in REPORT_PARTS.items()
                    if not answer[name].strip()})
    for name, text in answer.items():
        setattr(report, name, text)
    with transaction.atomic():
        if submit:
            report.submitted_on, report.submitted_by = today or timezone.localdate(), by
            deadline_meet(record=report, key=AGENCY_REPORT_DUE.key, on=report.submitted_on)
        report.save()
    return report


def factor_add(*, death: ChildDeath, domain: str, description: str, contributed: bool,
               by) -> ContributoryFactor:
    if not description.strip():
        raise ValidationError({"description": "Enter the factor"})
    factor = ContributoryFactor(child_death=death, domain=domain,
                                description=description.strip(), contributed=contributed)
    factor.full_clean()
    factor.save()
    return factor


def cdop_action_add(*, death: ChildDeath, title: str, owner_agency, due_on: date, by):
    """An action from the CDOP's learning, in the shared tracker. Named by the case reference
    only: the tracker is read more widely than the case."""
    if not title.strip():
        raise ValidationError({"title": "Enter the action"})
    return action_create(partnership=death.partnership, title=title.strip()[:200],
                         owner_agency=owner_agency, due_on=due_on, by=by, source=death,
                         source_label=f"Learning from child death review {death.reference}")


def member_add(*, death: ChildDeath, user, by) -> ChildDeath:
    death.members.add(user)
    return death
