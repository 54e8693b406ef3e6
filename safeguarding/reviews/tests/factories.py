import datetime

import factory

from safeguarding.accounts.tests.factories import UserFactory
from safeguarding.partnership.tests.factories import AgencyFactory, PartnershipFactory
from safeguarding.reviews.models import Incident


class IncidentFactory(factory.django.DjangoModelFactory):
    """A partnership notification as an agency sends it (status: notified)."""

    class Meta:
        model = Incident
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"NSCP-2026-{n:03d}")
    pseudonym = "Child A"
    status = Incident.Status.NOTIFIED
    notifying_agency = factory.SubFactory(AgencyFactory)
    notified_by = factory.SubFactory(UserFactory)
    age_band = "1_4"
    sex = "female"
    ethnicity = "White British"
    disability = "no"
    legal_status = "child_protection"
    summary = "Child A was admitted to hospital with injuries (fictional)."
    became_aware = datetime.date(2026, 12, 21)
    immediate_actions = "A strategy meeting was held; the sibling was placed with a relative."

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)
