"""The demo's voice, procedures, glossary and public pages, and its practitioner disagreements."""

import pytest
from django.utils import timezone

from safeguarding.core.models import ActionItem, Deadline
from safeguarding.engagement import rules, selectors
from safeguarding.engagement.models import Policy, Survey, YouSaidWeDid
from safeguarding.escalations.models import Escalation

pytestmark = pytest.mark.django_db


def test_the_demo_has_disagreements_at_every_point(demo):
    today = timezone.localdate()
    escalations = Escalation.objects.filter(is_demo=True)
    assert escalations.count() == 3
    assert any(e.is_overdue(today) for e in escalations)
    assert escalations.filter(status=Escalation.Status.RESOLVED).count() == 1


def test_the_demo_glossary_defines_every_acronym_of_its_public_texts(demo):
    for partnership in selectors.partnerships_listed():
        glossary = selectors.glossary_for(partnership)
        texts = [p.summary for p in Policy.objects.filter(partnership=partnership)]
        texts += [f"{r.theme} {r.you_said} {r.we_did}"
                  for r in YouSaidWeDid.objects.filter(partnership=partnership)]
        assert rules.undefined_acronyms(texts, glossary) == [], partnership
    assert selectors.glossary_for(None)["LCSPR"].expansion == (
        "local child safeguarding practice review")


def test_the_demo_procedures_survey_and_you_said_we_did(demo):
    overdue = Policy.objects.get(title__startswith="Resolving professional differences")
    assert overdue.review_due_on < timezone.localdate()
    assert Deadline.objects.filter(object_id=overdue.pk, rule__key="policy_review",
                                   met_on__isnull=True, due_on__lt=timezone.localdate()).exists()
    assert Survey.objects.get().results.count() == 10
    response = YouSaidWeDid.objects.get(published_on__isnull=False)
    assert ActionItem.objects.filter(source_id=response.pk, title__contains="(demo)").exists()



def test_every_published_demo_publication_has_something_to_read(demo):
    from safeguarding.engagement.models import Publication

    published = Publication.objects.exclude(published_on=None)
    assert published.exists()
    for publication in published:
        assert publication.body or publication.link, publication.title  # the demo has no files
