"""The JSON API for serious incidents, as an agency's case-management system uses it: notify
(a draft, or sent at once), change a draft, send it, read and list; the same refusals and
messages as the notification page; the access policy and the access log; the schema."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.validation import validate_schema

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.api_clients import problem_of, token_client
from safeguarding.core.models import AccessEvent
from safeguarding.partnership.tests.factories import AgencyFactory
from safeguarding.reviews import rules
from safeguarding.reviews.models import Incident
from safeguarding.reviews.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db
D = datetime.date
S = Incident.Status
NOTIFICATIONS = "/api/v1/serious-incidents/notifications/"
SUMMARY = "Child A was found with injuries at home (fictional)"
IMMEDIATE = "A strategy meeting was held the same day"


@pytest.fixture
def lead(make_person):
    return make_person(Role.AGENCY_LEAD)


@pytest.fixture
def police(partnership):
    return AgencyFactory(name="Northshire Police", partnerships=[partnership])


def notification(partnership, agency, **extra):
    return {"partnership": partnership.slug, "notifying_agency": agency.pk,
            "reference": "NSCP-2026-201", "pseudonym": "Child A", "age_band": "1_4",
            "sex": "male", "ethnicity": "Mixed", "disability": "no",
            "legal_status": "child_protection", "incident_date": "2026-11-01",
            "became_aware": "2026-11-02", "child_died": False, "summary": SUMMARY,
            "immediate_actions": IMMEDIATE, **extra}


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


class TestNotifying:
    def test_a_lead_sends_a_notification_at_once_and_is_acknowledged_without_detail(
        self, partnership, agency, police, lead
    ):
        api = token_client(lead)
        response = post(api, NOTIFICATIONS, notification(
            partnership, agency, send=True, agencies_involved=[police.pk]))
        assert response.status_code == 201, response.content
        body = response.json()
        incident = Incident.objects.get()
        assert body["id"] == incident.pk and body["status"] == S.NOTIFIED
        assert body["reference"] == "NSCP-2026-201" and body["notified_at"]
        assert body["agencies_involved"] == [police.pk] and body["partnership"] == "north"
        assert body["links"]["self"].endswith(f"{NOTIFICATIONS}{incident.pk}/")
        assert body["links"]["page"].endswith(f"/incidents/{incident.pk}/")
        assert "send" not in body["links"]
        assert response["Location"] == body["links"]["self"]
        assert incident.status == S.NOTIFIED and incident.notified_by == lead

        # The acknowledgement: the case reference, and nothing that identifies the child.
        assert len(mail.outbox) == 1
        acknowledgement = mail.outbox[0]
        assert acknowledgement.to == [lead.email]
        assert "NSCP-2026-201" in acknowledgement.subject
        assert "NSCP-2026-201" in acknowledgement.body
        for secret in ("Child A", SUMMARY, IMMEDIATE, "Mixed"):
            assert secret not in acknowledgement.subject + acknowledgement.body, secret

    def test_a_draft_is_changed_then_sent(self, partnership, agency, lead):
        api = token_client(lead)
        draft = post(api, NOTIFICATIONS, notification(partnership, agency)).json()
        assert draft["status"] == S.DRAFT and "send" in draft["links"]
        assert mail.outbox == []

        url = f"{NOTIFICATIONS}{draft['id']}/"
        changed = api.patch(url, {"version": draft["version"], "summary": "Changed (fictional)"},
                            content_type="application/json")
        assert changed.status_code == 200, changed.content
        assert changed.json()["summary"] == "Changed (fictional)"
        assert changed.json()["version"] == draft["version"] + 1
        assert changed.json()["reference"] == "NSCP-2026-201"  # the rest as it was

        sent = post(api, draft["links"]["send"])
        assert sent.status_code == 200, sent.content
        assert sent.json()["status"] == S.NOTIFIED and len(mail.outbox) == 1
        again = problem_of(post(api, draft["links"]["send"]), 409)
        assert again["type"] == "/api/v1/problems/move-refused/"
        assert "You cannot send the notification" in again["detail"]
        assert len(mail.outbox) == 1

    def test_a_change_made_meanwhile_is_not_overwritten(self, partnership, agency, lead):
        api = token_client(lead)
        draft = post(api, NOTIFICATIONS, notification(partnership, agency)).json()
        url = f"{NOTIFICATIONS}{draft['id']}/"
        api.patch(url, {"version": draft["version"], "pseudonym": "Child B"},
                  content_type="application/json")
        stale = api.patch(url, {"version": draft["version"], "summary": "Mine"},
                          content_type="application/json")
        body = problem_of(stale, 409)
        assert body["type"] == "/api/v1/problems/edit-conflict/"
        assert Incident.objects.get().summary == SUMMARY

    def test_a_change_needs_the_version_read(self, partnership, agency, lead):
        api = token_client(lead)
        draft = post(api, NOTIFICATIONS, notification(partnership, agency)).json()
        body = problem_of(api.patch(f"{NOTIFICATIONS}{draft['id']}/", {"summary": "x"},
                                    content_type="application/json"), 422)
        assert list(body["errors"]) == ["version"]

    def test_a_sent_notification_is_no_longer_a_draft_to_change(self, partnership, agency, lead):
        api = token_client(lead)
        sent = post(api, NOTIFICATIONS, notification(partnership, agency, send=True)).json()
        body = problem_of(api.patch(f"{NOTIFICATIONS}{sent['id']}/",
                                    {"version": sent["version"], "summary": "Later"},
                                    content_type="application/json"), 422)
        assert body["errors"] == {"non_field_errors": [rules.NOT_A_DRAFT]}


class TestRefusals:
    """The page's messages, field by field, as RFC 9457 problem details; nothing saved."""

    def test_missing_values_are_named_in_the_page_s_words(self, lead):
        body = problem_of(post(token_client(lead), NOTIFICATIONS, {"send": True}), 422)
        assert body["type"] == "/api/v1/problems/validation/"
        assert body["title"] == "Check the values you sent"
        assert body["errors"]["reference"] == ["Enter the case reference"]
        assert body["errors"]["became_aware"] == [
            "Enter the date you became aware of the incident"]
        assert body["errors"]["partnership"] == ["Select the partnership"]
        assert "Enter the case reference" in body["detail"]
        assert not Incident.objects.exists() and mail.outbox == []

    def test_a_date_of_awareness_in_the_future_is_refused(self, partnership, agency, lead):
        future = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
        response = post(token_client(lead), NOTIFICATIONS,
                        notification(partnership, agency, became_aware=future, send=True))
        assert problem_of(response, 422)["errors"] == {"became_aware": [rules.AWARE_IN_FUTURE]}
        assert not Incident.objects.exists() and mail.outbox == []

    def test_an_incident_after_the_date_of_awareness_is_refused(self, partnership, agency, lead):
        response = post(token_client(lead), NOTIFICATIONS,
                        notification(partnership, agency, incident_date="2026-11-03"))
        assert problem_of(response, 422)["errors"] == {
            "incident_date": [rules.INCIDENT_AFTER_AWARE]}
        assert not Incident.objects.exists()

    def test_a_duplicate_case_reference_is_refused(self, partnership, agency, lead):
        api = token_client(lead)
        assert post(api, NOTIFICATIONS, notification(partnership, agency)).status_code == 201
        body = problem_of(post(api, NOTIFICATIONS, notification(partnership, agency)), 422)
        assert body["errors"] == {"reference": [
            rules.DUPLICATE_REFERENCE.format(reference="NSCP-2026-201")]}
        assert Incident.objects.count() == 1

    def test_a_date_not_in_iso_form_says_how_to_write_it(self, partnership, agency, lead):
        response = post(token_client(lead), NOTIFICATIONS,
                        notification(partnership, agency, became_aware="2/11/2026"))
        message = problem_of(response, 422)["errors"]["became_aware"][0]
        assert message.startswith("Enter the date you became aware of the incident")
        assert "YYYY-MM-DD" in message

    def test_only_the_agencies_and_partnerships_the_lead_may_notify_for(
        self, partnership, other_partnership, agency, lead
    ):
        elsewhere = AgencyFactory(partnerships=[other_partnership])
        api = token_client(lead)
        body = problem_of(post(api, NOTIFICATIONS, notification(
            other_partnership, elsewhere, agencies_involved=[elsewhere.pk])), 422)
        assert set(body["errors"]) == {"partnership", "notifying_agency", "agencies_involved"}
        assert not Incident.objects.exists()

    def test_a_body_that_is_not_json_is_a_400(self, lead):
        response = token_client(lead).post(NOTIFICATIONS, "{not json",
                                           content_type="application/json")
        assert problem_of(response, 400)["type"] == "about:blank"

    def test_text_holding_the_nul_character_is_refused_saving_nothing(self, partnership, agency,
                                                                   lead):
        response = post(token_client(lead), NOTIFICATIONS,
                        {**notification(partnership, agency), "partnership": "north\x00"})
        assert "NUL character" in problem_of(response, 422)["detail"]
        assert not Incident.objects.exists()

    def test_someone_who_may_not_notify_is_refused_and_logged(self, partnership, agency,
                                                             make_person):
        practitioner = make_person(Role.PRACTITIONER, two_factor=False)
        response = post(token_client(practitioner), NOTIFICATIONS,
                        notification(partnership, agency))
        problem_of(response, 403)
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED,
                                          user=practitioner).exists()
        assert not Incident.objects.exists()


