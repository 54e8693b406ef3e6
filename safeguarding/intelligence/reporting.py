"""The figures of the safeguarding partners' yearly report (DOMAIN.md section 3.7), one section
at a time, read from each app's selectors for one partnership and one business year.

Everything here reads; `services.yearly_report_build` stores what it returns. Each section
gives a `Snapshot` (kept as JSON on the section, so a published report never changes when the
data later does) and a first draft of its narrative for the business unit to rewrite:

    {"facts":  [[label, shown], ...],                the headline figures
     "tables": [{"caption", "head": [...], "rows": [[...], ...], "numeric": [bool...]}],
     "charts": [{"title", "caption", "unit", "target", "points": [[label, number, shown]]}],
     "notes":  [text, ...]}

Figures are stored as they are shown ("1,234", "£35,000", "fewer than 5"): the page, the PDF
and the Word document print the same characters. A chart's points keep the number too, to draw
it. Small numbers about children arrive already suppressed from the selectors that count them.

Decisions a successor might question:

- "In the year" means what each module reports for a business year: notifications received
  (reviews), deaths notified and reviews completed (child deaths), cycles opened and audits due
  (assurance), sessions held (training), contributions received and responses published
  (voice), activities planned and challenges raised (scrutiny), disagreements raised
  (escalations), and the year's business plan and budget.
- The lead and delegated partners and the chair are those in office on the year's last day (or
  today, for the year still running). The platform keeps no history of which agencies were named
  relevant or which groups met, so those are as they stood on the day the figures were taken,
  and the report says so for a year already over. The business plan's red, amber and green are
  as at the day of the build too.
- Each first narrative reads properly whatever the figures: a sentence of its own for nothing
  ("The partnership raised no ..."), "none of them" rather than "0 of them", one and many.
  It is a first draft: the business unit rewrites it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from safeguarding.core.business_year import BusinessYear
from safeguarding.core.models import ActionItem
from safeguarding.core.suppression import FEWER_THAN_5, WITHHELD
from safeguarding.intelligence import rules, selectors
from safeguarding.intelligence.models import (
    BudgetLine,
    Contribution,
    Indicator,
    Priority,
)

NONE = "–"


def shown(value, unit: str = "") -> str:
    """A figure as the report prints it: 1,234 or 12.5 (with % or £ for its unit); text as it
    is (a suppressed "fewer than 5"); a dash for nothing."""
    if value is None or value == "":
        return NONE
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    number = Decimal(str(value))
    text = (f"{number:,.0f}" if number == number.to_integral_value()
            else f"{number:,.2f}".rstrip("0"))
    if unit == "money":
        return f"£{text}"
    return f"{text}%" if unit in ("percent", Indicator.Unit.PERCENT) else text


NUMBER = re.compile(r"^£?[\d,]+(\.\d+)?%?$")


def numeric_columns(head: list[str], rows: list[list[str]]) -> list[bool]:
    """Which columns hold figures alone (right-aligned, as GOV.UK tables align numbers)."""
    return [i > 0 and bool(rows) and all(
        NUMBER.match(row[i]) or row[i] in (NONE, FEWER_THAN_5, WITHHELD) for row in rows)
        for i in range(len(head))]


def day(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else NONE


@dataclass
class Snapshot:
    facts: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    charts: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def fact(self, label: str, value, unit: str = "") -> None:
        self.facts.append([label, shown(value, unit)])

    def table(self, caption: str, head: list[str], rows, units: tuple = ()) -> None:
        """A table; `units` gives each column's unit ("money", "percent") where it has one."""
        rows = [[shown(cell, units[i] if i < len(units) else "") for i, cell in enumerate(row)]
                for row in rows]
        self.tables.append({"caption": caption, "head": list(head), "rows": rows,
                            "numeric": numeric_columns(head, rows)})

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Context:
    partnership: object
    year: BusinessYear
    today: date

    @property
    def as_at(self) -> date:
        """The day the structure is read on: the year's last day, or today if sooner."""
        return min(self.today, self.year.ends_on)

    def within(self, value: date | None) -> bool:
        return value is not None and value in self.year


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: dict
    narrative: str


