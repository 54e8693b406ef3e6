"""The demo's safeguarding data: two years of figures, business plans and budgets, last year's
yearly report built from the demo's data, published and sent, and a draft of this year's."""

import pytest
from django.utils import timezone

from safeguarding.core.business_year import BusinessYear
from safeguarding.core.clocks import YEARLY_REPORT_SENT_DUE
from safeguarding.core.models import Deadline
from safeguarding.intelligence.models import (
    BudgetLine,
    DataImport,
    Priority,
    Value,
    YearlyReport,
)
from safeguarding.partnership.demo import email_of, load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_years_and_last_years_report_published(client, signed_in):
    load_demo()
    today = timezone.localdate()
    this_year = BusinessYear.of(today)
    last_year = this_year.previous()
    for slug in ("leeds", "leicestershire-rutland", "leicester"):
        for year in (this_year, last_year):
            assert Priority.objects.filter(partnership__slug=slug, year=year.label).exists()
            assert BudgetLine.objects.filter(partnership__slug=slug, year=year.label).exists()
        periods = Value.objects.filter(indicator__partnership__slug=slug,
                                       indicator__code="referrals").values_list("period",
                                                                                flat=True)
        assert (max(periods) - min(periods)).days > 600  # two years of monthly figures

    report = YearlyReport.objects.get(partnership__slug="leeds", year=last_year.label)
    assert report.is_published and report.published_on <= today
    assert report.sent_to_panel_on and report.sent_to_what_works_on
    assert Deadline.objects.get(object_id=report.pk, rule__key=YEARLY_REPORT_SENT_DUE.key).met_on
    data = report.sections.get(key="data").figures
    assert len(data["charts"]) == 12
    assert dict(report.sections.get(key="budget").figures["facts"])["Spent"] != "£0"
    page = client.get(f"/p/leeds/yearly-reports/{last_year.slug}/")
    assert page.status_code == 200
    assert "fictional" in page.content.decode()
    assert "Yearly report" in client.get("/p/leeds/publications/").content.decode()

    draft = YearlyReport.objects.get(partnership__slug="leeds", year=this_year.label)
    assert not draft.is_published

    # The demo's import of figures names who uploaded it, as any import does.
    demo_import = DataImport.objects.get(partnership__slug="leeds")
    assert demo_import.uploaded_by.email == email_of("leeds.business.manager")
    page = signed_in(demo_import.uploaded_by).get(
        demo_import.indicator_set.get_absolute_url()).content.decode()
    row = page[page.index("Demo figures (fictional).csv"):].split("</tr>")[0]
    assert demo_import.uploaded_by.full_name in row

    load_demo()  # again: nothing made twice
    assert YearlyReport.objects.filter(partnership__slug="leeds").count() == 2
