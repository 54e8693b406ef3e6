"""Multi-agency training of a generated partnership: its courses, sessions over the years and the
months ahead, the practitioners who book, and their bookings (streamed in by COPY)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from safeguarding.learning.models import Booking, Course, Format, Learner, Session
from safeguarding.testing.generate import plan as sizes
from safeguarding.testing.generate.casework import FICTIONAL
from safeguarding.testing.generate.plan import Plan
from safeguarding.testing.generate.sink import Sink
from safeguarding.testing.generate.structure import DOMAIN, Place, user

TOPICS = ("Safeguarding children: the essentials", "Neglect", "Domestic abuse and children",
          "Child exploitation", "Working together to safeguard children", "Safer recruitment",
          "Online safety", "Harmful sexual behaviour", "Parental mental health",
          "Thresholds and early help", "Recording and information sharing",
          "Learning from practice reviews", "Voice of the child", "Contextual safeguarding",
          "Designated safeguarding lead refresher")
B = Booking.Status


def courses_make(sink: Sink, place: Place) -> list[Course]:
    return sink.add([Course(
        partnership=place.partnership, title=title, is_demo=True,
        kind=Course.Kind.CORE if n < 3 else Course.Kind.SPECIALIST,
        summary=f"What practitioners need to know about {title.lower()}. {FICTIONAL}",
        audience="Everyone who works with children and families",
        learning_outcomes="Recognise the signs\nKnow how to respond\nKnow where to get advice",
        duration_minutes=180, format=Format.IN_PERSON if n % 3 else Format.ONLINE_LIVE)
        for n, title in enumerate(TOPICS[:sizes.COURSES])])


def learners_make(plan: Plan, sink: Sink, place: Place, bookings: int) -> list[Learner]:
    count = max(sizes.SESSION_PLACES + 5, bookings // sizes.BOOKINGS_PER_LEARNER)
    local = f"g{place.number:03d}"
    people = sink.add([user(f"{local}.practitioner{n:05d}@{DOMAIN}", f"Practitioner {n}")
                       for n in range(count)])
    verified = timezone.make_aware(datetime.combine(plan.starts_on, time(9)))
    return sink.add([Learner(user=person, partnership=place.partnership,
                             agency=plan.rng.choice(place.agencies), email_verified_at=verified)
                     for person in people])


def sessions_make(plan: Plan, sink: Sink, courses: list[Course], count: int) -> list[Session]:
    last = plan.today + timedelta(days=sizes.UPCOMING_DAYS)
    made = []
    for _ in range(count):
        day = plan.day_between(plan.starts_on, last)
        starts = timezone.make_aware(datetime.combine(day, time(plan.rng.choice((9, 13)), 30)))
        made.append(Session(course=plan.rng.choice(courses), starts_at=starts,
                            ends_at=starts + timedelta(hours=3), venue="Generated Training Centre",
                            trainer_name="A generated trainer", capacity=sizes.SESSION_PLACES,
                            bookings_close_at=starts - timedelta(hours=24), is_demo=True))
    return sink.add(made)


def booking_rows(plan: Plan, session: Session, learners: list[Learner], now):
    """(session, learner, status, agency, requested, cancelled, marked) for one session: past
    sessions have their register taken, coming ones have bookings and a waiting list."""
    rng, past = plan.rng, session.starts_at < now
    wanted = rng.randint(14, 22) if past else rng.randint(4, 24)
    taken = 0
    for learner in rng.sample(learners, min(wanted, len(learners))):
        requested = session.starts_at - timedelta(days=rng.randint(2, 60))
        if rng.random() < 0.07:
            status = B.CANCELLED
        elif taken >= session.capacity:
            status = B.CANCELLED if past else B.WAITING
        else:
            taken += 1
            status = (B.ATTENDED if rng.random() < 0.9 else B.NO_SHOW) if past else B.BOOKED
        yield (session.pk, learner.pk, status, learner.agency_id, requested, 0,
               requested + timedelta(days=1) if status == B.CANCELLED else None,
               session.ends_at if status in (B.ATTENDED, B.NO_SHOW) else None)


BOOKING_COLUMNS = ["session_id", "learner_id", "status", "agency_id", "requested_at",
                   "ics_sequence", "cancelled_at", "attendance_marked_at"]


def training_make(plan: Plan, sink: Sink, place: Place) -> None:
    bookings = plan.count("bookings")
    courses = courses_make(sink, place)
    learners = learners_make(plan, sink, place, bookings)
    sessions = sessions_make(plan, sink, courses,
                             max(1, round(bookings / sizes.BOOKINGS_PER_SESSION)))
    now = timezone.now()
    sink.copy(Booking, BOOKING_COLUMNS,
              (row for session in sessions for row in booking_rows(plan, session, learners, now)))
