"""The access-control matrix: every role (and a visitor who has not signed in) against every URL
of a record, in one partnership holding one of everything (`test_urls.one_of_everything`).

Wherever the access policy says no (`policy.can(user, view.action, record)` is false), the page
or endpoint refuses: 403 (or 404, a record the person may not know of); a visitor is sent to
sign in, a program without a token gets 401. Wherever it says yes, the page may still refuse
for its own reasons (a step not allowed now) but never fails. Nowhere is there a server error.
A business manager of another partnership is refused every record."""

import pytest

from safeguarding.accounts.policy import can
from safeguarding.accounts.roles import Role
from safeguarding.core.tests.test_urls import (  # noqa: F401 (one_of_everything: a fixture)
    RECORD_ROUTES,
    WHICH_RECORD,
    is_api,
    one_of_everything,
    url_for,
)

API_ROUTES = [(route, p) for route, p in RECORD_ROUTES if is_api(p)]


def record_of(route, pattern, records):
    """The record the view answers about: its pk's (as `url_for` chooses it), or the
    partnership of a partnership's page."""
    if "<int:pk>" not in route:
        return records["partnership"]
    return records[WHICH_RECORD.get(pattern.lookup_str.rsplit(".", 1)[-1], "meeting")]


def policy_says(user, action, record) -> bool | None:
    """The policy's answer about the record, or about what it belongs to (a paper's agenda
    item's meeting, an attachment's case) when the policy has no rule for the record itself.
    None: no rule for it or anything above it, so no verdict to compare with."""
    while record is not None:
        try:
            return can(user, action, record)
        except LookupError:
            record = next((getattr(record, name) for name in ("record", "meeting")
                           if getattr(record, name, None) is not None), None)
    return None


def action_of(pattern) -> str | None:
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        return getattr(view_class, "action", None)
    rule = getattr(pattern.callback, "access_rule", "") or ""
    return rule.removeprefix("policy:") if rule.startswith("policy:") else None


def visit(client, url, pattern):
    """GET a page that shows; POST (empty) to one that only acts."""
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is None or hasattr(view_class, "get"):
        return client.get(url)
    return client.post(url)


class Clients:
    """One browser session and one API token per person, made on first use."""

    def __init__(self, user, signed_in):
        self.user, self.signed_in, self.made = user, signed_in, {}

    def for_(self, pattern):
        from django.test import Client

        from safeguarding.accounts.tests.api_clients import token_client

        kind = "api" if is_api(pattern) else "page"
        if kind not in self.made:
            if self.user is None:
                self.made[kind] = Client()
            elif kind == "api":
                self.made[kind] = token_client(self.user)
            else:
                self.made[kind] = self.signed_in(self.user)
        return self.made[kind]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *Role], ids=["anonymous", *[r.value for r in Role]])
def test_every_record_url_answers_as_the_policy_says(role, make_person, signed_in,
                                                     one_of_everything):  # noqa: F811
    user = make_person(role) if role is not None else None
    clients = Clients(user, signed_in)
    wrong = []
    for route, pattern in RECORD_ROUTES:
        url = url_for(route, pattern, one_of_everything)
        record, action = record_of(route, pattern, one_of_everything), action_of(pattern)
        allowed = (user is not None and action is not None
                   and policy_says(user, action, record) is not False)
        response = visit(clients.for_(pattern), url, pattern)
        status = response.status_code
        if status >= 500:
            wrong.append(f"{route}: {status} (a server error)")
        elif user is None:
            expected = 401 if is_api(pattern) else 302
            if status != expected or (status == 302 and "/account/sign-in/" not in response.url):
                wrong.append(f"{route}: {status}, not sent to sign in")
        elif not allowed and status not in (403, 404):
            wrong.append(f"{route}: {status} although the policy refuses {action}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_a_business_manager_of_another_partnership_is_refused_every_record(
        make_person, other_partnership, signed_in, one_of_everything):  # noqa: F811
    outsider = make_person(Role.BUSINESS_MANAGER, where=other_partnership)
    clients = Clients(outsider, signed_in)
    wrong = []
    for route, pattern in RECORD_ROUTES:
        url = url_for(route, pattern, one_of_everything)
        status = visit(clients.for_(pattern), url, pattern).status_code
        if status != 403:
            wrong.append(f"{route}: {status}")
    assert not wrong, "\n".join(wrong)
