"""The demo training: both partnerships' courses, a year of sessions, registers taken."""

import pytest
from django.utils import timezone

from safeguarding.learning.models import Booking, Charge, Course, Learner, Session
from safeguarding.partnership.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_loads_each_partnerships_training_once():
    load_demo()
    leeds = Course.objects.filter(partnership__slug="leeds")
    assert leeds.filter(kind="core").count() >= 2
    assert leeds.filter(title="Safer recruitment").exists()
    assert Course.objects.filter(partnership__slug="leicestershire-rutland").exists()
    now = timezone.now()
    assert Booking.objects.filter(status=Booking.Status.ATTENDED).exists()
    assert Booking.objects.filter(status=Booking.Status.WAITING,
                                  session__starts_at__gt=now).exists()
    for session in Session.objects.all():
        taken = session.bookings.filter(status__in=Booking.TAKES_A_PLACE).count()
        assert taken <= session.capacity
    assert Charge.objects.filter(booking__session__course__partnership__slug=
                                 "leicestershire-rutland").exists()
    assert not Charge.objects.filter(booking__session__course__partnership__slug="leeds")
    practitioner = Learner.objects.get(user__email="leeds.practitioner@demo.example")
    assert practitioner.is_verified and practitioner.agency is not None
    courses = Course.objects.count()
    load_demo()
    assert Course.objects.count() == courses
