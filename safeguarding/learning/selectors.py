"""Reads about training: the catalogue, a session's places, a practitioner's record against the
competency framework, an agency's compliance, evaluations, charges and the yearly figures. Each
list is read in a fixed number of queries, however long it grows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from safeguarding.core.business_year import BusinessYear
from safeguarding.learning import rules
from safeguarding.learning.models import (
    Booking,
    Charge,
    CompetencyLevel,
    Course,
    ElearningCompletion,
    Evaluation,
    Learner,
    Requirement,
    Session,
    TrainingSettings,
)
from safeguarding.partnership.models import Agency, Partnership

TAKEN = Q(bookings__status__in=Booking.TAKES_A_PLACE)


def with_places(sessions):
    """Sessions with `taken` (places booked) and `waiting` counted in the same query."""
    return sessions.annotate(
        taken=Count("bookings", filter=TAKEN, distinct=True),
        waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING),
                      distinct=True))


def places_left(session) -> int:
    return max(0, session.capacity - session.taken)


def upcoming_sessions(now: datetime):
    return with_places(Session.objects.filter(status=Session.Status.SCHEDULED,
                                              starts_at__gt=now)).order_by("starts_at", "id")


def catalogue(partnership, *, now: datetime, q: str = "", format: str = "", level: str = "",
              kind: str = "", month: str = ""):
    """The published courses, searched by words in their title, summary, audience or outcomes,
    and filtered; each with its sessions still to come (places counted)."""
    courses = Course.objects.filter(partnership=partnership, is_published=True)
    for word in q.split():
        courses = courses.filter(Q(title__icontains=word) | Q(summary__icontains=word)
                                 | Q(audience__icontains=word)
                                 | Q(learning_outcomes__icontains=word))
    if format:
        courses = courses.filter(format=format)
    if kind:
        courses = courses.filter(kind=kind)
    if level.isdigit():
        courses = courses.filter(level_id=int(level))
    sessions = upcoming_sessions(now).select_related("course")
    if month:
        try:
            year, number = (int(part) for part in month.split("-"))
            sessions = sessions.filter(starts_at__year=year, starts_at__month=number)
            courses = courses.filter(pk__in=sessions.values("course"))
        except ValueError:
            pass
    return (courses.select_related("level")
            .prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="upcoming"))
            .order_by("kind", "title"))


def months_with_sessions(partnership, now: datetime) -> list[date]:
    days = (Session.objects.filter(course__partnership=partnership, course__is_published=True,
                                   status=Session.Status.SCHEDULED, starts_at__gt=now)
            .dates("starts_at", "month"))
    return list(days)


def training_settings(partnership) -> TrainingSettings:
    """The partnership's booking and charging settings, or the defaults (unsaved) if it has
    never changed them."""
    found = TrainingSettings.objects.filter(partnership=partnership).first()
    return found or TrainingSettings(partnership=partnership)


def levels_of(partnership):
    return CompetencyLevel.objects.filter(partnership=partnership).order_by("order", "name")


def published_learning(course: Course, today: date):
    """The learning from reviews this course teaches that the public may read."""
    return course.teaches.filter(published_on__lte=today).order_by("-published_on")


def session_bookings(session: Session):
    return session.bookings.select_related("learner__user", "learner__agency", "agency",
                                           "evaluation").order_by("requested_at", "id")


def register_of(session: Session):
    """Who the trainer marks: everyone with a place, by name."""
    return (session.bookings.filter(status__in=Booking.TAKES_A_PLACE)
            .select_related("learner__user", "agency").order_by("learner__user__full_name"))


def bookings_of(learner: Learner):
    return (learner.bookings.select_related("session__course", "evaluation")
            .order_by("-session__starts_at", "-id"))


def trainer_sessions(user, now: datetime):
    """The sessions someone trains, from a month ago on: the registers they take."""
    return (with_places(Session.objects.filter(trainer=user))
            .filter(starts_at__gte=now - timedelta(days=31))
            .select_related("course").order_by("starts_at"))


# -- the competency framework ----------------------------------------------------------------------


def _done_dates(learner_ids) -> dict[tuple[int, int], date]:
    """The latest day each learner completed each course: attended or e-learning (2 queries)."""
    latest: dict[tuple[int, int], date] = {}

    def keep(key, day):
        if key not in latest or day > latest[key]:
            latest[key] = day

    for learner_id, course_id, starts_at in Booking.objects.filter(
            learner_id__in=learner_ids, status=Booking.Status.ATTENDED).values_list(
            "learner_id", "session__course_id", "session__starts_at"):
        keep((learner_id, course_id), timezone.localtime(starts_at).date())
    for learner_id, course_id, day in ElearningCompletion.objects.filter(
            learner_id__in=learner_ids).values_list("learner_id", "course_id", "completed_on"):
        keep((learner_id, course_id), day)
    return latest


def _requirements_by_level(level_ids) -> dict[int, list[Requirement]]:
    found = defaultdict(list)
    for requirement in Requirement.objects.filter(level_id__in=level_ids).select_related(
            "course", "level").order_by("course__title"):
        found[requirement.level_id].append(requirement)
    return found


def competency_record(learner: Learner, today: date) -> list[rules.Standing]:
    """Each requirement of the practitioner's level: when they last did it, when it is due."""
    required = _requirements_by_level([learner.level_id]).get(learner.level_id, [])
    done = _done_dates([learner.pk])
    return [rules.requirement_standing(r, done.get((learner.pk, r.course_id)), today)
            for r in required]


