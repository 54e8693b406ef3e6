"""Where the API starts: `/api/v1/` answers JSON linking the documentation, the schema and every
call, to anyone and within the address's rate limit; the documentation is a page to read,
listing each call of the schema; the API tokens page leads to it."""

import pytest
from django.core.cache import caches

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.api_clients import problem_of

pytestmark = pytest.mark.django_db


def test_the_root_links_the_documentation_the_schema_and_every_call(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    index = response.json()
    assert index["links"] == {
        "self": "http://testserver/api/v1/",
        "docs": "http://testserver/api/v1/docs/",
        "schema": "http://testserver/api/v1/openapi.json",
        "schema_yaml": "http://testserver/api/v1/schema/",
        "tokens": "http://testserver/account/api-tokens/",
    }
    calls = {(call["method"], call["path"]): call for call in index["calls"]}
    notify = calls["POST", "/api/v1/serious-incidents/notifications/"]
    assert notify["summary"] == "Notify a potential serious child safeguarding incident"
    assert notify["needs_token"] is True
    assert calls["GET", "/api/v1/public/{slug}/training/"]["needs_token"] is False
    schema = client.get("/api/v1/openapi.json").json()
    assert {path for _, path in calls} == set(schema["paths"]) - {"/api/v1/"}
    assert "/api/v1/" in schema["paths"]  # the root is in the schema itself


def test_the_root_is_rate_limited_by_address(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_address": "1/minute"}}
    caches["default"].clear()
    assert client.get("/api/v1/").status_code == 200
    refused = problem_of(client.get("/api/v1/"), 429)
    assert refused["detail"].startswith("Too many calls from your address")


def test_the_documentation_is_a_page_listing_each_call(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">API documentation</h1>' in page
    assert '<a class="govuk-link" href="/api/v1/openapi.json">The schema as JSON</a>' in page
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert f"<strong>{method.upper()}</strong>" in page
            assert operation["summary"].replace("'", "&#x27;") in page, (method, path)
    assert "/<wbr>serious-incidents/<wbr>notifications/<wbr>{id}/<wbr>send/" in page
    assert '<h2 class="govuk-heading-m">Serious incidents</h2>' in page
    assert "No token needed" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_api_tokens_page_leads_to_the_documentation(make_person, signed_in):
    page = signed_in(make_person(Role.AGENCY_LEAD)).get("/account/api-tokens/")
    assert '<a class="govuk-link" href="/api/v1/docs/">API documentation</a>' in (
        page.content.decode())
