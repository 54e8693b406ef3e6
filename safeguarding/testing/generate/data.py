"""Safeguarding data and publications of a generated partnership: indicator sets, indicators
reported monthly as a total and by protected characteristic, one import a set a month, the
figures themselves (streamed in by COPY), and the newsletters and yearly reports."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from safeguarding.engagement.models import Publication
from safeguarding.intelligence import rules
from safeguarding.intelligence.models import DataImport, Indicator, IndicatorSet, Value
from safeguarding.testing.generate import plan as sizes
from safeguarding.testing.generate.casework import FICTIONAL
from safeguarding.testing.generate.plan import Plan
from safeguarding.testing.generate.sink import Sink
from safeguarding.testing.generate.structure import Place

SETS = ("Children's social care", "Health and early help", "Police and exploitation")
BREAKDOWNS = [Indicator.Breakdown.AGE_BAND, Indicator.Breakdown.SEX,
              Indicator.Breakdown.ETHNICITY, Indicator.Breakdown.DISABILITY]
VALUE_COLUMNS = ["indicator_id", "period", "breakdown", "category", "value", "source_id"]


def months(plan: Plan) -> list[date]:
    """The first day of each month reported: the plan's years up to last month."""
    first = plan.starts_on
    return [rules.add_months(first, n) for n in range(12 * plan.years)]


def indicators_make(plan: Plan, sink: Sink, place: Place) -> dict[IndicatorSet, list[Indicator]]:
    sets = sink.add([IndicatorSet(partnership=place.partnership, name=name,
                                  description=FICTIONAL) for name in SETS[:sizes.INDICATOR_SETS]])
    made = sink.add([Indicator(
        partnership=place.partnership, indicator_set=sets[n % len(sets)], code=f"i{n:03d}",
        name=f"Generated indicator {n}", definition=f"What it counts. {FICTIONAL}",
        owner_agency=place.partners[n % len(place.partners)],
        polarity=plan.rng.choice(Indicator.Polarity.values),
        target=Decimal(plan.rng.randint(50, 500)) if n % 2 else None,
        frequency=Indicator.Frequency.MONTHLY, breakdowns=BREAKDOWNS, order=n)
        for n in range(1, plan.indicators() + 1)])
    return {s: [i for i in made if i.indicator_set_id == s.pk] for s in sets}


def value_rows(plan: Plan, indicators: list[Indicator], period: date, source: DataImport):
    for indicator in indicators:
        total = plan.rng.randint(40, 600)
        yield (indicator.pk, period, "", "", Decimal(total), source.pk)
        for breakdown in BREAKDOWNS:
            for category in rules.CATEGORIES[breakdown]:
                share = plan.rng.randint(0, total // 2)
                yield (indicator.pk, period, breakdown, category, Decimal(share), source.pk)


def intelligence_make(plan: Plan, sink: Sink, place: Place) -> None:
    for indicator_set, indicators in indicators_make(plan, sink, place).items():
        rows = len(indicators) * sizes.VALUES_PER_INDICATOR_MONTH
        for period in months(plan):
            sent = timezone.make_aware(datetime.combine(
                rules.add_months(period, 1) + timedelta(days=9), time(10)))
            source = sink.add([DataImport(
                partnership=place.partnership, indicator_set=indicator_set, kind="csv",
                file_name=f"figures-{period:%Y-%m}.csv", status=DataImport.Status.IMPORTED,
                rows_total=rows, rows_done=rows, values_added=rows, uploaded_by=place.manager,
                uploaded_at=sent, finished_at=sent)])[0]
            sink.copy(Value, VALUE_COLUMNS, value_rows(plan, indicators, period, source))


def publications_make(plan: Plan, sink: Sink, place: Place) -> None:
    made = []
    for number in range(plan.scaled(sizes.PUBLICATIONS_PER_YEAR * plan.years)):
        published = plan.day_between(plan.starts_on, plan.today)
        yearly = number % sizes.PUBLICATIONS_PER_YEAR == 0
        made.append(Publication(
            partnership=place.partnership, is_demo=True, published_on=published,
            kind=Publication.Kind.YEARLY_REPORT if yearly else Publication.Kind.NEWSLETTER,
            title=f"{'Yearly report' if yearly else 'Newsletter'} {published:%B %Y}",
            summary=f"What the partnership did and learnt. {FICTIONAL}"))
    sink.add(made)