def completions_of(learner: Learner):
    return learner.completions.select_related("course").order_by("-completed_on")


@dataclass
class StaffRow:
    learner: Learner
    standings: list = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for s in self.standings if s.state == state)

    @property
    def done(self) -> int:
        return self.count(rules.Standing.DONE) + self.count(rules.Standing.DUE_SOON)

    @property
    def outstanding(self) -> int:
        return self.count(rules.Standing.OVERDUE) + self.count(rules.Standing.NOT_DONE)

    @property
    def compliant(self) -> bool:
        return bool(self.standings) and self.outstanding == 0


def staff_compliance(learners, today: date) -> list[StaffRow]:
    """Each practitioner and where they stand on their level's requirements (4 queries)."""
    learners = list(learners.select_related("user", "agency", "level")
                    .order_by("agency__name", "user__full_name"))
    required = _requirements_by_level({learner.level_id for learner in learners})
    done = _done_dates([learner.pk for learner in learners])
    return [StaffRow(learner, [rules.requirement_standing(r, done.get((learner.pk, r.course_id)),
                                                          today)
                               for r in required.get(learner.level_id, [])])
            for learner in learners]


def framework(partnership):
    return levels_of(partnership).prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.select_related("course")))


# -- evaluations -----------------------------------------------------------------------------------


@dataclass
class EvaluationResults:
    responses: int
    attended: int
    outcomes: list[tuple[str, int]]
    confidence_before: float | None
    confidence_after: float | None
    comments: list[str]

    @property
    def response_rate(self):
        return rules.rate(self.responses, self.attended)

    @property
    def confidence_change(self):
        if self.confidence_before is None or self.confidence_after is None:
            return None
        return round(self.confidence_after - self.confidence_before, 1)


def evaluation_results(course: Course) -> EvaluationResults:
    evaluations = Evaluation.objects.filter(booking__session__course=course)
    counts = dict(evaluations.values_list("outcomes_met").annotate(n=Count("id")))
    averages = evaluations.aggregate(before=Avg("confidence_before"),
                                     after=Avg("confidence_after"))
    attended = Booking.objects.filter(session__course=course,
                                      status=Booking.Status.ATTENDED).count()
    return EvaluationResults(
        responses=sum(counts.values()), attended=attended,
        outcomes=[(label, counts.get(value, 0)) for value, label in Evaluation.Met.choices],
        confidence_before=_round(averages["before"]), confidence_after=_round(averages["after"]),
        comments=list(evaluations.exclude(will_change="").values_list("will_change", flat=True)
                      [:50]))


def _round(value):
    return None if value is None else round(value, 1)


# -- the yearly figures and charges ----------------------------------------------------------------


@dataclass
class Figures:
    label: str
    offered: int | None = 0
    booked: int = 0
    attended: int = 0
    no_show: int = 0

    @property
    def fill_rate(self):
        return rules.rate(self.booked, self.offered) if self.offered is not None else None

    @property
    def no_show_rate(self):
        return rules.rate(self.no_show, self.attended + self.no_show)


