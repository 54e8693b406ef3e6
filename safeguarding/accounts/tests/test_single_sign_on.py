"""Signing in with an organisation's own account, end to end: a real OpenID Connect provider
(django-oauth-toolkit, in its own process) and this service on pytest-django's live server,
driven over real HTTP as a browser would, redirects and cookies and all."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests
from cryptography.fernet import Fernet
from django.db import connection

from safeguarding.accounts import forms, services, views
from safeguarding.accounts.models import IdentityProvider, ProviderDevice, RoleGrant, User
from safeguarding.accounts.roles import Role
from safeguarding.core.models import AccessEvent
from safeguarding.testing.oidc_provider import PASSWORD, Person, running_provider

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "northshire-council"
PEOPLE = [
    Person("pat.practitioner@northshire.example"),
    Person("sam.manager@northshire.example"),
    Person("mo.manager@northshire.example", mfa=True),
    Person("stranger@northshire.example"),
    Person("unverified@northshire.example", email_verified=False),
    Person("someone@elsewhere.example"),
]


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    """One provider for the module: its database, key and port are new each run."""
    callback = f"{live_server.url}/account/sign-in/sso/{SLUG}/callback/"
    with running_provider(tmp_path_factory.mktemp("oidc"), people=PEOPLE,
                          redirect_uris=[callback]) as running:
        yield running


@pytest.fixture
def council(provider, partnership):
    """The council's sign-in, as the operators configure it."""
    return IdentityProvider.objects.create(
        partnership=partnership, display_name="Northshire Council account", slug=SLUG,
        kind=IdentityProvider.Kind.OIDC, issuer=provider.issuer, client_id=provider.client_id,
        client_secret=provider.client_secret, email_domains="northshire.example",
        trust_mfa=True,
    )


def sign_in_at_provider(browser, live_server, email, *, next_page=""):
    """Start on this service, sign in at the provider; the answer stops at this service's
    callback (not yet followed), so a test can tamper with it."""
    start = f"{live_server.url}/account/sign-in/sso/{SLUG}/"
    login = browser.get(start + (f"?{urlencode({'next': next_page})}" if next_page else ""))
    assert login.url.startswith("http://127.0.0.1:"), "sent to the provider"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    answer = browser.post(login.url, allow_redirects=False, data={
        "csrfmiddlewaretoken": token, "username": email, "password": PASSWORD,
        "next": parse_qs(urlsplit(login.url).query)["next"][0]})
    while answer.is_redirect:
        location = urljoin(answer.url, answer.headers["Location"])
        if location.startswith(live_server.url):
            return location
        answer = browser.get(location, allow_redirects=False)
    raise AssertionError(f"the provider did not send the browser back: {answer.text[:500]}")


def sso(live_server, email, *, next_page="", browser=None):
    browser = browser or requests.Session()
    callback = sign_in_at_provider(browser, live_server, email, next_page=next_page)
    return browser, browser.get(callback)


def path_of(response) -> str:
    parts = urlsplit(response.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_signed_in(browser, live_server) -> bool:
    return path_of(browser.get(f"{live_server.url}/my-work/")) == "/my-work/"


def test_an_invited_person_signs_in_with_their_organisation_account(live_server, council,
                                                                    make_person):
    person = make_person(Role.PRACTITIONER, email="pat.practitioner@northshire.example",
                         two_factor=False)
    sign_in_page = requests.get(f"{live_server.url}/account/sign-in/?next=/account/").text
    assert f'href="/account/sign-in/sso/{SLUG}/?next=/account/"' in sign_in_page
    assert "Sign in with Northshire Council account" in sign_in_page

    browser, landed = sso(live_server, person.email, next_page="/account/")
    assert landed.status_code == 200
    assert path_of(landed) == "/account/"
    assert person.full_name in landed.text
    assert is_signed_in(browser, live_server)
    person.refresh_from_db()
    assert person.last_login is not None
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN_FAILED).exists()


