"""Two hundred people asking for the last places at the same moment: never more bookings than
places. Row locks mean something only on PostgreSQL, so this runs there (CI does) and is skipped
on SQLite.

The server allows 100 connections, shared with everyone else's work, so the 200 requests go
through a pool of threads that each hold their own connection (LEARNING_RACE_CONNECTIONS, 40
unless set), all released at the same instant by a barrier: 40 transactions contend for the
session's row lock at once, again and again, until all 200 have had their answer."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from safeguarding.accounts.tests.factories import UserFactory
from safeguarding.learning import rules, services
from safeguarding.learning.models import Booking, Learner
from safeguarding.learning.tests.factories import BookingFactory, LearnerFactory, SessionFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL: SQLite has no row locks to race on"),
]

REQUESTS = 200
CONNECTIONS = int(os.environ.get("LEARNING_RACE_CONNECTIONS", "40"))


def learners(session, count: int) -> list[Learner]:
    users = UserFactory.create_batch(count)
    return [LearnerFactory(user=user, partnership=session.course.partnership) for user in users]


def race(work, count: int) -> list:
    """Run `work(i)` for i in range(count) on CONNECTIONS threads, each on its own database
    connection, the first wave released together; return each outcome (a result or the error)."""
    barrier = threading.Barrier(min(CONNECTIONS, count))
    started = threading.local()

    def run(i):
        try:
            if not getattr(started, "yes", False):
                started.yes = True
                barrier.wait(timeout=60)
            return work(i)
        except Exception as error:  # noqa: BLE001 - the outcome is what we count
            return error
        finally:
            connections.close_all()  # each request on a connection of its own

    with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool:
        return list(pool.map(run, range(count)))


def test_two_hundred_requests_for_the_last_places_never_overbook():
    session = SessionFactory(capacity=20)
    for learner in learners(session, 15):
        BookingFactory(session=session, learner=learner)
    people = learners(session, REQUESTS)

    outcomes = race(lambda i: services.booking_request(session=session, learner=people[i],
                                                       by=people[i].user), REQUESTS)

    booked = [o for o in outcomes if isinstance(o, Booking)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    others = [o for o in outcomes if not isinstance(o, Booking | ValidationError)]
    assert not others, others[:3]
    assert len(booked) == 5
    assert len(refused) == REQUESTS - 5
    assert {e.messages[0] for e in refused} == {rules.SESSION_FULL}
    assert session.bookings.filter(status__in=Booking.TAKES_A_PLACE).count() == 20


def test_with_a_waiting_list_the_rest_queue_in_order_and_cancellations_fill_exactly():
    session = SessionFactory(capacity=10)
    people = learners(session, REQUESTS)

    outcomes = race(lambda i: services.booking_request(session=session, learner=people[i],
                                                       by=people[i].user, waiting_ok=True),
                    REQUESTS)

    assert all(isinstance(o, Booking) for o in outcomes), [o for o in outcomes
                                                          if not isinstance(o, Booking)][:3]
    assert session.bookings.filter(status=Booking.Status.BOOKED).count() == 10
    assert session.bookings.filter(status=Booking.Status.WAITING).count() == REQUESTS - 10

    # Five people with places cancel at once: exactly five from the waiting list get them, the
    # five who asked first.
    leaving = list(session.bookings.filter(status=Booking.Status.BOOKED)[:5])
    first_waiting = list(session.bookings.filter(status=Booking.Status.WAITING)
                         .order_by("requested_at", "id").values_list("pk", flat=True)[:5])
    race(lambda i: services.booking_cancel(booking=leaving[i], by=leaving[i].learner.user), 5)

    assert session.bookings.filter(status=Booking.Status.BOOKED).count() == 10
    offered = set(session.bookings.filter(offered_at__isnull=False).values_list("pk", flat=True))
    assert offered == set(first_waiting)


def test_the_same_person_clicking_twice_at_once_is_booked_once():
    session = SessionFactory(capacity=5)
    (person,) = learners(session, 1)

    outcomes = race(lambda i: services.booking_request(session=session, learner=person,
                                                       by=person.user), 10)

    assert sum(isinstance(o, Booking) for o in outcomes) == 1
    assert session.bookings.count() == 1
