"""The business manager's retention pages in a real browser, each checked with axe-core: from
"My work" to the records past their retention period, a refused decision with its error
summary, then an approval."""

import pytest
from playwright.sync_api import expect

from safeguarding.core import retention
from safeguarding.core.tests.test_journey_pages import (  # noqa: F401 (manager: a fixture)
    checked,
    heading,
    manager,
    signed_in_with_code,
)
from safeguarding.reviews.models import Incident
from safeguarding.reviews.tests.factories import IncidentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_record_past_its_retention_is_anonymised_on_approval(page, page_problems, manager):  # noqa: F811
    from django.utils import timezone

    old = IncidentFactory(partnership=manager.partnership, reference="NSCP-1999-004",
                          status=Incident.Status.NOT_MET,
                          became_aware=retention.years_after(timezone.localdate(), -26))
    retention.retention_reviews_list(today=timezone.localdate())
    signed_in_with_code(page, manager)

    page.get_by_role("link", name="Case records past their retention period").click()
    expect(heading(page)).to_have_text("Case records past their retention period")
    expect(page.get_by_role("table").first).to_contain_text("25 years from the date the "
                                                            "notifier became aware")
    checked(page, page_problems)

    page.get_by_role("link", name="NSCP-1999-004 (Child A)").click()
    expect(heading(page)).to_have_text("NSCP-1999-004 (Child A)")
    expect(page.get_by_role("link", name="Cancel")).to_have_attribute("href", "/retention/")
    reason = page.get_by_label("Why keep it for longer")
    page.get_by_role("radio", name="Keep it for longer").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(retention.ENTER_REASON)
    expect(reason).to_be_visible()
    checked(page, page_problems)

    page.get_by_role("radio", name="Approve: it will be anonymised now").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(heading(page)).to_have_text("Case records past their retention period")
    expect(page.locator("body")).to_contain_text("No record is waiting for a decision")
    checked(page, page_problems)
    old.refresh_from_db()
    assert old.reference == f"Removed-{old.pk}"
