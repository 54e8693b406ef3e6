"""Demo safeguarding data: each partnership's indicators with two years of figures. Every figure
here is fictional, made up to look like a partnership's data (trends, seasons, small numbers in
some breakdowns), not taken from any published return."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from safeguarding.core.business_year import BusinessYear
from safeguarding.intelligence import rules, services
from safeguarding.intelligence.models import DataImport, Indicator, IndicatorSet, Value

COUNT, RATE, PERCENT = Indicator.Unit.COUNT, Indicator.Unit.RATE, Indicator.Unit.PERCENT
HIGHER, LOWER = Indicator.Polarity.HIGHER, Indicator.Polarity.LOWER
MONTHLY, QUARTERLY = Indicator.Frequency.MONTHLY, Indicator.Frequency.QUARTERLY
AGE, SEX, ETHNICITY, DISABILITY, AREA = (
    "age_band", "sex", "ethnicity", "disability", "locality")

SOCIAL_CARE = "Children's social care"
EARLY_HELP = "Early help and exploitation"
EDUCATION = "Education and training"
SETS = {
    SOCIAL_CARE: "The local authority's children's social care figures, monthly and quarterly.",
    EARLY_HELP: "Early help, children missing from home or care, and exploitation screening.",
    EDUCATION: "School attendance and take-up of the partnership's training.",
}

# (set, code, name, definition, owner, unit, polarity, target, frequency, breakdowns, level,
#  drift over two years)
INDICATORS = [
    (SOCIAL_CARE, "contacts", "Contacts to children's social care",
     "Contacts received by the front door about a child, whatever the outcome.", "la", COUNT,
     LOWER, None, MONTHLY, [AGE, SEX, AREA], 1500, 0.06),
    (SOCIAL_CARE, "referrals", "Referrals to children's social care",
     "Contacts that became a referral for an assessment.", "la", COUNT, LOWER, None, MONTHLY,
     [AGE, SEX, ETHNICITY, AREA], 700, 0.04),
    (SOCIAL_CARE, "re-referrals", "Re-referrals within 12 months",
     "Referrals of a child referred in the 12 months before, as a percentage of referrals.",
     "la", PERCENT, LOWER, 20, MONTHLY, [], 21, -0.05),
    (SOCIAL_CARE, "children-in-need", "Children in need per 10,000 children",
     "Children in need at the end of the quarter, per 10,000 children under 18.", "la", RATE,
     LOWER, 330, QUARTERLY, [], 335, 0.02),
    (SOCIAL_CARE, "cp-plans", "Child protection plans per 10,000 children",
     "Children on a child protection plan at the end of the quarter, per 10,000 children.",
     "la", RATE, LOWER, 42, QUARTERLY, [], 44, 0.08),
    (SOCIAL_CARE, "second-plans", "Second or later child protection plans",
     "Plans starting in the quarter for a child who had a plan before, as a percentage.", "la",
     PERCENT, LOWER, 20, QUARTERLY, [], 22, 0.1),
    (SOCIAL_CARE, "looked-after", "Children looked after per 10,000 children",
     "Children looked after at the end of the quarter, per 10,000 children.", "la", RATE,
     LOWER, 70, QUARTERLY, [], 72, 0.01),
    (EARLY_HELP, "early-help", "Early help assessments started",
     "Early help assessments started by any agency in the month.", "la", COUNT, HIGHER, 400,
     MONTHLY, [AGE, DISABILITY, AREA], 380, 0.05),
    (EARLY_HELP, "missing", "Missing episodes",
     "Episodes of a child missing from home or care reported to the police.", "police", COUNT,
     LOWER, 150, MONTHLY, [AGE, SEX], 160, 0.08),
    (EARLY_HELP, "exploitation-screening", "Exploitation screenings completed",
     "Child exploitation screening tools completed by any agency.", "police", COUNT, HIGHER,
     60, MONTHLY, [AGE, SEX, ETHNICITY], 52, -0.1),
    (EDUCATION, "attendance", "School attendance",
     "Sessions attended as a percentage of possible sessions, all state-funded schools.", "la",
     PERCENT, HIGHER, 94, MONTHLY, [], 93.1, 0.003),
    (EDUCATION, "training-take-up", "Multi-agency training take-up",
     "Places taken on the partnership's courses as a percentage of places offered.", "unit",
     PERCENT, HIGHER, 80, QUARTERLY, [], 76, 0.04),
]

OWNERS = {
    "leeds": {"la": "Leeds City Council", "police": "West Yorkshire Police",
              "icb": "NHS West Yorkshire Integrated Care Board",
              "unit": "Leeds Safeguarding Children Partnership Business Unit"},
    "leicestershire-rutland": {
        "la": "Leicestershire County Council", "police": "Leicestershire Police",
        "icb": "Leicester, Leicestershire and Rutland Integrated Care Board",
        "unit": "Leicestershire and Rutland Safeguarding Children Partnership Business Office"},
    "leicester": {"la": "Leicester City Council", "police": "Leicestershire Police",
                  "icb": "Leicester, Leicestershire and Rutland Integrated Care Board",
                  "unit": "Leicester Safeguarding Children Partnership Business Office"},
}
SIZE = {"leeds": 1.0, "leicestershire-rutland": 0.8, "leicester": 0.6}

# How a total splits across each breakdown's categories (the biggest takes what is left).
WEIGHTS = {
    AGE: [0.06, 0.22, 0.27, 0.33, 0.12],
    SEX: [0.485, 0.51, 0.005],
    ETHNICITY: [0.12, 0.07, 0.08, 0.70, 0.02, 0.01],
    DISABILITY: [0.09, 0.88, 0.03],
}
AREA_WEIGHTS = {"Leicestershire": 0.86, "Rutland": 0.13}


# (priority, [(action, owner, days from today, status)]): the business plan, fictional.
PRIORITIES = [
    ("Neglect: recognising it sooner", [
        ("Launch the neglect toolkit to every agency (demo)", "unit", -20, "completed"),
        ("Audit the use of the neglect toolkit in early help (demo)", "la", 45, "in_progress"),
    ]),
    ("Child exploitation: a shared response", [
        ("Agree one exploitation screening tool across agencies (demo)", "police", -10,
         "in_progress"),
        ("Train designated safeguarding leads in schools (demo)", "unit", 20, "open"),
    ]),
    ("Hearing the voice of children in plans", [
        ("Add children's own words to child protection conference reports (demo)", "la", 90,
         "open"),
    ]),
]


def load(partnerships, agencies, users, today: date):
    for slug, partnership in partnerships.items():
        if IndicatorSet.objects.filter(partnership=partnership).exists():
            continue
        by = users.get("leeds.business.manager" if slug == "leeds" else "llr.business.manager")
        owners = {key: agencies.get(name) for key, name in OWNERS.get(slug, {}).items()}
        _partnership(partnership, owners, SIZE.get(slug, 1.0), today, by)
        _plan(partnership, owners, by, today)
        _budget_and_risks(partnership, owners, today)
        _last_year(partnership, owners, by, today)
        _yearly_report(partnership, by, today)


def _plan(partnership, owners, by, today: date, year: BusinessYear | None = None,
          priorities=None):
    from datetime import timedelta

    from safeguarding.core.services import action_update

    year = (year or BusinessYear.of(today)).label
    for title, actions in priorities or PRIORITIES:
        priority = services.priority_add(partnership=partnership, year=year, title=title,
                                         lead_agency=owners.get("la"))
        for action_title, owner, days, status in actions:
            if owners.get(owner) is None:
                continue
            made = services.priority_action_add(
                priority=priority, title=action_title, owner_agency=owners[owner],
                due_on=today + timedelta(days=days), by=by)
            if status != "open":
                action_update(action=made, expected_version=made.version, by=by, status=status)


def _partnership(partnership, owners, size: float, today: date, by):
    sets = {name: IndicatorSet.objects.create(partnership=partnership, name=name,
                                              description=description)
            for name, description in SETS.items()}
    record = DataImport.objects.create(
        partnership=partnership, indicator_set=sets[SOCIAL_CARE], kind="csv",
        file_name="Demo figures (fictional).csv", status=DataImport.Status.IMPORTED,
        uploaded_by=by)
    areas = list(partnership.areas.values_list("name", flat=True))
    values = []
    for order, spec in enumerate(INDICATORS, start=1):
        (set_name, code, name, definition, owner, unit, polarity, target, frequency,
         breakdowns, level, drift) = spec
        indicator = Indicator.objects.create(
            partnership=partnership, indicator_set=sets[set_name], code=code, name=name,
            definition=definition, owner_agency=owners.get(owner), unit=unit,
            polarity=polarity, target=target, frequency=frequency, breakdowns=breakdowns,
            order=order)
        values += _figures(indicator, level * size if unit == COUNT else level, drift, areas,
                           today, record, random.Random(f"{partnership.slug}-{code}"))
    Value.objects.bulk_create(values, batch_size=1000)
    record.values_added = len(values)
    record.save(update_fields=["values_added"])


def _periods(frequency: str, today: date) -> list[date]:
    """Two years of periods, ending with the last one complete before `today`."""
    step = rules.months_in(frequency)
    last = rules.add_months(today.replace(day=1), -1)
    if frequency == QUARTERLY:
        last = rules.add_months(today.replace(day=1), -3)
        last = rules.add_months(last, -((last.month - 1) % 3))
    return [rules.add_months(last, -step * n) for n in reversed(range(24 // step))]


def _figures(indicator, level, drift, areas, today, record, rng) -> list[Value]:
    periods = _periods(indicator.frequency, today)
    found = []
    for n, period in enumerate(periods):
        # Numbers vary more than rates and percentages do.
        spread = 0.04 if indicator.unit == COUNT else 0.008
        season = 1 + spread * ((period.month in (9, 10, 11, 1, 2, 3)) - 0.5)
        figure = level * (1 + drift * n / len(periods)) * season * rng.uniform(1 - spread,
                                                                               1 + spread)
        if indicator.unit == COUNT:
            figure = Decimal(round(figure))
        else:
            figure = Decimal(str(round(min(figure, 100.0)
                                       if indicator.unit == PERCENT else figure, 1)))
        found.append(Value(indicator=indicator, period=period, value=figure, source=record))
        if n >= len(periods) - 2:  # the breakdowns of the latest two periods
            for key in indicator.breakdowns:
                found += [Value(indicator=indicator, period=period, breakdown=key,
                                category=category, value=Decimal(count), source=record)
                          for category, count in _split(int(figure), key, areas, rng)]
    return found


def _split(total: int, key: str, areas: list[str], rng) -> list[tuple[str, int]]:
    categories = rules.categories_for(key, areas)
    if key == AREA:
        weights = [AREA_WEIGHTS.get(area, 1 / max(1, len(areas)) - 0.01) for area in areas]
        weights.append(0.01)
    else:
        weights = WEIGHTS[key]
    counts = [int(total * w * rng.uniform(0.9, 1.1)) for w in weights]
    biggest = counts.index(max(counts))
    counts[biggest] = max(0, counts[biggest] + total - sum(counts))
    return list(zip(categories, counts, strict=True))


LINES = [("Business unit staffing", 210_000), ("Independent scrutiny", 35_000),
         ("Multi-agency training", 40_000), ("Practice reviews", 30_000),
         ("Communications and engagement", 8_000)]
SHARES = {"la": 0.5, "icb": 0.3, "police": 0.2}
RISKS = [
    ("Rising demand at the front door outpaces capacity (demo)", "la", 4, 4,
     "Weekly demand review; extra social workers funded until March."),
    ("Practice reviews delayed by late agency reports (demo)", "unit", 3, 3,
     "Escalation to the delegated safeguarding partners after 20 working days."),
    ("Partner contributions not agreed for next year (demo)", "unit", 2, 4,
     "Funding formula on the partners' agenda in January."),
]


def _budget_and_risks(partnership, owners, today: date):
    """A fictional budget for the year (two quarters spent) and a short risk register."""
    year = BusinessYear.of(today).label
    total = sum(amount for _, amount in LINES)
    for key, share in SHARES.items():
        if owners.get(key) is not None:
            services.contribution_set(partnership=partnership, year=year, agency=owners[key],
                                      amount=Decimal(round(total * share)))
    quarter = (today.month - 4) % 12 // 3  # quarters already over this year
    for name, amount in LINES:
        line = services.budget_line_add(partnership=partnership, year=year, name=name,
                                        budget=Decimal(amount))
        services.budget_spend_record(line=line, **{
            f"q{n}": Decimal(round(amount / 4 * (0.9 + 0.05 * n))) for n in range(1, quarter + 1)})
    for title, owner, likelihood, impact, mitigation in RISKS:
        services.risk_save(partnership=partnership, title=title, owner_agency=owners.get(owner),
                           likelihood=likelihood, impact=impact, mitigation=mitigation)


# Last year's business plan (fictional): days are counted from the end of that year.
LAST_YEAR_PRIORITIES = [
    ("Early help: the right help at the right time", [
        ("Publish the early help offer for every locality (demo)", "la", -300, "completed"),
        ("Review the front door's response to contacts (demo)", "police", -200, "completed"),
    ]),
    ("Learning from reviews changes practice", [
        ("Run practitioner learning events after each rapid review (demo)", "unit", -150,
         "completed"),
        ("Audit the use of learning briefs in supervision (demo)", "icb", -30, "in_progress"),
    ]),
]


def _last_year(partnership, owners, by, today: date):
    """The year before this one: its business plan (mostly done) and its budget, spent in
    full, so the dashboard, the budget and the yearly report have two years to show."""
    year = BusinessYear.of(today).previous()
    _plan(partnership, owners, by, year.ends_on, year=year, priorities=LAST_YEAR_PRIORITIES)
    total = sum(amount for _, amount in LINES)
    for key, share in SHARES.items():
        if owners.get(key) is not None:
            services.contribution_set(partnership=partnership, year=year.label,
                                      agency=owners[key], amount=Decimal(round(total * share)))
    for n, (name, amount) in enumerate(LINES):
        line = services.budget_line_add(partnership=partnership, year=year.label, name=name,
                                        budget=Decimal(amount))
        spend = 0.97 + 0.01 * n  # some lines a little under, one a little over
        services.budget_spend_record(line=line, **{
            f"q{q}": Decimal(round(amount / 4 * spend)) for q in range(1, 5)})


def _yearly_report(partnership, by, today: date):
    """Last year's yearly report, built from the demo's data, published some months after the
    year ended and sent to the National Panel and the What Works centre three days later; and
    a draft of this year's."""
    from datetime import timedelta

    from safeguarding.core.clocks import add_months

    year = BusinessYear.of(today).previous()
    report = services.yearly_report_build(partnership=partnership, year=year.label, by=by,
                                          today=today)
    first = report.sections.get(key="arrangements")
    services.report_section_narrative_save(
        section=first, expected_version=first.version, by=by,
        narrative=first.narrative + "\n\nThis report is part of the demonstration: every "
                                    "figure and every word in it is fictional.")
    published_on = min(today, add_months(year.ends_on, 6))
    report = services.yearly_report_publish(report=report, by=by,
                                            signed_off_on=published_on - timedelta(days=14),
                                            on=published_on)
    sent_on = min(today, published_on + timedelta(days=3))
    services.yearly_report_sent_record(report=report, by=by, sent_to_panel_on=sent_on,
                                       sent_to_what_works_on=sent_on, today=today)
    # This year's, a draft with the figures so far, for the business unit to work on.
    services.yearly_report_build(partnership=partnership, year=year.next().label, by=by,
                                 today=today)
