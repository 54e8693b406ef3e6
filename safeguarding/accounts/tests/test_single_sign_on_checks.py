"""The checks behind an organisation's sign-in, one by one: which ID tokens are accepted, and
which address a token vouches for (docs/single-sign-on.md)."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from safeguarding.accounts import oidc, rules

ISSUER = "https://login.example/tenant/v2.0"
CLIENT = "platform-client"
NONCE = "the-nonce-this-sign-in-sent"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def token(key=KEY, algorithm="RS256", **changes) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "s-1", "iat": now, "exp": now + 300,
              "nonce": NONCE, "email": "pat@northshire.example", "email_verified": True}
    claims.update(changes)
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, key,
                      algorithm=algorithm)


def check(id_token: str) -> dict:
    return oidc.verify(id_token, key=KEY.public_key(), algorithms={"RS256"}, issuer=ISSUER,
                       client_id=CLIENT, nonce=NONCE)


def test_a_good_id_token_gives_its_claims():
    assert check(token())["email"] == "pat@northshire.example"
    assert check(token(aud=[CLIENT, "other"], azp=CLIENT))["sub"] == "s-1"


@pytest.mark.parametrize("bad", [
    token(key=OTHER_KEY),
    token(iss="https://login.example/another-tenant/v2.0"),
    token(aud="another-client"),
    token(aud=[CLIENT, "other"]),  # several audiences and no azp
    token(azp="another-client"),
    token(exp=int(time.time()) - 600),
    token(nonce="a-nonce-from-another-sign-in"),
    token(nonce=None),
    token(key="a-shared-secret-of-enough-length-for-hs256", algorithm="HS256"),
    jwt.encode({"iss": ISSUER, "aud": CLIENT, "nonce": NONCE}, None, algorithm="none"),
    "not.a.token",
], ids=["another key", "another issuer", "another audience", "several audiences",
        "another azp", "expired", "another nonce", "no nonce", "hs256", "alg none", "garbage"])
def test_an_id_token_failing_any_check_is_refused(bad):
    with pytest.raises(oidc.TokenRefused):
        check(bad)


ENTRA = "entra"
OIDC = "oidc"


@pytest.mark.parametrize(("kind", "claims", "vouched"), [
    (OIDC, {"email": "Pat@Northshire.example", "email_verified": True}, "pat@northshire.example"),
    (OIDC, {"email": "pat@northshire.example", "email_verified": "true"},
     "pat@northshire.example"),
    (OIDC, {"email": "pat@northshire.example", "email_verified": False}, None),
    (OIDC, {"email": "pat@northshire.example"}, None),
    (OIDC, {"preferred_username": "pat@northshire.example"}, None),
    (ENTRA, {"email": "pat@northshire.example"}, None),  # Entra's email alone is not verified
    (ENTRA, {"email": "pat@northshire.example", "xms_edov": True}, "pat@northshire.example"),
    (ENTRA, {"preferred_username": "pat@northshire.example"}, "pat@northshire.example"),
    (ENTRA, {"preferred_username": "pat", "email": "pat@northshire.example"}, None),
    (ENTRA, {"preferred_username": "pat@northshire.example", "iss": ISSUER,
             "idp": "https://sts.windows.net/another-tenant/"}, None),  # a guest
], ids=["verified", "verified as a string", "not verified", "no verified flag",
        "a user name is not an address elsewhere", "entra email alone", "entra xms_edov",
        "entra user name", "entra user name not an address", "entra guest"])
def test_which_address_a_token_vouches_for(kind, claims, vouched):
    assert rules.verified_email(kind, claims) == vouched


def test_the_provider_s_mfa_is_read_from_amr():
    assert rules.used_mfa({"amr": ["pwd", "mfa"]})
    assert not rules.used_mfa({"amr": ["pwd"]})
    assert not rules.used_mfa({"amr": "mfa"})  # amr is a list (RFC 8176); a string is not it
    assert not rules.used_mfa({})


def test_only_https_addresses_are_used_beyond_this_machine():
    assert oidc.secure_enough("https://login.microsoftonline.com/tenant/v2.0")
    assert oidc.secure_enough("http://127.0.0.1:8001/o")
    assert not oidc.secure_enough("http://login.example/tenant")
