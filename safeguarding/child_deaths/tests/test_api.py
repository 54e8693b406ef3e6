"""The JSON API for child deaths, as an agency's system uses it: notify the CDOP, with the
notification page's refusals and words and its duplicate warning; read back your own
notifications; the access policy and the access log."""

import datetime

import pytest
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.api_clients import problem_of, token_client
from safeguarding.child_deaths import rules
from safeguarding.child_deaths.models import ChildDeath
from safeguarding.child_deaths.tests.factories import ChildDeathFactory
from safeguarding.core.models import AccessEvent, Deadline
from safeguarding.partnership.models import Group
from safeguarding.partnership.tests.factories import AgencyFactory, GroupFactory

pytestmark = pytest.mark.django_db
NOTIFICATIONS = "/api/v1/child-deaths/notifications/"


@pytest.fixture
def cdop(partnership):
    return GroupFactory(name="Northshire Child Death Overview Panel", short_name="CDOP",
                        kind=Group.Kind.PANEL, partnerships=[partnership])


@pytest.fixture
def lead(make_person):
    return make_person(Role.AGENCY_LEAD)


def notification(partnership, agency, **changes):
    today = timezone.localdate()
    return {"partnership": partnership.slug, "notifying_agency": agency.pk,
            "reference": "CDR-NS-001", "pseudonym": "Child L",
            "notified_on": str(today), "date_of_death": str(today - datetime.timedelta(days=1)),
            "place_of_death": "hospital_ed", "residence": "resident", "age_years": 0,
            "age_months": 4, "sex": "female", "ethnicity": "White British", "unexpected": True,
            "unexpected_because": "no_apparent_cause",
            "circumstances": "Child L was found unresponsive (fictional).", **changes}


def post(client, data):
    return client.post(NOTIFICATIONS, data, content_type="application/json")


def test_a_lead_notifies_the_cdop_and_reads_it_back_logged(partnership, agency, lead, cdop):
    api = token_client(lead)
    response = post(api, notification(partnership, agency))
    assert response.status_code == 201, response.content
    body = response.json()
    death = ChildDeath.objects.get()
    assert body["id"] == death.pk and body["status"] == ChildDeath.Status.NOTIFIED
    assert body["possible_duplicate"] is False and body["warning"] == ""
    assert response["Location"] == body["links"]["self"]
    assert death.panel == cdop and death.notified_by == lead
    assert Deadline.objects.filter(object_id=death.pk).exists()  # the review's clock started

    listed = api.get(NOTIFICATIONS).json()
    assert [row["id"] for row in listed["results"]] == [death.pk]
    assert api.get(body["links"]["self"]).status_code == 200
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.VIEW, user=lead,
                                      object_id=str(death.pk)).exists()


def test_a_second_notification_of_the_same_death_is_kept_and_flagged(partnership, agency,
                                                                      lead, cdop):
    api = token_client(lead)
    assert post(api, notification(partnership, agency)).status_code == 201
    response = post(api, notification(partnership, agency, reference="CDR-NS-002"))
    assert response.status_code == 201, response.content
    assert response.json()["possible_duplicate"] is True
    assert response.json()["warning"] == rules.POSSIBLE_DUPLICATE
    assert ChildDeath.objects.count() == 2


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"reference": ""}, "reference", "Enter the case reference"),
    ({"age_years": 18}, "age_years", rules.AGE_TOO_HIGH),
    ({"notified_on": "2999-01-01", "date_of_death": "2998-12-31"}, "notified_on",
     rules.NOTIFIED_IN_FUTURE),
    ({"date_of_death": "not a date"}, "date_of_death",
     "Enter the date of death as a date in the form YYYY-MM-DD, like 2027-03-27"),
])
def test_a_refused_notification_has_the_pages_words_and_saves_nothing(
        partnership, agency, lead, cdop, changes, field, message):
    problem = problem_of(post(token_client(lead), notification(partnership, agency, **changes)),
                         422)
    assert problem["errors"][field] == [message]
    assert not ChildDeath.objects.exists()


def test_only_those_who_may_notify_do_and_only_for_their_own_agency(
        partnership, agency, lead, make_person, cdop):
    other = AgencyFactory(name="Southshire Health", partnerships=[partnership])
    problem = problem_of(post(token_client(lead), notification(partnership, other)), 422)
    assert problem["errors"]["notifying_agency"] == [f"You may not notify for agency {other.pk}"]

    practitioner = make_person(Role.PRACTITIONER)
    problem_of(post(token_client(practitioner), notification(partnership, agency)), 403)
    assert not ChildDeath.objects.exists()


def test_another_agencys_notification_is_refused_and_not_listed(partnership, agency, lead):
    theirs = ChildDeathFactory(partnership=partnership)
    api = token_client(lead)
    problem_of(api.get(f"{NOTIFICATIONS}{theirs.pk}/"), 403)
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, user=lead).exists()
    assert api.get(NOTIFICATIONS).json()["results"] == []
