"""The JSON API's rate limits: per token, per agency across all its people's tokens, and per
address for calls without a token; a call over the limit is a 429 problem saying when to try
again; the counts live where every app server sees them."""

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
    """Small limits for the test; the live settings are read at each call. `proxies`: how many
    proxies in front set X-Forwarded-For."""

    def set_rates(token="3/minute", agency="100/minute", address="100/minute", proxies=0):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies,
                                   "DEFAULT_THROTTLE_RATES": {
                                       "api_token": token, "api_agency": agency,
                                       "api_address": address}}
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


@pytest.fixture
def public_api(partnership):
    return f"/api/v1/public/{partnership.slug}/training/"


def test_one_address_over_its_limit_is_told_when_to_try_again(client, public_api, partnership,
                                                               rates):
    rates(address="2/minute")
    publications = f"/api/v1/public/{partnership.slug}/publications/"
    assert [client.get(public_api).status_code, client.get(publications).status_code] == [200, 200]
    refused = client.get(public_api)
    problem = problem_of(refused, 429)
    seconds = int(refused["Retry-After"])
    assert 1 <= seconds <= 60
    assert problem["detail"] == f"Too many calls from your address: try again in {seconds} seconds"
    # Another address is still served.
    assert client.get(public_api, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_forged_forwarded_for_does_not_get_round_the_limit(client, public_api, rates):
    rates(address="2/minute")
    calls = [client.get(public_api, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
             for n in range(3)]
    assert calls == [200, 200, 429]


def test_behind_a_proxy_the_address_it_forwards_is_counted(client, public_api, rates):
    """The proxy (the connection's address) appends the address it saw to whatever the caller
    sent: the caller's own part of the header is not believed."""
    rates(address="2/minute", proxies=1)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    calls = [client.get(public_api, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5",
                        **proxy).status_code for n in range(3)]
    assert calls == [200, 200, 429]
    assert client.get(public_api, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy).status_code == 200


def test_calls_with_a_token_are_not_counted_by_address(client, make_person, public_api, rates):
    rates(token="100/minute", address="1/minute")
    with_token = token_client(make_person(Role.AGENCY_LEAD))
    assert [with_token.get(API).status_code for _ in range(3)] == [200, 200, 200]
    assert client.get(public_api).status_code == 200  # the address's first call
    problem_of(client.get(public_api), 429)
    assert with_token.get(API).status_code == 200
