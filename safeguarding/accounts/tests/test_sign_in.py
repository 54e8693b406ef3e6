"""Signing in: passwords, lock-out, two-factor, sessions, forged forms, password reset."""

import re
import time

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts import forms
from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import PASSWORD, UserFactory, totp_code
from safeguarding.accounts.views import DemoCode, demo_code
from safeguarding.core.models import AccessEvent

pytestmark = pytest.mark.django_db
SIGN_IN = "/account/sign-in/"
TWO_FACTOR = "/account/two-factor/"


def sign_in(client, email, password=PASSWORD):
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_passwords_are_stored_with_argon2(settings):
    from safeguarding.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS  # the suite uses a fast hasher
    person = UserFactory()
    person.set_password("a long enough passphrase")
    assert person.password.startswith("argon2$")
    assert person.check_password("a long enough passphrase")


def test_a_wrong_password_is_refused_clearly_and_logged(client, make_person):
    person = make_person(Role.BUSINESS_MANAGER)
    response = sign_in(client, person.email, "not the password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert forms.WRONG_CREDENTIALS in page
    assert "_auth_user_id" not in client.session
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN_FAILED)
    assert person.email in event.detail


def test_empty_fields_are_named(client):
    page = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert forms.ENTER_EMAIL in page
    assert forms.ENTER_PASSWORD in page


def test_repeated_failures_lock_the_account(client, make_person, settings):
    person = make_person(Role.PRACTITIONER, two_factor=False)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, person.email, "wrong password")
    locked = sign_in(client, person.email)  # even the right password, for now
    assert locked.status_code == 429
    assert "Your account is locked for now" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked out.
    other = make_person(Role.PRACTITIONER, two_factor=False)
    assert sign_in(Client(), other.email).status_code == 302


def test_a_practitioner_signs_in_with_a_password_alone(client, make_person):
    person = make_person(Role.PRACTITIONER, two_factor=False)
    response = sign_in(client, person.email)
    assert response.url == "/my-work/"
    assert client.get("/my-work/").status_code == 200


class TestTwoFactor:
    def test_case_roles_must_set_up_two_factor_before_anything_else(self, client, make_person):
        manager = make_person(Role.BUSINESS_MANAGER, two_factor=False)
        response = sign_in(client, manager.email)
        assert response.url == "/account/two-factor/set-up/"
        blocked = client.get("/my-work/")
        assert blocked.status_code == 302
        assert blocked.url == "/account/two-factor/set-up/"

    def test_set_up_by_qr_code_then_recovery_codes(self, client, make_person):
        manager = make_person(Role.BUSINESS_MANAGER, two_factor=False)
        sign_in(client, manager.email)
        page = client.get("/account/two-factor/set-up/").content.decode()
        assert 'src="data:image/svg+xml;base64,' in page
        device = TOTPDevice.objects.get(user=manager, confirmed=False)
        wrong = client.post("/account/two-factor/set-up/", {"code": "000000"})
        assert forms.WRONG_SETUP_CODE in wrong.content.decode()
        assert not TOTPDevice.objects.filter(user=manager, confirmed=True).exists()
        time.sleep(1.1)  # django-otp throttles a retry for a second after a wrong code
        response = client.post("/account/two-factor/set-up/", {"code": totp_code(device)})
        assert response.url == "/account/two-factor/recovery-codes/"
        codes_page = client.get(response.url).content.decode()
        codes = re.findall(r'<code class="app-code">(\d{10})</code>', codes_page)
        assert len(codes) == 10
        assert client.get("/my-work/").status_code == 200
        # Shown once only.
        assert client.get("/account/two-factor/recovery-codes/").status_code == 302

    def test_a_wrong_code_is_refused_and_logged(self, client, make_person):
        lead = make_person(Role.AGENCY_LEAD)
        sign_in(client, lead.email)
        page = client.post(TWO_FACTOR, {"code": "123456"}).content.decode()
        assert forms.WRONG_CODE in page
        assert client.get("/my-work/").status_code == 302
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.TWO_FACTOR_FAILED,
                                          user=lead).exists()

    def test_a_used_code_cannot_be_used_again(self, make_person):
        lead = make_person(Role.AGENCY_LEAD)
        device = TOTPDevice.objects.get(user=lead)
        code = totp_code(device)
        first = Client()
        sign_in(first, lead.email)
        assert first.post(TWO_FACTOR, {"code": code}).status_code == 302
        second = Client()
        sign_in(second, lead.email)
        page = second.post(TWO_FACTOR, {"code": code}).content.decode()
        assert forms.WRONG_CODE in page
        assert second.get("/my-work/").status_code == 302

    def test_a_demo_account_signing_in_again_at_once_is_shown_a_code_that_works(
            self, make_person, settings):
        settings.DEMO_MODE = True
        lead = make_person(Role.AGENCY_LEAD)
        lead.is_demo = True
        lead.save(update_fields=["is_demo"])
        shown = []
        for _ in range(3):  # within seconds: the first code shown is used by the second time
            client = Client()
            sign_in(client, lead.email)
            page = client.get(TWO_FACTOR).content.decode()
            code = re.search(r'id="demo-code">(\d{6})</strong>', page).group(1)
            shown.append(code)
            assert client.post(TWO_FACTOR, {"code": code}).url == "/my-work/"
        assert len(set(shown)) == 3

    def test_a_demo_account_with_no_code_left_says_how_long_to_wait(self, make_person,
                                                                     settings):
        settings.DEMO_MODE = True
        lead = make_person(Role.AGENCY_LEAD)
        lead.is_demo = True
        lead.save(update_fields=["is_demo"])
        device = TOTPDevice.objects.get(user=lead)
        at = device.t0 + 1000 * device.step + 10  # 10 seconds into step 1000, used already
        device.tolerance, device.last_t = 0, 1000
        assert demo_code(device, at=at) == DemoCode(wait_seconds=20)
        device.tolerance = 1  # (django-otp's default): the next step's code is accepted now
        next_step = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        next_step.time = at + device.step
        assert demo_code(device, at=at) == DemoCode(code=f"{next_step.token():06d}")
        now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
        device.tolerance, device.last_t = 0, now + 1  # this step's code used, and the next one
        device.save()
        client = Client()
        sign_in(client, lead.email)
        page = client.get(TWO_FACTOR).content.decode()
        assert re.search(r"Wait \d\d seconds for a new code, then reload this page", page)
        assert 'id="demo-code"' not in page

    def test_a_recovery_code_works_once(self, make_person):
        from safeguarding.accounts.services import recovery_codes_replace

        lead = make_person(Role.AGENCY_LEAD)
        code = recovery_codes_replace(lead)[0]
        client = Client()
        sign_in(client, lead.email)
        response = client.post(TWO_FACTOR, {"code": code})
        assert response.status_code == 302
        assert StaticToken.objects.filter(device__user=lead).count() == 9
        again = Client()
        sign_in(again, lead.email)
        assert forms.WRONG_CODE in again.post(TWO_FACTOR, {"code": code}).content.decode()

    def test_the_code_page_returns_to_where_the_person_was_going(self, make_person):
        lead = make_person(Role.AGENCY_LEAD)
        client = Client()
        response = client.post(f"{SIGN_IN}?next=/actions/",
                               {"username": lead.email, "password": PASSWORD,
                                "next": "/actions/"})
        assert response.url == "/account/two-factor/?next=%2Factions%2F"
        device = TOTPDevice.objects.get(user=lead)
        done = client.post(response.url, {"code": totp_code(device), "next": "/actions/"})
        assert done.url == "/actions/"

    def test_a_query_string_in_next_survives_the_code_page(self, make_person):
        lead = make_person(Role.AGENCY_LEAD)
        client = Client()
        target = "/actions/?status=all&overdue=yes"
        response = client.post(SIGN_IN, {"username": lead.email, "password": PASSWORD,
                                          "next": target})
        page = client.get(response.url).content.decode()
        assert 'value="/actions/?status=all&amp;overdue=yes"' in page

    def test_the_session_key_changes_once_the_code_is_accepted(self, make_person):
        lead = make_person(Role.AGENCY_LEAD)
        client = Client()
        sign_in(client, lead.email)
        before = client.session.session_key
        client.post(TWO_FACTOR, {"code": totp_code(TOTPDevice.objects.get(user=lead))})
        assert client.session.session_key != before
        assert client.get("/my-work/").status_code == 200

    def test_an_outside_next_address_is_ignored(self, make_person):
        person = make_person(Role.PRACTITIONER, two_factor=False)
        client = Client()
        response = client.post(SIGN_IN, {"username": person.email, "password": PASSWORD,
                                          "next": "https://evil.example/"})
        assert response.url == "/my-work/"


