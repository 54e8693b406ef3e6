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


RECORD_ROUTES = [(route, p) for route, p in ALL if "<int:pk>" in route
                 and access_rule(p.callback) not in ("public", "signed_in")]


@pytest.fixture
def one_of_everything(partnership, agency):
    """A record behind every detail URL (pk=1 is not assumed: each route gets a real id)."""
    from safeguarding.core.tests.casework import SampleCaseFactory
    from safeguarding.core.tests.factories import ActionItemFactory

    return {
        "core.views.ActionDetail": ActionItemFactory(partnership=partnership,
                                                     owner_agency=agency),
        "core.views.ActionUpdate": ActionItemFactory(partnership=partnership,
                                                     owner_agency=agency),
        "casework.views.CaseDetail": SampleCaseFactory(partnership=partnership),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), RECORD_ROUTES,
                         ids=[route for route, _ in RECORD_ROUTES])
def test_a_signed_in_stranger_is_refused_every_record_and_logged(route, pattern, signed_in,
                                                                 one_of_everything):
    from safeguarding.accounts.tests.factories import UserFactory
    from safeguarding.core.models import AccessEvent

    key = pattern.lookup_str.replace("safeguarding.", "").replace("testing.", "")
    record = one_of_everything[key]
    stranger = UserFactory()
    response = signed_in(stranger).get("/" + route.replace("<int:pk>", str(record.pk)))
    assert response.status_code == 403, route
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, user=stranger,
                                      object_id=str(record.pk)).exists()


def test_every_record_route_is_tried():
    assert {p.lookup_str.replace("safeguarding.", "").replace("testing.", "")
            for _, p in RECORD_ROUTES} == {"core.views.ActionDetail", "core.views.ActionUpdate",
                                           "casework.views.CaseDetail"}
