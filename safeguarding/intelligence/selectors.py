"""Every read of safeguarding data that lists or aggregates: the dashboard, an indicator's
trend, its breakdowns (small numbers suppressed), its areas compared, and the exceptions. Each
works from indicators the caller has already put through the access policy, in a fixed number
of queries whatever the number of indicators or figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from safeguarding.core.suppression import FEWER_THAN_5, WITHHELD, suppress
from safeguarding.intelligence import rules
from safeguarding.intelligence.models import DataImport, Indicator, Priority, Value


@dataclass(frozen=True)
class Figure:
    """An indicator's latest figure, the one before it, and how it stands."""

    indicator: Indicator
    period: date | None
    value: Decimal | None
    previous_period: date | None
    previous: Decimal | None

    @property
    def period_label(self) -> str:
        return rules.period_label(self.period, self.indicator.frequency) if self.period else ""

    @property
    def previous_label(self) -> str:
        return (rules.period_label(self.previous_period, self.indicator.frequency)
                if self.previous_period else "")

    @property
    def standing(self) -> str:
        i = self.indicator
        return rules.against_target(self.value, i.target, i.polarity, i.tolerance)

    @property
    def is_exception(self) -> bool:
        return self.standing == rules.Standing.OUTSIDE_TOLERANCE

    @property
    def change(self) -> str:
        return rules.direction(self.value, self.previous, self.indicator.polarity)

    @property
    def difference(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def indicator_list(partnership, indicators):
    """The partnership's indicators (already scoped), with what every list shows."""
    return (indicators.filter(partnership=partnership)
            .select_related("indicator_set", "owner_agency")
            .order_by("indicator_set__name", "order", "name"))


def _totals(indicators) -> dict[int, dict[date, Decimal]]:
    by_indicator: dict[int, dict[date, Decimal]] = defaultdict(dict)
    rows = (Value.objects.filter(indicator__in=[i.pk for i in indicators], breakdown="",
                                 superseded_by__isnull=True)
            .values_list("indicator_id", "period", "value"))
    for indicator_id, period, value in rows:
        by_indicator[indicator_id][period] = value
    return by_indicator


def _latest_totals(indicators) -> dict[int, dict[date, Decimal]]:
    """Each indicator's totals for its latest period and the one before: two queries for all,
    however many years of figures are kept (the dashboard's cost does not grow with them)."""
    current = Value.objects.filter(breakdown="", superseded_by__isnull=True)
    # The newest period of each: one look down the (indicator, period) index per indicator.
    newest = current.filter(indicator=OuterRef("pk")).order_by("-period").values("period")[:1]
    latest = dict(Indicator.objects.filter(pk__in=[i.pk for i in indicators]).order_by()
                  .annotate(latest=Subquery(newest)).values_list("pk", "latest"))
    wanted = {i.pk: {latest[i.pk], rules.add_months(latest[i.pk],
                                                     -rules.months_in(i.frequency))}
              for i in indicators if latest.get(i.pk)}
    if not wanted:
        return {}
    earliest = min(period for periods in wanted.values() for period in periods)
    by_indicator: dict[int, dict[date, Decimal]] = defaultdict(dict)
    for indicator_id, period, value in (current.filter(indicator__in=list(wanted),
                                                       period__gte=earliest)
                                        .values_list("indicator_id", "period", "value")):
        if period in wanted[indicator_id]:
            by_indicator[indicator_id][period] = value
    return by_indicator


def figures(indicators) -> list[Figure]:
    """Each indicator's latest figure against its previous period (two queries for all)."""
    indicators = list(indicators)
    totals = _latest_totals(indicators)
    found = []
    for indicator in indicators:
        values = totals.get(indicator.pk, {})
        latest = max(values, default=None)
        previous = (rules.add_months(latest, -rules.months_in(indicator.frequency))
                    if latest else None)
        found.append(Figure(indicator, latest, values.get(latest),
                            previous if previous in values else None, values.get(previous)))
    return found


def exceptions(indicators) -> list[Figure]:
    """The indicators whose latest figure is outside the tolerance of its target."""
    return [figure for figure in figures(indicators) if figure.is_exception]


@dataclass(frozen=True)
class TrendRow:
    period: date
    label: str
    value: Decimal | None


def trend(indicator: Indicator) -> list[TrendRow]:
    """Every period from the first figure to the latest, a gap where none was reported."""
    values = _totals([indicator]).get(indicator.pk, {})
    if not values:
        return []
    step = rules.months_in(indicator.frequency)
    period, last, rows = min(values), max(values), []
    while period <= last:
        rows.append(TrendRow(period, rules.period_label(period, indicator.frequency),
                             values.get(period)))
        period = rules.add_months(period, step)
    return rows


@dataclass(frozen=True)
class BreakdownRow:
    """A category's figure in the period and the one before: a number, "fewer than 5" or
    "withheld", or None where no figure was reported."""

    category: str
    shown: Decimal | str | None
    previous: Decimal | str | None

    @property
    def suppressed(self) -> bool:
        return self.shown in (FEWER_THAN_5, WITHHELD)


@dataclass(frozen=True)
class BreakdownTable:
    key: str
    title: str
    rows: list[BreakdownRow]
    suppressed: bool


def breakdowns(indicator: Indicator, period: date | None,
               previous: date | None = None) -> list[BreakdownTable]:
    """The figure of `period` by each of the indicator's breakdowns, beside the previous
    period's. Numbers of children are suppressed (1 to 4 shown as "fewer than 5", and whatever
    would let one be worked out); rates and percentages are shown as reported."""
    if period is None:
        return []
    periods = [p for p in (period, previous) if p]
    rows = (Value.objects.filter(indicator=indicator, period__in=periods,
                                 superseded_by__isnull=True).exclude(breakdown="")
            .values_list("breakdown", "category", "period", "value"))
    found: dict[str, dict[date, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for breakdown, category, when, value in rows:
        found[breakdown][when][category] = value
    areas = list(indicator.partnership.areas.values_list("name", flat=True))
    labels = dict(Indicator.Breakdown.choices)
    tables = []
    for key in indicator.breakdowns:
        if key not in found:
            continue
        order = rules.categories_for(key, areas)
        categories = [c for c in order if any(c in found[key][p] for p in periods)]
        shown = {p: _shown(indicator, [(c, found[key][p].get(c)) for c in categories])
                 for p in periods}
        table_rows = [BreakdownRow(c, shown[period][i],
                                   shown[previous][i] if previous in shown else None)
                      for i, c in enumerate(categories)]
        tables.append(BreakdownTable(key, str(labels[key]), table_rows,
                                     any(r.suppressed or r.previous in (FEWER_THAN_5, WITHHELD)
                                         for r in table_rows)))
    return tables


def _shown(indicator, cells: list[tuple[str, Decimal | None]]) -> list:
    """Each cell as shown, None where the period has no figure for its category (a breakdown
    the file did not hold is not a breakdown of zeros). Counts are suppressed among the figures
    reported: one not reported is unknown, so it hides nothing and gives nothing away."""
    if indicator.unit != Indicator.Unit.COUNT:
        return [value for _, value in cells]
    counted = iter(suppress([(label, int(value)) for label, value in cells
                             if value is not None]))
    return [None if value is None else next(counted).shown for _, value in cells]


def imports_of(indicator_set):
    return indicator_set.imports.select_related("uploaded_by")


def replaced_values(record: DataImport):
    """The figures an import replaced, kept as its history."""
    return (record.superseded.select_related("indicator", "source")
            .order_by("indicator__order", "period", "breakdown", "category"))


@dataclass(frozen=True)
class PlanAction:
    action: object
    rag: str


@dataclass(frozen=True)
class PlanPriority:
    priority: Priority
    actions: list[PlanAction]


def business_plan(priorities, actions, today: date) -> list[PlanPriority]:
    """Each priority with its actions (from the shared tracker, already scoped) and their RAG
    status, in two queries however many there are."""
    priorities = list(priorities.select_related("lead_agency"))
    by_priority: dict[int, list[PlanAction]] = defaultdict(list)
    found = (actions.filter(source_type__app_label="intelligence", source_type__model="priority",
                            source_id__in=[p.pk for p in priorities])
             .select_related("owner_agency").order_by("due_on", "pk"))
    for action in found:
        by_priority[action.source_id].append(
            PlanAction(action, rules.rag(action.status, action.due_on, today)))
    return [PlanPriority(p, by_priority.get(p.pk, [])) for p in priorities]


@dataclass(frozen=True)
class Budget:
    year: str
    contributions: list
    lines: list
    income: Decimal
    budgeted: Decimal
    quarters: list[Decimal]
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.income - self.spent


def budget(contributions, lines, year: str) -> Budget:
    """A year's budget: contributions by partner, expenditure lines with spend by quarter, and
    the totals (two queries)."""
    contributions = list(contributions.filter(year=year).select_related("agency")
                         .order_by("-amount", "agency__name"))
    lines = list(lines.filter(year=year).order_by("name"))
    quarters = [sum((getattr(line, f"q{n}") for line in lines), Decimal(0)) for n in (1, 2, 3, 4)]
    return Budget(year, contributions, lines, sum((c.amount for c in contributions), Decimal(0)),
                  sum((line.budget for line in lines), Decimal(0)), quarters, sum(quarters))


def risk_register(risks):
    """Open risks first, the highest scored first."""
    found = list(risks.select_related("owner_agency"))
    return sorted(found, key=lambda r: (r.status != "open", -r.score, r.title))


def totals_between(indicators, starts_on: date, ends_on: date) -> dict[int, dict[date, Decimal]]:
    """The current total of each indicator in each period starting in the dates (one query)."""
    by_indicator: dict[int, dict[date, Decimal]] = defaultdict(dict)
    rows = (Value.objects.filter(indicator__in=[i.pk for i in indicators], breakdown="",
                                 superseded_by__isnull=True, period__gte=starts_on,
                                 period__lte=ends_on)
            .values_list("indicator_id", "period", "value"))
    for indicator_id, period, value in rows:
        by_indicator[indicator_id][period] = value
    return by_indicator


def yearly_report_list(reports):
    """A partnership's yearly reports (already scoped), the newest year first."""
    return reports.select_related("partnership", "built_by", "published_by").order_by("-year")


def report_sections(report):
    return report.sections.order_by("order")


@dataclass(frozen=True)
class NarrativeChange:
    at: object
    who: object
    narrative: str


def narrative_history(section, *, limit: int = 20) -> list[NarrativeChange]:
    """Each version of a section's narrative, newest first (refreshes of its figures, which
    leave the words alone, are not listed)."""
    rows = list(section.history.select_related("history_user")
                .order_by("-history_date", "-history_id")
                .values("history_date", "history_user__full_name", "narrative"))
    found = []
    for newer, older in zip(rows, [*rows[1:], None], strict=False):
        if older is not None and older["narrative"] == newer["narrative"]:
            continue
        found.append(NarrativeChange(newer["history_date"], newer["history_user__full_name"],
                                     newer["narrative"]))
    return found[:limit]


def deadlines_of(record):
    """The clocks running, met or missed on a record (a yearly report's 7-day clock)."""
    from django.contrib.contenttypes.models import ContentType

    from safeguarding.core.models import Deadline

    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(record),
                                   object_id=record.pk, cancelled=False).order_by("due_on")


def published_yearly_reports(partnership_slug: str, today: date):
    """A partnership's yearly reports the public may read, the newest year first."""
    from safeguarding.intelligence.models import YearlyReport

    return (YearlyReport.objects.filter(partnership__slug=partnership_slug,
                                        status=YearlyReport.Status.PUBLISHED,
                                        published_on__lte=today)
            .select_related("partnership").order_by("-year"))