def sections(partnership, year: BusinessYear, today: date) -> list[Section]:
    """Every section of the report, in order, with its figures and a first narrative."""
    context = Context(partnership, year, today)
    found = []
    for key, title in rules.SECTIONS:
        snapshot, narrative = BUILDERS[key](context)
        found.append(Section(key, title, snapshot.as_json(), narrative))
    return found


def section(key: str, partnership, year: BusinessYear, today: date) -> Section:
    snapshot, narrative = BUILDERS[key](Context(partnership, year, today))
    return Section(key, dict(rules.SECTIONS)[key], snapshot.as_json(), narrative)


def _count(n: int, one: str, many: str | None = None) -> str:
    """Like "1 review", "3 reviews" or "no reviews" (never at the start of a sentence)."""
    number = f"{n:,}" if n else "no"
    return f"{number} {one if n == 1 else (many or one + 's')}"


def _how_many(n: int, of: int | None = None) -> str:
    """Part of a whole, for "... of them": "none", "all", "1", "12"."""
    if not n:
        return "none"
    return "all" if n == of and n > 1 else f"{n:,}"


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def _and(names: list[str]) -> str:
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else "".join(names)


# -- the arrangements ------------------------------------------------------------------------------


def _arrangements(c: Context):
    from safeguarding.partnership import selectors as partnership

    p = c.partnership
    partners = partnership.partners_on(p, c.as_at)
    chairs = partnership.chairs_on(p, c.as_at)["chairs"]
    relevant = partnership.relevant_agencies(p)
    groups = list(partnership.groups_of(p))
    taken = day(c.today)
    s = Snapshot()
    s.fact("Safeguarding partners", len(partners))
    s.fact("Relevant agencies named", len(relevant))
    s.fact("Groups and panels", len(groups))
    chair_names = ", ".join(
        a.person.full_name + (f" ({a.known_as})" if a.known_as else "") for a in chairs)
    s.fact(f"Chair on {day(c.as_at)}", chair_names or "Not recorded")

    def holder(appointment):
        if appointment is None:
            return "Not recorded"
        title = appointment.title or appointment.person.job_title
        return appointment.person.full_name + (f", {title}" if title else "")

    s.table(f"The safeguarding partners on {day(c.as_at)}",
            ["Safeguarding partner", "Lead safeguarding partner",
             "Delegated safeguarding partner"],
            [[row["agency"].name, holder(row["lead"]), holder(row["delegate"])]
             for row in partners])
    s.table(f"Relevant agencies on {taken}", ["Relevant agency"],
            [[link.agency.name] for link in relevant])
    s.table(f"Groups and panels on {taken}", ["Group", "Kind"],
            [[group.name, group.get_kind_display()] for group in groups])
    if c.today > c.year.ends_on:
        s.notes.append(
            f"The partners and the chair are those in office on {day(c.year.ends_on)}, the "
            f"year's last day. The relevant agencies and the groups and panels are as they "
            f"stood on {taken}, when these figures were taken: the platform does not keep "
            "their history.")
    names = [row["agency"].name for row in partners]
    if not names:
        led = f"No safeguarding partners of {p.name} are recorded on the platform."
    elif len(names) == 1:
        led = f"In {c.year} {p.name} was led by one safeguarding partner, {names[0]}."
    else:
        led = (f"In {c.year} {p.name} was led by its {len(names)} safeguarding partners: "
               f"{_and(names)}.")
    worked = (f"worked through {_count(len(groups), 'group or panel', 'groups and panels')}"
              if groups else "had no groups or panels recorded")
    narrative = (
        f"{led} On {taken}, when these figures were taken, the partners had named "
        f"{_count(len(relevant), 'relevant agency', 'relevant agencies')} and {worked}.")
    return s, narrative


# -- the business plan -----------------------------------------------------------------------------


