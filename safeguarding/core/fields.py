"""Form fields in the GOV.UK pattern, with messages that say what to do; and the model field
that keeps children's identifying details encrypted at rest (`EncryptedTextField`)."""

from __future__ import annotations

import base64
import re
from datetime import time
from functools import lru_cache

from crispy_forms_gds.fields import DateInputField
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class DateField(DateInputField):
    """Day, month and year boxes (the GOV.UK date input)."""

    def __init__(self, *, label: str, what: str, required=True, **kwargs):
        super().__init__(label=label, required=required, require_all_fields=False, **kwargs)
        message = f"Enter {what}"
        self.error_messages.update({"required": message, "incomplete": message,
                                    "invalid": f"{message} as a real date"})

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"]) from None


class TimeField(forms.CharField):
    """A time typed as 14:30 (GOV.UK has no time component; the hint shows the format)."""

    def __init__(self, *, label: str, what: str, **kwargs):
        kwargs.setdefault("help_text", "For example, 14:30")
        super().__init__(label=label, max_length=5,
                         widget=forms.TextInput(attrs={"class": "govuk-input--width-5",
                                                       "inputmode": "numeric"}),
                         error_messages={"required": f"Enter {what}"}, **kwargs)
        self.what = what

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        match = TIME_PATTERN.match(value)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValidationError(f"Enter {self.what} as hours and minutes, like 14:30")
        return time(int(match.group(1)), int(match.group(2)))


# -- encrypted at rest ----------------------------------------------------------------------------


class KeyMissing(Exception):
    """A stored value none of `FIELD_ENCRYPTION_KEYS` opens: the key it was written with has
    been removed before `manage.py rotate_field_key` re-encrypted it."""


def key_from_secret(secret: str) -> str:
    """A Fernet key derived from SECRET_KEY (HKDF-SHA256): development and tests only; a live
    service sets its own keys (production.py refuses to start without)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"safeguarding field encryption").derive(secret.encode())
    return base64.urlsafe_b64encode(raw).decode()


def field_keys() -> tuple[str, ...]:
    """The keys in use: the first encrypts, all of them decrypt."""
    return tuple(settings.FIELD_ENCRYPTION_KEYS) or (key_from_secret(settings.SECRET_KEY),)


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(text: str) -> str:
    return _fernet(field_keys()).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(field_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise KeyMissing("A value cannot be decrypted with any of FIELD_ENCRYPTION_KEYS: put back "
                         "the key it was written with") from None


def reencrypt(token: str) -> str:
    """The same value, encrypted again with the first key (it keeps its original timestamp)."""
    try:
        return _fernet(field_keys()).rotate(token.encode()).decode()
    except InvalidToken:
        raise KeyMissing("A value cannot be decrypted with any of FIELD_ENCRYPTION_KEYS") from None


def is_under_first_key(token: str) -> bool:
    try:
        Fernet(field_keys()[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database (Fernet: AES-128-CBC with an HMAC-SHA256, a fresh IV
    each time) and read back as plain text. Every save writes a different ciphertext, so the
    database cannot compare values: only `isnull` lookups are allowed, and the text is searched
    in Python (as the redaction check does). An exact-match search would need a keyed hash
    column beside it (a "blind index"); none is needed today. An empty value is stored empty.

    Serialised (fixtures, `dumpdata`) it is plain text: `manage.py backup` encrypts it again in
    the file. Keys: `FIELD_ENCRYPTION_KEYS`; see docs/security.md for rotation."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None  # Django then says "Unsupported lookup ... for EncryptedTextField"
        return super().get_lookup(lookup_name)


def encrypted_fields():
    """Every (model, field) kept encrypted, across the installed apps."""
    from django.apps import apps

    return [(model, field) for model in apps.get_models() for field in model._meta.local_fields
            if isinstance(field, EncryptedTextField)]
