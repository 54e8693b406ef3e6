"""The JSON API keeps the promises of its OpenAPI schema: schemathesis generates requests from
`/api/v1/openapi.json` (valid ones and deliberately broken ones) and sends them, with a real API
token, to the Django application in this process. No request may end in a server error, and
every answer must be one the schema declares, in the shape it declares."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.api_clients import token_client

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_the_schema_is_served_as_json_at_openapi_json(client, db):
    # (`db`: every API call is counted against its token's or address's limit, in the cache)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/serious-incidents/notifications/" in schema["paths"]
    # The YAML at /schema/ is the same schema.
    assert client.get("/api/v1/schema/").status_code == 200


@pytest.fixture
def api_schema(db):
    """The schema, loaded from the application itself and calling it in this process. Each
    request ends without closing the test's database connection (as Django's test client does),
    so the test's transaction, and the token made in it, stay there."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def bearer(make_person, agency):
    """An agency safeguarding lead's token, with one sent notification and one draft of theirs
    for the generated ids to find."""
    from safeguarding.reviews.tests.factories import IncidentFactory

    lead = make_person(Role.AGENCY_LEAD)
    for status in ("notified", "draft"):
        IncidentFactory(partnership=agency.partnerships.get(), notifying_agency=agency,
                        notified_by=lead, status=status)
    return {"Authorization": f"Bearer {token_client(lead).secret}"}


@pytest.mark.django_db(transaction=False)
def test_every_operation_keeps_to_the_schema(api_schema, bearer):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 5, [op.label for op in operations]
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def keeps_to_the_schema(case):
            case.call_and_validate(headers=bearer, checks=CHECKS)

        keeps_to_the_schema()


@pytest.mark.django_db
def test_without_a_token_every_operation_answers_a_declared_401(api_schema):
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if {} in operation.definition.raw.get("security", []):
            continue  # read by anyone without a token (what is published, the API's index)

        @given(case=operation.as_strategy())
        @settings(max_examples=3, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def refused(case):
            response = case.call_and_validate(checks=CHECKS)
            assert response.status_code == 401, (case.operation.label, response.text)

        refused()
