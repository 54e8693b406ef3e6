"""API tokens: made, listed and revoked on the account page; what the API says to no token, a
wrong one, an expired or revoked one, or a closed account; and every refusal in the access log."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from safeguarding.accounts import forms, services
from safeguarding.accounts.models import ApiToken
from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.api_clients import problem_of, token_client
from safeguarding.accounts.tests.factories import PASSWORD, UserFactory
from safeguarding.core.models import AccessEvent

pytestmark = pytest.mark.django_db
TOKENS = "/account/api-tokens/"
API = "/api/v1/serious-incidents/notifications/"


@pytest.fixture
def lead(make_person):
    return make_person(Role.AGENCY_LEAD)


def make_token_on_the_page(client, name="Hospital case system", days="90"):
    response = client.post(f"{TOKENS}new/", {"name": name, "days": days})
    assert response.status_code == 302 and response.url == f"{TOKENS}created/"
    page = client.get(response.url)
    assert page["Cache-Control"] == "no-store"
    return re.search(r'id="api-token">([^<]+)<', page.content.decode()).group(1), page


class TestTheTokenPages:
    def test_a_token_is_shown_once_and_only_its_hash_is_kept(self, lead, signed_in):
        client = signed_in(lead)
        secret, page = make_token_on_the_page(client)
        assert "This is the only time the token is shown" in page.content.decode()
        token = ApiToken.objects.get(user=lead)
        assert secret.startswith(token.starts_with)
        assert token.key_hash == services.api_token_hash(secret)
        assert secret not in {token.key_hash, token.prefix, token.name}
        assert token.expires_on == timezone.localdate() + datetime.timedelta(days=90)
        # Shown once: the page after it no longer has it.
        assert client.get(f"{TOKENS}created/").url == TOKENS
        listing = client.get(TOKENS).content.decode()
        assert "Hospital case system" in listing and token.starts_with in listing
        assert secret not in listing

        response = Client().get(API, headers={"authorization": f"Bearer {secret}"})
        assert response.status_code == 200
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_the_form_says_what_is_missing(self, lead, signed_in):
        page = signed_in(lead).post(f"{TOKENS}new/", {"name": "", "days": ""}).content.decode()
        assert "There is a problem" in page
        assert forms.ENTER_TOKEN_NAME in page and forms.CHOOSE_LIFETIME in page
        assert not ApiToken.objects.exists()

    def test_a_revoked_token_no_longer_opens_the_api(self, lead, signed_in):
        client = signed_in(lead)
        secret, _ = make_token_on_the_page(client)
        token = ApiToken.objects.get(user=lead)
        confirm = client.get(f"{TOKENS}{token.pk}/revoke/").content.decode()
        assert "Revoke “Hospital case system”?" in confirm
        response = client.post(f"{TOKENS}{token.pk}/revoke/")
        assert response.status_code == 302 and response.url == TOKENS
        assert "Revoked" in client.get(TOKENS).content.decode()

        refused = Client().get(API, headers={"authorization": f"Bearer {secret}"})
        assert problem_of(refused, 401)["detail"] == services.TOKEN_REVOKED

    def test_nobody_revokes_another_persons_token(self, lead, signed_in, make_person):
        theirs, _ = services.api_token_create(user=make_person(Role.AGENCY_LEAD), name="Theirs",
                                              days=30)
        client = signed_in(lead)
        assert client.get(f"{TOKENS}{theirs.pk}/revoke/").status_code == 404
        assert client.post(f"{TOKENS}{theirs.pk}/revoke/").status_code == 404
        theirs.refresh_from_db()
        assert theirs.revoked_at is None

    def test_the_account_page_links_to_the_tokens(self, lead, signed_in):
        assert TOKENS in signed_in(lead).get("/account/").content.decode()


class TestTheApiRefuses:
    def test_no_token_is_a_401_in_json_not_a_sign_in_page(self, client):
        body = problem_of(client.get(API), 401)
        assert body["type"] == "about:blank" and body["title"] == "Unauthorized"
        assert "Bearer" in body["detail"]
        assert client.get(API)["WWW-Authenticate"] == 'Bearer realm="api"'

    def test_a_browser_session_does_not_open_the_api(self, lead, signed_in):
        # Signed in with password and two-factor code, but no token: the API does not take the
        # session (so no forged form on another site can use it).
        problem_of(signed_in(lead).get(API), 401)

    def test_a_session_waiting_for_its_two_factor_code_gets_json_not_a_redirect(self, lead):
        client = Client()
        client.post("/account/sign-in/", {"username": lead.email, "password": PASSWORD})
        problem_of(client.get(API), 401)

    @pytest.mark.parametrize("header", ["Bearer", "Bearer spp_12345678_made-up", "Bearer a b",
                                        "Bearer not-even-ours"])
    def test_a_wrong_token_is_refused_and_logged_without_the_secret(self, header):
        response = Client().get(API, headers={"authorization": header})
        assert problem_of(response, 401)["detail"] == services.TOKEN_NOT_VALID
        event = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN_FAILED)
        assert event.path == API and event.user is None
        assert "made-up" not in event.detail and "not-even-ours" not in event.detail

    def test_an_expired_token_is_refused_and_logged_against_its_owner(self, lead):
        client = token_client(lead)
        ApiToken.objects.filter(pk=client.token.pk).update(expires_on=timezone.localdate())
        assert problem_of(client.get(API), 401)["detail"] == services.TOKEN_EXPIRED
        event = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN_FAILED)
        assert event.user == lead and client.token.prefix in event.detail
        assert client.secret not in event.detail

    def test_the_day_before_it_expires_it_still_works(self, lead):
        client = token_client(lead)
        ApiToken.objects.filter(pk=client.token.pk).update(
            expires_on=timezone.localdate() + datetime.timedelta(days=1))
        assert client.get(API).status_code == 200

    def test_a_closed_account_s_token_is_refused(self, lead):
        client = token_client(lead)
        lead.is_active = False
        lead.save()
        assert problem_of(client.get(API), 401)["detail"] == services.ACCOUNT_CLOSED

    def test_another_scheme_is_no_token_at_all(self, lead):
        response = Client().get(API, headers={"authorization": "Basic bGVhZDpwYXNzd29yZA=="})
        problem_of(response, 401)
        assert not AccessEvent.objects.exists()


def test_a_practitioner_may_make_a_token_too_it_opens_only_what_they_may_see(make_person):
    practitioner = make_person(Role.PRACTITIONER, two_factor=False)
    client = token_client(practitioner)
    response = client.get(API)
    assert response.status_code == 200 and response.json()["results"] == []


def test_unknown_paths_under_the_api_are_json_404s(client):
    body = problem_of(client.get("/api/v1/serious-incidents/notifications"), 404)
    assert "Paths end with a slash" in body["detail"]
    problem_of(client.post("/api/v1/nothing-here/"), 404)


def test_tokens_are_made_for_a_set_time(db):
    user = UserFactory()
    token, secret = services.api_token_create(user=user, name="  Police system  ", days=30)
    assert token.name == "Police system"
    assert token.expires_on == timezone.localdate() + datetime.timedelta(days=30)
    assert services.api_token_check(secret) == token
    assert ApiToken.objects.in_use().get() == token
    services.api_token_revoke(token=token, by=user)
    assert not ApiToken.objects.in_use().exists()
