"""Reads about assurance: a cycle's results for one partnership, with the evidence the platform
already holds about each agency beside its self-ratings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from safeguarding.assurance.models import (
    Answer,
    Audit,
    AuditAnswer,
    AuditCase,
    Challenge,
    Cycle,
    Return,
    ScrutinyActivity,
    ScrutinyChallenge,
    SettingReport,
    Standard,
)
from safeguarding.core.models import ActionItem, Attachment
from safeguarding.escalations.selectors import overdue_by_agency
from safeguarding.learning.selectors import staff_outstanding_by_agency

OPEN_ACTION = ~Q(status__in=["completed", "cancelled"])


def answers_with_actions(answers) -> set[int]:
    """The standards (ids) among `answers` that have at least one action."""
    by_answer = {a.pk: a.standard_id for a in answers}
    rows = ActionItem.objects.filter(source_type=ContentType.objects.get_for_model(Answer),
                                     source_id__in=list(by_answer)).values_list("source_id",
                                                                                flat=True)
    return {by_answer[pk] for pk in rows}


def actions_of(answer: Answer):
    return ActionItem.objects.filter(source_type=ContentType.objects.get_for_model(Answer),
                                     source_id=answer.pk).select_related("owner_agency")


def evidence_of(answer: Answer):
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(Answer),
                                     object_id=answer.pk)


def return_overview(return_form: Return) -> list[dict]:
    """Each standard of the return's framework with its answer (or None), its evidence count,
    its actions and open challenges: the agency's page."""
    standards = list(return_form.cycle.framework.standards.all())
    answers = {a.standard_id: a for a in return_form.answers.select_related(
        "rating", "agreed_rating")}
    answer_type = ContentType.objects.get_for_model(Answer)
    ids = [a.pk for a in answers.values()]
    evidence = dict(Attachment.objects.filter(content_type=answer_type, object_id__in=ids)
                    .values_list("object_id").annotate(n=Count("id")))
    actions = dict(ActionItem.objects.filter(source_type=answer_type, source_id__in=ids)
                   .values_list("source_id").annotate(n=Count("id")))
    challenges = dict(Challenge.objects.filter(answer_id__in=ids).exclude(
        status=Challenge.Status.AGREED).values_list("answer_id").annotate(n=Count("id")))
    rows = []
    for standard in standards:
        answer = answers.get(standard.pk)
        pk = answer.pk if answer else None
        rows.append({"standard": standard, "answer": answer,
                     "evidence": evidence.get(pk, 0), "actions": actions.get(pk, 0),
                     "challenges": challenges.get(pk, 0)})
    return rows


def cycles_for(user, action, queryset):
    return queryset.select_related("framework").annotate(
        invited=Count("returns", distinct=True),
        submitted=Count("returns", filter=Q(returns__status=Return.Status.SUBMITTED),
                        distinct=True))


# -- results --------------------------------------------------------------------------------------


@dataclass
class Cell:
    answer: Answer | None
    previous: str = ""  # the rating in the last cycle, when it differs
    flagged: list[str] = field(default_factory=list)

    @property
    def rating(self):
        return self.answer.standing_rating if self.answer else None


@dataclass
class AgencyRow:
    return_form: Return
    cells: list[Cell]
    open_actions: int
    evidence: list[str]


@dataclass
class Results:
    cycle: Cycle
    partnership: object
    standards: list[Standard]
    levels: list
    rows: list[AgencyRow]
    today: date

    @property
    def invited(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.return_form.status == Return.Status.SUBMITTED)

    def by_standard(self) -> list[tuple[Standard, list[tuple[str, int]]]]:
        """How many submitted agencies hold each rating, standard by standard."""
        table = []
        for index, standard in enumerate(self.standards):
            counts = defaultdict(int)
            for row in self.rows:
                if row.return_form.status != Return.Status.SUBMITTED:
                    continue
                rating = row.cells[index].rating
                counts[rating.label if rating else "Not rated"] += 1
            table.append((standard, [(level.label, counts.get(level.label, 0))
                                     for level in self.levels]))
        return table

    @property
    def flags(self) -> int:
        return sum(len(cell.flagged) > 0 for row in self.rows for cell in row.cells)


