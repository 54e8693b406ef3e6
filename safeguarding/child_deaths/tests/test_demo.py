"""The demo's fictional child deaths: both CDOPs, every stage, a merged duplicate, and an annual
report with content for the demo year."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from safeguarding.child_deaths import reporting, selectors
from safeguarding.child_deaths.demo import demo_year
from safeguarding.child_deaths.models import ChildDeath

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.DEMO_MODE = True


def test_the_demo_has_fictional_deaths_at_every_stage_and_reports_them():
    call_command("load_demo")
    deaths = ChildDeath.objects.all()
    assert deaths.exists() and not deaths.filter(is_demo=False).exists()
    assert all(d.pseudonym.startswith("Child L") for d in deaths)
    assert set(deaths.values_list("status", flat=True)) == set(ChildDeath.Status.values)
    merged = deaths.get(status=ChildDeath.Status.MERGED)
    assert merged.merged_into.pseudonym == merged.pseudonym
    year = demo_year(timezone.localdate())
    for cdop in selectors.cdops():
        report = reporting.annual_report(cdop, year=year, today=timezone.localdate())
        assert report.notified >= 5 and report.reviewed >= 5, cdop
        assert report.modifiable.cells[0].count >= 1, "some reviews found modifiable factors"
    call_command("load_demo")
    assert ChildDeath.objects.count() == deaths.count()