def _priorities(c: Context):
    priorities = Priority.objects.filter(partnership=c.partnership, year=c.year.label)
    plan = selectors.business_plan(priorities, ActionItem.objects.all(), c.today)
    s = Snapshot()
    rows, actions = [], []
    totals = Counter()
    for item in plan:
        counted = Counter(_rag_group(a.rag) for a in item.actions)
        totals.update(counted)
        totals["actions"] += len(item.actions)
        rows.append([f"{item.priority.number}. {item.priority.title}",
                     item.priority.lead_agency.name if item.priority.lead_agency else NONE,
                     len(item.actions), counted["completed"], counted["on track"],
                     counted["overdue"]])
        actions += [[f"Priority {item.priority.number}", a.action.title,
                     a.action.owner_agency.name if a.action.owner_agency else NONE,
                     day(a.action.due_on), a.rag] for a in item.actions]
    s.fact("Priorities", len(plan))
    s.fact("Actions in the business plan", totals["actions"])
    s.fact("Actions completed", totals["completed"])
    s.fact("Actions overdue", totals["overdue"])
    if not plan:  # one empty state: the narrative's
        return s, f"No priorities for {c.year} are recorded on the platform."
    s.table(f"Progress against each priority set for {c.year}, as at {day(c.today)}",
            ["Priority", "Lead agency", "Actions", "Completed", "On track", "Overdue"], rows)
    s.table("The business plan's actions", ["Priority", "Action", "Owner", "Due", "Status"],
            actions)
    return s, (f"The partners set {_count(len(plan), 'priority', 'priorities')} for {c.year}. "
               + _progress(totals, [a for item in plan for a in item.actions], c.today))


def _progress(totals: Counter, actions: list, today: date) -> str:
    """Where the business plan's actions stood on the day the figures were taken."""
    n, done, late = totals["actions"], totals["completed"], totals["overdue"]
    if n == 0:
        return "No actions are recorded in the business plan."
    if n == 1:
        stood = {"completed": "had been completed by", "cancelled": "had been cancelled by",
                 "overdue": "was overdue on", "on track": "was on track on"}
        return (f"The business plan's one action {stood[_rag_group(actions[0].rag)]} "
                f"{day(today)}.")
    sentence = (f"Of the {n:,} actions in the business plan, {_how_many(done, n)} had been "
                f"completed by {day(today)}")
    if done < n:
        sentence += f" and {_how_many(late, n)} {_was(late)} overdue"
    return sentence + "."


def _rag_group(rag: str) -> str:
    if rag.startswith("Green (completed)"):
        return "completed"
    if rag.startswith("Red"):
        return "overdue"
    if rag == "Cancelled":
        return "cancelled"
    return "on track"


# -- reviews ---------------------------------------------------------------------------------------


def _reviews(c: Context):
    from safeguarding.reviews import reporting as review_reporting
    from safeguarding.reviews import selectors as reviews

    review = review_reporting.notification_review(
        c.partnership, period=review_reporting.Period.of_business_year(c.year), today=c.today)
    rapid = review.rapid_reviews
    practice = review.practice_reviews
    s = Snapshot()
    s.fact("Notifications of serious incidents received", review.received)
    s.fact("Met the criteria for a National Panel notification", review.meets)
    s.fact("Did not meet the criteria", review.not_met)
    s.fact("Awaiting the review group's decision", review.awaiting)
    s.fact("Rapid reviews sent to the National Panel", rapid.cases)
    s.fact(f"Rapid reviews sent within {rapid.clock_label}", rapid.on_time)
    s.fact("Practice reviews commissioned", practice.commissioned)
    s.fact("Practice reviews published", practice.published)
    s.table("What the safeguarding partners decided after the rapid reviews",
            ["Route", "Cases"], [list(row) for row in review.routes])
    published = [r for r in reviews.published(c.partnership, c.today) if c.within(r.published_on)]
    s.table(f"Practice reviews published in {c.year}", ["Practice review", "Published"],
            [[r.published_title or "Local child safeguarding practice review",
              day(r.published_on)] for r in published])
    products = [p for p in reviews.learning_products_published(c.partnership, c.today)
                if c.within(p.published_on)]
    s.table(f"Learning from reviews published in {c.year}", ["Title", "Kind", "Published"],
            [[p.title, p.get_kind_display(), day(p.published_on)] for p in products])
    narrative = (f"In {c.year} the partnership received "
                 f"{_count(review.received, 'notification')} of a potential serious child "
                 "safeguarding incident"
                 + _decided(review.received, review.meets, review.awaiting))
    narrative += (
        f" The partnership sent {_count(rapid.cases, 'rapid review')} to the National Panel, "
        f"commissioned {_count(practice.commissioned, 'practice review')} and published "
        f"{_count(len(products), 'learning product')}.")
    return s, narrative


