"""Reads about practitioner disagreements: lists, one disagreement's steps, and the reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db.models import Q

from safeguarding.core.calendar import WorkingCalendar
from safeguarding.escalations.models import Escalation, EscalationStage, EscalationStep, Theme
from safeguarding.partnership.models import Agency, Partnership


def stages_of(partnership):
    return EscalationStage.objects.filter(partnership=partnership).order_by("number")


def agencies_of(partnership):
    return Agency.objects.filter(partnerships=partnership).order_by("name")


def raising_agencies(*, agency_ids, partnership_ids):
    """The agencies a person may raise a disagreement for: their own (practitioners and agency
    leads), or any agency of their partnerships (the business unit, recording one for them)."""
    return Agency.objects.filter(
        Q(pk__in=agency_ids) | Q(partnerships__in=partnership_ids)).distinct().order_by("name")


def partnerships_of(*, agency_ids, partnership_ids):
    return Partnership.objects.filter(
        Q(pk__in=partnership_ids) | Q(agencies__in=agency_ids)).distinct().order_by("name")


def partnership_by_slug(slug: str):
    return Partnership.objects.filter(slug=slug).first()


def escalation_list(queryset, *, status: str = "", overdue_on: date | None = None,
                    agency: str = ""):
    queryset = queryset.select_related("partnership", "raising_agency", "other_agency", "stage")
    if status:
        queryset = queryset.filter(status=status)
    if overdue_on is not None:
        queryset = queryset.filter(status=Escalation.Status.OPEN, stage_due_on__lt=overdue_on)
    if agency:
        queryset = queryset.filter(Q(raising_agency_id=agency) | Q(other_agency_id=agency))
    return queryset.order_by("-raised_on", "-id")


def steps_of(escalation: Escalation):
    return (EscalationStep.objects.filter(escalation=escalation)
            .select_related("stage", "recorded_by").order_by("stage__number"))


# -- reports --------------------------------------------------------------------------------------


@dataclass
class StageRow:
    stage: EscalationStage
    reached: int = 0
    resolved_here: int = 0
    on_time: int = 0
    late: int = 0
    open_overdue: int = 0


@dataclass
class EscalationReport:
    """What the partnership reports (and the Leeds scrutiny board asked for, `003_...`): how
    many, between which agencies, at which stage resolved, how fast against the targets, and
    the themes. Counts of disagreements only: no case is named."""

    total: int = 0
    open: int = 0
    resolved: int = 0
    resolved_within_target: int = 0
    median_working_days: float | None = None
    pairs: list = field(default_factory=list)  # (agency, agency, count)
    stages: list = field(default_factory=list)  # StageRow
    themes: list = field(default_factory=list)  # (label, count)
    by_quarter: list = field(default_factory=list)  # (label, raised, resolved)


def escalation_report(partnership, *, today: date, calendar: WorkingCalendar,
                      since: date | None = None, until: date | None = None) -> EscalationReport:
    escalations = Escalation.objects.filter(partnership=partnership).select_related(
        "raising_agency", "other_agency")
    if since:
        escalations = escalations.filter(raised_on__gte=since)
    if until:
        escalations = escalations.filter(raised_on__lte=until)
    escalations = list(escalations)
    steps = list(EscalationStep.objects.filter(escalation__in=[e.pk for e in escalations])
                 .select_related("stage"))
    report = EscalationReport(total=len(escalations))
    report.open = sum(1 for e in escalations if e.status == Escalation.Status.OPEN)
    report.resolved = report.total - report.open

    pairs = Counter(tuple(sorted((e.raising_agency.name, e.other_agency.name)))
                    for e in escalations)
    report.pairs = [(a, b, n) for (a, b), n in sorted(pairs.items(), key=lambda p: (-p[1], p[0]))]
    themes = Counter(e.theme for e in escalations)
    report.themes = [(label, themes[value]) for value, label in Theme.choices if themes[value]]

    report.stages, targets = _by_stage(partnership, steps, today)
    taken = []
    for escalation in escalations:
        if escalation.resolved_on is None:
            continue
        days = calendar.working_days_between(escalation.raised_on, escalation.resolved_on)
        taken.append(days)
        report.resolved_within_target += days <= targets[escalation.pk]
    report.median_working_days = median(taken) if taken else None

    quarters = Counter()
    closed = Counter()
    for escalation in escalations:
        quarters[_quarter(escalation.raised_on)] += 1
        if escalation.resolved_on:
            closed[_quarter(escalation.resolved_on)] += 1
    labels = sorted(set(quarters) | set(closed))
    report.by_quarter = [(label, quarters[label], closed[label]) for label in labels]
    return report


def _by_stage(partnership, steps, today: date) -> tuple[list[StageRow], Counter]:
    """Each stage's counts, and each disagreement's total target in working days."""
    rows = {stage.pk: StageRow(stage) for stage in stages_of(partnership)}
    targets = Counter()
    for step in steps:
        row = rows.setdefault(step.stage_id, StageRow(step.stage))
        row.reached += 1
        targets[step.escalation_id] += step.target_working_days
        row.resolved_here += step.result == EscalationStep.Result.RESOLVED
        if step.outcome_on is not None:
            row.late += step.is_late
            row.on_time += not step.is_late
        elif step.due_on < today:
            row.open_overdue += 1
    return sorted(rows.values(), key=lambda row: row.stage.number), targets


def _quarter(day: date) -> str:
    """The business-year quarter (April to June is Q1)."""
    start = day.year if day.month >= 4 else day.year - 1
    quarter = ((day.month - 4) % 12) // 3 + 1
    return f"{start}/{str(start + 1)[-2:]} Q{quarter}"


def overdue_by_agency(agency_ids, today: date) -> dict[int, int]:
    """For assurance's cross-check: open disagreements past their stage's target, counted for
    each agency on either side of them."""
    counts: dict[int, int] = {}
    for raising, other in Escalation.objects.filter(
            status=Escalation.Status.OPEN, stage_due_on__lt=today).filter(
            Q(raising_agency_id__in=agency_ids) | Q(other_agency_id__in=agency_ids)
    ).values_list("raising_agency_id", "other_agency_id"):
        for agency_id in {raising, other} & set(agency_ids):
            counts[agency_id] = counts.get(agency_id, 0) + 1
    return counts
