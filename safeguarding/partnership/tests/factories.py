import datetime

import factory

from safeguarding.partnership.models import Agency, Area, Group, Partnership


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test Safeguarding Children Partnership {n}")
    short_name = "TSCP"
    slug = factory.Sequence(lambda n: f"test-{n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Area {n}")
    partnership = factory.SubFactory(PartnershipFactory)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.RELEVANT_AGENCY

    @factory.post_generation
    def partnerships(self, create, extracted, **kwargs):
        if create and extracted:
            self.partnerships.set(extracted)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Group {n}")
    kind = Group.Kind.PANEL
    starts_on = datetime.date(2019, 9, 1)

    @factory.post_generation
    def partnerships(self, create, extracted, **kwargs):
        if create and extracted:
            self.partnerships.set(extracted)


class ArrangementsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnership.Arrangements"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Multi-agency safeguarding arrangements {n}")

    @factory.post_generation
    def partnerships(self, create, extracted, **kwargs):
        if create and extracted:
            self.partnerships.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnership.Person"

    full_name = factory.Sequence(lambda n: f"Member {n}")
    job_title = "Head of safeguarding"
