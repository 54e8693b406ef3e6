"""Writes for accounts: grants, two-factor devices, API tokens and single sign-on."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts import rules
from safeguarding.accounts.models import (
    TOKEN_START,
    ApiToken,
    IdentityProvider,
    ProviderDevice,
    RoleGrant,
    User,
)

RECOVERY_CODE_COUNT = 10
OVERLAPPING_GRANT = "This person already holds this role there for some of these dates"


def user_create(*, email: str, full_name: str, password: str | None = None, job_title="",
                is_demo=False) -> User:
    user = User(email=email.lower(), full_name=full_name, job_title=job_title, is_demo=is_demo)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def grant_role(*, user: User, role: str, partnership=None, agency=None, group=None,
               starts_on=None, ends_on=None, by=None) -> RoleGrant:
    grant = RoleGrant(user=user, role=role, partnership=partnership, agency=agency, group=group,
                      ends_on=ends_on)
    if starts_on is not None:
        grant.starts_on = starts_on
    grant.full_clean()
    with transaction.atomic():
        overlapping = RoleGrant.objects.select_for_update().filter(
            user=user, role=role, partnership=partnership, agency=agency, group=group,
        ).overlapping(grant.starts_on, ends_on)
        if overlapping.exists():
            raise ValidationError(OVERLAPPING_GRANT)
        grant._history_user = by
        grant.save()
    return grant


def totp_device_for_setup(user: User) -> TOTPDevice:
    """The unconfirmed device a person is setting up (made once, kept across page loads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device if the code matches; return fresh recovery codes, else None."""
    if not device.verify_token(code):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return recovery_codes_replace(user)


def recovery_codes_replace(user: User) -> list[str]:
    """Ten new single-use recovery codes; any older ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# -- API tokens -----------------------------------------------------------------------------------

PREFIX_LENGTH = 8
# Sending `last used` on every call would write a row per request; once a minute is enough to
# tell people which tokens are in use.
LAST_USED_EVERY = timedelta(minutes=1)


class TokenRefused(Exception):
    """The token does not open the API. The message says why, without the secret."""

    def __init__(self, message: str, token: ApiToken | None = None):
        super().__init__(message)
        self.token = token


TOKEN_NOT_VALID = "The API token is not valid"
TOKEN_EXPIRED = "The API token has expired. Make a new one on your account page"
TOKEN_REVOKED = "The API token has been revoked"
ACCOUNT_CLOSED = "The account this API token belongs to has been closed"


def api_token_hash(secret: str) -> str:
    # The secret is 256 random bits: a fast hash is enough, nothing is there to guess.
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `user`, valid for `days`. Returns the token and its secret, which is
    never stored and cannot be shown again."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name.strip(), prefix=prefix, key_hash=api_token_hash(secret),
                     expires_on=timezone.localdate() + timedelta(days=days))
    token.full_clean()
    token.save()
    return token, secret


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Stop a token working, at once and for good. Revoking twice changes nothing."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def api_token_check(secret: str) -> ApiToken:
    """The token behind `secret` if it opens the API now (it also notes when it was last used);
    otherwise `TokenRefused`, saying why."""
    if not secret.startswith(TOKEN_START):
        raise TokenRefused(TOKEN_NOT_VALID)
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=api_token_hash(secret)).first())
    if token is None:
        raise TokenRefused(TOKEN_NOT_VALID)
    if token.is_revoked:
        raise TokenRefused(TOKEN_REVOKED, token)
    if token.is_expired():
        raise TokenRefused(TOKEN_EXPIRED, token)
    if not token.user.is_active:
        raise TokenRefused(ACCOUNT_CLOSED, token)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_prefix_of(secret: str) -> str:
    """The visible part of what was sent, for the access log (never the secret itself)."""
    if not secret.startswith(TOKEN_START):
        return ""
    return secret[len(TOKEN_START):len(TOKEN_START) + PREFIX_LENGTH]


# -- Single sign-on (docs/single-sign-on.md) ------------------------------------------------------

class SignInRefused(Exception):
    """The provider's word does not sign anyone in here. The message is for the person; `log`
    is for the access log; `user` is the account concerned, when there is one."""

    def __init__(self, message: str, *, log: str, user: User | None = None):
        super().__init__(message)
        self.log = log
        self.user = user


NOT_VOUCHED = ("{provider} did not confirm your email address, so it cannot be used to find "
               "your account here. Sign in with your email address and password instead, or ask "
               "your organisation's IT service desk to confirm your address.")
OUTSIDE_DOMAINS = ("{provider} can only be used for {domains} addresses, and your account there "
                   "has the address {email}. Sign in with your email address and password.")
NO_ACCOUNT = ("There is no account for {email} on this service. Accounts are made by your "
              "partnership's business unit: ask them to invite you with this address.")
ACCOUNT_CLOSED = ("The account for {email} has been closed. Contact your partnership's "
                  "business unit.")


def single_sign_on_person(*, provider: IdentityProvider, claims: dict) -> User:
    """The account a checked ID token signs in to: found by an address the provider vouches for,
    in one of its domains, already invited and not closed. Never makes an account or gives a
    role; otherwise `SignInRefused`, saying why."""
    email = rules.verified_email(provider.kind, claims)
    if email is None:
        raise SignInRefused(NOT_VOUCHED.format(provider=provider),
                            log=f"{provider}: no verified email address ({claims.get('sub')})")
    if not provider.vouches_for(email):
        raise SignInRefused(
            OUTSIDE_DOMAINS.format(provider=provider, email=email,
                                   domains=" or ".join(provider.domains)),
            log=f"{provider}: {email} is outside its domains")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise SignInRefused(NO_ACCOUNT.format(email=email),
                            log=f"{provider}: no account for {email}")
    if not user.is_active:
        raise SignInRefused(ACCOUNT_CLOSED.format(email=email), user=user,
                            log=f"{provider}: the account is closed")
    return user


def single_sign_on_second_factor(*, user: User, provider: IdentityProvider,
                                 claims: dict) -> ProviderDevice | None:
    """What stands in for this service's own code: the provider's multi-factor sign-in, when the
    operators accept it from this provider and its ID token says the person used it (`amr`).
    None when the person must still enter a code (or set up an authenticator app). Operators
    (staff) always enter their own code: an organisation's IT must not open the operators' pages."""
    if user.is_staff or not (provider.trust_mfa and rules.used_mfa(claims)):
        return None
    device, _ = ProviderDevice.objects.get_or_create(
        user=user, provider=provider, defaults={"name": f"Multi-factor sign-in at {provider}"})
    return device