def results(cycle: Cycle, partnership, today: date) -> Results:
    """A cycle's results as one partnership sees them: the returns of its own agencies (an
    agency that works across partnerships answered once; each sees it here)."""
    standards = list(cycle.framework.standards.all())
    levels = list(cycle.framework.levels.all())
    returns = list(cycle.returns.filter(agency__partnerships=partnership)
                   .select_related("agency").distinct().order_by("agency__name"))
    answers = defaultdict(dict)
    # A return is its agency's alone until submitted: no rating of it reaches the results.
    submitted = [r for r in returns if r.status == Return.Status.SUBMITTED]
    for answer in Answer.objects.filter(return_form__in=submitted).select_related(
            "rating", "agreed_rating"):
        answers[answer.return_form_id][answer.standard_id] = answer
    previous = _previous_ratings(cycle, [r.agency_id for r in returns])
    agency_ids = [r.agency_id for r in returns]
    evidence = cross_check_evidence(agency_ids, today)
    open_actions = _open_actions_by_agency(cycle, agency_ids)
    rows = []
    for return_form in returns:
        held = evidence.get(return_form.agency_id, {})
        cells = []
        for standard in standards:
            answer = answers[return_form.pk].get(standard.pk)
            cell = Cell(answer)
            earlier = previous.get((return_form.agency_id, standard.number))
            if earlier and cell.rating and earlier != cell.rating.label:
                cell.previous = earlier
            if (cell.rating is not None and cell.rating.meets and standard.cross_check
                    and held.get(standard.cross_check)):
                cell.flagged.append(held[standard.cross_check])
            cells.append(cell)
        rows.append(AgencyRow(return_form, cells, open_actions.get(return_form.agency_id, 0),
                              [text for text in held.values() if text]))
    return Results(cycle, partnership, standards, levels, rows, today)


def _previous_ratings(cycle: Cycle, agency_ids) -> dict:
    """Each agency's standing rating per standard number in the last cycle of this framework
    (or of its earlier versions)."""
    frameworks, framework = [], cycle.framework
    while framework is not None:
        frameworks.append(framework.pk)
        framework = framework.previous
    earlier = (Cycle.objects.filter(framework_id__in=frameworks, opens_on__lt=cycle.opens_on)
               .order_by("-opens_on").first())
    if earlier is None:
        return {}
    ratings = {}
    for answer in Answer.objects.filter(return_form__cycle=earlier,
                                        return_form__agency_id__in=agency_ids).select_related(
            "rating", "agreed_rating", "standard", "return_form"):
        if answer.standing_rating:
            ratings[(answer.return_form.agency_id, answer.standard.number)] = (
                answer.standing_rating.label)
    return ratings


def _open_actions_by_agency(cycle: Cycle, agency_ids) -> dict[int, int]:
    answer_ids = Answer.objects.filter(return_form__cycle=cycle).values("pk")
    return dict(ActionItem.objects.filter(
        source_type=ContentType.objects.get_for_model(Answer), source_id__in=answer_ids,
        owner_agency_id__in=agency_ids).filter(OPEN_ACTION)
        .values_list("owner_agency_id").annotate(n=Count("id")))


