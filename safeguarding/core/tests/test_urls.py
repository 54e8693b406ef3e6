"""Every page goes through the access policy: a walk over every URL pattern."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from safeguarding.accounts.access import ACCESS_MARK

# Django's own admin has its own staff check (and operators need two-factor, see the middleware).
SKIP_NAMESPACES = {"admin"}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def access_rule(callback) -> str | None:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return getattr(view_class, "access_rule", None)
    return getattr(callback, ACCESS_MARK, None)


ALL = list(walk(get_resolver().url_patterns))


def test_the_walk_finds_the_pages():
    names = {pattern.name for _, pattern in ALL}
    assert {"sign-in", "my-work", "access-log", "action-detail", "case-detail"} <= names


@pytest.mark.parametrize(("route", "pattern"), ALL, ids=[route for route, _ in ALL])
def test_every_view_declares_how_it_is_reached(route, pattern):
    rule = access_rule(pattern.callback)
    assert rule in {"public", "signed_in"} or (rule or "").startswith("policy"), (
        f"{route} ({pattern.lookup_str}) does not go through the access policy: use "
        "PolicyRequiredMixin with an action, @policy_required, or mark it public/signed-in."
    )
    view_class = getattr(pattern.callback, "view_class", None)
    if rule == "policy" and view_class is not None:
        assert getattr(view_class, "action", None), f"{route} has no policy action"


def example_url(route: str) -> str:
    url = route
    for token, value in (("<int:pk>", "1"), ("<uidb64>", "MQ"), ("<token>", "x-y")):
        url = url.replace(token, value)
    return "/" + url


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), ALL, ids=[route for route, _ in ALL])
def test_anonymous_visitors_reach_only_public_pages(client, route, pattern):
    response = client.get(example_url(route))
    if access_rule(pattern.callback) == "public":
        assert response.status_code in (200, 302, 405), route
        if response.status_code == 302:
            assert "sign-in" not in response.url, route
    else:
        assert response.status_code == 302, route
        assert response.url.startswith("/account/sign-in/?next="), route
