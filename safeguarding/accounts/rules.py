"""What a checked ID token says about the person (docs/single-sign-on.md, "Which address").

An organisation's sign-in finds an account by e-mail address, so the address must be one the
provider stands behind, not merely one written in the person's profile:

- any provider: `email` when `email_verified` is true (OpenID Connect Core 1.0, 5.1);
- Microsoft Entra ID, which sends no `email_verified`: `email` when `xms_edov` (the optional
  claim "email domain owner verified") is true; otherwise `preferred_username` when it is an
  address, since a work account's user name must be in a domain the tenant has proved it owns.
  Entra ID's own guidance is that `email` alone is not verified, so it is never taken alone.
  A guest (`idp` not the issuer) is someone else's account and is refused.

Whatever the rules find must still be in one of the provider's own domains
(`IdentityProvider.email_domains`): a tenant cannot vouch for another organisation's people.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

ENTRA = "entra"
MFA = "mfa"  # RFC 8176: multiple-factor authentication


def is_true(value) -> bool:
    # Some providers send JSON strings for booleans ("true"); nothing else counts as yes.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def as_address(value) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        validate_email(value)
    except ValidationError:
        return None
    return value.strip().lower()


def verified_email(kind: str, claims: dict) -> str | None:
    """The address the ID token vouches for, or None if it vouches for none."""
    if is_true(claims.get("email_verified")) and (found := as_address(claims.get("email"))):
        return found
    if kind != ENTRA or is_guest(claims):
        return None
    if is_true(claims.get("xms_edov")) and (found := as_address(claims.get("email"))):
        return found
    return as_address(claims.get("preferred_username"))


def is_guest(claims: dict) -> bool:
    """An Entra ID guest: signed in at their home organisation, not at this tenant."""
    return "idp" in claims and claims["idp"] != claims.get("iss")


def used_mfa(claims: dict) -> bool:
    """The provider says the person signed in with more than one factor (`amr` has "mfa")."""
    methods = claims.get("amr")
    return isinstance(methods, list) and MFA in methods
