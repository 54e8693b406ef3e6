"""Writes for accounts: grants and two-factor devices."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts.models import RoleGrant, User

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