def _decided(received: int, meets: int, awaiting: int) -> str:
    """What the review group decided about the notifications received."""
    if not received:
        return "."
    if received == 1:
        return ("; it met the criteria for notifying the National Panel." if meets else
                "; it awaits the review group's decision." if awaiting else
                "; it did not meet the criteria for notifying the National Panel.")
    said = (f"; {_how_many(meets, received)} of them met the criteria for notifying the "
            "National Panel")
    if awaiting:
        said += (f" and {_how_many(awaiting, received)} "
                 f"{'awaits' if awaiting == 1 else 'await'} the review group's decision")
    return said + "."


# -- child deaths ----------------------------------------------------------------------------------


def _child_deaths(c: Context):
    from safeguarding.child_deaths import reporting as child_death_reporting
    from safeguarding.child_deaths import selectors as child_deaths

    s = Snapshot()
    cdop = child_deaths.cdop_of(c.partnership)
    if cdop is None:  # one empty state: the narrative's
        return s, "No Child Death Overview Panel is recorded for the partnership."
    report = child_death_reporting.annual_report(cdop, year=c.year, today=c.today)
    time = report.time_to_review
    s.fact("Deaths notified", report.notified)
    s.fact("Expected deaths", report.expected)
    s.fact("Unexpected deaths (Joint Agency Response)", report.unexpected)
    s.fact("Reviews completed by the Child Death Overview Panel (CDOP)", report.reviewed)
    s.fact("Median days from death to review", time.median)
    s.fact(f"Reviews completed within {time.target_label} of the death", time.within_target)
    for what, breakdown in (("the category of death", report.categories),
                            ("whether there were modifiable factors", report.modifiable)):
        s.table(f"Reviews completed, by {what}", [breakdown.title, "Reviews"],
                [*([cell.label, cell.shown] for cell in breakdown.cells),
                 ["Total", breakdown.total]])
    if len(report.partnerships) > 1:
        served = " and ".join(p.name for p in report.partnerships)
        s.notes.append(f"The {cdop.name} serves {served}: these figures are for all of them.")
    s.notes.append(report.suppression_note)
    notified, unexpected = report.notified, report.unexpected
    if not notified:
        narrative = f"The {cdop.name} was not notified of the death of any child in {c.year}."
    elif notified == 1:
        narrative = (f"The {cdop.name} was notified of the death of a child in {c.year}"
                     + (", which was unexpected." if unexpected else "."))
    else:
        narrative = (f"The {cdop.name} was notified of the deaths of {notified:,} children in "
                     f"{c.year}, {_how_many(unexpected, notified)} of them unexpected.")
    narrative += f" It completed {_count(report.reviewed, 'review')} in the year."
    if notified or report.reviewed:
        narrative += " Its annual report gives the learning in full."
    return s, narrative


# -- assurance -------------------------------------------------------------------------------------


def _assurance(c: Context):
    from safeguarding.assurance import selectors as assurance

    s = Snapshot()
    cycles = list(assurance.cycles_in(c.partnership, c.year.starts_on, c.year.ends_on))
    for cycle in cycles:
        results = assurance.results(cycle, c.partnership, c.today)
        s.fact(f"{cycle.name}: self-assessments submitted",
               f"{results.submitted:,} of {results.invited:,}")
        s.table(f"{_cycle_name(cycle)}: agencies by their rating of each standard",
                ["Standard", *[level.label for level in results.levels]],
                [[f"{standard.number}. {standard.title}", *[n for _, n in counts]]
                 for standard, counts in results.by_standard()])
    audits = list(assurance.audits_in(c.partnership, c.year.starts_on, c.year.ends_on))
    s.fact("Multi-agency audits", len(audits))
    s.fact("Audits completed", sum(1 for a in audits if a.status == "complete"))
    s.table(f"Multi-agency audits due in {c.year}", ["Audit", "Kind", "Theme", "Cases", "Status"],
            [[a.title, a.get_kind_display(), a.theme or NONE, a.case_count,
              a.get_status_display()] for a in audits])
    settings = list(assurance.setting_reports_for(c.partnership, c.year.label))
    if settings:
        s.table(f"Secure settings' and residential homes' reports for {c.year}",
                ["Setting", "Report received"],
                [[r.setting.name, day(r.received_on)] for r in settings])
    submitted = ", ".join(fact[1] for fact in s.facts[:len(cycles)])
    narrative = (
        (f"The partnership opened {_count(len(cycles), 'self-assessment cycle')} in {c.year} "
         f"(self-assessments submitted: {submitted})." if cycles else
         f"No Section 11 or Section 175/157 self-assessment cycle opened in {c.year}.")
        + f" The partnership ran {_count(len(audits), 'multi-agency audit')}.")
    return s, narrative


