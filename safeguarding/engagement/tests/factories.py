import datetime

import factory

from safeguarding.engagement.models import Policy, PolicyVersion, Survey, YouSaidWeDid
from safeguarding.partnership.tests.factories import PartnershipFactory


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Procedure {n}")
    summary = "What practitioners do (plain language)."
    review_due_on = datetime.date(2027, 4, 1)

    @factory.post_generation
    def first_version(self, create, extracted, **kwargs):
        if create:
            PolicyVersion.objects.create(policy=self, number=1, text=extracted or "The text.")


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    partnership = factory.SubFactory(PartnershipFactory)
    title = "My School My Health"
    year = "2025/26"


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouSaidWeDid

    partnership = factory.SubFactory(PartnershipFactory)
    theme = "Feeling safe online"
    you_said = "You don't always feel safe online."
    we_did = "We wrote a guide for parents."
