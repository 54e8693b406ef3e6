"""The JSON API for an agency's answer to a rapid review's information request: its agency's
open requests listed (and the reading logged), answered through the page's own service, with
the page's words; another agency's request never shown nor answered."""

import datetime

import pytest

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.api_clients import problem_of, token_client
from safeguarding.core.models import AccessEvent
from safeguarding.partnership.tests.factories import AgencyFactory
from safeguarding.reviews.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db
REQUESTS = "/api/v1/serious-incidents/requests/"
ANSWER = {"chronology": "1 November: seen at clinic (fictional).",
          "analysis": "The referral was late.", "learning": "Share concerns the same day."}


@pytest.fixture
def lead(make_person):
    return make_person(Role.AGENCY_LEAD)


@pytest.fixture
def requests(partnership, agency):
    """A request to the lead's agency, one already answered, and one to another agency."""
    police = AgencyFactory(name="Northshire Police", partnerships=[partnership])
    due = datetime.date(2026, 12, 1)
    first, second = (IncidentFactory(partnership=partnership, notifying_agency=agency)
                     for _ in range(2))
    return {"ours": first.requests.create(agency=agency, due_on=due),
            "answered": second.requests.create(agency=agency, due_on=due,
                                               submitted_on=datetime.date(2026, 11, 1)),
            "theirs": first.requests.create(agency=police, due_on=due)}


def answer(client, request_made, data):
    return client.post(f"{REQUESTS}{request_made.pk}/answer/", data,
                       content_type="application/json")


def test_a_lead_lists_its_open_requests_only_and_the_reading_is_logged(lead, requests):
    response = token_client(lead).get(REQUESTS)
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [requests["ours"].pk]
    assert rows[0]["case_reference"] == requests["ours"].incident.reference
    assert "pseudonym" not in rows[0]  # nothing else of the case
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.VIEW, user=lead).exists()


def test_a_lead_saves_then_sends_its_agencys_answer(lead, requests):
    api = token_client(lead)
    ours = requests["ours"]
    saved = answer(api, ours, {"chronology": ANSWER["chronology"]})
    assert saved.status_code == 200, saved.content
    assert saved.json()["submitted_on"] is None
    sent = answer(api, ours, {**ANSWER, "submit": True})
    assert sent.status_code == 200, sent.content
    ours.refresh_from_db()
    assert ours.submitted_on and ours.submitted_by == lead and ours.learning == ANSWER["learning"]
    assert api.get(REQUESTS).json()["results"] == []  # answered: no longer open


def test_sending_an_incomplete_answer_has_the_pages_words_and_saves_nothing(lead, requests):
    ours = requests["ours"]
    problem = problem_of(answer(token_client(lead), ours,
                                {"chronology": "Some", "submit": True}), 422)
    assert problem["errors"] == {"analysis": ["Enter the analysis"],
                                 "learning": ["Enter the learning identified"]}
    ours.refresh_from_db()
    assert ours.chronology == "" and ours.submitted_on is None


def test_an_answered_request_cannot_be_changed(lead, requests):
    problem_of(answer(token_client(lead), requests["answered"], ANSWER), 422)


def test_another_agencys_request_is_refused_and_logged(lead, requests, make_person):
    api = token_client(lead)
    theirs = requests["theirs"]
    problem_of(api.get(f"{REQUESTS}{theirs.pk}/"), 403)
    problem_of(answer(api, theirs, ANSWER), 403)
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, user=lead).count() == 2
    theirs.refresh_from_db()
    assert theirs.chronology == ""
    # The business unit sees the case but does not answer for an agency.
    manager = make_person(Role.BUSINESS_MANAGER)
    problem_of(answer(token_client(manager), requests["ours"], ANSWER), 403)