def _cycle_name(cycle) -> str:
    """A cycle's name, with its framework's kind unless the name says it already (no
    "Section 175/157, 2026/27 (Section 175/157 (Education Act 2002))")."""
    kind = cycle.framework.get_kind_display().split(" (")[0]
    return cycle.name if kind.lower() in cycle.name.lower() else f"{cycle.name}, {kind}"


# -- training --------------------------------------------------------------------------------------


def _training(c: Context):
    from safeguarding.learning import selectors as learning

    report = learning.training_report(c.partnership, c.year)
    total = report.total
    s = Snapshot()
    s.fact("Places offered", total.offered)
    s.fact("Places booked", total.booked)
    s.fact("Attended", total.attended)
    s.fact("Places filled", total.fill_rate, "percent")
    s.fact("Booked and did not attend", total.no_show_rate, "percent")
    s.fact("E-learning courses completed", report.elearning)
    s.table(f"Training by quarter, {c.year}", ["Quarter", "Places offered", "Booked", "Attended"],
            [[q.label, q.offered, q.booked, q.attended] for q in report.by_quarter])
    s.table("Training by course", ["Course", "Places offered", "Booked", "Attended"],
            [[f.label, f.offered, f.booked, f.attended] for f in report.by_course])
    offered, attended = total.offered or 0, total.attended or 0
    narrative = (
        f"The partnership offered {_count(offered, 'place')} on its multi-agency courses in "
        f"{c.year}" + (f"; {_count(attended, 'practitioner')} attended." if offered or attended
                       else ".")
        + f" Practitioners completed {_count(report.elearning, 'e-learning course')}.")
    return s, narrative


# -- safeguarding data -----------------------------------------------------------------------------


def _periods(indicator: Indicator, year: BusinessYear) -> list[date]:
    step = rules.months_in(indicator.frequency)
    found, period = [], year.starts_on
    while period <= year.ends_on:
        found.append(period)
        period = rules.add_months(period, step)
    return found


def _data(c: Context):
    indicators = list(Indicator.objects.filter(partnership=c.partnership)
                      .select_related("indicator_set")
                      .order_by("indicator_set__name", "order", "name"))
    before = c.year.previous()
    values = selectors.totals_between(indicators, before.starts_on, c.year.ends_on)
    s = Snapshot()
    rows, outside = [], 0
    for indicator in indicators:
        held = values.get(indicator.pk, {})
        periods = _periods(indicator, c.year)
        reported = [p for p in periods if p in held]
        if not reported:
            rows.append([indicator.name, "No figures", NONE, NONE,
                         shown(indicator.target, indicator.unit), NONE])
            continue
        latest = reported[-1]
        year_before = held.get(rules.add_months(latest, -12))
        standing = rules.against_target(held[latest], indicator.target, indicator.polarity,
                                        indicator.tolerance)
        outside += standing == rules.Standing.OUTSIDE_TOLERANCE
        rows.append([indicator.name, shown(held[latest], indicator.unit),
                     rules.period_label(latest, indicator.frequency),
                     shown(year_before, indicator.unit), shown(indicator.target, indicator.unit),
                     standing])
        s.charts.append({
            "title": indicator.name,
            "caption": f"{indicator.name} by period, {c.year}",
            "unit": indicator.unit,
            "target": None if indicator.target is None else str(indicator.target),
            "points": [[rules.short_label(p, indicator.frequency),
                        None if p not in held else str(held[p]),
                        shown(held.get(p), indicator.unit)] for p in periods],
        })
    # Only the indicators with figures in the year count: today's list may hold ones that
    # did not exist then.
    monitored = len(s.charts)
    s.fact("Indicators with figures for the year", monitored)
    s.fact("Outside the tolerance of their target at the year's latest figure", outside)
    if not monitored:  # one empty state: the narrative's
        return s, f"The platform holds no figures for {c.year} for the partnership's indicators."
    head = ["Indicator", "Latest figure", "Period", "A year before", "Target", "Standing"]
    s.tables.append({
        "caption": f"Each indicator's latest figure in {c.year}, the same period a year before, "
                   "and its target", "head": head, "rows": rows,
        "numeric": [False, True, False, True, True, False]})
    narrative = (f"The partnership monitored {_count(monitored, 'indicator')} of the health of "
                 f"the safeguarding system in {c.year}.")
    if monitored == 1:
        narrative += (f" At the year's latest figure it was {'' if outside else 'not '}outside "
                      "the tolerance of its target.")
    else:
        narrative += (f" At the year's latest figures, {_how_many(outside, monitored)} of them "
                      f"{_was(outside)} outside the tolerance of "
                      f"{'its' if outside == 1 else 'their'} target.")
    return s, narrative


