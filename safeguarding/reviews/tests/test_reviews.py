"""Serious incidents: the notification, each move of the workflow with who may make it and what
must be true first, the clocks across a bank holiday, the agency's own request, the redaction
check before publication, and what the public sees."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from safeguarding.accounts.policy import Action, can, scope
from safeguarding.accounts.roles import Role
from safeguarding.core.models import ActionItem, Deadline, WorkflowEvent
from safeguarding.core.workflow import MoveRefused, transition
from safeguarding.partnership.tests.factories import AgencyFactory
from safeguarding.reviews import rules, services
from safeguarding.reviews.models import Incident, InformationRequest
from safeguarding.reviews.tests.factories import IncidentFactory
from safeguarding.reviews.workflow import INCIDENT_WORKFLOW

pytestmark = pytest.mark.django_db
D = datetime.date
S = Incident.Status


@pytest.fixture
def manager(make_person):
    return make_person(Role.BUSINESS_MANAGER)


@pytest.fixture
def lead(make_person):
    return make_person(Role.AGENCY_LEAD)


def notification(agency, **extra):
    values = dict(reference="NSCP-2026-101", pseudonym="Child A", age_band="1_4", sex="male",
                  ethnicity="Mixed", disability="no", legal_status="child_protection",
                  incident_date=D(2026, 11, 1), summary="Fictional summary", child_died=False,
                  became_aware=D(2026, 11, 2), immediate_actions="Strategy meeting")
    return {**values, **extra}


class TestNotification:
    def test_a_draft_then_a_sent_notification_acknowledged_without_identifying_detail(
        self, partnership, agency, lead
    ):
        draft = services.incident_draft_save(by=lead, partnership=partnership,
                                             notifying_agency=agency,
                                             **notification(agency, summary="Kept private"))
        assert draft.status == S.DRAFT and lead in draft.members.all()
        sent = services.incident_submit(incident=draft, by=lead)
        assert sent.status == S.NOTIFIED and sent.notified_at is not None
        message = mail.outbox[0]
        assert "NSCP-2026-101" in message.subject and "NSCP-2026-101" in message.body
        assert "Child A" not in message.body and "Kept private" not in message.body

    def test_a_date_of_awareness_in_the_future_is_refused(self, partnership, agency, lead):
        future = datetime.date.today() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as refused:
            services.incident_draft_save(by=lead, partnership=partnership,
                                         notifying_agency=agency,
                                         **notification(agency, became_aware=future))
        assert refused.value.message_dict["became_aware"] == [rules.AWARE_IN_FUTURE]
        assert not Incident.objects.exists()

    def test_a_duplicate_case_reference_is_refused(self, partnership, agency, lead):
        services.incident_draft_save(by=lead, partnership=partnership, notifying_agency=agency,
                                     **notification(agency))
        with pytest.raises(ValidationError, match="already exists in this partnership"):
            services.incident_draft_save(by=lead, partnership=partnership,
                                         notifying_agency=agency, **notification(agency))
        assert Incident.objects.count() == 1

    def test_the_notification_page_shows_the_errors(self, partnership, agency, lead, signed_in):
        page = signed_in(lead).post("/incidents/notify/", {"send": "yes"}).content.decode()
        assert "There is a problem" in page
        assert "Enter the case reference" in page
        assert "Enter the date you became aware of the incident" in page
        assert not Incident.objects.exists()


def case(partnership, agency, member, **extra):
    return IncidentFactory(partnership=partnership, notifying_agency=agency, members=[member],
                           **extra)


REFUSED = [(state, move.name) for move in INCIDENT_WORKFLOW.moves for state in S.values
           if state not in move.source]


@pytest.mark.parametrize(("state", "move"), REFUSED)
def test_every_move_out_of_its_states_is_refused(partnership, agency, manager, state, move):
    incident = case(partnership, agency, manager, status=state)
    with pytest.raises((MoveRefused, PermissionDenied)):
        transition(workflow=INCIDENT_WORKFLOW, record=incident, move=move, by=manager)
    incident.refresh_from_db()
    assert incident.status == state
    assert not WorkflowEvent.objects.exists()


def test_the_clocks_start_from_the_local_authority_across_christmas(partnership, agency,
                                                                     manager):
    incident = case(partnership, agency, manager, criteria_reasons="Meets the criteria",
                    la_became_aware=D(2026, 12, 21))
    services.incident_move(incident=incident, move="meets_criteria", by=manager)
    due = {d.rule.key: d.due_on for d in Deadline.objects.all()}
    assert due == {"national_panel_notification": D(2026, 12, 30),
                   "rapid_review": D(2027, 1, 14)}


def test_guards_say_what_is_missing(partnership, agency, manager):
    incident = case(partnership, agency, manager)
    with pytest.raises(MoveRefused, match="Enter the review group's reasons first"):
        services.incident_move(incident=incident, move="meets_criteria", by=manager)
    incident = case(partnership, agency, manager, status=S.MEETS, legal_status="looked_after",
                    panel_notified_on=D(2026, 12, 22), panel_reference="NP-1")
    with pytest.raises(MoveRefused, match="looked after: enter the date Ofsted"):
        services.incident_move(incident=incident, move="panel_notified", by=manager)


def test_the_rapid_review_waits_for_every_agency(partnership, agency, manager):
    incident = case(partnership, agency, manager, status=S.PANEL_NOTIFIED,
                    rapid_review_facts="Facts", rapid_review_learning="Learning",
                    recommended_route="practice_review", rapid_review_sent_on=D(2026, 12, 30))
    InformationRequest.objects.create(incident=incident, agency=agency, due_on=D(2026, 12, 28))
    with pytest.raises(MoveRefused, match="Every involved agency must answer"):
        services.incident_move(incident=incident, move="send_rapid_review", by=manager)


def test_only_the_partners_decide_the_route(partnership, agency, manager, make_person):
    incident = case(partnership, agency, manager, status=S.RAPID_REVIEW_SENT,
                    route_reasons="Two agencies did not work together")
    with pytest.raises(PermissionDenied):
        services.incident_move(incident=incident, move="commission_review", by=manager)
    partner = make_person(Role.DELEGATED_PARTNER)
    incident.members.add(partner)
    moved = services.incident_move(incident=incident, move="commission_review", by=partner)
    assert moved.status == S.PRACTICE_REVIEW and moved.route == "practice_review"
    from safeguarding.core.clocks import add_months

    assert Deadline.objects.get(rule__key="practice_review").due_on == add_months(
        moved.decided_on, 6)


class TestRequests:
    def test_an_agency_sees_and_answers_only_its_own_request(self, partnership, manager,
                                                              make_person, signed_in):
        ours, theirs = (AgencyFactory(partnerships=[partnership]) for _ in range(2))
        incident = case(partnership, ours, manager, status=S.PANEL_NOTIFIED)
        our_request = services.request_create(incident=incident, agency=ours,
                                              due_on=datetime.date.today(), by=manager)
        their_request = services.request_create(incident=incident, agency=theirs,
                                                due_on=datetime.date.today(), by=manager)
        lead = make_person(Role.AGENCY_LEAD, where=ours)
        assert can(lead, Action.ANSWER_REQUEST, our_request)
        assert not can(lead, Action.ANSWER_REQUEST, their_request)
        assert not can(lead, Action.VIEW_CASE, incident)
        assert list(scope(lead, Action.VIEW_REQUEST, InformationRequest.objects.all())) == [
            our_request]
        client = signed_in(lead)
        assert client.get(f"/information-requests/{their_request.pk}/").status_code == 403
        assert client.post(f"/information-requests/{their_request.pk}/", {
            "chronology": "x", "analysis": "x", "learning": "x", "submit": "yes"}
        ).status_code == 403
        their_request.refresh_from_db()
        assert their_request.submitted_on is None
        assert client.get(f"/incidents/{incident.pk}/").status_code == 403
        sent = client.post(f"/information-requests/{our_request.pk}/", {
            "chronology": "Seen twice in clinic", "analysis": "Missed", "learning": "Ask",
            "submit": "yes"})
        assert sent.status_code == 302
        our_request.refresh_from_db()
        assert our_request.submitted_on == datetime.date.today()

    def test_an_incomplete_answer_cannot_be_sent(self, partnership, agency, manager):
        incident = case(partnership, agency, manager, status=S.PANEL_NOTIFIED)
        request = services.request_create(incident=incident, agency=agency,
                                          due_on=datetime.date.today(), by=manager)
        with pytest.raises(ValidationError) as refused:
            services.request_answer(request=request, by=manager, chronology="x", analysis="",
                                    learning="", submit=True)
        assert set(refused.value.message_dict) == {"analysis", "learning"}


class TestPublication:
    def ready(self, partnership, agency, manager, text):
        incident = case(partnership, agency, manager, status=S.FINAL_REPORT_SENT,
                        final_report_sent_on=D(2026, 11, 2), publication_planned_on=D(2026, 11, 20),
                        published_title="Child A: a local practice review", published_text=text)
        services.identifying_detail_add(incident=incident, kind="name", value="Jayden",
                                        by=manager)
        services.identifying_detail_add(incident=incident, kind="date_of_birth",
                                        value="2022-03-27", by=manager)
        return incident

    def test_an_unredacted_name_or_birth_date_blocks_publication(self, partnership, agency,
                                                                 make_person):
        publisher = make_person(Role.BUSINESS_MANAGER)
        incident = self.ready(partnership, agency, publisher,
                              "Jayden, born 27/03/2022, lived with his mother.")
        with pytest.raises(MoveRefused) as refused:
            services.incident_publish(incident=incident, by=publisher, on=D(2026, 11, 20))
        assert "“Jayden”" in str(refused.value) and "27/03/2022" in str(refused.value)
        incident.refresh_from_db()
        assert incident.status == S.FINAL_REPORT_SENT and incident.published_on is None

    def test_not_before_seven_working_days_after_sending(self, partnership, agency, manager):
        incident = self.ready(partnership, agency, manager, "Child A lived with his mother.")
        with pytest.raises(MoveRefused, match="from 11 November 2026"):
            services.incident_publish(incident=incident, by=manager, on=D(2026, 11, 10))

    def test_published_for_a_year_then_gone_from_the_public_site(self, partnership, agency,
                                                                  manager, client):
        incident = self.ready(partnership, agency, manager, "Child A lived with his mother.")
        services.incident_publish(incident=incident, by=manager, on=D(2026, 11, 20))
        incident.refresh_from_db()
        assert incident.status == S.PUBLISHED
        assert incident.remove_after == D(2027, 11, 21)
        from safeguarding.reviews.selectors import published

        assert list(published(partnership, D(2027, 5, 1))) == [incident]
        assert list(published(partnership, D(2027, 11, 22))) == []
        page = client.get(f"/p/{partnership.slug}/reviews/{incident.pk}/")
        assert "Child A lived with his mother." in page.content.decode()

    def test_an_unpublished_review_is_not_found_publicly(self, partnership, agency, manager,
                                                         client):
        incident = self.ready(partnership, agency, manager, "Draft text")
        assert client.get(f"/p/{partnership.slug}/reviews/{incident.pk}/").status_code == 404


def test_a_recommendation_becomes_an_action(partnership, agency, manager):
    incident = case(partnership, agency, manager, status=S.PUBLISHED)
    services.recommendation_add(incident=incident, text="Check fathers are seen",
                                owner_agency=agency, due_on=D(2027, 3, 31), by=manager)
    action = ActionItem.objects.get()
    assert action.title == "Check fathers are seen" and action.owner_agency == agency
    assert action.source_label == f"Recommendation of practice review {incident.reference}"


def test_an_agencys_request_is_in_its_leads_work_and_leaves_it_when_answered(
    partnership, agency, manager, make_person, signed_in
):
    incident = case(partnership, agency, manager, status=S.PANEL_NOTIFIED,
                    reference="NSCP-2026-777")
    request = services.request_create(incident=incident, agency=agency,
                                      due_on=datetime.date.today() + datetime.timedelta(days=3),
                                      by=manager)
    lead = make_person(Role.AGENCY_LEAD)
    client = signed_in(lead)
    page = client.get("/my-work/").content.decode()
    assert "Answer the rapid review&#x27;s information request" in page
    assert "NSCP-2026-777: request to" in page
    assert "Child A" not in page
    services.request_answer(request=request, by=lead, chronology="c", analysis="a",
                            learning="l", submit=True)
    assert "NSCP-2026-777" not in client.get("/my-work/").content.decode()


def test_the_agency_lead_is_reminded_of_the_request(partnership, agency, manager, make_person):
    from safeguarding.core.services import reminders_send

    incident = case(partnership, agency, manager, status=S.PANEL_NOTIFIED,
                    reference="NSCP-2026-888")
    services.request_create(incident=incident, agency=agency, due_on=datetime.date.today(),
                            by=manager)
    lead = make_person(Role.AGENCY_LEAD, email="lead@hospital.example")
    assert reminders_send(today=datetime.date.today(), site_url="https://x.example") == 1
    assert mail.outbox[-1].to == [lead.email]
    assert "NSCP-2026-888" in mail.outbox[-1].body and "Child A" not in mail.outbox[-1].body
