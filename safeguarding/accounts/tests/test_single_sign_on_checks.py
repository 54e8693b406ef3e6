"""The checks behind an organisation's sign-in, one by one: which ID tokens are accepted, and
which address a token vouches for (docs/single-sign-on.md)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

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
    token(nonce="a-nonce-that-is-not-ascii-é"),
    token(key="a-shared-secret-of-enough-length-for-hs256", algorithm="HS256"),
    jwt.encode({"iss": ISSUER, "aud": CLIENT, "nonce": NONCE}, None, algorithm="none"),
    "not.a.token",
], ids=["another key", "another issuer", "another audience", "several audiences",
        "another azp", "expired", "another nonce", "no nonce", "nonce not ascii", "hs256",
        "alg none", "garbage"])
def test_an_id_token_failing_any_check_is_refused(bad):
    with pytest.raises(oidc.TokenRefused):
        check(bad)


EC_KEY = ec.generate_private_key(ec.SECP256R1())


def test_a_token_whose_algorithm_does_not_fit_the_key_is_refused():
    """Signed ES256 while the key is RSA: refused (the sign-in page says so), not an error."""
    with pytest.raises(oidc.TokenRefused):
        oidc.verify(token(key=EC_KEY, algorithm="ES256"), key=KEY.public_key(),
                    algorithms={"RS256", "ES256"}, issuer=ISSUER, client_id=CLIENT, nonce=NONCE)


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


# -- talking to the provider ----------------------------------------------------------------------

@dataclass
class Site:
    """A plain HTTP server on this machine: each path answers (status, headers, JSON) as the
    test says, and what it was sent is kept."""

    url: str
    answers: dict = field(default_factory=dict)
    received: list = field(default_factory=list)


@contextlib.contextmanager
def site(host: str):
    answers, received = {}, []

    class Handler(BaseHTTPRequestHandler):
        def answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            received.append((self.command, self.path, self.rfile.read(length).decode(),
                             self.headers.get("Authorization")))
            status, headers, document = answers.get(self.path, (404, {}, {}))
            body = json.dumps(document).encode()
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802 (the name http.server calls)
            self.answer()

        def do_POST(self):  # noqa: N802
            self.answer()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Site(f"http://{host}:{server.server_port}", answers, received)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db  # the discovery cache is a table
def test_a_redirect_from_the_provider_is_not_followed():
    """Only https addresses, or plain http on this machine, are used: a redirect could lead
    anywhere, so none is followed. 127.0.0.2 stands for a plain http address elsewhere (it is
    this machine, but not an address the rule allows)."""
    with site("127.0.0.1") as provider, site("127.0.0.2") as elsewhere:
        issuer = provider.url + "/o"
        endpoints = {"authorization_endpoint": f"{issuer}/authorize/",
                     "token_endpoint": f"{issuer}/token/", "jwks_uri": f"{issuer}/jwks/"}
        elsewhere.answers["/discovery"] = (200, {}, {"issuer": issuer, **endpoints})
        elsewhere.answers["/token"] = (200, {}, {"id_token": token()})
        provider.answers["/o" + oidc.DISCOVERY_PATH] = (
            302, {"Location": f"{elsewhere.url}/discovery"}, {})
        provider.answers["/o/token/"] = (307, {"Location": f"{elsewhere.url}/token"}, {})

        with pytest.raises(oidc.ProviderError, match="302"):
            oidc.discover(issuer, fresh=True)
        configuration = oidc.Configuration(issuer=issuer, **endpoints,
                                           algorithms=frozenset({"RS256"}),
                                           client_secret_post=True)
        with pytest.raises(oidc.ProviderError):
            oidc.redeem_code(configuration, client_id=CLIENT, client_secret="the-secret",
                             code="the-code", redirect_uri="https://platform.example/cb",
                             code_verifier="the-verifier")
        assert elsewhere.received == []  # nothing fetched there, and no secret sent there


@pytest.mark.django_db
def test_the_key_is_chosen_by_its_kind_when_the_token_names_none():
    """A provider publishing an RSA and an EC key, without key IDs: an ES256 token is checked
    with the EC key."""
    with site("127.0.0.1") as provider:
        keys = [json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key())),
                json.loads(jwt.algorithms.ECAlgorithm.to_jwk(EC_KEY.public_key()))]
        provider.answers["/jwks/"] = (200, {}, {"keys": keys})
        configuration = oidc.Configuration(
            issuer=ISSUER, authorization_endpoint=f"{provider.url}/authorize/",
            token_endpoint=f"{provider.url}/token/", jwks_uri=f"{provider.url}/jwks/",
            algorithms=frozenset({"RS256", "ES256"}), client_secret_post=False)
        for key, algorithm in ((EC_KEY, "ES256"), (KEY, "RS256")):
            claims = oidc.checked_claims(configuration, token(key=key, algorithm=algorithm),
                                         client_id=CLIENT, nonce=NONCE)
            assert claims["sub"] == "s-1"
