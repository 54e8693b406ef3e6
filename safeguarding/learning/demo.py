"""Demo training for the two partnerships: the courses their documents name (Leeds: "two core
safeguarding courses, as well as specialist courses and briefings on subjects such as child
exploitation, safeguarding children with a disability, the SUDIC process and safer
recruitment"; LLR: the Learning and Development Group's offer and competency framework), with
sessions across the business year, some full, some past with their registers taken. Trainers
and practitioners are fictional. Safe to run twice: a partnership with demo courses is left."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from safeguarding.core.business_year import BusinessYear
from safeguarding.learning import services
from safeguarding.learning.models import (
    Booking,
    CompetencyLevel,
    Course,
    Evaluation,
    Learner,
    Requirement,
    Session,
    TrainingSettings,
)

LEVELS = [
    ("Level 1: everyone", "All staff and volunteers in any organisation that has contact with "
     "children, young people or families."),
    ("Level 2: working regularly with children", "Practitioners who work regularly with "
     "children, young people or parents and may contribute to assessments and plans."),
    ("Level 3: designated leads and specialists", "Designated safeguarding leads, managers and "
     "specialist practitioners who lead or supervise multi-agency work."),
]

OUTCOMES = ("Recognise the signs and indicators of abuse and neglect\n"
            "Know what to do and whom to tell when you are worried about a child\n"
            "Understand the roles of other agencies and share information safely")

# (title, kind, format, minutes, level index, audience, summary, required by levels (months))
LEEDS_COURSES = [
    ("Safeguarding children: the essentials", "core", "in_person", 180, 0,
     "Everyone who works or volunteers with children and families in Leeds",
     "The first of the two core courses: what abuse and neglect look like, the Leeds "
     "conversational approach, and how to raise a concern with the Front Door.", {0: 36, 1: 36}),
    ("Working together to safeguard children in Leeds", "core", "in_person", 360, 1,
     "Practitioners who contribute to assessments, child protection conferences and plans",
     "The second core course: multi-agency working, information sharing, child protection "
     "processes and resolving professional disagreements.", {1: 36, 2: 36}),
    ("Child exploitation: criminal and sexual", "specialist", "online_live", 150, 1,
     "Practitioners working with adolescents", "Spotting and responding to child criminal and "
     "sexual exploitation, county lines and contextual safeguarding.", {2: 36}),
    ("Safeguarding children with a disability", "specialist", "in_person", 180, 1,
     "Practitioners working with disabled children and their families",
     "Why disabled children are more at risk, and how to hear their voice.", {}),
    ("The SUDIC process: sudden unexpected death in childhood", "briefing", "online_live", 90, 2,
     "Health, police and social care practitioners who may respond to a child's death",
     "What happens after a sudden unexpected death in childhood, and each agency's part in it.",
     {}),
    ("Safer recruitment", "specialist", "in_person", 360, 2,
     "Managers who recruit staff or volunteers", "Recruiting safely: checks, references, "
     "interviews and a culture that keeps children safe.", {}),
    ("Introduction to safeguarding children (e-learning)", "core", "elearning", 60, 0,
     "Anyone new to working with children", "A self-paced introduction to safeguarding "
     "children.", {0: 36}),
]

LLR_COURSES = [
    ("Multi-agency safeguarding children: Level 2", "core", "online_live", 180, 1,
     "Practitioners in Leicester, Leicestershire and Rutland who work with children",
     "The LLR core course for Level 2 of the competency framework.", {1: 36}),
    ("Multi-agency safeguarding children: Level 3", "core", "in_person", 360, 2,
     "Designated safeguarding leads and specialist practitioners",
     "Leading multi-agency work: thresholds, escalation and the child protection process.",
     {2: 36}),
    ("Neglect: recognising and responding", "specialist", "online_live", 150, 1,
     "Practitioners working with families", "The signs of neglect and the tools used across "
     "LLR to assess it.", {}),
    ("Domestic abuse and its impact on children", "specialist", "in_person", 180, 1,
     "Practitioners working with children and parents", "Children as victims of domestic "
     "abuse in their own right.", {}),
    ("Safeguarding Matters live briefing", "briefing", "online_live", 60, 0,
     "Everyone", "The newsletter's themes presented live on MS Teams, with the Safeguarding "
     "Adults Boards.", {}),
]

TRAINERS = ["Hannah Okafor", "Daniel Whitworth", "Priya Raman", "Gareth Lloyd", "Aisha Begum"]
LEARNERS = ["Chloe Marsh", "Imran Hussain", "Becky Holt", "Tom Eastwood", "Nadia Kowalski",
            "Sean Gallagher", "Ruth Adeyemi", "Liam Porter", "Grace Whitaker", "Yusuf Patel",
            "Emma Barraclough", "Joe Hirst"]


def load(partnerships, agencies, users, today) -> None:
    """Demo training for Leeds and for both LLR partnerships (LLR's offer is shared: it is
    loaded for Leicestershire and Rutland)."""
    random.seed(8)
    _partnership(partnerships["leeds"], agencies, LEEDS_COURSES, users, today,
                 practitioner=users.get("leeds.practitioner"), charges=None)
    _partnership(partnerships["leicestershire-rutland"], agencies, LLR_COURSES, users, today,
                 practitioner=None, charges=Decimal("50.00"))


def _partnership(partnership, agencies, courses, users, today, *, practitioner, charges):
    if Course.objects.filter(partnership=partnership, is_demo=True).exists():
        return
    TrainingSettings.objects.update_or_create(partnership=partnership, defaults={
        "charges_for_non_attendance": charges is not None,
        "non_attendance_charge": charges or Decimal("0")})
    levels = [CompetencyLevel.objects.get_or_create(
        partnership=partnership, name=name, defaults={"description": text, "order": i + 1})[0]
        for i, (name, text) in enumerate(LEVELS)]
    made = []
    for title, kind, form, minutes, level, audience, summary, required in courses:
        course = Course.objects.create(
            partnership=partnership, title=title, kind=kind, format=form,
            duration_minutes=minutes, level=levels[level], audience=audience, summary=summary,
            learning_outcomes=OUTCOMES, is_demo=True,
            elearning_url="https://elearning.example/safeguarding" if form == "elearning"
            else "")
        for level_index, months in required.items():
            Requirement.objects.create(level=levels[level_index], course=course,
                                       refresh_months=months)
        made.append(course)
    staff = [a for a in agencies.values() if partnership in a.partnerships.all()]
    learners = _learners(partnership, staff, levels)
    if practitioner is not None:
        learners.insert(0, Learner.objects.update_or_create(user=practitioner, defaults={
            "partnership": partnership, "email_verified_at": timezone.now(),
            "agency": practitioner.role_grants.filter(agency__isnull=False).first().agency
            if practitioner.role_grants.filter(agency__isnull=False).exists() else None,
            "level": levels[1]})[0])
    year = BusinessYear.of(today)
    for number, course in enumerate(c for c in made if c.format != "elearning"):
        _sessions(course, year, today, number, learners)


def _learners(partnership, staff, levels) -> list[Learner]:
    from safeguarding.accounts.services import user_create

    found = []
    for i, name in enumerate(LEARNERS):
        email = f"{name.lower().replace(' ', '.')}.{partnership.slug}@demo.example"
        learner = Learner.objects.filter(user__email=email).first()
        if learner is None:
            user = user_create(email=email, full_name=f"{name} (demo)")
            learner = Learner.objects.create(
                user=user, partnership=partnership, agency=staff[i % len(staff)] if staff else None,
                other_agency="" if staff else "A local nursery (demo)",
                level=levels[i % len(levels)], email_verified_at=timezone.now())
        found.append(learner)
    return found


def _sessions(course, year, today, number, learners) -> None:
    """A session every two or three months through the business year: past ones with their
    register taken and some evaluations; the next one full with a waiting list."""
    month, full = number % 3, False
    while month < 12:
        day = year.starts_on + timedelta(days=30 * month + 7 + number)
        starts = timezone.make_aware(datetime.combine(day, time(9, 30)))
        capacity = 8
        session = Session.objects.create(
            course=course, starts_at=starts, ends_at=starts + timedelta(
                minutes=course.duration_minutes), capacity=capacity,
            bookings_close_at=starts - timedelta(hours=24),
            venue="" if course.format == "online_live" else "Civic Hall, Committee Room 2",
            online_link="https://meet.example/training" if course.format == "online_live"
            else "", trainer_name=TRAINERS[(number + month) % len(TRAINERS)], is_demo=True)
        past = day < today
        chosen = random.sample(learners, k=min(len(learners), capacity + 2))
        for place, learner in enumerate(chosen):
            if past and place >= capacity:
                break
            if past:
                attended = random.random() > 0.12
                booking = Booking.objects.create(
                    session=session, learner=learner, agency=learner.agency,
                    requested_at=starts - timedelta(days=20 - place),
                    status=Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW,
                    attendance_marked_at=starts + timedelta(hours=1))
                if attended and random.random() > 0.4:
                    Evaluation.objects.create(
                        booking=booking, outcomes_met=random.choice(["fully", "mostly"]),
                        confidence_before=random.randint(2, 3),
                        confidence_after=random.randint(4, 5))
            elif session.starts_at > timezone.now() and (place < capacity // 2 or not full):
                # The next session of each course is full, with a waiting list.
                Booking.objects.create(
                    session=session, learner=learner, agency=learner.agency,
                    requested_at=timezone.now() - timedelta(days=10 - place / 10),
                    status=Booking.Status.BOOKED if place < capacity
                    else Booking.Status.WAITING)
        full = full or (not past and session.starts_at > timezone.now())
        if past:
            from safeguarding.learning.selectors import training_settings

            rule = training_settings(course.partnership)
            for booking in session.bookings.filter(status=Booking.Status.NO_SHOW):
                services.non_attendance_charge(booking, session, rule, attended=False)
        month += 3 if number % 2 else 2
