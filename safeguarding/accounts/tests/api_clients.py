"""Calling the JSON API in tests as a program would: with an API token, no session."""

from django.test import Client

from safeguarding.accounts import services
from safeguarding.core.api import PROBLEM_JSON


def token_client(user, *, days=90) -> Client:
    """A client sending a fresh API token of `user`'s in every request (its secret is on
    `client.secret`, the token on `client.token`)."""
    token, secret = services.api_token_create(user=user, name="Case system", days=days)
    client = Client(headers={"authorization": f"Bearer {secret}"})
    client.token, client.secret = token, secret
    return client


def problem_of(response, status: int) -> dict:
    """The RFC 9457 problem a refusal carries, checked for its shape."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status and body["type"] and body["title"] and body["detail"]
    return body
