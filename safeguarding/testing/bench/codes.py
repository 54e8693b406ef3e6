"""Two-factor codes for the bench accounts, as their authenticator app would show them. Used by
the Locust users and the query count; imports nothing of Django's (Locust runs without it)."""

import hashlib
import hmac
import struct
import time


def totp(key_hex: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 (SHA-1, 30-second steps, six digits), as django-otp's TOTP device checks it."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10 ** digits:0{digits}d}"
