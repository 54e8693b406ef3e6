"""Factories for the child death review, one trait a stage of the workflow."""

import datetime

import factory

from safeguarding.accounts.tests.factories import UserFactory
from safeguarding.child_deaths.models import AgencyReport, ChildDeath
from safeguarding.partnership.tests.factories import AgencyFactory, PartnershipFactory


class ChildDeathFactory(factory.django.DjangoModelFactory):
    """A notified death (status: notified), unexpected unless told otherwise."""

    class Meta:
        model = ChildDeath
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"CDR-2026-{n:03d}")
    pseudonym = "Child L"
    status = ChildDeath.Status.NOTIFIED
    notifying_agency = factory.SubFactory(AgencyFactory)
    notified_by = factory.SubFactory(UserFactory)
    notified_on = datetime.date(2026, 6, 2)
    date_of_death = datetime.date(2026, 6, 1)
    place_of_death = "home"
    age_years = 0
    age_months = 3
    sex = "male"
    ethnicity = "White British"
    unexpected = True
    unexpected_because = "no_apparent_cause"
    circumstances = "Child L was found unresponsive in the morning (fictional)."

    class Params:
        reviewed = factory.Trait(
            status=ChildDeath.Status.CLOSED, cdop_meeting_on=datetime.date(2026, 10, 14),
            category="10", modifiable="yes", learning="Safe sleep advice (fictional).",
            closed_on=datetime.date(2026, 10, 14))
        ready = factory.Trait(status=ChildDeath.Status.READY)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class AgencyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyReport

    child_death = factory.SubFactory(ChildDeathFactory)
    agency = factory.SubFactory(AgencyFactory)
    due_on = datetime.date(2026, 7, 1)
