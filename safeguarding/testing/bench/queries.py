"""Queries per page: each page opened in this process through Django's test client, signed in
as a bench account exactly as Locust's users are, once to warm up and once counted."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safeguarding.testing.bench.codes import totp


def signed_in_client(account: dict) -> Client:
    client = Client()
    answer = client.post("/account/sign-in/", {"username": account["email"],
                                               "password": account["password"]})
    if answer.status_code != 302:
        raise RuntimeError(f"The bench account could not sign in ({answer.status_code})")
    answer = client.post("/account/two-factor/", {"code": totp(account["totp_key"])})
    if answer.status_code != 302:
        raise RuntimeError(f"The bench account's two-factor code was refused "
                           f"({answer.status_code})")
    return client


def queries_per_page(pages: list[dict], account: dict) -> dict[str, int]:
    signed_in, public = signed_in_client(account), Client()
    counted = {}
    for page in pages:
        client = signed_in if page["kind"] == "signed_in" else public
        extra = ({"HTTP_AUTHORIZATION": f"Bearer {account['api_token']}"}
                 if page["kind"] == "api" else {})
        client.get(page["path"], **extra)
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(page["path"], **extra)
        if answer.status_code != 200:
            raise RuntimeError(f"{page['name']} ({page['path']}) answered {answer.status_code}")
        counted[page["name"]] = len(captured)
    return counted
