"""Self-assessment of a generated partnership: a Section 11 framework for the partners and
relevant agencies and a Section 175 framework for the schools, a cycle of each every year, the
returns (submitted once the cycle is over) and their answers (streamed in by COPY)."""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from django.utils import timezone

from safeguarding.assurance.models import Answer, Cycle, Framework, RatingLevel, Return, Standard
from safeguarding.core import clocks
from safeguarding.testing.generate.casework import FICTIONAL, Clocks
from safeguarding.testing.generate.plan import Plan
from safeguarding.testing.generate.sink import Sink
from safeguarding.testing.generate.structure import Place

SECTION_11 = ("Senior management commitment", "A clear statement of responsibilities",
              "A clear line of accountability", "Service development informed by children's "
              "views", "Training", "Safer recruitment", "Inter-agency working",
              "Information sharing")
SECTION_175 = ("Leadership and management", "The designated safeguarding lead",
               "Staff training", "Safer recruitment", "Online safety", "Pupils' voice")
LEVELS = (("Met", True), ("Partially met", False), ("Not met", False))
R = Return.Status


class Made(NamedTuple):
    framework: Framework
    levels: list[RatingLevel]
    standards: list[Standard]


def framework_make(sink: Sink, place: Place, kind: str, name: str, titles) -> Made:
    framework = sink.add([Framework(name=f"{name} ({place.prefix})", kind=kind,
                                    introduction=FICTIONAL)])[0]
    sink.link(Framework.partnerships.through, [(framework.pk, place.partnership.pk)],
              "framework", "partnership")
    levels = sink.add([RatingLevel(framework=framework, order=n, label=label, meets=meets)
                       for n, (label, meets) in enumerate(LEVELS, 1)])
    standards = sink.add([Standard(framework=framework, number=n, title=title,
                                   descriptors="What good looks like.")
                          for n, title in enumerate(titles, 1)])
    return Made(framework, levels, standards)


def returns_of_cycle(plan: Plan, place: Place, cycle: Cycle, agencies) -> list[Return]:
    over = cycle.due_on < plan.today
    made = []
    for agency in agencies[:plan.scaled(len(agencies))]:
        if over:
            status = R.SUBMITTED if plan.rng.random() < 0.9 else R.IN_PROGRESS
        else:
            status = plan.rng.choice((R.NOT_STARTED, R.IN_PROGRESS, R.SUBMITTED))
        submitted = status == R.SUBMITTED
        made.append(Return(cycle=cycle, agency=agency, status=status,
                           submitted_on=min(cycle.due_on, plan.today) if submitted else None,
                           submitted_by=place.leads[agency.pk] if submitted else None))
    return made


def answer_rows(plan: Plan, made: Made, returns: list[Return], now):
    for return_form in returns:
        if return_form.status == R.NOT_STARTED:
            continue
        for standard in made.standards:
            rating = plan.rng.choices(made.levels, weights=(70, 25, 5))[0]
            yield (return_form.pk, standard.pk, rating.pk, "Our evidence. " + FICTIONAL, "",
                   now, 1)


ANSWER_COLUMNS = ["return_form_id", "standard_id", "rating_id", "narrative", "child_voice",
                  "updated_at", "version"]


def assurance_make(plan: Plan, sink: Sink, place: Place, timing: Clocks) -> None:
    section_11 = framework_make(sink, place, Framework.Kind.SECTION_11,
                                "Section 11 self-assessment", SECTION_11)
    section_175 = framework_make(sink, place, Framework.Kind.SECTION_175,
                                 "Section 175 self-assessment", SECTION_175)
    invited = ((section_11, [*place.partners, *place.relevant], None),
               (section_175, place.schools, place.education_group))
    now = timezone.now()
    for year in range(plan.years):
        opens_on = plan.starts_on + timedelta(days=365 * year + 30)
        for made, agencies, group in invited:
            framework = made.framework
            cycle = sink.add([Cycle(framework=framework, reporting_group=group,
                                    name=f"{framework.get_kind_display()}, {opens_on.year}",
                                    opens_on=opens_on, due_on=opens_on + timedelta(days=90),
                                    created_by=place.manager)])[0]
            returns = sink.add(returns_of_cycle(plan, place, cycle, agencies))
            sink.copy(Answer, ANSWER_COLUMNS, answer_rows(plan, made, returns, now))
            sink.add([timing.deadline(r, clocks.SELF_ASSESSMENT_DUE, cycle.due_on,
                                      owner_agency=r.agency,
                                      partnership_id=place.partnership.pk)
                      for r in returns if r.status != R.SUBMITTED])
