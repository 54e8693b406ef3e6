"""The JSON API's rate limits: per token, and per agency across all its people's tokens; a call
over the limit is a 429 problem saying when to try again; the counts live where every app
server sees them."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.api_clients import problem_of, token_client

pytestmark = pytest.mark.django_db
API = "/api/v1/serious-incidents/notifications/"


@pytest.fixture
def rates(settings):
    """Small limits for the test; the live settings are read at each call."""

    def set_rates(token="3/minute", agency="100/minute"):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
            "api_token": token, "api_agency": agency}}
        caches["default"].clear()

    return set_rates


def test_a_token_over_its_limit_is_told_when_to_try_again(make_person, rates):
    rates(token="3/minute")
    lead = make_person(Role.AGENCY_LEAD)
    client = token_client(lead)
    assert [client.get(API).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(API)
    problem = problem_of(refused, 429)
    assert problem["type"] == "about:blank" and problem["title"] == "Too Many Requests"
    seconds = int(refused["Retry-After"])
    assert 1 <= seconds <= 60
    assert f"try again in {seconds} seconds" in problem["detail"]
    # The limit is the token's: another token of the same person still works.
    assert token_client(lead).get(API).status_code == 200


def test_an_agency_s_tokens_share_its_limit(make_person, agency, rates):
    from safeguarding.partnership.tests.factories import AgencyFactory

    rates(token="100/minute", agency="4/minute")
    first, second = make_person(Role.AGENCY_LEAD), make_person(Role.AGENCY_LEAD)
    other_agency = make_person(Role.AGENCY_LEAD,
                               where=AgencyFactory(partnerships=agency.partnerships.all()))
    calls = [token_client(person).get(API).status_code for person in (first, first, second)]
    assert calls == [200, 200, 200]
    assert token_client(second).get(API).status_code == 200  # the agency's fourth call
    problem_of(token_client(first).get(API), 429)  # a new token does not get round it
    assert token_client(other_agency).get(API).status_code == 200


def test_the_counts_are_shared_by_every_app_server(make_person, rates):
    """Counted in the database cache: a cache made afresh, as another process would make it,
    sees the same count."""
    rates(token="2/minute")
    client = token_client(make_person(Role.AGENCY_LEAD))
    client.get(API)
    assert isinstance(caches["default"], DatabaseCache)
    elsewhere = DatabaseCache("app_cache", {})
    assert len(elsewhere.get(f"throttle_api_token_{client.token.pk}")) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM app_cache")
        assert cursor.fetchone()[0] >= 1
    client.get(API)
    problem_of(client.get(API), 429)


def test_calls_without_a_token_are_refused_before_they_are_counted(client, rates):
    rates(token="1/minute")
    for _ in range(3):
        problem_of(client.get(API), 401)
