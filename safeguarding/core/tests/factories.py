import datetime

import factory

from safeguarding.core.models import ActionItem
from safeguarding.partnership.tests.factories import AgencyFactory, PartnershipFactory


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner_agency = factory.SubFactory(AgencyFactory)
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    source_label = "Test meeting decision"
