"""Figures sent by an agency's own system through the JSON API: checked as a file is (every bad
figure listed, nothing saved), only for the indicators the agency owns, and imported as a file
is (replacing a period's figures and keeping the old ones)."""

import pytest

from safeguarding.accounts.policy import Action, can
from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.api_clients import problem_of, token_client
from safeguarding.core.models import AccessEvent
from safeguarding.intelligence import rules, services
from safeguarding.intelligence.models import DataImport, Value
from safeguarding.intelligence.tests.test_intelligence import indicator_set  # noqa: F401
from safeguarding.partnership.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

GOOD = [
    {"indicator": "referrals", "period": "2026-01", "value": 120},
    {"indicator": "referrals", "period": "2026-01", "breakdown": "Sex", "category": "Female",
     "value": "60"},
    {"indicator": "REFERRALS", "period": "2026-01", "breakdown": "Area", "category": "north",
     "value": 70.5},
]


def figures_url(indicator_set):  # noqa: F811
    return f"/api/v1/indicator-data/sets/{indicator_set.pk}/figures/"


@pytest.fixture
def lead(make_person):
    """A safeguarding lead of the agency that owns the "referrals" indicator."""
    return make_person(Role.AGENCY_LEAD)


def test_an_agency_sends_its_indicators_figures(lead, indicator_set):  # noqa: F811
    client = token_client(lead)
    response = client.post(figures_url(indicator_set), {"figures": GOOD},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "imported" and body["values_added"] == 3
    assert body["page"].endswith(f"/data/imports/{body['id']}/")
    record = DataImport.objects.get(pk=body["id"])
    assert record.file_name == "Case system (API)" and record.uploaded_by == lead
    assert sorted(Value.objects.values_list("category", "value")) == [
        ("", 120), ("Female", 60), ("North", 70.5)]

    # Sent again for the same period: replaced, the old figures kept.
    again = client.post(figures_url(indicator_set), {"figures": GOOD[:1]},
                        content_type="application/json")
    assert again.json()["values_replaced"] == 3
    assert Value.objects.filter(superseded_by__isnull=True).count() == 1
    assert Value.objects.count() == 4


def test_every_bad_figure_is_listed_and_nothing_is_saved(lead, indicator_set):  # noqa: F811
    figures = [
        GOOD[0],                                                         # line 1: fine
        {"indicator": "referals", "period": "2026-01", "value": 1},       # no such indicator
        {"indicator": "referrals", "period": "Jan", "value": 1},          # not a period
        {"indicator": "referrals", "period": "2026-01", "breakdown": "Sex", "category": "Other",
         "value": 1},                                                      # not a category
        {"indicator": "re-referrals", "period": "2026-01", "value": 10},  # not the agency's
        {"indicator": "referrals", "period": "2026-01", "value": "-3"},   # below 0
        {"indicator": "referrals", "period": "2026-01", "value": 121},    # line 1 again
        {"indicator": "referrals", "period": "2025-12", "value": 1e15},   # more than it holds
    ]
    response = token_client(lead).post(figures_url(indicator_set), {"figures": figures},
                                       content_type="application/json")
    problem = problem_of(response, 422)
    assert problem["type"] == "/api/v1/problems/validation/"
    assert problem["errors"] == {
        "figures.1": ["Line 2: " + rules.UNKNOWN_INDICATOR.format(code="referals")],
        "figures.2": ["Line 3: " + rules.BAD_PERIOD],
        "figures.3": ["Line 4: " + rules.UNKNOWN_CATEGORY.format(
            category="Other", breakdown="sex", allowed="Female, Male, Not recorded")],
        "figures.4": ["Line 5: " + services.NOT_YOUR_INDICATOR.format(code="re-referrals")],
        "figures.5": ["Line 6: " + rules.NEGATIVE_VALUE],
        "figures.6": ["Line 7: " + rules.REPEATED.format(line=1)],
        "figures.7": ["Line 8: " + services.VALUE_TOO_LARGE],
    }
    assert not Value.objects.exists() and not DataImport.objects.exists()


def test_a_figure_without_a_value_or_an_empty_submission_is_refused(lead, indicator_set):  # noqa: F811
    client = token_client(lead)
    response = client.post(figures_url(indicator_set), {"figures": [
        {"indicator": "referrals", "period": "2026-01", "value": " "}]},
        content_type="application/json")
    assert problem_of(response, 422)["errors"] == {"figures.0.value": ["Enter the figure's value"]}
    response = client.post(figures_url(indicator_set), {"figures": []},
                           content_type="application/json")
    assert problem_of(response, 422)["errors"] == {"figures": ["Send at least one figure"]}


def test_only_the_owning_agency_and_the_business_unit_may_send(make_person, lead, agency,
                                                              indicator_set):  # noqa: F811
    other_lead = make_person(Role.AGENCY_LEAD,
                             where=AgencyFactory(partnerships=agency.partnerships.all()))
    manager = make_person(Role.BUSINESS_MANAGER)
    practitioner = make_person(Role.PRACTITIONER)
    assert can(lead, Action.SUBMIT_INDICATOR_DATA, indicator_set)
    assert can(manager, Action.SUBMIT_INDICATOR_DATA, indicator_set)
    assert not can(other_lead, Action.SUBMIT_INDICATOR_DATA, indicator_set)
    assert not can(practitioner, Action.SUBMIT_INDICATOR_DATA, indicator_set)
    # The lead still does not see the dashboard: sending is not reading.
    assert not can(lead, Action.VIEW_INTELLIGENCE, indicator_set)

    refused = token_client(other_lead).post(figures_url(indicator_set), {"figures": GOOD},
                                            content_type="application/json")
    problem_of(refused, 403)
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, user=other_lead).exists()

    # The business unit may send any of its partnership's indicators.
    response = token_client(manager).post(figures_url(indicator_set), {"figures": [
        {"indicator": "re-referrals", "period": "2026-01", "value": 18.5}]},
        content_type="application/json")
    assert response.status_code == 201, response.content


def test_the_list_shows_the_indicators_you_send_figures_for(lead, indicator_set):  # noqa: F811
    response = token_client(lead).get("/api/v1/indicator-data/indicators/")
    assert response.status_code == 200
    [referrals] = response.json()["results"]
    assert referrals["code"] == "referrals"
    assert referrals["categories"] == {"sex": ["Female", "Male", "Not recorded"],
                                       "locality": ["North", "South", "Not recorded"]}
    assert referrals["figures"].endswith(figures_url(indicator_set))