@dataclass
class TrainingReport:
    year: BusinessYear
    total: Figures
    by_course: list[Figures]
    by_agency: list[Figures]
    by_quarter: list[Figures]
    elearning: int


QUARTERS = ("April to June", "July to September", "October to December", "January to March")


def training_report(partnership, year: BusinessYear) -> TrainingReport:
    """Places offered, booked, attended; fill rate and no-show rate; by course, by agency and
    by quarter of the business year (cancelled sessions offered nothing). Three queries."""
    sessions = list(Session.objects.filter(
        course__partnership=partnership, status=Session.Status.SCHEDULED,
        starts_at__date__gte=year.starts_on, starts_at__date__lte=year.ends_on)
        .select_related("course"))
    bookings = Booking.objects.filter(
        session__in=[s.pk for s in sessions], status__in=Booking.TAKES_A_PLACE).values_list(
        "session_id", "status", "agency__name")
    total = Figures("All courses")
    courses: dict[str, Figures] = {}
    agencies: dict[str, Figures] = {}
    quarters = [Figures(name) for name in QUARTERS]
    session_of = {s.pk: s for s in sessions}
    for session in sessions:
        quarter = rules.quarter_of(timezone.localtime(session.starts_at).date()) - 1
        for figures in (total, courses.setdefault(session.course.title,
                                                  Figures(session.course.title)),
                        quarters[quarter]):
            figures.offered += session.capacity
    for session_id, status, agency in bookings:
        session = session_of[session_id]
        quarter = rules.quarter_of(timezone.localtime(session.starts_at).date()) - 1
        by_agency = agencies.setdefault(agency or "Other organisations",
                                        Figures(agency or "Other organisations", offered=None))
        for figures in (total, courses[session.course.title], quarters[quarter], by_agency):
            figures.booked += 1
            figures.attended += status == Booking.Status.ATTENDED
            figures.no_show += status == Booking.Status.NO_SHOW
    elearning = ElearningCompletion.objects.filter(
        course__partnership=partnership, completed_on__gte=year.starts_on,
        completed_on__lte=year.ends_on).count()
    return TrainingReport(year=year, total=total,
                          by_course=sorted(courses.values(), key=lambda f: f.label),
                          by_agency=sorted(agencies.values(), key=lambda f: f.label),
                          by_quarter=quarters, elearning=elearning)


@dataclass
class Invoice:
    agency: str
    quarter: int
    charges: list[Charge]

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.charges), Decimal("0"))

    @property
    def quarter_label(self) -> str:
        return f"Quarter {self.quarter} ({QUARTERS[self.quarter - 1]})"


def invoices(partnership, year: BusinessYear) -> list[Invoice]:
    """The year's non-attendance charges, one invoice per agency and quarter (1 query)."""
    charges = (Charge.objects.filter(booking__session__course__partnership=partnership,
                                     session_date__gte=year.starts_on,
                                     session_date__lte=year.ends_on)
               .select_related("agency", "booking__learner__user", "booking__session__course")
               .order_by("agency__name", "session_date", "id"))
    grouped: dict[tuple[str, int], list[Charge]] = defaultdict(list)
    for charge in charges:
        grouped[(charge.agency.name, rules.quarter_of(charge.session_date))].append(charge)
    return [Invoice(agency, quarter, items)
            for (agency, quarter), items in sorted(grouped.items())]



# -- the partnership's structure, for the forms ----------------------------------------------------


def partnership_by_slug(slug: str) -> Partnership:
    return get_object_or_404(Partnership, slug=slug)


def agencies_of(partnership):
    """The agencies a practitioner may choose: those of the partnership's arrangements."""
    return Agency.objects.filter(partnerships=partnership).distinct().order_by("name")


def staff_outstanding_by_agency(agency_ids, today: date) -> dict[int, tuple[int, int]]:
    """For assurance's cross-check: per agency, how many of its practitioners are behind on the
    training their level requires, of how many with requirements."""
    counts: dict[int, tuple[int, int]] = {}
    for row in staff_compliance(Learner.objects.filter(agency_id__in=agency_ids), today):
        if not row.standings:
            continue
        behind, total = counts.get(row.learner.agency_id, (0, 0))
        counts[row.learner.agency_id] = (behind + (row.outstanding > 0), total + 1)
    return counts