class TestReading:
    def test_reading_a_case_is_in_the_access_log(self, partnership, agency, lead):
        incident = IncidentFactory(partnership=partnership, notifying_agency=agency,
                                   members=[lead])
        response = token_client(lead).get(f"{NOTIFICATIONS}{incident.pk}/")
        assert response.status_code == 200 and response.json()["summary"] == incident.summary
        event = AccessEvent.objects.get(kind=AccessEvent.Kind.VIEW)
        assert event.user == lead and event.object_id == str(incident.pk)
        assert event.path == f"{NOTIFICATIONS}{incident.pk}/"
        assert event.record_label == incident.log_label

    def test_a_stranger_is_refused_someone_else_s_case_and_logged(self, partnership, agency,
                                                                 lead, make_person):
        incident = IncidentFactory(partnership=partnership, notifying_agency=agency,
                                   members=[lead])
        other_agency = AgencyFactory(partnerships=[partnership])
        stranger = make_person(Role.AGENCY_LEAD, where=other_agency)
        api = token_client(stranger)
        url = f"{NOTIFICATIONS}{incident.pk}/"
        problem_of(api.get(url), 403)
        problem_of(post(api, f"{url}send/"), 403)
        problem_of(api.patch(url, {"version": 1}, content_type="application/json"), 403)
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, user=stranger).count() == 3
        assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.VIEW).exists()
        assert problem_of(api.get(f"{NOTIFICATIONS}{incident.pk + 100}/"), 404)["detail"]
        assert api.get(NOTIFICATIONS).json()["results"] == []

    def test_a_draft_is_the_notifier_s_alone(self, partnership, agency, lead, make_person):
        manager = make_person(Role.BUSINESS_MANAGER)
        draft = post(token_client(lead), NOTIFICATIONS, notification(partnership, agency)).json()
        api = token_client(manager)
        assert api.get(NOTIFICATIONS).json()["count"] == 0
        problem_of(api.get(f"{NOTIFICATIONS}{draft['id']}/"), 403)

    def test_the_list_filters_by_status(self, partnership, agency, lead):
        IncidentFactory(partnership=partnership, notifying_agency=agency, members=[lead])
        IncidentFactory(partnership=partnership, notifying_agency=agency, members=[lead],
                        status=S.MEETS)
        api = token_client(lead)
        assert [n["status"] for n in api.get(f"{NOTIFICATIONS}?status=meets").json()[
            "results"]] == [S.MEETS]
        body = problem_of(api.get(f"{NOTIFICATIONS}?status=lost&agency=x"), 422)
        assert set(body["errors"]) == {"status", "agency"}

    def test_the_list_costs_the_same_queries_however_long_it_is(self, partnership, agency,
                                                                make_person):
        manager = make_person(Role.BUSINESS_MANAGER)
        api = token_client(manager)
        api.get(NOTIFICATIONS)  # the first call notes when the token was used (once a minute)

        def queries_for_list(count):
            for _ in range(count):
                IncidentFactory(partnership=partnership, notifying_agency=agency,
                                members=[manager])
            with CaptureQueriesContext(connection) as captured:
                response = api.get(NOTIFICATIONS)
            assert response.status_code == 200
            return len(captured), response.json()["count"]

        few, shown = queries_for_list(2)
        assert shown == 2
        many, shown = queries_for_list(20)
        assert shown == 22 and many == few


def test_the_schema_is_valid_openapi_listing_the_notification_paths(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert {f"{NOTIFICATIONS}", f"{NOTIFICATIONS}{{id}}/", f"{NOTIFICATIONS}{{id}}/send/"} <= set(
        schema["paths"])
    create = schema["paths"][NOTIFICATIONS]["post"]
    assert "application/problem+json" in create["responses"]["422"]["content"]
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_each_problem_type_says_what_it_means(client):
    body = client.get("/api/v1/problems/validation/").json()
    assert body["type"] == "/api/v1/problems/validation/" and body["status"] == 422
    assert client.get("/api/v1/problems/no-such-problem/").status_code == 404