def cross_check_evidence(agency_ids, today: date) -> dict[int, dict[str, str]]:
    """What the platform already knows about each agency, by the kind of evidence a standard
    is checked against: only what would contradict a rating of "met"."""
    found: dict[int, dict[str, str]] = defaultdict(dict)
    overdue = dict(ActionItem.objects.filter(owner_agency_id__in=agency_ids, due_on__lt=today)
                   .filter(OPEN_ACTION).values_list("owner_agency_id").annotate(n=Count("id")))
    for agency_id, n in overdue.items():
        found[agency_id]["actions"] = f"{n} overdue action{'s' if n != 1 else ''}"
    weak = (AuditCase.objects.filter(
        audit__agencies__in=agency_ids, audit__status=Audit.Status.COMPLETE,
        grade__in=[AuditCase.Grade.REQUIRES_IMPROVEMENT, AuditCase.Grade.INADEQUATE])
        .values_list("audit__agencies").annotate(n=Count("id", distinct=True)))
    for agency_id, n in weak:
        if agency_id in agency_ids:
            found[agency_id]["audits"] = (f"{n} audited case{'s' if n != 1 else ''} judged "
                                          "requires improvement or inadequate")
    for agency_id, (behind, total) in staff_outstanding_by_agency(agency_ids, today).items():
        if behind:
            found[agency_id]["training"] = (f"{behind} of {total} practitioners behind on the "
                                            "training their level requires")
    for agency_id, n in overdue_by_agency(agency_ids, today).items():
        found[agency_id]["escalations"] = (f"{n} disagreement{'s' if n != 1 else ''} past "
                                           "its stage's target")
    return found


def audit_progress(audit: Audit) -> list[dict]:
    """Per agency taking part: answers given out of those expected (cases × questions)."""
    expected = audit.cases.count() * audit.questions.count()
    given = dict(audit.cases.values_list("answers__agency").annotate(n=Count("answers"))
                 .exclude(answers__agency__isnull=True))
    return [{"agency": agency, "given": given.get(agency.pk, 0), "expected": expected}
            for agency in audit.agencies.order_by("name")]


def audit_answers(audit: Audit, *, case=None, agency=None):
    answers = AuditAnswer.objects.filter(case__audit=audit).select_related(
        "case", "question", "agency").order_by("case__reference", "question__number",
                                               "agency__name")
    if case is not None:
        answers = answers.filter(case=case)
    return answers if agency is None else answers.filter(agency=agency)


def audit_actions(audit: Audit):
    return ActionItem.objects.filter(source_type=ContentType.objects.get_for_model(Audit),
                                     source_id=audit.pk).select_related("owner_agency")


# -- for the safeguarding partners' yearly report -------------------------------------------------


def cycles_in(partnership, starts_on: date, ends_on: date):
    """The self-assessment cycles of the partnership's frameworks that opened in the dates."""
    return (Cycle.objects.filter(framework__partnerships=partnership, opens_on__gte=starts_on,
                                 opens_on__lte=ends_on)
            .select_related("framework").distinct().order_by("opens_on", "pk"))


def audits_in(partnership, starts_on: date, ends_on: date):
    """The partnership's multi-agency audits due in the dates, with how many cases each had."""
    return (Audit.objects.filter(partnership=partnership, due_on__gte=starts_on,
                                 due_on__lte=ends_on)
            .annotate(case_count=Count("cases", distinct=True)).order_by("due_on", "pk"))


def scrutiny_in(partnership, starts_on: date, ends_on: date):
    """The scrutiny activities planned and the challenges raised in the dates."""
    activities = ScrutinyActivity.objects.filter(partnership=partnership,
                                                 planned_for__gte=starts_on,
                                                 planned_for__lte=ends_on).order_by("planned_for")
    challenges = (ScrutinyChallenge.objects.filter(partnership=partnership,
                                                   raised_on__gte=starts_on,
                                                   raised_on__lte=ends_on)
                  .select_related("to_agency").order_by("raised_on", "pk"))
    return list(activities), list(challenges)


def setting_reports_for(partnership, year_label: str):
    """The yearly reports of the secure settings and residential homes for a business year."""
    return (SettingReport.objects.filter(partnership=partnership, year_label=year_label)
            .select_related("setting").order_by("setting__name"))
