"""The OpenID Connect authorization code flow, as a relying party (docs/adr/0007): discovery,
the address the browser is sent to, redeeming the code, and checking the ID token.

It knows providers only by their issuer, client ID and secret, and nothing of accounts: which
person a checked ID token stands for is decided in `services.single_sign_on_person`.

The ID token comes straight from the provider's token endpoint over TLS, and is still checked in
full: its signature against the provider's published keys (asymmetric algorithms only, never
`none` or a shared secret), its issuer, its audience (and `azp`), its expiry and its nonce.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import quote_plus, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from django.core.cache import cache

DISCOVERY_PATH = "/.well-known/openid-configuration"
TIMEOUT_SECONDS = 10
# Discovery documents and keys change rarely; a key not yet seen makes us look again at once.
CACHE_SECONDS = 60 * 60
CLOCK_SKEW_SECONDS = 120
SCOPES = "openid email profile"
ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
                        "ES256", "ES384", "ES512"})
# The kind of key each family of algorithms verifies with ("RS256"[:2] is "RS").
KEY_CLASSES = {"RS": RSAPublicKey, "PS": RSAPublicKey, "ES": EllipticCurvePublicKey}
# Plain HTTP only on this machine (a provider started by the tests), never across a network.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class ProviderError(Exception):
    """The provider could not be reached, or answered something that is not OpenID Connect."""


class TokenRefused(Exception):
    """The ID token is not one to accept. The message says why (never the token itself)."""


@dataclass(frozen=True)
class Configuration:
    """What the provider's discovery document says, as far as this flow needs it."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    algorithms: frozenset[str]
    client_secret_post: bool


def secure_enough(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)


def _get_json(url: str, *, fresh: bool = False) -> dict:
    key = "oidc:" + hashlib.sha256(url.encode()).hexdigest()
    if not fresh and (found := cache.get(key)) is not None:
        return found
    if not secure_enough(url):
        raise ProviderError(f"{url} is not an https address")
    try:
        # Never follow a redirect: it could lead to a plain http address, or one inside the
        # network, that `secure_enough` would refuse.
        response = requests.get(url, timeout=TIMEOUT_SECONDS, allow_redirects=False,
                                headers={"Accept": "application/json"})
        if response.status_code != 200:
            raise ProviderError(f"{url} answered {response.status_code}, not 200")
        document = response.json()
    except (requests.RequestException, ValueError) as problem:
        raise ProviderError(f"Could not read {url}: {problem.__class__.__name__}") from None
    if not isinstance(document, dict):
        raise ProviderError(f"{url} is not a JSON object")
    cache.set(key, document, CACHE_SECONDS)
    return document


def discover(issuer: str, *, fresh: bool = False) -> Configuration:
    """The provider's configuration, from `<issuer>/.well-known/openid-configuration`. The
    document must name exactly this issuer (OpenID Connect Discovery 1.0, section 4.3)."""
    document = _get_json(issuer.rstrip("/") + DISCOVERY_PATH, fresh=fresh)
    if document.get("issuer") != issuer:
        raise ProviderError(f"The provider names itself {document.get('issuer')!r}, not "
                            f"{issuer!r}")
    try:
        configuration = Configuration(
            issuer=issuer,
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            algorithms=frozenset(document.get("id_token_signing_alg_values_supported",
                                              ["RS256"])) & ASYMMETRIC,
            client_secret_post="client_secret_post" in document.get(
                "token_endpoint_auth_methods_supported", []),
        )
    except KeyError as missing:
        raise ProviderError(f"The discovery document has no {missing}") from None
    endpoints = (configuration.authorization_endpoint, configuration.token_endpoint,
                 configuration.jwks_uri)
    if not all(isinstance(url, str) and secure_enough(url) for url in endpoints):
        raise ProviderError("The provider's endpoints are not all https addresses")
    if not configuration.algorithms:
        raise ProviderError("The provider signs ID tokens with no algorithm this service accepts")
    return configuration


