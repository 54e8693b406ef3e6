import datetime

import factory

from safeguarding.accounts.tests.factories import UserFactory
from safeguarding.escalations.models import Escalation, EscalationStage, EscalationStep
from safeguarding.escalations.rules import DEFAULT_STAGES
from safeguarding.partnership.tests.factories import AgencyFactory, PartnershipFactory


def stages_for(partnership, stages=DEFAULT_STAGES) -> list[EscalationStage]:
    return [EscalationStage.objects.get_or_create(
        partnership=partnership, number=number,
        defaults={"name": name, "description": description, "target_working_days": target})[0]
        for number, name, description, target in stages]


class EscalationFactory(factory.django.DjangoModelFactory):
    """A disagreement at its first stage (stages made for its partnership if it has none)."""

    class Meta:
        model = Escalation
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"NSCP-DIS-{n:03d}")
    raised_by = factory.SubFactory(UserFactory)
    raising_agency = factory.SubFactory(AgencyFactory)
    other_agency = factory.SubFactory(AgencyFactory)
    raised_on = datetime.date(2026, 1, 5)
    theme = "threshold"
    concern = "The referral was closed without an assessment (fictional)."
    wanted = "A child and family assessment."
    stage = factory.LazyAttribute(lambda o: stages_for(o.partnership)[0])
    stage_started_on = factory.SelfAttribute("raised_on")
    stage_due_on = factory.LazyAttribute(lambda o: o.raised_on + datetime.timedelta(days=2))

    @factory.post_generation
    def step(self, create, extracted, **kwargs):
        if create:
            EscalationStep.objects.create(escalation=self, stage=self.stage,
                                          started_on=self.stage_started_on,
                                          due_on=self.stage_due_on,
                                          target_working_days=self.stage.target_working_days)
