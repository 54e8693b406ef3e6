"""Retention: every kind of case record has a rule; the scheduled task lists what is past its
period (once, however often it runs); the business manager approves and the record is
anonymised or deleted, in the access log, or kept longer with a reason."""

import datetime
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.child_deaths.tests.factories import AgencyReportFactory, ChildDeathFactory
from safeguarding.core import retention
from safeguarding.core.models import (
    AccessEvent,
    Attachment,
    Deadline,
    RetentionReview,
    WorkflowEvent,
)
from safeguarding.core.services import attachment_add, deadline_start
from safeguarding.core.tasks import list_records_past_retention
from safeguarding.escalations.models import Escalation
from safeguarding.escalations.tests.factories import EscalationFactory
from safeguarding.reviews import services as reviews
from safeguarding.reviews.models import IdentifyingDetail, Incident
from safeguarding.reviews.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = timezone.localdate()


def ago(years, days=0):
    return retention.years_after(TODAY, -years) - datetime.timedelta(days=days)


def test_every_kind_of_case_record_has_a_rule_that_fits_its_model():
    case_models = {model for model in apps.get_models()
                   if getattr(model, "is_case_record", False)
                   and not model.__module__.startswith("safeguarding.testing")}
    assert case_models | {Escalation} <= {rule.model_class for rule in retention.RULES}
    for rule in retention.RULES:
        model = rule.model_class
        for name in (rule.counts_from, *rule.anonymise, *rule.when):
            model._meta.get_field(name.split("__")[0])
        for name in (*rule.related, *rule.remove):
            assert hasattr(model, name), (rule.key, name)
        assert rule.source and rule.disposal in (retention.ANONYMISE, retention.DELETE)


@pytest.fixture
def old_cases(partnership, agency, make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    published = IncidentFactory(partnership=partnership, notifying_agency=agency,
                                status=Incident.Status.PUBLISHED, became_aware=ago(26),
                                published_text="Child A: a local practice review.",
                                panel_reference="NP-2000-0412")
    reviews.identifying_detail_add(incident=published, kind="name", value="Jayden", by=manager)
    published.requests.create(agency=agency, due_on=ago(26), chronology="Seen at home.")
    attachment_add(record=published, upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4 report"),
                   title="Draft report", by=manager)
    WorkflowEvent.objects.create(record=published, move="decide", from_state="notified",
                                 to_state="not_met", actor=manager,
                                 reason="Jayden's mother moved him to his grandmother's.")
    deadline_start(record=published, key="rapid_review", started_on=ago(26),
                   partnership=partnership)
    return {
        "manager": manager,
        "published": published,
        "draft": IncidentFactory(partnership=partnership, notifying_agency=agency,
                                 status=Incident.Status.DRAFT, became_aware=ago(2)),
        "open": IncidentFactory(partnership=partnership, notifying_agency=agency,
                                became_aware=ago(30)),  # still notified: never listed
        "recent": IncidentFactory(partnership=partnership, notifying_agency=agency,
                                  status=Incident.Status.NOT_MET, became_aware=ago(20)),
        "death": ChildDeathFactory(partnership=partnership, notifying_agency=agency,
                                   status="closed", date_of_death=ago(9),
                                   notified_on=ago(9) + datetime.timedelta(days=1)),
        "escalation": EscalationFactory(partnership=partnership, raising_agency=agency,
                                        status="resolved", resolved_on=ago(7)),
    }


def test_the_task_lists_what_is_past_its_period_once(old_cases, settings):
    assert list_records_past_retention.enqueue(TODAY.isoformat()).return_value == 4
    assert list_records_past_retention.enqueue(TODAY.isoformat()).return_value == 0
    listed = {(r.rule, r.object_id) for r in RetentionReview.objects.all()}
    assert listed == {("incident", old_cases["published"].pk),
                      ("incident-draft", old_cases["draft"].pk),
                      ("child-death", old_cases["death"].pk),
                      ("escalation", old_cases["escalation"].pk)}
    published = RetentionReview.objects.get(rule="incident")
    assert published.due_on == ago(1) and published.status == "due"
    assert published.record_label == f"{old_cases['published'].reference} (Child A)"


def test_approval_anonymises_the_record_and_is_logged(old_cases, signed_in):
    retention.retention_reviews_list(today=TODAY)
    incident = old_cases["published"]
    history_before = Incident.history.filter(id=incident.pk).count()
    assert history_before and Attachment.objects.exists()
    review = RetentionReview.objects.get(rule="incident")
    client = signed_in(old_cases["manager"])
    page = client.get("/retention/")
    assert incident.reference in page.content.decode()
    response = client.post(f"/retention/{review.pk}/", {"decision": "dispose"})
    assert response.status_code == 302 and response.url == "/retention/"

    incident.refresh_from_db()
    assert incident.reference == f"Removed-{incident.pk}" and incident.pseudonym == "Child"
    assert incident.summary == "" and incident.immediate_actions == ""
    assert incident.published_text == "Child A: a local practice review."  # public already
    assert (incident.age_band, incident.sex, incident.status) == ("1_4", "female", "published")
    assert not IdentifyingDetail.objects.exists()
    assert incident.requests.get().chronology == ""
    assert not Attachment.objects.exists()
    assert not Incident.history.filter(id=incident.pk).exists()  # the old versions held it all
    assert incident.panel_reference == ""
    event = WorkflowEvent.objects.get(object_id=incident.pk)
    assert (event.move, event.reason) == ("decide", "")  # the move is counted, the words gone
    assert Deadline.objects.get(object_id=incident.pk).record_label == (
        f"Removed-{incident.pk} (Child)")
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.DISPOSED)
    assert event.user == old_cases["manager"] and event.object_id == str(incident.pk)
    assert "Anonymised on approval" in event.detail
    review.refresh_from_db()
    assert (review.status, review.disposal, review.decided_by) == (
        "disposed", "anonymised", old_cases["manager"])
    assert "anonymised" in client.get("/retention/").content.decode().lower()


