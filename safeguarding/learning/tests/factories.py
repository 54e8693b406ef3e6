import datetime

import factory
from django.utils import timezone

from safeguarding.accounts.tests.factories import UserFactory
from safeguarding.learning.models import Booking, Course, Format, Learner, Session
from safeguarding.partnership.tests.factories import PartnershipFactory


def in_days(days: float, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Safeguarding children course {n}")
    kind = Course.Kind.CORE
    summary = "What every practitioner must know to keep children safe (test)."
    audience = "Everyone who works with children, young people and families"
    learning_outcomes = "Recognise the signs of abuse and neglect\nKnow how to share a concern"
    duration_minutes = 180
    format = Format.IN_PERSON


class SessionFactory(factory.django.DjangoModelFactory):
    """A session a fortnight away, bookable until the day before."""

    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: in_days(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    bookings_close_at = factory.LazyAttribute(lambda o: o.starts_at - datetime.timedelta(hours=24))
    venue = "Civic Hall, Room 3"
    trainer_name = "Sam Trainer"
    capacity = 12


class LearnerFactory(factory.django.DjangoModelFactory):
    """A practitioner whose e-mail address is confirmed."""

    class Meta:
        model = Learner

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    other_agency = "Northshire Tots Nursery"
    email_verified_at = factory.LazyFunction(timezone.now)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    learner = factory.SubFactory(LearnerFactory)
    status = Booking.Status.BOOKED
    agency = factory.LazyAttribute(lambda o: o.learner.agency)


class LmsImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learning.LmsImport"

    partnership = factory.SubFactory(PartnershipFactory)
    file_name = "lms-export.xlsx"