@pytest.mark.parametrize(("email", "message"), [
    ("stranger@northshire.example", services.NO_ACCOUNT),
    ("unverified@northshire.example", services.NOT_VOUCHED),
    ("someone@elsewhere.example", services.OUTSIDE_DOMAINS),
], ids=["uninvited", "unverified", "outside its domains"])
def test_an_address_the_service_cannot_trust_is_refused_and_nothing_is_made(
        live_server, council, make_person, email, message):
    if email != "stranger@northshire.example":  # an account exists, and is still not reached
        make_person(Role.BUSINESS_MANAGER, email=email)
    people, grants = User.objects.count(), RoleGrant.objects.count()

    browser, refused = sso(live_server, email)
    assert refused.status_code == 403
    assert "You have not been signed in" in refused.text
    expected = message.format(provider=council, email=email, domains="northshire.example")
    assert expected in html.unescape(refused.text)
    assert not is_signed_in(browser, live_server)
    assert (User.objects.count(), RoleGrant.objects.count()) == (people, grants)
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN_FAILED)
    assert event.path == f"/account/sign-in/sso/{SLUG}/callback/"
    assert "Single sign-on refused" in event.detail


def test_a_tampered_or_replayed_state_is_refused(live_server, council, make_person):
    person = make_person(Role.PRACTITIONER, email="pat.practitioner@northshire.example",
                         two_factor=False)
    browser = requests.Session()
    callback = sign_in_at_provider(browser, live_server, person.email)
    state = parse_qs(urlsplit(callback).query)["state"][0]

    tampered = browser.get(callback.replace(state, state[:-4] + "AAAA"))
    assert tampered.status_code == 400
    assert views.NOT_THIS_SIGN_IN.split(":")[0] in tampered.text
    assert not is_signed_in(browser, live_server)
    # The same answer in another browser (a link sent to someone, say) signs nobody in.
    elsewhere = requests.get(callback)
    assert elsewhere.status_code == 400

    assert browser.get(callback).status_code == 200  # the genuine answer, in its own browser
    assert is_signed_in(browser, live_server)
    replayed = requests.Session()
    replayed.cookies.update(browser.cookies)
    assert replayed.get(callback).status_code == 400  # a state works once
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN_FAILED).count() == 3


def test_a_provider_that_says_no_or_cannot_be_reached_is_a_clear_page(client, council,
                                                                       partnership):
    cancelled = client.get(f"/account/sign-in/sso/{SLUG}/callback/?error=access_denied")
    assert cancelled.status_code == 403
    assert views.PROVIDER_SAID_NO.format(provider=council) in html.unescape(
        cancelled.content.decode())
    IdentityProvider.objects.create(
        partnership=partnership, display_name="Closed down account", slug="down",
        issuer="http://127.0.0.1:9/o", client_id="x", client_secret="y",
        email_domains="northshire.example")
    down = client.get("/account/sign-in/sso/down/")
    assert down.status_code == 502
    assert "Closed down account cannot be reached" in down.content.decode()
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN_FAILED).count() == 2


def test_the_sign_in_page_works_when_a_provider_s_secret_cannot_be_read(client, partnership,
                                                                          settings):
    """A key removed before its values were rotated breaks that provider's sign-in, not the
    page where everyone else signs in with a password."""
    IdentityProvider.objects.create(
        partnership=partnership, display_name="Northshire Council account", slug=SLUG,
        issuer="https://login.example/tenant/v2.0", client_id="x", client_secret="y",
        email_domains="northshire.example")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    page = client.get("/account/sign-in/")
    assert page.status_code == 200
    assert "Sign in with Northshire Council account" in page.content.decode()


@pytest.mark.parametrize(("email", "trust_mfa", "lands_on"), [
    ("sam.manager@northshire.example", True, "/account/two-factor/?next=%2Fmy-work%2F"),
    ("mo.manager@northshire.example", True, "/my-work/"),
    ("mo.manager@northshire.example", False, "/account/two-factor/?next=%2Fmy-work%2F"),
], ids=["password only at the provider", "mfa at a trusted provider", "mfa, not trusted"])
def test_case_roles_enter_a_code_unless_a_trusted_provider_says_they_used_mfa(
        live_server, council, make_person, email, trust_mfa, lands_on):
    IdentityProvider.objects.filter(pk=council.pk).update(trust_mfa=trust_mfa)
    manager = make_person(Role.BUSINESS_MANAGER, email=email)  # with an authenticator app

    browser, landed = sso(live_server, email)
    assert path_of(landed) == lands_on
    fully_in = lands_on == "/my-work/"
    assert is_signed_in(browser, live_server) is fully_in
    assert ProviderDevice.objects.filter(user=manager).exists() is fully_in