def test_a_draft_never_sent_is_deleted_and_other_kinds_anonymised(old_cases, agency):
    manager = old_cases["manager"]
    AgencyReportFactory(child_death=old_cases["death"], agency=agency,
                        involvement="Health visitor saw Child L weekly.")
    retention.retention_reviews_list(today=TODAY)
    for review in RetentionReview.objects.exclude(rule="incident"):
        retention.retention_dispose(review=review, by=manager, today=TODAY)
    assert not Incident.objects.filter(pk=old_cases["draft"].pk).exists()
    assert not Incident.history.filter(id=old_cases["draft"].pk).exists()
    death = old_cases["death"]
    death.refresh_from_db()
    assert death.date_of_death == ago(9).replace(day=1) and death.circumstances == ""
    assert death.agency_reports.get().involvement == ""
    escalation = old_cases["escalation"]
    escalation.refresh_from_db()
    assert escalation.concern == "" and escalation.reference.startswith("Removed-")
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DISPOSED).count() == 3


def test_keeping_it_longer_needs_a_reason_and_a_date_then_it_comes_back(old_cases, signed_in):
    retention.retention_reviews_list(today=TODAY)
    review = RetentionReview.objects.get(rule="incident")
    client = signed_in(old_cases["manager"])
    refused = client.post(f"/retention/{review.pk}/", {"decision": "keep"})
    body = refused.content.decode()
    assert refused.status_code == 200 and "There is a problem" in body
    assert retention.ENTER_REASON in body and retention.ENTER_KEEP_UNTIL in body
    review.refresh_from_db()
    assert review.status == "due"

    keep_until = retention.years_after(TODAY, 2)
    retention.retention_keep(review=review, by=old_cases["manager"], reason="A claim is open",
                             keep_until=keep_until, today=TODAY)
    assert retention.retention_reviews_list(today=retention.years_after(TODAY, 1)) == 0
    assert RetentionReview.objects.get(pk=review.pk).status == "kept"
    retention.retention_reviews_list(today=keep_until)
    assert RetentionReview.objects.get(pk=review.pk).status == "due"
    old_cases["published"].refresh_from_db()
    assert old_cases["published"].summary  # nothing happened to it meanwhile


def test_only_the_business_manager_of_the_partnership_decides(old_cases, make_person,
                                                              signed_in):
    retention.retention_reviews_list(today=TODAY)
    review = RetentionReview.objects.get(rule="incident")
    for role in (Role.BUSINESS_OFFICER, Role.AGENCY_LEAD, Role.LEAD_PARTNER):
        client = signed_in(make_person(role))
        assert client.get("/retention/").status_code == 403
        assert client.post(f"/retention/{review.pk}/", {"decision": "dispose"}).status_code == 403
    assert Incident.objects.get(pk=old_cases["published"].pk).summary


def test_the_pages_say_what_happened_and_who_decided(old_cases, signed_in):
    """The decision page warns with a red button and offers a way back; the list counts years
    as English does, names the person who decided, and a decided record says which of
    anonymised or deleted it was."""
    manager = old_cases["manager"]
    retention.retention_reviews_list(today=TODAY)
    draft = RetentionReview.objects.get(rule="incident-draft")
    client = signed_in(manager)

    form = client.get(f"/retention/{draft.pk}/").content.decode()
    assert 'name="reason"' in form and 'name="keep_until_0"' in form
    assert re.search(r'class="govuk-button govuk-button--warning"[^>]*>\s*Save the decision',
                     form)
    assert '<a class="govuk-link" href="/retention/">Cancel</a>' in form

    client.post(f"/retention/{draft.pk}/", {"decision": "dispose"})
    listing = client.get("/retention/").content.decode()
    assert "1 year from the date the notifier became aware, then deleted" in listing
    assert "1 years" not in listing
    decided = listing.split("Decided in the last 90 days", 1)[1].split("</table>", 1)[0]
    assert f'<td class="govuk-table__cell">{manager.full_name}</td>' in decided
    assert manager.email not in listing
    assert "<caption" in decided and "Decided in the last 90 days" not in decided

    page = client.get(f"/retention/{draft.pk}/").content.decode()
    status = page.split(">Status</dt>", 1)[1].split("</dd>", 1)[0]
    assert status.endswith(">Deleted")
    assert f"by {manager.full_name}" in page
    assert "Save the decision" not in page
