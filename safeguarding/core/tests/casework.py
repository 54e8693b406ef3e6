"""Factories for the test-only case type (safeguarding.testing.casework)."""

import datetime

import factory

from safeguarding.partnership.tests.factories import PartnershipFactory
from safeguarding.testing.casework.models import SampleCase


class SampleCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SampleCase
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"NSCP-2026-{n:03d}")
    pseudonym = "Child A"
    la_became_aware = datetime.date(2026, 12, 21)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)
