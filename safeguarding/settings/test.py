"""The test suite: fast hashing, mail kept in memory, tasks run at once."""

from safeguarding.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DEMO_MODE = False
AXES_ENABLED = True

# A minimal case type, only in tests, to prove the shared mechanisms on a real table.
INSTALLED_APPS = [*INSTALLED_APPS, "safeguarding.testing.casework"]  # noqa: F405
ROOT_URLCONF = "safeguarding.testing.urls"

# Static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The API's rate limits have their own tests (accounts/tests/test_api_rate_limits.py); elsewhere
# they would only get in the way of the schema test's many calls with one token.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {  # noqa: F405
    "api_token": "100000/minute", "api_agency": "100000/minute", "api_address": "100000/minute"}}