def test_an_idle_session_expires_and_says_so(make_person, settings):
    person = make_person(Role.PRACTITIONER, two_factor=False)
    client = Client()
    sign_in(client, person.email)
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Thirty idle minutes later the server's session has expired; the browser still has the cookie.
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/my-work/")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Your session ended because you were inactive" in page


def test_a_forged_form_is_refused_clearly_and_logged(make_person):
    person = make_person(Role.PRACTITIONER, two_factor=False)
    client = Client(enforce_csrf_checks=True)
    client.get(SIGN_IN)
    response = client.post(SIGN_IN, {"username": person.email, "password": PASSWORD,
                                      "csrfmiddlewaretoken": "forged"})
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.CSRF_FAILED).exists()


def test_password_reset_by_email(client, make_person):
    person = make_person(Role.PRACTITIONER, two_factor=False)
    response = client.post("/account/password-reset/", {"email": person.email})
    assert response.url == "/account/password-reset/sent/"
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "a much longer new passphrase"
    done = client.post(form.redirect_chain[-1][0],
                       {"new_password1": new, "new_password2": new})
    assert done.url == "/account/password-reset/complete/"
    assert sign_in(Client(), person.email, new).status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/account/password-reset/", {"email": "nobody@agency.example"})
    assert response.url == "/account/password-reset/sent/"
    assert mail.outbox == []


def test_sign_out(client, make_person):
    person = make_person(Role.PRACTITIONER, two_factor=False)
    sign_in(client, person.email)
    response = client.post("/account/sign-out/")
    assert response.status_code == 200
    assert "You have signed out" in response.content.decode()
    assert client.get("/my-work/").status_code == 302


def test_an_inactive_account_cannot_sign_in(client):
    person = UserFactory(is_active=False)
    page = sign_in(client, person.email).content.decode()
    assert "There is a problem" in page


def test_operators_need_two_factor_for_the_admin_pages(client):
    operator = UserFactory(is_staff=True, is_superuser=True)
    sign_in(client, operator.email)
    response = client.get("/operators/")
    assert response.status_code == 302
    assert response.url == "/account/two-factor/set-up/"