@dataclass(frozen=True)
class Attempt:
    """One sign-in under way: what goes to the provider, and what must come back."""

    state: str
    nonce: str
    code_verifier: str

    @classmethod
    def new(cls) -> Attempt:
        return cls(state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
                   code_verifier=secrets.token_urlsafe(64))

    @property
    def code_challenge(self) -> str:  # PKCE, S256 (RFC 7636)
        digest = hashlib.sha256(self.code_verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_url(configuration: Configuration, *, client_id: str, redirect_uri: str,
                      attempt: Attempt) -> str:
    query = {
        "response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri,
        "scope": SCOPES, "state": attempt.state, "nonce": attempt.nonce,
        "code_challenge": attempt.code_challenge, "code_challenge_method": "S256",
    }
    separator = "&" if "?" in configuration.authorization_endpoint else "?"
    return f"{configuration.authorization_endpoint}{separator}{urlencode(query)}"


def redeem_code(configuration: Configuration, *, client_id: str, client_secret: str, code: str,
                redirect_uri: str, code_verifier: str) -> str:
    """Exchange the authorization code for tokens at the token endpoint; the ID token."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": code_verifier}
    auth = None
    if configuration.client_secret_post:
        form.update(client_id=client_id, client_secret=client_secret)
    else:  # client_secret_basic, the default of OpenID Connect Core 9 (RFC 6749, 2.3.1)
        auth = (quote_plus(client_id), quote_plus(client_secret))
    try:
        # Not redirected either: the form holds the code and perhaps the client secret.
        response = requests.post(configuration.token_endpoint, data=form, auth=auth,
                                 timeout=TIMEOUT_SECONDS, allow_redirects=False,
                                 headers={"Accept": "application/json"})
        answer = response.json()
    except (requests.RequestException, ValueError) as problem:
        raise ProviderError(f"The token endpoint did not answer: "
                            f"{problem.__class__.__name__}") from None
    if response.status_code != 200 or not isinstance(answer, dict):
        error = answer.get("error", "") if isinstance(answer, dict) else ""
        raise ProviderError(f"The token endpoint refused the code ({response.status_code} "
                            f"{error})".strip())
    id_token = answer.get("id_token")
    if not isinstance(id_token, str):
        raise ProviderError("The token endpoint sent no ID token")
    return id_token


def signing_keys(configuration: Configuration, *, fresh: bool = False) -> jwt.PyJWKSet:
    try:
        return jwt.PyJWKSet.from_dict(_get_json(configuration.jwks_uri, fresh=fresh))
    except jwt.PyJWKSetError as problem:
        raise ProviderError(f"The provider's keys could not be read: {problem}") from None


def checked_claims(configuration: Configuration, id_token: str, *, client_id: str,
                   nonce: str) -> dict:
    """The ID token's claims, once it has passed every check; otherwise `TokenRefused`."""
    header = _header(id_token)
    key = _key_for(configuration, header, _accepted_algorithm(header, configuration.algorithms))
    return verify(id_token, key=key, algorithms=configuration.algorithms,
                  issuer=configuration.issuer, client_id=client_id, nonce=nonce)


def _header(id_token: str) -> dict:
    try:
        return jwt.get_unverified_header(id_token)
    except jwt.InvalidTokenError:
        raise TokenRefused("The ID token is not a signed JWT") from None


def _accepted_algorithm(header: dict, algorithms) -> str:
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in set(algorithms) & ASYMMETRIC:
        raise TokenRefused(f"The ID token is signed with {algorithm!r}, which is not accepted")
    return algorithm


def _key_for(configuration: Configuration, header: dict, algorithm: str):
    key_class = KEY_CLASSES[algorithm[:2]]
    for fresh in (False, True):  # a key we have not seen: the provider may have rotated its keys
        keys = [k for k in signing_keys(configuration, fresh=fresh).keys
                if k.public_key_use in (None, "sig") and isinstance(k.key, key_class)]
        if header.get("kid") is not None:
            keys = [k for k in keys if k.key_id == header["kid"]]
        if len(keys) == 1:
            return keys[0]
    raise TokenRefused("The ID token is signed with a key the provider does not publish")


def verify(id_token: str, *, key, algorithms, issuer: str, client_id: str, nonce: str) -> dict:
    """Check an ID token against one key (OpenID Connect Core 1.0, section 3.1.3.7)."""
    algorithm = _accepted_algorithm(_header(id_token), algorithms)
    key = getattr(key, "key", key)
    if not isinstance(key, KEY_CLASSES[algorithm[:2]]):  # PyJWT would raise a TypeError
        raise TokenRefused(f"The ID token's algorithm ({algorithm}) does not fit its key")
    try:
        claims = jwt.decode(
            id_token, key=key, algorithms=[algorithm], audience=client_id,
            issuer=issuer, leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "sub", "nonce"]},
        )
    except jwt.InvalidTokenError as problem:
        raise TokenRefused(f"The ID token is not valid: {problem}") from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if ("azp" in claims or len(audiences) > 1) and claims.get("azp") != client_id:
        raise TokenRefused("The ID token was issued to another client (azp)")
    # As bytes: compare_digest raises a TypeError on a string that is not ASCII.
    if not hmac.compare_digest(str(claims["nonce"]).encode(), nonce.encode()):
        raise TokenRefused("The ID token's nonce is not the one this sign-in sent")
    return claims