# -- the voice of children -------------------------------------------------------------------------


def _voice(c: Context):
    from safeguarding.engagement import selectors as engagement

    contributions = engagement.contribution_choices(c.partnership).filter(
        received_on__gte=c.year.starts_on, received_on__lte=c.year.ends_on)
    labels = dict(contributions.model._meta.get_field("source").flatchoices)
    by_source = Counter(contributions.values_list("source", flat=True))
    responses = [r for r in engagement.responses_published(c.partnership, c.today)
                 if c.within(r.published_on)]
    received = sum(by_source.values())
    s = Snapshot()
    s.fact("Contributions from children, young people and families", received)
    s.fact("“You said, we did” responses published", len(responses))
    s.table("Contributions by where they came from", ["Where it came from", "Contributions"],
            [[labels.get(key, key), n] for key, n in sorted(by_source.items(),
                                                            key=lambda kv: -kv[1])])
    s.table(f"“You said, we did” published in {c.year}", ["Theme", "You said", "We did"],
            [[r.theme, r.you_said, r.we_did or NONE] for r in reversed(responses)])
    narrative = (
        f"Children, young people and families made {_count(received, 'contribution')} to the "
        f"partnership's work in {c.year}." if received else
        f"The partnership recorded no contributions from children, young people and families "
        f"in {c.year}.")
    narrative += (
        f" It published {_count(len(responses), '“you said, we did” response')} saying what it "
        "did about what they said." if responses else
        " It published no “you said, we did” responses in the year.")
    return s, narrative


# -- scrutiny --------------------------------------------------------------------------------------


def _scrutiny(c: Context):
    from safeguarding.assurance import selectors as assurance

    activities, challenges = assurance.scrutiny_in(c.partnership, c.year.starts_on,
                                                   c.year.ends_on)
    done = [a for a in activities if a.done_on]
    answered = [ch for ch in challenges if ch.responded_on]
    s = Snapshot()
    s.fact("Scrutiny activities planned", len(activities))
    s.fact("Scrutiny activities done", len(done))
    s.fact("Challenges to partners", len(challenges))
    s.fact("Challenges answered", len(answered))
    s.fact("Answered by the date asked", sum(1 for ch in answered if ch.responded_on <= ch.due_on))
    s.table("What the independent scrutiny did", ["Done on", "Kind", "Activity"],
            [[day(a.done_on), a.get_kind_display(), a.title] for a in done])
    s.table("Challenges to the partners", ["Partner challenged", "Raised", "Answer due",
                                           "Answered"],
            [[ch.to_agency.name, day(ch.raised_on), day(ch.due_on), day(ch.responded_on)]
             for ch in challenges])
    asked, replied = len(challenges), len(answered)
    narrative = (
        f"The independent scrutiny carried out {_count(len(done), 'activity', 'activities')} in "
        f"{c.year} and put {_count(asked, 'challenge')} to the partners")
    if asked == 1:
        narrative += (", which has been answered." if replied else
                      ", which has not been answered yet.")
    elif asked:
        narrative += (f"; {_how_many(replied, asked)} of them {'has' if replied == 1 else 'have'}"
                      " been answered.")
    else:
        narrative += "."
    return s, narrative


# -- escalations -----------------------------------------------------------------------------------