def test_a_session_begun_with_a_password_gets_a_new_key_when_the_provider_completes_it(
        live_server, council, make_person):
    """Signed in with a password, the code not yet entered; then the organisation's sign-in,
    with multi-factor: the session key changes, as it does when the code is entered, so a key
    known before (planted in the browser, say) is worth nothing after."""
    from safeguarding.accounts.tests.factories import PASSWORD

    manager = make_person(Role.BUSINESS_MANAGER, email="mo.manager@northshire.example")
    browser = requests.Session()
    sign_in = browser.get(f"{live_server.url}/account/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sign_in.text).group(1)
    half_in = browser.post(sign_in.url, data={"csrfmiddlewaretoken": token,
                                              "username": manager.email, "password": PASSWORD})
    assert path_of(half_in).startswith("/account/two-factor/")
    known = browser.cookies["sessionid"]

    browser, landed = sso(live_server, manager.email, browser=browser)
    assert path_of(landed) == "/my-work/"
    assert browser.cookies["sessionid"] != known
    planted = requests.Session()
    planted.cookies.set("sessionid", known)
    assert not is_signed_in(planted, live_server)


def test_an_operator_adds_a_provider_and_never_sees_its_secret_again(provider, partnership,
                                                                    signed_in):
    from safeguarding.accounts.tests.factories import TOTPDeviceFactory, UserFactory

    operator = UserFactory(is_staff=True, is_superuser=True)
    TOTPDeviceFactory(user=operator)
    client = signed_in(operator)
    add = "/operators/accounts/identityprovider/add/"
    form = {"partnership": partnership.pk, "display_name": "Northshire Council account",
            "slug": SLUG, "is_enabled": "on", "kind": "entra", "issuer": provider.issuer,
            "client_id": provider.client_id, "client_secret": "the-secret-value-1234",
            "email_domains": "northshire.example"}

    wrong = client.post(add, {**form, "issuer": provider.issuer + "/v2.0"})
    assert forms.ISSUER_NOT_FOUND.split("(")[0] in wrong.content.decode()
    no_secret = client.post(add, {**form, "client_secret": ""})
    assert forms.ENTER_SECRET in no_secret.content.decode()
    assert not IdentityProvider.objects.exists()

    assert client.post(add, form).status_code == 302
    saved = IdentityProvider.objects.get()
    assert saved.client_secret == "the-secret-value-1234"
    with connection.cursor() as cursor:  # encrypted at rest
        cursor.execute("SELECT client_secret FROM accounts_identityprovider")
        assert "the-secret-value-1234" not in cursor.fetchone()[0]
    change = f"/operators/accounts/identityprovider/{saved.pk}/change/"
    page = client.get(change).content.decode()
    assert "the-secret-value-1234" not in page
    assert forms.SAVED_SECRET_HELP in page
    assert f"/account/sign-in/sso/{SLUG}/callback/" in page  # the redirect URI to register
    history = client.get(change.replace("change/", "history/")).content.decode()
    assert "the-secret-value-1234" not in history

    kept = client.post(change, {**form, "client_secret": "", "display_name": "Council account"})
    assert kept.status_code == 302
    saved.refresh_from_db()
    assert (saved.display_name, saved.client_secret) == ("Council account",
                                                         "the-secret-value-1234")


def test_operators_enter_their_own_code_whatever_the_provider_says(live_server, council,
                                                                  make_person):
    operator = make_person(Role.BUSINESS_MANAGER, email="mo.manager@northshire.example")
    operator.is_staff = True
    operator.save(update_fields=["is_staff"])

    browser, landed = sso(live_server, operator.email)
    assert path_of(landed) == "/account/two-factor/?next=%2Fmy-work%2F"
    assert not ProviderDevice.objects.filter(user=operator).exists()


def test_only_superusers_see_or_change_providers(council, signed_in):
    from django.contrib.auth.models import Permission

    from safeguarding.accounts.tests.factories import TOTPDeviceFactory, UserFactory

    operator = UserFactory(is_staff=True)
    operator.user_permissions.set(Permission.objects.filter(codename__endswith="identityprovider"))
    TOTPDeviceFactory(user=operator)
    client = signed_in(operator)
    assert client.get("/operators/accounts/identityprovider/").status_code == 403
    assert client.get(f"/operators/accounts/identityprovider/{council.pk}/change/"
                      ).status_code == 403
    assert "Identity providers" not in client.get("/operators/").content.decode()
