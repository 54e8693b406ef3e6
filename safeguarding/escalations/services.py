"""Every write about practitioner disagreements. A refusal is a clear message and changes
nothing: each service checks first, then writes in one transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.core.clocks import ESCALATION_STAGE_DUE
from safeguarding.core.services import deadline_start, partnership_calendar
from safeguarding.core.versioning import EditConflict
from safeguarding.core.workflow import transition
from safeguarding.escalations import rules, selectors
from safeguarding.escalations.models import Escalation, EscalationStage, EscalationStep
from safeguarding.escalations.workflow import ESCALATION_WORKFLOW


def escalation_raise(*, by, partnership, raising_agency, other_agency, reference: str,
                     raised_on: date, theme: str, concern: str, wanted: str,
                     is_demo: bool = False) -> Escalation:
    """Record a disagreement at the partnership's first stage and start that stage's clock."""
    errors = {}
    if other_agency == raising_agency:
        errors["other_agency"] = rules.OWN_AGENCY
    if raised_on > timezone.localdate():
        errors["raised_on"] = rules.RAISED_IN_FUTURE
    members = set(selectors.agencies_of(partnership).values_list("pk", flat=True))
    for name, agency in (("raising_agency", raising_agency), ("other_agency", other_agency)):
        if agency.pk not in members:
            errors.setdefault(name, rules.AGENCY_NOT_IN_PARTNERSHIP.format(agency=agency))
    first = selectors.stages_of(partnership).first()
    if first is None:
        errors.setdefault("__all__", rules.NO_STAGES)
    if errors:
        raise ValidationError(errors)
    due = rules.stage_due(raised_on, first.target_working_days, partnership_calendar(partnership))
    with transaction.atomic():
        escalation = Escalation(
            partnership=partnership, reference=reference.strip(), raised_by=by,
            raising_agency=raising_agency, other_agency=other_agency, raised_on=raised_on,
            theme=theme, concern=concern.strip(), wanted=wanted.strip(), stage=first,
            stage_started_on=raised_on, stage_due_on=due, is_demo=is_demo)
        escalation._history_user = by
        escalation.full_clean()
        escalation.save()
        EscalationStep.objects.create(escalation=escalation, stage=first, started_on=raised_on,
                                      due_on=due, target_working_days=first.target_working_days)
        deadline_start(record=escalation, key=ESCALATION_STAGE_DUE.key, started_on=due,
                       partnership=partnership, owner_agency=raising_agency)
    return escalation


def stage_outcome_record(*, escalation: Escalation, by, expected_version: int, outcome: str,
                         outcome_on: date, next_step: str, to_stage: int | None = None,
                         learning: str = "") -> Escalation:
    """Record the outcome of the current stage and what follows: resolved, or escalated to the
    next stage (never a later one), whose clock starts on the day of the outcome."""
    escalation.refresh_from_db()
    if escalation.version != expected_version:
        raise EditConflict(escalation, [])
    if escalation.status != Escalation.Status.OPEN:
        raise ValidationError(rules.ALREADY_RESOLVED)
    step = escalation.steps.get(stage=escalation.stage)
    following = rules.next_stage(selectors.stages_of(escalation.partnership), escalation.stage)
    _check_outcome(step, following, outcome=outcome, outcome_on=outcome_on,
                   next_step=next_step, to_stage=to_stage)
    with transaction.atomic():
        # Two people recording the same stage at once: the second is told, nothing is saved.
        locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if locked.version != expected_version:
            raise EditConflict(locked, [])
        step.outcome, step.outcome_on = outcome.strip(), outcome_on
        step.recorded_by, step.recorded_at = by, timezone.now()
        step.result = (EscalationStep.Result.ESCALATED if next_step == "escalate"
                       else EscalationStep.Result.RESOLVED)
        step.save()
        if next_step == "escalate":
            _start_stage(escalation, following, outcome_on)
            escalation.refresh_from_db()
            return transition(workflow=ESCALATION_WORKFLOW, record=escalation, move="escalate",
                              by=by, on=outcome_on)
        Escalation.objects.filter(pk=escalation.pk).update(resolved_on=outcome_on,
                                                           learning=learning.strip())
        escalation.refresh_from_db()
        return transition(workflow=ESCALATION_WORKFLOW, record=escalation, move="resolve",
                          by=by, on=outcome_on)


def _check_outcome(step, following, *, outcome, outcome_on, next_step, to_stage):
    errors = {}
    if not outcome.strip():
        errors["outcome"] = rules.ENTER_OUTCOME
    if outcome_on > timezone.localdate():
        errors["outcome_on"] = rules.OUTCOME_IN_FUTURE
    elif outcome_on < step.started_on:
        errors["outcome_on"] = rules.OUTCOME_BEFORE_START.format(day=step.started_on)
    if next_step not in ("resolve", "escalate"):
        errors["next_step"] = rules.CHOOSE_NEXT
    elif next_step == "escalate" and following is None:
        errors["next_step"] = rules.LAST_STAGE
    elif next_step == "escalate" and to_stage != following.number:
        errors["next_step"] = rules.SKIPPED_STAGE.format(number=following.number,
                                                         name=following.name.lower())
    if errors:
        raise ValidationError(errors)


def _start_stage(escalation: Escalation, stage: EscalationStage, started_on: date):
    due = rules.stage_due(started_on, stage.target_working_days,
                          partnership_calendar(escalation.partnership))
    EscalationStep.objects.create(escalation=escalation, stage=stage, started_on=started_on,
                                  due_on=due, target_working_days=stage.target_working_days)
    # The workflow's clock starts from the record's stage_due_on (see ESCALATION_STAGE_DUE).
    Escalation.objects.filter(pk=escalation.pk).update(stage=stage, stage_started_on=started_on,
                                                       stage_due_on=due)


def stages_configure(*, partnership, stages=rules.DEFAULT_STAGES) -> list[EscalationStage]:
    """Set a partnership's stages (number, name, description, target working days). A stage a
    disagreement has used keeps its row; its name and target change for new stages only."""
    saved = []
    for number, name, description, target in stages:
        stage, _ = EscalationStage.objects.update_or_create(
            partnership=partnership, number=number,
            defaults={"name": name, "description": description,
                      "target_working_days": target})
        saved.append(stage)
    return saved