def _escalations(c: Context):
    from safeguarding.core.services import partnership_calendar
    from safeguarding.escalations import selectors as escalations

    report = escalations.escalation_report(
        c.partnership, today=c.today, calendar=partnership_calendar(c.partnership),
        since=c.year.starts_on, until=c.year.ends_on)
    s = Snapshot()
    s.fact("Disagreements raised", report.total)
    s.fact("Resolved", report.resolved)
    s.fact("Still open", report.open)
    s.fact("Resolved within their stages' targets", report.resolved_within_target)
    s.fact("Median working days to resolve", report.median_working_days)
    s.table("Disagreements by stage", ["Stage", "Reached", "Resolved at this stage",
                                       "Outcome on time", "Outcome late"],
            [[f"{row.stage.number}. {row.stage.name}", row.reached, row.resolved_here,
              row.on_time, row.late] for row in report.stages])
    s.table("What the disagreements were about", ["Theme", "Disagreements"],
            [list(row) for row in report.themes])
    return s, (f"Practitioners raised {_count(report.total, 'disagreement')} with another "
               f"agency's decision in {c.year}"
               + _resolved(report.total, report.resolved, report.resolved_within_target))


def _resolved(raised: int, resolved: int, on_time: int) -> str:
    """How many disagreements were resolved, and how many of those within their targets."""
    if not raised:
        return "."
    if not resolved:
        return "; it has not been resolved yet." if raised == 1 else \
            "; none of them has been resolved yet."
    if resolved == 1:
        sentence = "; it was resolved" if raised == 1 else "; 1 of them was resolved"
        return sentence + (" within the targets of its stages." if on_time else
                           ", but not within the targets of its stages.")
    return (f"; {_how_many(resolved, raised)} of them were resolved"
            + (" within the targets of their stages." if on_time == resolved else
               f", {_how_many(on_time)} within the targets of their stages."))


# -- the budget ------------------------------------------------------------------------------------


def _budget(c: Context):
    budget = selectors.budget(Contribution.objects.filter(partnership=c.partnership),
                              BudgetLine.objects.filter(partnership=c.partnership), c.year.label)
    s = Snapshot()
    s.fact("Contributions from the partners", budget.income, "money")
    s.fact("Budgeted", budget.budgeted, "money")
    s.fact("Spent", budget.spent, "money")
    s.fact("Contributions not spent", budget.remaining, "money")
    money = ("", "money")
    s.table(f"Contributions by partner, {c.year}", ["Partner", "Contribution"],
            [*([x.agency.name, x.amount] for x in budget.contributions),
             ["Total", budget.income]], money)
    s.table(f"Expenditure against budget, {c.year}", ["Line", "Budget", "Spent", "Remaining"],
            [*([line.name, line.budget, line.spent, line.remaining] for line in budget.lines),
             ["Total", budget.budgeted, budget.spent, budget.budgeted - budget.spent]],
            ("", "money", "money", "money"))
    s.table("Spent by quarter", ["Quarter", "Spent"],
            [[label, amount] for label, amount in zip(QUARTERS, budget.quarters, strict=True)],
            money)
    return s, _money(c.year, budget)


def _money(year, budget) -> str:
    if not (budget.income or budget.budgeted or budget.spent):
        return f"No contributions, budget or expenditure are recorded for {year}."
    said = (f"The partners contributed {shown(budget.income, 'money')} in {year}." if
            budget.income else f"No contributions from the partners are recorded for {year}.")
    if budget.budgeted:
        said += (f" The partnership spent {shown(budget.spent, 'money')} of its budget of "
                 f"{shown(budget.budgeted, 'money')}. Expenditure was monitored through "
                 "regular reports to the safeguarding partners.")
    else:
        said += (f" The partnership spent {shown(budget.spent, 'money')}; no budget is "
                 "recorded for it.")
    return said


QUARTERS = ("April to June", "July to September", "October to December", "January to March")

BUILDERS = {
    "arrangements": _arrangements,
    "priorities": _priorities,
    "reviews": _reviews,
    "child_deaths": _child_deaths,
    "assurance": _assurance,
    "training": _training,
    "data": _data,
    "voice": _voice,
    "scrutiny": _scrutiny,
    "escalations": _escalations,
    "budget": _budget,
}
